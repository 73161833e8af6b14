"""Anonymous visit summaries: what each visit to the assistant showed, without who made it.

A visit is a Rasa session: from `action_session_start` until an hour of silence. Its summary holds
the ISO week it began, the campaign, language, region and sector, the topics asked about, the
indicators first noticed in it, the risk level at its end, and whether contacts were offered or a
report made. Nothing else: no conversation id, no time finer than the week, no text.

`python -m bot prune` rolls up the visits that begin before the retention limit into var/stats.db
(table `visits`) in the same transaction that deletes their events, so statistics outlive the
conversations while each visit is counted exactly once: a visit is counted by whoever holds its
start (the tracker store while it is kept, stats.db after), and the tail of a visit that straddles
the limit is never counted twice. A conversation deleted on request ("delete my data") before then
is in no statistic.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bot import config, vocabulary
from bot.config import var_path
from bot.outreach import campaigns
from bot.privacy.files import private_file
from bot.referral import directory, matching

REFERRALS = {"offer_contacts": "contacts_offered", "make_report": "report_made"}  # action roles -> what they count
TABLE = "visits"
COLUMNS = {"week": "TEXT", "campaign": "TEXT", "language": "TEXT", "region": "TEXT", "sector": "TEXT",
           "topics": "TEXT", "indicators": "TEXT", "risk_level": "TEXT", "contacts_offered": "INTEGER",
           "report_made": "INTEGER", "first_visit": "INTEGER"}


@dataclass
class Visit:
    week: str
    campaign: str = ""
    language: str = ""
    region: str = ""  # as the person typed it while in the tracker; only its ISO code in stats.db
    sector: str = ""
    topics: list[str] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)  # first noticed in this visit
    risk_level: str = "none"
    contacts_offered: bool = False
    report_made: bool = False
    first_visit: bool = True


def is_topic(intent: str | None) -> bool:
    """Questions and reports people bring (ask_*, report_*) and emergencies; not greetings or buttons."""
    return bool(intent) and (intent.startswith(("ask_", "report_")) or intent == "emergency")


def week_of(timestamp: float) -> str:
    year, week, _ = dt.datetime.fromtimestamp(timestamp, dt.timezone.utc).isocalendar()
    return f"{year}-W{week:02d}"


def _summarise(events: list[dict], start: float) -> Visit:
    """One visit from its events (as stored: the event JSON)."""
    visit = Visit(week=week_of(start))
    slots: dict = {}
    carried: list[str] | None = None  # indicators carried over from an earlier visit
    referrals = {vocabulary.action(role): counted for role, counted in REFERRALS.items()}
    for event in events:
        kind = event.get("event")
        if kind == "slot":
            slots[event.get("name")] = event.get("value")
        elif kind == "user":
            if carried is None:
                carried = list(slots.get("indicators") or [])
                # A returning person's visit begins with the slots Rasa carries over.
                visit.first_visit = not any(value not in (None, [], "") for name, value in slots.items()
                                            if not str(name).startswith("session_started"))
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if is_topic(intent) and intent not in visit.topics:
                visit.topics.append(intent)
        elif kind == "action" and event.get("name") in referrals:
            setattr(visit, referrals[event["name"]], True)
    carried = carried or []
    visit.indicators = sorted(i for i in (slots.get("indicators") or []) if i not in carried)
    for name in ("campaign", "language", "region", "sector", "risk_level"):
        value = slots.get(name)
        if isinstance(value, str) and value:
            setattr(visit, name, value)
    return visit


UNKNOWN_REGION = "unknown"


def iso_region(typed: str, contacts: list[dict] | None = None) -> str:
    """The ISO 3166-2 code of a region as a person typed it, from the directory's names for it;
    "unknown" when no entry names it. What a person typed (it can hold a name or an address) never
    goes further than the tracker store."""
    if typed and campaigns.REGION.match(typed):
        return typed
    for contact in contacts if contacts is not None else directory.contacts():
        if typed and matching.known_region(typed, [contact]):
            iso = next((r for r in contact["regions"] if campaigns.REGION.match(r)), None)
            if iso:
                return iso
    return UNKNOWN_REGION


def _event(data: str | None) -> dict:
    """A stored event, or {} for a row that is not one: statistics never stop pruning."""
    try:
        event = json.loads(data or "")
    except ValueError:
        return {}
    return event if isinstance(event, dict) else {}


def _split(rows: Iterable[tuple[str, float, str]]) -> Iterator[tuple[float, list[dict]]]:
    """(start, events) per visit from (conversation, timestamp, event JSON) rows in stored order.
    Events before a conversation's first kept session start (a pruned visit's tail) are dropped."""
    current: list[dict] | None = None
    start = 0.0
    sender = None
    for conversation, timestamp, data in rows:
        event = _event(data)
        if conversation != sender:
            if current is not None:
                yield start, current
            sender, current = conversation, None
        if event.get("event") == "action" and event.get("name") == vocabulary.action("session_start"):
            if current is not None:
                yield start, current
            current, start = [], timestamp
        elif current is not None:
            current.append(event)
    if current is not None:
        yield start, current


QUERY = "SELECT sender_id, timestamp, data FROM events ORDER BY sender_id, id"


def from_tracker(db: sqlite3.Connection, started_before: float | None = None) -> list[Visit]:
    """The visits whose start the tracker store holds (only those begun before a moment, if given).
    The conversation id is read to tell visits apart and goes no further."""
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "events" not in tables:
        return []
    return from_rows(db.execute(QUERY), started_before)


def postgres_tracker() -> Any:
    """A connection to the scale-out profile's PostgreSQL tracker store (BOT_DB_* settings)."""
    import psycopg2  # the scale-out profile's driver: only when its tracker store is read

    settings = config.get()
    return psycopg2.connect(host=settings.db_host, port=settings.db_port, dbname=settings.db_name,
                            user=settings.db_user, password=settings.db_password or None)


def from_postgres() -> list[Visit]:
    """The visits whose start the PostgreSQL tracker store holds, read in one read-only transaction."""
    connection = postgres_tracker()
    try:
        connection.set_session(readonly=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('events')")
            if cursor.fetchone()[0] is None:
                return []
            cursor.execute(QUERY)
            return from_rows(cursor.fetchall())
    finally:
        connection.close()


def from_rows(rows: Iterable[tuple[str, float, str]], started_before: float | None = None) -> list[Visit]:
    """The visits in (conversation, timestamp, event JSON) rows in stored order (any engine)."""
    return [_summarise(events, start) for start, events in _split(rows)
            if started_before is None or start < started_before]


def stats_db() -> Path:
    return var_path("stats.db")


def _create(db: sqlite3.Connection, schema: str = "main") -> None:
    columns = ", ".join(f"{name} {kind}" for name, kind in COLUMNS.items())
    db.execute(f"CREATE TABLE IF NOT EXISTS {schema}.{TABLE} ({columns})")


def _row(visit: Visit, contacts: list[dict] | None = None) -> tuple:
    values = asdict(visit)
    values["region"] = iso_region(visit.region, contacts)
    return tuple(json.dumps(values[n]) if isinstance(values[n], list) else values[n] for n in COLUMNS)


def roll_up(tracker: sqlite3.Connection, cutoff: float, target: Path | None = None) -> int:
    """Copy the summaries of visits begun before cutoff into stats.db, inside the tracker
    connection's open transaction (the caller deletes the events and commits both at once)."""
    visits = from_tracker(tracker, started_before=cutoff)
    if not visits:
        return 0
    private_file(target or stats_db())
    tracker.execute("ATTACH DATABASE ? AS stats", (str(target or stats_db()),))
    _create(tracker, "stats")
    contacts = directory.contacts()
    marks = ", ".join("?" for _ in COLUMNS)
    tracker.executemany(f"INSERT INTO stats.{TABLE} ({', '.join(COLUMNS)}) VALUES ({marks})",
                        [_row(v, contacts) for v in visits])
    return len(visits)


def store(visits: list[Visit], target: Path | None = None) -> int:
    """Append visits to stats.db (regions as ISO codes) in one transaction: the roll-up of a tracker
    store that is not SQLite (PostgreSQL, the scale-out profile)."""
    if not visits:
        return 0
    path = target or stats_db()
    private_file(path)
    contacts = directory.contacts()
    with sqlite3.connect(path) as db:
        _create(db)
        marks = ", ".join("?" for _ in COLUMNS)
        db.executemany(f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES ({marks})", [_row(v, contacts) for v in visits])
    return len(visits)


def only_iso_regions(path: Path | None = None) -> int:
    """Rewrite rows of stats.db that an older version stored with the region as typed; how many."""
    path = path or stats_db()
    if not path.exists():
        return 0
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA secure_delete = ON")
        if not db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (TABLE,)).fetchone():
            return 0
        typed = {r for (r,) in db.execute(f"SELECT DISTINCT region FROM {TABLE}")
                 if r and r != UNKNOWN_REGION and not campaigns.REGION.match(r)}
        contacts = directory.contacts()
        for region in typed:
            db.execute(f"UPDATE {TABLE} SET region = ? WHERE region = ?", (iso_region(region, contacts), region))
    return len(typed)  # secure_delete: the overwritten values are not left in free space


def rolled_up(path: Path | None = None) -> list[Visit]:
    """The visits kept in stats.db after their conversations were pruned."""
    path = path or stats_db()
    if not path.exists():
        return []
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (TABLE,)).fetchone():
            return []
        rows = db.execute(f"SELECT {', '.join(COLUMNS)} FROM {TABLE}").fetchall()
    visits = []
    for row in rows:
        values = dict(zip(COLUMNS, row))
        for name in ("topics", "indicators"):
            values[name] = json.loads(values[name] or "[]")
        for name in ("contacts_offered", "report_made", "first_visit"):
            values[name] = bool(values[name])
        visits.append(Visit(**{name: "" if value is None else value for name, value in values.items()}))
    return visits
