"""Where things live. Runtime state goes under var/ and nowhere else."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FACTS = DATA / "facts"
LOCALES = ROOT / "locales"
DIRECTORY_FILE = Path(os.environ.get("BOT_DIRECTORY_FILE", ROOT / "referral_directory.yaml"))
VAR = Path(os.environ.get("BOT_VAR_DIR", ROOT / "var"))


def var_path(*parts: str) -> Path:
    """A path under var/, creating its folder on first use."""
    path = VAR.joinpath(*parts)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path
