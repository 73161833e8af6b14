"""Stock Rasa on this machine, the yardstick for our benches: `rasa init --no-prompt`'s assistant.

Trained once into var/bench/stock/ (its model and how long training took are kept there) and served
with the project's own defaults: in-memory tracker store, no action server.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bot.config import ROOT

STOCK_DIR = ROOT / "var" / "bench" / "stock"
TRAINING_TIME = STOCK_DIR / "training_seconds"


def trained_model() -> Path | None:
    found = sorted((STOCK_DIR / "models").glob("*.tar.gz"))
    return found[-1] if found else None


def ensure_model(env: dict[str, str], force: bool = False) -> tuple[Path, float]:
    """The stock model and its training time in seconds, training it first when missing or forced."""
    model = trained_model()
    if model and not force and TRAINING_TIME.exists():
        return model, float(TRAINING_TIME.read_text())
    shutil.rmtree(STOCK_DIR, ignore_errors=True)
    STOCK_DIR.mkdir(parents=True)
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(STOCK_DIR)],
                   cwd=STOCK_DIR, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.monotonic() - started
    TRAINING_TIME.write_text(f"{seconds:.1f}")
    model = trained_model()
    if model is None:
        raise SystemExit(f"rasa init trained no model in {STOCK_DIR}")
    return model, seconds


def command(model: Path, port: int) -> list[str]:
    return [sys.executable, "-m", "rasa", "run", "--model", str(model), "--interface", "127.0.0.1",
            "--port", str(port), "--endpoints", str(STOCK_DIR / "endpoints.yml"),
            "--credentials", str(STOCK_DIR / "credentials.yml")]


def start(model: Path, port: int, env: dict[str, str], output: Any = subprocess.DEVNULL) -> subprocess.Popen:
    return subprocess.Popen(command(model, port), cwd=STOCK_DIR, env=env, start_new_session=True,
                            stdout=output, stderr=output)


def wait_until_ready(port: int, timeout: float = 300) -> bool:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/webhooks/rest/", timeout=2).read()
            return True
        except OSError:
            time.sleep(0.5)
    return False
