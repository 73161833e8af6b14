"""The scale-out profile on one machine: Rasa workers sharing PostgreSQL and Redis on loopback.

`cluster()` starts Redis, PostgreSQL, one action server or one per worker, and N `rasa run` workers
with deploy/endpoints.scale.yml (or that file with Rasa's stock `type: redis` lock store); `burst()` sends
messages all at once, spread over the workers; `problems()` reads what PostgreSQL kept and lists
every message lost, stored twice, out of order, or unanswered. Used by tests/test_scale_out.py and
bench/lock_race.py.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import subprocess
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.privacy import scrubber
from bot.runtime import model, server
from tests.helpers.servers import ROOT, free_port
from tests.helpers.services import start_postgres, start_redis

SCALE_ENDPOINTS = ROOT / "deploy" / "endpoints.scale.yml"
TOKEN = "scale-out-token"
STOCK_LOCK_STORE = "lock_store:\n  type: redis\n  url: ${BOT_REDIS_HOST}\n  port: ${BOT_REDIS_PORT}\n  db: 1\n"


@dataclass
class Cluster:
    workers: list[str]
    db: dict[str, Any]
    log: Path
    var: Path
    redis_port: int
    processes: list[subprocess.Popen] = field(default_factory=list)


@dataclass
class Sent:
    sender: str
    text: str
    worker: int
    status: int = 0
    answer: Any = None


def endpoints_file(lock_store: str, folder: Path) -> Path:
    """deploy/endpoints.scale.yml, or a copy whose lock store is Rasa's stock RedisLockStore."""
    if lock_store == "atomic":
        return SCALE_ENDPOINTS
    text = SCALE_ENDPOINTS.read_text()
    head = text[: text.index("# Not Rasa's `type: redis`")]
    path = folder / "endpoints.stock-lock.yml"
    path.write_text(head + STOCK_LOCK_STORE)
    return path


@contextmanager
def cluster(lock_store: str = "atomic", workers: int = 2, action_servers: int = 1,
            settings: dict[str, str] | None = None) -> Iterator[Cluster]:
    """Everything up and answering; all stopped and removed on exit. With several action servers,
    worker n calls action server n modulo their number; `settings` are added to every process's
    environment."""
    with ExitStack() as stack:
        redis = start_redis()
        stack.callback(redis.stop)
        postgres = start_postgres()
        stack.callback(postgres.stop)
        var = Path(tempfile.mkdtemp(prefix="bot-scale-var-"))
        actions_ports, ports = [free_port() for _ in range(action_servers)], [free_port() for _ in range(workers)]
        env = server.environment(server.Ports(ports[0], actions_ports[0]))
        env.update(settings or {})
        env.update(BOT_VAR_DIR=str(var), RASA_API_TOKEN=TOKEN, BOT_PSEUDONYM_KEY=KEY,
                   BOT_DB_HOST="127.0.0.1", BOT_DB_PORT=str(postgres.port), BOT_DB_NAME="bot", BOT_DB_USER="bot",
                   BOT_DB_PASSWORD="", BOT_REDIS_HOST="127.0.0.1", BOT_REDIS_PORT=str(redis.port), BOT_REDIS_PASSWORD="")
        trained = model.ensure(env)
        endpoints = endpoints_file(lock_store, var)
        log = var / "servers.log"
        output = stack.enter_context(log.open("wb"))
        found = Cluster([f"http://127.0.0.1:{port}" for port in ports],
                        dict(host="127.0.0.1", port=postgres.port, user="bot", dbname="bot"), log, var, redis.port)
        stack.callback(server.stop, found.processes)
        for actions_port in actions_ports:
            action_command = server.commands(trained, server.Ports(ports[0], actions_port), TOKEN)[0]
            found.processes.append(subprocess.Popen(action_command, cwd=ROOT, env=env, stdout=output, stderr=output,
                                                    start_new_session=True))
        ends = [server.Ports(port, actions_ports[n % len(actions_ports)]) for n, port in enumerate(ports)]
        for both in ends:
            command = server.commands(trained, both, TOKEN, endpoints)[1]
            worker_env = dict(env, BOT_ACTION_URL=f"http://127.0.0.1:{both.actions}/webhook")
            found.processes.append(subprocess.Popen(command, cwd=ROOT, env=worker_env, stdout=output, stderr=output,
                                                    start_new_session=True))
        for both in ends:
            if not server.wait_until_ready(both, timeout=600):
                raise RuntimeError(f"a worker did not start:\n{log.read_text()[-5000:]}")
        yield found


def send(base: str, item: Sent) -> Sent:
    body = json.dumps({"sender": item.sender, "message": item.text}).encode()
    request = urllib.request.Request(base + "/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            item.status, item.answer = answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        item.status, item.answer = error.code, error.read().decode("utf-8", "replace")
    return item


def burst(found: Cluster, conversations: dict[str, list[str]]) -> list[Sent]:
    """Every message of every conversation at once; a conversation's messages alternate workers."""
    items = [Sent(sender, text, number % len(found.workers))
             for sender, texts in conversations.items() for number, text in enumerate(texts)]
    with ThreadPoolExecutor(max_workers=len(items)) as pool:
        return list(pool.map(lambda item: send(found.workers[item.worker], item), items))


KEY = "scale-out-pseudonym-key"


def web_pseudonym(token: str) -> str:
    return hmac.new(KEY.encode(), f"web:{token}".encode(), hashlib.sha256).hexdigest()


def stored_events(found: Cluster, senders: list[str]) -> dict[str, list[dict]]:
    import psycopg2

    with psycopg2.connect(**found.db) as connection, connection.cursor() as cursor:
        by_pseudonym = {web_pseudonym(sender): sender for sender in senders}
        cursor.execute("SELECT sender_id, data FROM events WHERE sender_id = ANY(%s) ORDER BY id", (list(by_pseudonym),))
        rows = cursor.fetchall()
    events: dict[str, list[dict]] = {sender: [] for sender in senders}
    for pseudonym, data in rows:
        events[by_pseudonym[pseudonym]].append(json.loads(data))
    return events


def turns(events: list[dict]) -> list[list[dict]]:
    """A conversation cut at each user message: [user event, what followed it until the next one]."""
    cut: list[list[dict]] = []
    for event in events:
        if event["event"] == "user":
            cut.append([event])
        elif cut:
            cut[-1].append(event)
    return cut


def problems(found: Cluster, sent: list[Sent]) -> dict[str, list[str]]:
    """What went wrong, by kind: unanswered, lost, duplicated, out of order (empty lists: none)."""
    found_problems: dict[str, list[str]] = {"unanswered": [], "lost": [], "duplicated": [], "out of order": []}
    for item in sent:
        if item.status != 200 or not isinstance(item.answer, list) or not item.answer:
            found_problems["unanswered"].append(f"{item.sender} {item.text!r}: HTTP {item.status} {str(item.answer)[:200]}")
    senders = sorted({item.sender for item in sent})
    for sender, events in stored_events(found, senders).items():
        conversation = turns(events)
        stored = [turn[0]["text"] for turn in conversation]
        for item in (i for i in sent if i.sender == sender):
            count = stored.count(scrubber.scrub(item.text))
            if count == 0:
                found_problems["lost"].append(f"{sender} {item.text!r}: not stored")
            elif count > 1:
                found_problems["duplicated"].append(f"{sender} {item.text!r}: stored {count} times")
        times = [turn[0]["timestamp"] for turn in conversation]
        if times != sorted(times):
            found_problems["out of order"].append(f"{sender}: user messages stored out of their time order")
        answers = {scrubber.scrub(i.text): i.answer for i in sent if i.sender == sender and isinstance(i.answer, list)}
        for turn in conversation:
            # One message handled at a time: its turn ends listening, holding exactly the answer its
            # sender got. Two handled at once leave turns cut short, merged or holding another's answer.
            kept = [event.get("text") for event in turn if event["event"] == "bot"]
            given = [scrubber.scrub(message.get("text") or "") for message in answers.get(turn[0]["text"], [])]
            if turn[-1].get("name") != "action_listen" or kept != given:
                found_problems["out of order"].append(
                    f"{sender} {turn[0]['text']!r}: stored turn {[e.get('name') or e['event'] for e in turn]} "
                    f"with {len(kept)} bot messages, its answer had {len(given)}")
    return found_problems


# Distinct texts (each is found again in the store by its text) that the scrubber leaves as they are.
TEXTS = ["how many hours can they make me work", "what is the minimum wage", "the agency want 500 euro for the job",
         "my boss took my passport", "what do you keep", "hello", "can they keep my salary", "do i need a contract"]
