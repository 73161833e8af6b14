"""Anonymous safe reports: what is stored for a case, under a code the person holds alone.

A report holds the case code, region, language, sector, indicators, risk level, needs, the person's
own summary if they chose to write one (scrubbed), the matched contact and the week from which
prune may delete it. No conversation id, no channel, no day or week it was made, no order: a time,
or a place in a sequence, could be matched against the conversation log to link the code back to a
conversation. So the prune week is the made day plus BOT_CASE_RETENTION_DAYS plus a random 0 to 28
days, rounded to its Monday (one week in five could be the made one), and the table has no row
numbers (WITHOUT ROWID: rows are kept in the order of their random codes). Partners' answers are
stored under the code, scrubbed, and read back by whoever holds the code; they go with their report.
Reports waiting to leave for the partner are queued in the same file (bot/cases/outbox.py).
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import sqlite3
import time
from collections.abc import Iterable

import sqlite_utils

from bot import config
from bot.cases import case_codes, outbox
from bot.config import var_path
from bot.privacy import scrubber
from bot.privacy.files import private_file

TABLE = "reports"
REPLIES = "replies"
COLUMNS = ("code", "region", "language", "sector", "indicators", "risk_level", "needs", "summary", "contact_id",
           "prune_after", "delivered")
# Up to four weeks more than the retention: the prune week then points to one of five made weeks.
PRUNE_JITTER_DAYS = 28


def week_of(day: dt.date) -> str:
    """The Monday of a day's ISO week."""
    return (day - dt.timedelta(days=day.weekday())).isoformat()


def prune_after(made: dt.date, retention_days: int | None = None) -> str:
    """The week from which prune deletes a report made on `made`: never before its retention is over."""
    days = config.get().case_retention_days if retention_days is None else retention_days
    last_kept = made + dt.timedelta(days=days + secrets.randbelow(PRUNE_JITTER_DAYS + 1))
    return week_of(last_kept + dt.timedelta(days=7))  # the Monday after: later than the retention


def _create(connection: sqlite3.Connection) -> None:
    connection.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (code TEXT PRIMARY KEY, region TEXT, language TEXT, "
                       "sector TEXT, indicators TEXT, risk_level TEXT, needs TEXT, summary TEXT DEFAULT '', "
                       "contact_id TEXT, prune_after TEXT, delivered TEXT DEFAULT '') WITHOUT ROWID")
    connection.execute(f"CREATE TABLE IF NOT EXISTS {REPLIES} (id INTEGER PRIMARY KEY, code TEXT REFERENCES "
                       f"{TABLE}(code), contact TEXT, text TEXT)")


def _migrate(connection: sqlite3.Connection) -> None:
    """A cases.db an older version made (row numbers in the order reports were made, the made week):
    rebuilt without either, each report given its prune week from its made week."""
    columns = {row[1] for row in connection.execute(f"PRAGMA table_info({TABLE})")}
    if "made_on" not in columns:
        return
    rows = connection.execute(f"SELECT * FROM {TABLE} ORDER BY code").fetchall()
    names = [d[0] for d in connection.execute(f"SELECT * FROM {TABLE} LIMIT 0").description]
    replies = []
    if connection.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (REPLIES,)).fetchone():
        cursor = connection.execute(f"SELECT * FROM {REPLIES} ORDER BY rowid")
        reply_names = [d[0] for d in cursor.description]
        replies = [(r.get("code"), r.get("contact") or "", r.get("text") or "")
                   for r in (dict(zip(reply_names, row)) for row in cursor.fetchall())]
    connection.execute("BEGIN IMMEDIATE")
    connection.execute(f"DROP TABLE IF EXISTS {REPLIES}")
    connection.execute(f"DROP TABLE {TABLE}")
    _create(connection)
    for row in rows:
        old = dict(zip(names, row))
        made = dt.date.fromisoformat(old.get("made_on") or dt.date.today().isoformat())
        connection.execute(f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                           [prune_after(made) if c == "prune_after" else old.get(c) or "" for c in COLUMNS])
    connection.executemany(f"INSERT INTO {REPLIES} (code, contact, text) VALUES (?, ?, ?)", replies)
    connection.execute("COMMIT")
    connection.execute("VACUUM")  # the old pages, with their order and weeks, are not left in the file


def database(path: str | None = None) -> sqlite_utils.Database:
    target = path or var_path("cases.db")
    private_file(target)
    connection = outbox.connect(target)
    try:
        _create(connection)
        _migrate(connection)
        outbox.ensure(connection)
    finally:
        connection.close()
    return sqlite_utils.Database(target)


def make_report(region: str, lang: str, sector: str, indicators: Iterable[str], risk_level: str,
                contact_id: str, db: sqlite_utils.Database | None = None,
                today: dt.date | None = None, needs: Iterable[str] = (), summary: str = "") -> str:
    """Store a report and return its new case code; one with a contact is queued for delivery, due
    after outbox.delay(), in the same transaction (a crash cannot keep one without the other)."""
    db = db or database()
    code = case_codes.new_code()
    row = {
        "code": code,
        "region": region,
        "language": lang,
        "sector": sector,
        "indicators": json.dumps(sorted(set(indicators))),
        "risk_level": risk_level,
        "needs": json.dumps(sorted(set(needs))),
        "summary": _scrubbed(summary),
        "contact_id": contact_id,
        "prune_after": prune_after(today or dt.date.today()),
        "delivered": "",
    }
    with db.conn:
        db.execute(f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                   [row[c] for c in COLUMNS])
        if contact_id:
            db.execute(f"INSERT OR IGNORE INTO {outbox.TABLE} (code, due) VALUES (?, ?)",
                       (code, time.time() + outbox.delay()))
    return code


def _scrubbed(text: str) -> str:
    return scrubber.scrub(text) if text else ""


def find(code: str, db: sqlite_utils.Database | None = None) -> dict | None:
    if not case_codes.is_valid(code):
        return None
    db = db or database()
    rows = list(db.table(TABLE).rows_where("code = ?", [case_codes.display(code)]))
    return rows[0] if rows else None


def add_reply(code: str, contact: str, text: str, db: sqlite_utils.Database | None = None) -> None:
    """A partner's answer to a case, scrubbed like everything else that is stored; no date: it goes
    with its report."""
    db = db or database()
    if not find(code, db):
        raise KeyError(f"no case {code}")
    with db.conn:
        db.execute(f"INSERT INTO {REPLIES} (code, contact, text) VALUES (?, ?, ?)",
                   (case_codes.display(code), contact, scrubber.scrub(text)))


def replies(code: str, db: sqlite_utils.Database | None = None) -> list[dict]:
    db = db or database()
    return list(db.table(REPLIES).rows_where("code = ?", [case_codes.display(code)], order_by="id"))
