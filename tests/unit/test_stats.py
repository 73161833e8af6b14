"""Anonymous statistics: visits summarised without ids, small cells hidden, counts that outlive pruning."""

import csv
import json
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from bot.outreach import campaigns
from bot.privacy import retention
from bot.stats import counts, export, visits
from tests.helpers.servers import ROOT, free_port

WEEK = 7 * 86400
NOW = 1_767_000_000.0  # Monday 29 December 2025: ISO week 2026-W01
CAMPAIGNS = {c.code: c for c in [campaigns.Campaign("BERRY24", "Berry farm, Kuopio", "agriculture", "FI-15", "2025-12-01"),
                                 campaigns.Campaign("SITE7", "Building site, Espoo", "construction", "FI-18", "2025-12-01")]}
SCHEMA = ("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, type_name VARCHAR(255) NOT NULL,"
          " timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT)")


def visit_events(start: float, campaign: str | None = None, language: str = "en", intents: tuple = ("ask_working_hours",),
                 indicators: tuple = (), risk: str = "none", actions: tuple = (), carried: dict | None = None) -> list[dict]:
    """The events Rasa stores for one visit, in its order and shape."""
    events = [{"event": "action", "name": "action_session_start", "timestamp": start},
              {"event": "session_started", "timestamp": start}]
    events += [{"event": "slot", "name": name, "value": value, "timestamp": start} for name, value in (carried or {}).items()]
    events.append({"event": "action", "name": "action_listen", "timestamp": start})
    t = start
    for intent in intents:
        t += 5
        events.append({"event": "user", "text": "some words", "timestamp": t,
                       "parse_data": {"intent": {"name": intent, "confidence": 0.9}, "metadata": {}}})
        slots = {"language": language, "risk_level": risk}
        if campaign:
            slots["campaign"] = campaign
        if indicators:
            slots["indicators"] = list(indicators)
        events += [{"event": "slot", "name": name, "value": value, "timestamp": t + 1} for name, value in slots.items()]
    events += [{"event": "action", "name": name, "timestamp": t + 2} for name in actions]
    return events


def write_tracker(path: Path, conversations: dict[str, list[dict]]) -> Path:
    with sqlite3.connect(path) as db:
        db.execute(SCHEMA)
        for sender, events in conversations.items():
            for event in events:
                db.execute("INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
                           "VALUES (?, ?, ?, ?, ?, ?)",
                           (sender, event["event"], event["timestamp"], (event.get("parse_data") or {}).get("intent", {}).get("name"),
                            event.get("name"), json.dumps(event)))
    return path


def sender(n: int) -> str:
    return f"conversation-id-{n:04d}-e3b0c44298fc1c14"


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def populated(tmp_path):
    """12 visits from BERRY24 in one week, 3 from SITE7, 6 with no campaign a week later; one person returns."""
    conversations = {}
    for n in range(12):
        conversations[sender(n)] = visit_events(NOW + n * 60, "BERRY24", intents=("report_documents_taken",),
                                                indicators=("retention_of_identity_documents",), risk="rights_concern",
                                                actions=("action_offer_contacts",) if n < 7 else ())
    for n in range(12, 15):
        conversations[sender(n)] = visit_events(NOW + n * 60, "SITE7", language="uk", intents=("ask_minimum_wage",))
    for n in range(15, 21):
        conversations[sender(n)] = visit_events(NOW + WEEK + n * 60, language="ar")
    # A returning person: a second visit hours later, carrying the slots of the first.
    conversations[sender(0)] += visit_events(NOW + 6 * 3600, "BERRY24", intents=("ask_working_hours",),
                                             indicators=("retention_of_identity_documents",), risk="rights_concern",
                                             carried={"campaign": "BERRY24", "indicators": ["retention_of_identity_documents"]})
    return write_tracker(tmp_path / "tracker.db", conversations)


def table(made: list[counts.Table], name: str) -> dict[tuple, int | None]:
    found = next(t for t in made if t.name == name)
    return {tuple(row[d] for d in found.dimensions): row["visits"] for row in found.rows}


def test_visits_join_the_campaign_with_what_the_conversation_showed(populated):
    with sqlite3.connect(populated) as db:
        found = visits.from_tracker(db)
    assert len(found) == 22
    first = [v for v in found if v.campaign == "BERRY24" and v.first_visit]
    assert len(first) == 12 and all(v.indicators == ["retention_of_identity_documents"] for v in first)
    assert all(v.topics == ["report_documents_taken"] and v.risk_level == "rights_concern" for v in first)
    assert sum(v.contacts_offered for v in first) == 7
    returning = [v for v in found if not v.first_visit]
    # The carried-over indicator was noticed in the first visit, not again in the second.
    assert len(returning) == 1 and returning[0].indicators == [] and returning[0].topics == ["ask_working_hours"]
    assert all(not hasattr(v, "sender_id") for v in found)


def test_small_cells_are_hidden_and_the_others_rounded_to_five(populated):
    made = counts.tables(counts.collect(populated, populated.parent / "none.db"), CAMPAIGNS, contacts=[])
    by_campaign = table(made, "visits_by_campaign")
    assert by_campaign == {("BERRY24", "Berry farm, Kuopio", "agriculture", "FI-15"): 15,  # 13 visits
                           ("SITE7", "Building site, Espoo", "construction", "FI-18"): None,  # 3
                           ("none", "none", "unknown", "unknown"): 5}  # 6
    assert table(made, "visits_by_language") == {("en",): 15, ("uk",): None, ("ar",): 5}
    assert table(made, "visits_by_referral") == {("contacts_offered",): 5}  # 7
    assert table(made, "visits_by_first_visit") == {("first",): 20, ("returning",): None}  # 21 and 1
    # Weeks 16 and 6 against campaigns 13, 3 and 6: 15 - 15 says no more than "<5" about SITE7.
    assert table(made, "visits_by_week") == {("2026-W01",): 15, ("2026-W02",): 5}
    assert table(made, "campaign_by_week")[("SITE7", "2026-W01")] is None
    cells = [v for t in made for v in table(made, t.name).values()]
    assert cells and all(v is None or (v >= counts.MIN_CELL and v % 5 == 0) for v in cells)


def test_protect_hides_every_count_below_five_and_rounds_the_rest():
    counted = {("a",): 4, ("b",): 5, ("c",): 1, ("d",): 9, ("e",): 7, ("f",): 0, ("g",): 23}
    assert counts.protect(counted) == {("a",): None, ("b",): 5, ("c",): None, ("d",): 10, ("e",): 5, ("f",): None,
                                     ("g",): 25}


def all_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_no_conversation_id_leaves_the_database(populated, tmp_path, monkeypatch):
    monkeypatch.setattr(campaigns, "all_campaigns", lambda db=None: list(CAMPAIGNS.values()))
    out = tmp_path / "stats"
    written = export.export(out, tracker_db=populated, stats_db=tmp_path / "counts.db")
    assert {p.suffix for p in written} == {".csv", ".png", ".db"}
    assert len([p for p in written if p.suffix == ".csv"]) == len(counts.TABLES)
    assert read_csv(out / "visits_by_campaign.csv")[0] == {"campaign": "BERRY24", "site": "Berry farm, Kuopio",
                                                            "sector": "agriculture", "region": "FI-15", "visits": "15"}
    assert {"language": "uk", "visits": "<5"} in read_csv(out / "visits_by_language.csv")
    exported = all_bytes(out)
    for n in range(21):
        assert sender(n).encode() not in exported and b"conversation-id" not in exported
    with sqlite3.connect(out / "aggregates.db") as db:
        hidden = db.execute("SELECT visits, suppressed FROM visits_by_language WHERE language = 'uk'").fetchone()
    assert hidden == (None, 1)


def test_statistics_outlive_pruning_and_count_each_visit_once(populated, tmp_path, monkeypatch):
    stats_db = tmp_path / "counts.db"
    monkeypatch.setattr(visits, "stats_db", lambda: stats_db)
    before = table(counts.tables(counts.collect(populated, stats_db), CAMPAIGNS, []), "campaign_by_week")
    # The limit falls between the returning person's two visits' events: the first week's visits go.
    deleted = retention.prune(populated, 0, now=NOW + 3 * 3600)
    assert deleted > 0
    with sqlite3.connect(populated) as db:
        assert db.execute("SELECT count(*) FROM events WHERE timestamp < ?", (NOW + 3 * 3600,)).fetchone() == (0,)
        kept = visits.from_tracker(db)
    assert len(kept) == 7  # the returning visit and the 6 of the next week
    assert len(visits.rolled_up(stats_db)) == 15
    after = table(counts.tables(counts.collect(populated, stats_db), CAMPAIGNS, []), "campaign_by_week")
    assert after == before
    # Pruning again counts nothing twice.
    retention.prune(populated, 0, now=NOW + 3 * 3600)
    assert len(visits.rolled_up(stats_db)) == 15
    with sqlite3.connect(stats_db) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(visits)")]
    assert "sender_id" not in columns and "timestamp" not in columns
    assert not any(sender(n).encode() in stats_db.read_bytes() for n in range(21))


def test_rows_that_are_not_events_never_stop_pruning(populated, tmp_path, monkeypatch):
    monkeypatch.setattr(visits, "stats_db", lambda: tmp_path / "counts.db")
    with sqlite3.connect(populated) as db:
        db.execute("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES ('x', 'user', ?, 'not json')", (NOW,))
        db.execute("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES ('y', 'user', ?, NULL)", (NOW,))
    assert retention.prune(populated, 0, now=NOW + 30 * 86400) > 0
    assert len(visits.rolled_up(tmp_path / "counts.db")) == 22


def test_a_conversation_erased_before_pruning_is_in_no_statistic(populated, tmp_path, monkeypatch):
    stats_db = tmp_path / "counts.db"
    monkeypatch.setattr(visits, "stats_db", lambda: stats_db)
    with sqlite3.connect(populated) as db:  # what "delete my data" does (bot/tracker_store.py)
        db.execute("DELETE FROM events WHERE sender_id IN (?, ?)", (sender(12), sender(13)))
    retention.prune(populated, 0, now=NOW + 30 * 86400)
    assert [v.campaign for v in visits.rolled_up(stats_db)].count("SITE7") == 1


def wait_for(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise AssertionError("datasette did not start")


def test_stats_serve_opens_the_aggregates_read_only_in_datasette(populated, tmp_path):
    var = populated.parent
    port = free_port()
    env = {"BOT_VAR_DIR": str(var), "BOT_TRACKER_DB": str(populated), "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    process = subprocess.Popen([sys.executable, "-m", "bot", "stats", "serve", "--port", str(port)], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_for(port)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/aggregates/visits_by_language.json?_shape=array", timeout=30) as answer:
            rows = json.loads(answer.read())
        assert {"language": "en", "visits": 15, "suppressed": 0} in [{k: r[k] for k in ("language", "visits", "suppressed")} for r in rows]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/aggregates.json", timeout=30) as answer:
            tables = {t["name"] for t in json.loads(answer.read())["tables"]}
        assert tables == {name for name, _ in counts.TABLES}  # the aggregates and nothing else
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_stats_keep_iso_regions_only_never_the_region_as_typed(populated, tmp_path, monkeypatch):
    stats_db = tmp_path / "counts.db"
    monkeypatch.setattr(visits, "stats_db", lambda: stats_db)
    with sqlite3.connect(populated) as db:
        db.execute("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES ('typed', 'action', ?, ?)",
                   (NOW, json.dumps({"event": "action", "name": "action_session_start"})))
        db.execute("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES ('typed', 'slot', ?, ?)",
                   (NOW, json.dumps({"event": "slot", "name": "region", "value": "Strada Ion Popescu 12, Berlin"})))
    retention.prune(populated, 0, now=NOW + 30 * 86400)
    regions = {v.region for v in visits.rolled_up(stats_db)}
    assert regions and all(r == "unknown" or re.match(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$", r) for r in regions), regions
    assert b"Popescu" not in stats_db.read_bytes()
    # A stats.db an older version wrote with a typed region is rewritten by the next prune.
    with sqlite3.connect(stats_db) as db:
        db.execute("UPDATE visits SET region = 'Berlin, near Ion Popescu' WHERE rowid = 1")
    assert visits.only_iso_regions(stats_db) == 1
    assert b"Popescu" not in stats_db.read_bytes()


def test_prune_covers_cases_and_campaigns(tmp_path, monkeypatch):
    import datetime as dt

    from bot.cases import reports

    monkeypatch.setenv("BOT_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("BOT_CASE_RETENTION_DAYS", "90")
    monkeypatch.setenv("BOT_CAMPAIGN_RETENTION_DAYS", "365")
    from bot import config

    config.reload()
    old = reports.make_report("Berlin", "en", "care", [], "none", "c", today=dt.date.today() - dt.timedelta(days=130))
    reports.add_reply(old, "Partner", "we called, see you Tuesday")
    new = reports.make_report("Berlin", "en", "care", [], "none", "c")
    campaigns.add("OLD1", "Old farm gate", "agriculture", db=campaigns.database(),
                  today=dt.date.today() - dt.timedelta(days=400))
    campaigns.add("NEW1", "New farm gate", "agriculture", db=campaigns.database())
    pruned = retention.prune_all(0, tmp_path / "tracker.db")
    assert (pruned.reports, pruned.campaigns) == (1, 1)
    assert reports.find(old) is None and reports.find(new) is not None
    assert b"see you Tuesday" not in (tmp_path / "cases.db").read_bytes()
    assert [c.code for c in campaigns.all_campaigns()] == ["NEW1"]
    for name in ("cases.db", "campaigns.db"):
        assert (tmp_path / name).stat().st_mode & 0o077 == 0  # created 0600
