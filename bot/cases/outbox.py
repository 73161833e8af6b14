"""The queue of reports waiting to leave for partners: a table in cases.db, beside the reports.

Kept on disk so that a restart, or a crash, loses no report waiting to be delivered; any process
that opens cases.db (after a restart, or another action server on the same volume) delivers what is
due. A row holds the case code, when it is due, how many times it failed and until when a process
holds it (its lease): nothing about the person, nothing the case does not already hold, and it is
deleted as soon as the report has left (or with its case, by prune).

Claiming is one UPDATE under SQLite's write lock: of two processes polling at once, one gets a row.
A report is delivered once, unless a process dies between sending it and recording it; its lease
then runs out and the report is sent again (at least once, never lost).
"""

from __future__ import annotations

import secrets
import sqlite3
import time
from pathlib import Path

from bot import config
from bot.privacy.files import private_file

TABLE = "outbox"
# A process holds a claimed report this long: longer than any delivery's own time limit (SMTP and
# webhooks 20 s), so only a process that died loses it to another.
LEASE = 600.0
# After a failure, the next try waits 1, 2, 4 ... minutes, at most an hour, plus up to a fifth
# more at random (partners' servers coming back are not hit by every waiting report at once).
FIRST_RETRY, LAST_RETRY = 60.0, 3600.0
SCHEMA = (f"CREATE TABLE IF NOT EXISTS {TABLE} (code TEXT PRIMARY KEY, due REAL NOT NULL, "
          "attempts INTEGER NOT NULL DEFAULT 0, lease REAL NOT NULL DEFAULT 0) WITHOUT ROWID")


def connect(path: str | Path | None = None) -> sqlite3.Connection:
    """cases.db in autocommit mode, waiting for another process's write lock rather than failing."""
    target = Path(path or config.var_path("cases.db"))
    private_file(target)
    # Used by one task at a time, from the worker threads that keep its waits off the event loop.
    connection = sqlite3.connect(target, timeout=30, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA secure_delete = ON")  # a delivered row is overwritten, not left in a free page
    return connection


def ensure(connection: sqlite3.Connection) -> None:
    """The queue's table; reports an older version left undelivered join it, due now."""
    exists = connection.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (TABLE,)).fetchone()
    connection.execute(SCHEMA)
    has_reports = connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'reports'").fetchone()
    if not exists and has_reports:
        connection.execute(f"INSERT OR IGNORE INTO {TABLE} (code, due) SELECT code, ? FROM reports "
                           "WHERE delivered = '' AND contact_id != ''", (time.time(),))


def delay() -> float:
    """A random wait before a queued report leaves: 0 to BOT_DELIVERY_DELAY seconds."""
    most = max(0.0, config.get().delivery_delay)
    return most * secrets.randbelow(1_000_001) / 1_000_000


def add(connection: sqlite3.Connection, code: str, due: float) -> None:
    connection.execute(f"INSERT OR IGNORE INTO {TABLE} (code, due) VALUES (?, ?)", (code, due))


def claim_due(connection: sqlite3.Connection, now: float | None = None) -> str | None:
    """Take one due report for this process (its lease starts); None when none is due or free."""
    now = time.time() if now is None else now
    row = connection.execute(
        f"UPDATE {TABLE} SET lease = ? WHERE code = (SELECT code FROM {TABLE} WHERE due <= ? AND lease <= ? "
        "ORDER BY due LIMIT 1) AND lease <= ? RETURNING code", (now + LEASE, now, now, now)).fetchone()
    return row[0] if row else None


def claim(connection: sqlite3.Connection, code: str, now: float | None = None) -> bool:
    """Take one report now, due or not (a live chat needs it at once); False if it is not waiting
    or another process holds it."""
    now = time.time() if now is None else now
    return connection.execute(f"UPDATE {TABLE} SET lease = ? WHERE code = ? AND lease <= ? RETURNING code",
                              (now + LEASE, code, now)).fetchone() is not None


def waiting(connection: sqlite3.Connection, code: str) -> bool:
    return connection.execute(f"SELECT 1 FROM {TABLE} WHERE code = ?", (code,)).fetchone() is not None


def delivered(connection: sqlite3.Connection, code: str, how: str) -> None:
    """The report left: recorded on the case and taken off the queue, both or neither."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        connection.execute("UPDATE reports SET delivered = ? WHERE code = ?", (how, code))
        connection.execute(f"DELETE FROM {TABLE} WHERE code = ?", (code,))
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def forget(connection: sqlite3.Connection, code: str) -> None:
    connection.execute(f"DELETE FROM {TABLE} WHERE code = ?", (code,))


def backoff(attempts: int) -> float:
    """Seconds before the next try after `attempts` failures."""
    wait = min(LAST_RETRY, FIRST_RETRY * 2 ** max(0, attempts - 1))
    return wait * (1 + secrets.randbelow(201) / 1000)


def failed(connection: sqlite3.Connection, code: str, now: float | None = None) -> None:
    """The report did not leave: it waits again, longer after each failure, and its lease ends."""
    now = time.time() if now is None else now
    row = connection.execute(f"SELECT attempts FROM {TABLE} WHERE code = ?", (code,)).fetchone()
    if row is None:
        return
    attempts = row[0] + 1
    connection.execute(f"UPDATE {TABLE} SET attempts = ?, due = ?, lease = 0 WHERE code = ?",
                       (attempts, now + backoff(attempts), code))
