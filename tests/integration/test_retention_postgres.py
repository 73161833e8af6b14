"""Retention on the scale-out profile's engine: `python -m bot prune` prunes PostgreSQL too."""

import json
import subprocess
import sys
import time

import psycopg2

from tests.helpers.servers import ROOT
from tests.helpers.services import start_postgres


def test_prune_deletes_old_events_from_postgresql_and_keeps_their_visits_with_iso_regions(tmp_path):
    postgres = start_postgres()
    try:
        db = dict(host="127.0.0.1", port=postgres.port, user="bot", dbname="bot")
        old, recent = time.time() - 40 * 86400, time.time() - 3600
        with psycopg2.connect(**db) as connection, connection.cursor() as cursor:
            cursor.execute("CREATE TABLE events (id SERIAL PRIMARY KEY, sender_id VARCHAR(255), type_name VARCHAR(255),"
                           " timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT)")
            for when, sender, region in ((old, "old-conversation", "Ion Popescu's street 4, Berlin"),
                                         (recent, "new-conversation", "Berlin")):
                for event in ({"event": "action", "name": "action_session_start"},
                              {"event": "slot", "name": "region", "value": region},
                              {"event": "user", "text": "hello", "parse_data": {"intent": {"name": "greet"}}}):
                    cursor.execute("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (%s, %s, %s, %s)",
                                   (sender, event["event"], when, json.dumps(event)))
        env = {"BOT_VAR_DIR": str(tmp_path), "BOT_SECRETS_DIR": str(tmp_path / "secrets"), "BOT_DB_HOST": "127.0.0.1",
               "BOT_DB_PORT": str(postgres.port), "BOT_DB_NAME": "bot", "BOT_DB_USER": "bot", "PATH": "/usr/bin:/bin",
               "PYTHONWARNINGS": "ignore"}
        done = subprocess.run([sys.executable, "-m", "bot", "prune", "--older-than", "30d"], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        assert "deleted 3 conversation events" in done.stdout
        with psycopg2.connect(**db) as connection, connection.cursor() as cursor:
            cursor.execute("SELECT DISTINCT sender_id FROM events")
            assert cursor.fetchall() == [("new-conversation",)]
        stats = (tmp_path / "stats.db").read_bytes()
        assert b"Popescu" not in stats and (tmp_path / "stats.db").stat().st_mode & 0o077 == 0
    finally:
        postgres.stop()


def test_stats_counts_the_visits_postgresql_holds_and_those_pruned_from_it(tmp_path):
    # Ten recent visits in Polish stay in PostgreSQL; five old ones in Ukrainian are rolled up into
    # stats.db by prune. `stats` counts both: with only stats.db read, Polish would be missing.
    postgres = start_postgres()
    try:
        db = dict(host="127.0.0.1", port=postgres.port, user="bot", dbname="bot")
        old, recent = time.time() - 40 * 86400, time.time() - 3600
        with psycopg2.connect(**db) as connection, connection.cursor() as cursor:
            cursor.execute("CREATE TABLE events (id SERIAL PRIMARY KEY, sender_id VARCHAR(255), type_name VARCHAR(255),"
                           " timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT)")
            conversations = [(old, f"old-{n}", "uk") for n in range(5)] + [(recent, f"new-{n}", "pl") for n in range(10)]
            for when, sender, language in conversations:
                for event in ({"event": "action", "name": "action_session_start"},
                              {"event": "slot", "name": "language", "value": language},
                              {"event": "user", "text": "hello", "parse_data": {"intent": {"name": "ask_wage"}}}):
                    cursor.execute("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (%s, %s, %s, %s)",
                                   (sender, event["event"], when, json.dumps(event)))
        env = {"BOT_VAR_DIR": str(tmp_path), "BOT_SECRETS_DIR": str(tmp_path / "secrets"), "BOT_DB_HOST": "127.0.0.1",
               "BOT_DB_PORT": str(postgres.port), "BOT_DB_NAME": "bot", "BOT_DB_USER": "bot", "PATH": "/usr/bin:/bin",
               "PYTHONWARNINGS": "ignore", "MPLBACKEND": "Agg"}
        for command in (["prune", "--older-than", "30d"], ["stats", "--out", str(tmp_path / "out")]):
            done = subprocess.run([sys.executable, "-m", "bot", *command], cwd=ROOT, env=env,
                                  capture_output=True, text=True, timeout=300)
            assert done.returncode == 0, done.stderr
        by_language = (tmp_path / "out" / "visits_by_language.csv").read_text().splitlines()
        assert sorted(by_language[1:]) == ["pl,10", "uk,5"]
        with psycopg2.connect(**db) as connection, connection.cursor() as cursor:
            cursor.execute("SELECT count(DISTINCT sender_id) FROM events")
            assert cursor.fetchone() == (10,)  # stats only read PostgreSQL
    finally:
        postgres.stop()
