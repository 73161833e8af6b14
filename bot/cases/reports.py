"""Anonymous safe reports: what is stored for a case, under a code the person holds alone.

A report holds the case code, region, language, sector, indicators, risk level, needs, the person's
own summary if they chose to write one (scrubbed), the matched contact and the week it was made
(its Monday). No conversation id, no channel, no day or time: a time could be matched against the
conversation log to link the code back to a conversation. Partners' answers are stored under the
code, scrubbed, with their week too, and read back by whoever holds the code. Reports and answers
older than BOT_CASE_RETENTION_DAYS are deleted by `python -m bot prune` (bot/privacy/retention.py).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable

import sqlite_utils

from bot.cases import case_codes
from bot.config import var_path
from bot.privacy import scrubber
from bot.privacy.files import private_file

TABLE = "reports"
REPLIES = "replies"


def week_of(day: dt.date) -> str:
    """The Monday of a day's ISO week: the only date a case keeps."""
    return (day - dt.timedelta(days=day.weekday())).isoformat()


def database(path: str | None = None) -> sqlite_utils.Database:
    target = path or var_path("cases.db")
    private_file(target)
    db = sqlite_utils.Database(target)
    if TABLE not in db.table_names():
        db.table(TABLE).create(
            {"code": str, "region": str, "language": str, "sector": str, "indicators": str,
             "risk_level": str, "needs": str, "summary": str, "contact_id": str, "made_on": str,
             "delivered": str},
            pk="code",
        )
    elif "summary" not in db.table(TABLE).columns_dict:  # a cases.db made before summaries existed
        db.table(TABLE).add_column("summary", str)
    if REPLIES not in db.table_names():
        db.table(REPLIES).create({"id": int, "code": str, "contact": str, "text": str, "made_on": str}, pk="id",
                           foreign_keys=[("code", TABLE, "code")])
    return db


def make_report(region: str, lang: str, sector: str, indicators: Iterable[str], risk_level: str,
                contact_id: str, db: sqlite_utils.Database | None = None,
                today: dt.date | None = None, needs: Iterable[str] = (), summary: str = "") -> str:
    """Store a report and return its new case code."""
    db = db or database()
    code = case_codes.new_code()
    db.table(TABLE).insert({
        "code": code,
        "region": region,
        "language": lang,
        "sector": sector,
        "indicators": json.dumps(sorted(set(indicators))),
        "risk_level": risk_level,
        "needs": json.dumps(sorted(set(needs))),
        "summary": _scrubbed(summary),
        "contact_id": contact_id,
        "made_on": week_of(today or dt.date.today()),
        "delivered": "",
    })
    return code


def _scrubbed(text: str) -> str:
    return scrubber.scrub(text) if text else ""


def find(code: str, db: sqlite_utils.Database | None = None) -> dict | None:
    if not case_codes.is_valid(code):
        return None
    db = db or database()
    rows = list(db.table(TABLE).rows_where("code = ?", [case_codes.display(code)]))
    return rows[0] if rows else None


def add_reply(code: str, contact: str, text: str, db: sqlite_utils.Database | None = None,
              today: dt.date | None = None) -> None:
    """A partner's answer to a case, scrubbed like everything else that is stored."""

    db = db or database()
    if not find(code, db):
        raise KeyError(f"no case {code}")
    db.table(REPLIES).insert({"code": case_codes.display(code), "contact": contact, "text": scrubber.scrub(text),
                        "made_on": week_of(today or dt.date.today())})


def replies(code: str, db: sqlite_utils.Database | None = None) -> list[dict]:
    db = db or database()
    return list(db.table(REPLIES).rows_where("code = ?", [case_codes.display(code)], order_by="id"))


def mark_delivered(code: str, how: str, db: sqlite_utils.Database | None = None) -> None:
    (db or database()).table(TABLE).update(case_codes.display(code), {"delivered": how})


def undelivered(db: sqlite_utils.Database | None = None) -> list[dict]:
    """Reports whose delivery is still waiting (or failed): the queue bot/cases/delivery.py works off."""
    db = db or database()
    return list(db.table(TABLE).rows_where("delivered = '' AND contact_id != ''", order_by="rowid"))
