"""The trained model: retrain only when what it learns from changed (a content hash)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from bot.config import ROOT

# Build output of this checkout, shared by every instance (BOT_VAR_DIR may point elsewhere).
MODELS = ROOT / "var" / "models"

TRAINING_INPUTS = ("data/nlu", "data/rules.yml", "data/stories", "domain.yml", "config.yml")
# Code that shapes what the model learns: the variants added to each example at training time.
TRAINING_CODE = ("bot/language/variants.py", "bot/rasa_plugins/augment.py")


def training_files() -> list[Path]:
    files = []
    for name in (*TRAINING_INPUTS, *TRAINING_CODE):
        path = ROOT / name
        files += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    return files


def content_hash() -> str:
    digest = hashlib.sha256()
    for path in training_files():
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def model_path() -> Path:
    MODELS.mkdir(parents=True, exist_ok=True)
    return MODELS / f"{content_hash()}.tar.gz"


def ensure(environment: dict[str, str], force: bool = False) -> Path:
    """The model for the current training data, trained first if there is none yet."""
    target = model_path()
    if target.exists() and not force:
        return target
    command = [
        sys.executable, "-m", "rasa", "train",
        "--data", *[str(ROOT / n) for n in TRAINING_INPUTS[:3]],
        "--domain", str(ROOT / "domain.yml"), "--config", str(ROOT / "config.yml"),
        "--out", str(target.parent), "--fixed-model-name", target.name.removesuffix(".tar.gz"),
    ]
    subprocess.run(command, check=True, cwd=ROOT, env=environment)
    return target
