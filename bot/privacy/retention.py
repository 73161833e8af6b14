"""Retention: delete conversation events older than the limit (python -m bot prune)."""

from __future__ import annotations

import re
import sqlite3
import time
from pathlib import Path

from bot.stats import visits

DURATION = re.compile(r"^(\d+)([dhm])$")
SECONDS = {"d": 86400, "h": 3600, "m": 60}


def parse_duration(text: str) -> int:
    """ "30d" -> seconds; also h (hours) and m (minutes)."""
    match = DURATION.match(text.strip())
    if not match:
        raise ValueError(f"'{text}' is not a duration like 30d, 12h or 90m")
    return int(match.group(1)) * SECONDS[match.group(2)]


def prune(tracker_db: Path, older_than_seconds: int, now: float | None = None) -> int:
    """Delete tracker events older than the limit; the number deleted. Deleted rows are overwritten
    (secure_delete) so they cannot be read back from the file's free pages."""
    if not Path(tracker_db).exists():
        return 0
    cutoff = (now if now is not None else time.time()) - older_than_seconds
    with sqlite3.connect(tracker_db) as db:
        db.execute("PRAGMA secure_delete = ON")
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "events" not in tables:
            return 0
        # Statistics outlive the events: anonymous visit summaries go to var/stats.db in the same
        # transaction as the delete (bot/visits.py).
        visits.roll_up(db, cutoff)
        return db.execute("DELETE FROM events WHERE timestamp < ?", (cutoff,)).rowcount
