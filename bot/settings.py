"""Settings read from the environment, with the defaults an embedded single-machine run uses."""

import os
from pathlib import Path

from bot.paths import VAR


def retention_days() -> int:
    """How long conversation events are kept before `python -m bot prune` deletes them."""
    return int(os.environ.get("BOT_RETENTION_DAYS", "30"))


# Settings that count something, like fact values with units (see data/facts/).
UNITS = {"retention_days": "days"}


def tracker_db() -> Path:
    """The SQLite tracker store of the embedded default."""
    return Path(os.environ.get("BOT_TRACKER_DB") or VAR / "tracker.db")
