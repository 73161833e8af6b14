"""Retention in every store: what is older than its limit goes, what is younger stays, to the day."""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
import time
import types

import pytest

from bot import config
from bot.cases import reports
from bot.privacy import retention


@pytest.mark.parametrize("text", ["30", "d", "30 d", "30w", "-3d", "3.5d", "", "30dd", "d30"])
def test_anything_but_a_number_and_a_unit_is_refused_with_an_example(text):
    with pytest.raises(ValueError, match="30d, 12h or 90m"):
        retention.parse_duration(text)


@pytest.mark.parametrize("text, seconds", [(" 2d ", 172800), ("0m", 0), ("1h", 3600), ("1m", 60), ("365d", 365 * 86400)])
def test_durations_in_each_unit(text, seconds):
    assert retention.parse_duration(text) == seconds


def _tracker(path, rows):
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, timestamp REAL, data TEXT)")
        db.executemany("INSERT INTO events (sender_id, timestamp, data) VALUES (?, ?, ?)", rows)


def _senders(path):
    with sqlite3.connect(path) as db:
        return [row[0] for row in db.execute("SELECT sender_id FROM events ORDER BY id")]


def test_prune_keeps_an_event_exactly_at_the_limit_and_uses_the_clock_when_not_told(tmp_path):
    db = tmp_path / "tracker.db"
    now = time.time()
    _tracker(db, [("old", now - 7200, "{}"), ("edge", 1000.0, "{}"), ("new", now - 60, "{}")])
    assert retention.prune(db, 3600) == 2  # now: the clock (old and the 1970 one go)
    assert _senders(db) == ["new"]
    db2 = tmp_path / "tracker2.db"
    _tracker(db2, [("at-limit", 1000.0, "{}"), ("before", 999.0, "{}")])
    assert retention.prune(db2, 100, now=1100.0) == 1  # timestamp == cutoff stays
    assert _senders(db2) == ["at-limit"]


def test_prune_of_a_missing_file_or_one_without_events_deletes_nothing(tmp_path):
    assert retention.prune(tmp_path / "absent.db", 0) == 0
    assert not (tmp_path / "absent.db").exists()  # not created either
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE something (x)")
    assert retention.prune(other, 0) == 0


def _cases(path, prune_after):
    db = reports.database(str(path))
    with db.conn:
        for code, day in prune_after.items():
            db.execute("INSERT INTO reports (code, prune_after, delivered, contact_id) VALUES (?, ?, '', 'p')", (code, day))
            db.execute("INSERT INTO replies (code, contact, text) VALUES (?, 'P', ?)", (code, f"answer to {code}"))
            db.execute("INSERT INTO outbox (code, due) VALUES (?, 0)", (code,))
    db.conn.close()


def test_reports_their_answers_and_their_queued_deliveries_go_in_their_prune_week(tmp_path):
    path = tmp_path / "cases.db"
    _cases(path, {"OLD": "2026-02-23", "EDGE": "2026-03-02", "NEW": "2026-03-09"})
    assert retention.prune_cases(today=dt.date(2026, 3, 2), path=path) == 2
    with sqlite3.connect(path) as db:
        assert sorted(r[0] for r in db.execute("SELECT code FROM reports")) == ["NEW"]
        assert sorted(r[0] for r in db.execute("SELECT code FROM replies")) == ["NEW"]
        assert sorted(r[0] for r in db.execute("SELECT code FROM outbox")) == ["NEW"]
    assert b"answer to OLD" not in path.read_bytes()  # overwritten, not left in a free page


def test_a_cases_db_of_an_older_version_gets_prune_weeks_and_loses_its_order(tmp_path):
    path = tmp_path / "cases.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE reports (code TEXT PRIMARY KEY, region TEXT, contact_id TEXT, made_on TEXT, "
                   "delivered TEXT)")
        db.execute("CREATE TABLE replies (id INTEGER PRIMARY KEY, code TEXT, contact TEXT, text TEXT, made_on TEXT)")
        db.executemany("INSERT INTO reports VALUES (?, 'Berlin', 'p', ?, ?)",
                       [("ZZZ", "2025-01-06", "email"), ("AAA", "2026-02-02", "")])
        db.execute("INSERT INTO replies (code, contact, text, made_on) VALUES ('ZZZ', 'P', 'old answer', '2025-01-13')")
    assert retention.prune_cases(today=dt.date(2026, 3, 2), path=path) == 1  # made over 180 days before
    with sqlite3.connect(path) as db:
        columns = [r[1] for r in db.execute("PRAGMA table_info(reports)")]
        assert "made_on" not in columns and "prune_after" in columns
        assert "made_on" not in [r[1] for r in db.execute("PRAGMA table_info(replies)")]
        (kept,) = db.execute("SELECT prune_after FROM reports WHERE code = 'AAA'").fetchone()
        assert dt.date(2026, 8, 1) <= dt.date.fromisoformat(kept) <= dt.date(2026, 9, 7)
        with pytest.raises(sqlite3.OperationalError):
            db.execute("SELECT rowid FROM reports")  # no order of making left
        assert db.execute("SELECT code FROM outbox").fetchall() == [("AAA",)]  # still to deliver: queued
    assert b"2026-02-02" not in path.read_bytes() and b"old answer" not in path.read_bytes()


def test_campaigns_go_after_their_days(tmp_path):
    path = tmp_path / "campaigns.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE campaigns (code TEXT, created_on TEXT)")
        db.executemany("INSERT INTO campaigns VALUES (?, ?)", [("old", "2025-01-01"), ("new", "2026-03-01")])
    assert retention.prune_campaigns(365, today=dt.date(2026, 3, 2), path=path) == 1
    with sqlite3.connect(path) as db:
        assert [r[0] for r in db.execute("SELECT code FROM campaigns")] == ["new"]
    assert retention.prune_campaigns(1, path=tmp_path / "absent.db") == 0
    assert retention.prune_cases(path=tmp_path / "absent.db") == 0
    assert not (tmp_path / "absent.db").exists()


def test_a_store_without_the_table_deletes_nothing(tmp_path):
    path = tmp_path / "cases.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE reports (code TEXT, made_on TEXT)")
        db.execute("INSERT INTO reports VALUES ('OLD', '2020-01-01')")
    # replies is missing: its delete is skipped, the reports' still runs
    assert retention.prune_cases(today=dt.date(2026, 1, 1), path=path) == 1


def test_prune_all_reports_each_store_and_reads_the_settings(tmp_path, monkeypatch):
    monkeypatch.setenv("BOT_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("BOT_RETENTION_DAYS", "1")
    monkeypatch.delenv("BOT_DB_HOST", raising=False)
    monkeypatch.setenv("BOT_CAMPAIGN_RETENTION_DAYS", "30")
    config.reload()
    now = time.time()
    given = tmp_path / "given-tracker.db"  # not the configured one: the one handed in is pruned
    _tracker(given, [("old", now - 3 * 86400, "{}"), ("new", now - 60, "{}")])
    _cases(tmp_path / "cases.db", {"OLD": "2000-01-03", "NEW": (dt.date.today() + dt.timedelta(days=100)).isoformat()})
    with sqlite3.connect(tmp_path / "campaigns.db") as db:
        db.execute("CREATE TABLE campaigns (code TEXT, created_on TEXT)")
        db.executemany("INSERT INTO campaigns VALUES (?, ?)", [("old", "2001-01-01"), ("new", dt.date.today().isoformat())])
    first = retention.prune_all(10**9, tracker_db=given)  # a limit handed in wins over the setting for events
    assert (first.events, first.reports, first.campaigns) == (0, 1, 1)  # reports and campaigns: their own settings
    assert str(first) == (f"deleted 0 conversation events, 1 reports, 1 campaigns; "
                          f"{first.regions_rewritten} typed regions in stats.db made ISO codes")
    pruned = retention.prune_all(tracker_db=given)
    assert (pruned.events, pruned.reports, pruned.campaigns) == (1, 0, 0)
    assert _senders(given) == ["new"]


def test_a_store_with_no_tables_at_all_deletes_nothing_and_says_zero(tmp_path):
    empty = tmp_path / "cases.db"
    sqlite3.connect(empty).close()
    assert retention.prune_cases(path=empty) == 0
    assert retention.prune_campaigns(1, path=empty) == 0


class FakeCursor:
    """psycopg2's cursor, as far as prune_postgres uses it."""

    def __init__(self, log, table_exists=True):
        self.log, self.table_exists, self.rowcount = log, table_exists, 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def execute(self, sql, values=None):
        self.log.append(("execute", sql, values))
        if sql.startswith("DELETE"):
            self.rowcount = 4

    def fetchone(self):
        return ["events" if self.table_exists else None]

    def fetchall(self):
        return []


class FakeConnection:
    def __init__(self, log, table_exists=True):
        self.log, self.table_exists = log, table_exists

    def cursor(self):
        return FakeCursor(self.log, self.table_exists)

    def commit(self):
        self.log.append(("commit",))

    def close(self):
        self.log.append(("close",))


@pytest.mark.parametrize("table_exists", [True, False])
def test_postgres_prune_deletes_before_the_cutoff_commits_and_closes(monkeypatch, table_exists):
    """The SQL and its order without a server (tests/integration/test_retention_postgres.py runs it
    against PostgreSQL): visits stored before the commit, the connection closed whatever happens."""
    log, connected = [], {}

    def connect(**settings):
        connected.update(settings)
        return FakeConnection(log, table_exists)

    monkeypatch.setitem(sys.modules, "psycopg2", types.SimpleNamespace(connect=connect))
    monkeypatch.setenv("BOT_DB_HOST", "db.internal")
    monkeypatch.setenv("BOT_DB_NAME", "tracker")
    monkeypatch.setenv("BOT_DB_PORT", "6543")
    monkeypatch.setenv("BOT_DB_USER", "pruner")
    monkeypatch.delenv("BOT_DB_PASSWORD", raising=False)
    config.reload()
    stored, rows_read, old_visits = [], [], ["a visit"]
    monkeypatch.setattr(retention.visits, "store", lambda visits: stored.append(visits) or log.append(("store",)))
    monkeypatch.setattr(retention.visits, "from_rows", lambda rows, started_before=None: rows_read.append(started_before) or old_visits)
    deleted = retention.prune_postgres(100, now=1000.0)
    assert connected == {"host": "db.internal", "port": 6543, "dbname": "tracker", "user": "pruner", "password": None}
    assert log[-1] == ("close",)
    if not table_exists:
        assert deleted == 0 and ("commit",) not in log and not stored
        return
    assert deleted == 4
    delete = next(entry for entry in log if entry[0] == "execute" and entry[1].startswith("DELETE"))
    assert delete[2] == (900.0,)
    assert [e[0] for e in log[-3:]] == ["store", "commit", "close"]
    assert rows_read == [900.0] and stored == [old_visits]  # the visits begun before the cutoff, kept
    assert log[0] == ("execute", "SELECT to_regclass('events')", None)
    monkeypatch.setenv("BOT_DB_PASSWORD", "secret")
    config.reload()
    log.clear()
    before = time.time()
    retention.prune_postgres(100)  # now: the clock
    cutoff = next(entry for entry in log if entry[0] == "execute" and entry[1].startswith("DELETE"))[2][0]
    assert before - 100 <= cutoff <= time.time() - 100 and connected["password"] == "secret"
