"""Retention: `python -m bot prune` deletes what is older than its limit, in every store and engine.

- conversation events (BOT_RETENTION_DAYS): the SQLite tracker.db, or the scale-out profile's
  PostgreSQL when BOT_DB_HOST is set; their visits are rolled up into stats.db first;
- reports, partners' answers and deliveries still queued in cases.db (BOT_CASE_RETENTION_DAYS, plus
  a random few weeks set per report);
- campaigns in campaigns.db (BOT_CAMPAIGN_RETENTION_DAYS);
- stats.db keeps ISO regions only: a region an older version kept as typed is rewritten.
SQLite deletes are overwritten in the file (secure_delete), not left in free pages.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from bot import config
from bot.cases import reports
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


def prune_postgres(older_than_seconds: int, now: float | None = None) -> int:
    """The same for the scale-out profile's PostgreSQL tracker store (BOT_DB_* settings).

    Its visits go to stats.db before the delete is committed: a failure between the two can count a
    visit twice, never lose one or keep an event past its time."""
    cutoff = (now if now is not None else time.time()) - older_than_seconds
    connection = visits.postgres_tracker()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('events')")
            if cursor.fetchone()[0] is None:
                return 0
            cursor.execute(visits.QUERY)
            old = visits.from_rows(cursor.fetchall(), started_before=cutoff)
            cursor.execute("DELETE FROM events WHERE timestamp < %s", (cutoff,))
            deleted = cursor.rowcount
        visits.store(old)
        connection.commit()
        return deleted
    finally:
        connection.close()


def _sqlite_delete(path: Path, statements: list[tuple[str, tuple]]) -> int:
    """Run deletes on a SQLite file (if it exists) with secure_delete; the rows the last one deleted."""
    if not path.exists():
        return 0
    deleted = 0
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA secure_delete = ON")
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        for sql, values in statements:
            table = re.search(r"FROM (\w+)", sql)
            if table and table.group(1) in tables:
                deleted = db.execute(sql, values).rowcount
    return deleted


def prune_cases(today: dt.date | None = None, path: Path | None = None) -> int:
    """Delete reports whose prune week has come (bot/cases/reports.py: their retention, plus a random
    few weeks, set when they were made), their answers and anything of theirs still queued for
    delivery; the number of reports deleted."""
    cutoff = (today or dt.date.today()).isoformat()
    target = path or config.var_dir() / "cases.db"
    if target.exists():
        reports.database(str(target)).conn.close()  # a cases.db an older version made is brought up to date
    return _sqlite_delete(target, [
        ("DELETE FROM replies WHERE code IN (SELECT code FROM reports WHERE prune_after <= ?)", (cutoff,)),
        ("DELETE FROM outbox WHERE code IN (SELECT code FROM reports WHERE prune_after <= ?)", (cutoff,)),
        ("DELETE FROM reports WHERE prune_after <= ?", (cutoff,)),
    ])


def prune_campaigns(older_than_days: int, today: dt.date | None = None, path: Path | None = None) -> int:
    cutoff = ((today or dt.date.today()) - dt.timedelta(days=older_than_days)).isoformat()
    return _sqlite_delete(path or config.var_dir() / "campaigns.db",
                          [("DELETE FROM campaigns WHERE created_on < ?", (cutoff,))])


@dataclass
class Pruned:
    events: int
    reports: int
    campaigns: int
    regions_rewritten: int

    def __str__(self) -> str:
        return (f"deleted {self.events} conversation events, {self.reports} reports, {self.campaigns} campaigns; "
                f"{self.regions_rewritten} typed regions in stats.db made ISO codes")


def prune_all(older_than_seconds: int | None = None, tracker_db: Path | None = None) -> Pruned:
    """Every store's retention at once (the daily prune and `python -m bot prune`)."""
    settings = config.get()
    seconds = older_than_seconds if older_than_seconds is not None else settings.retention_days * 86400
    events = prune_postgres(seconds) if settings.db_host else prune(tracker_db or config.tracker_db(), seconds)
    return Pruned(events, prune_cases(), prune_campaigns(settings.campaign_retention_days),
                  visits.only_iso_regions())
