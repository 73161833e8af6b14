"""The scale-out profile for real: two Rasa workers, each with its own action server, PostgreSQL and
Redis on loopback; bursts of messages for one conversation spread over both workers and for many
conversations at once; 32 live chats whose messages reach both workers in both directions; rate
limits and the report cap shared by the workers and action servers.

Needs redis-server and PostgreSQL (`apt-get install redis-server postgresql`; .ci/run installs
them); without them these tests fail and say so.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import redis
import redis.asyncio

from bot.cases import case_codes, live_state, outbox, reports
from bot.channels import limits, twilio_messaging
from bot.rasa_plugins.lock_store import AtomicRedisLockStore, LockError
from bot.runtime import shared_redis
from tests.helpers.channels import SECRET, TELEGRAM, callback, in_group, message
from tests.helpers.fake_telegram import FakeTelegram
from tests.helpers.scale_out import TEXTS, Sent, burst, cluster, problems, send
from tests.helpers.servers import CHANNELS, PARTNER_GROUP, directory_with_handoffs
from tests.helpers.services import MissingService, start_redis

NO_PROBLEMS = {"unanswered": [], "lost": [], "duplicated": [], "out of order": []}
RATE_PER_CONVERSATION = 12
REPORTS_PER_HOUR = 3


@pytest.fixture(scope="module")
def redis_server():
    try:
        service = start_redis()
    except MissingService as error:
        pytest.fail(str(error))
    yield redis.Redis(port=service.port)
    service.stop()


@pytest.fixture(scope="module")
def fake_group():
    """The Telegram Bot API, faked: the partner's group and the Telegram people write through it."""
    fake = FakeTelegram()
    yield fake
    fake.close()


@pytest.fixture(scope="module")
def workers(fake_group, tmp_path_factory):
    folder = tmp_path_factory.mktemp("scale-directory")
    settings = dict(CHANNELS, TELEGRAM_API_BASE_URL=fake_group.base_url, BOT_LIVE_CHAT_TIMEOUT="300",
                    BOT_DIRECTORY_FILE=str(directory_with_handoffs(folder / "directory.yaml", "http://127.0.0.1:9/cases")),
                    BOT_RATE_PER_CONVERSATION=str(RATE_PER_CONVERSATION), BOT_REPORTS_PER_HOUR=str(REPORTS_PER_HOUR))
    try:
        with cluster("atomic", workers=2, action_servers=2, settings=settings) as found:
            yield found
    except MissingService as error:
        pytest.fail(str(error))


def test_bursts_of_one_conversation_over_two_workers_are_stored_once_each_in_order(workers):
    # Three conversations, each sending eight messages at once half to each worker: with Rasa's
    # stock RedisLockStore this burst loses messages (bench/lock_race.py --through-rasa).
    sent = burst(workers, {f"scale-burst-{n}": TEXTS for n in range(3)})
    assert {item.worker for item in sent} == {0, 1}
    assert problems(workers, sent) == NO_PROBLEMS


def test_many_conversations_at_once_are_each_stored_once_in_order(workers):
    conversations = {f"scale-conversation-{n:02d}": TEXTS[n:n + 3] for n in range(5)}
    sent = burst(workers, conversations)
    assert problems(workers, sent) == NO_PROBLEMS


def two_workers(red: redis.Redis) -> list[AtomicRedisLockStore]:
    return [AtomicRedisLockStore(red=redis.Redis(**red.connection_pool.connection_kwargs)) for _ in range(2)]


def test_tickets_are_served_one_at_a_time_in_the_order_issued(redis_server):
    stores = two_workers(redis_server)
    served: list[int] = []
    inside = 0

    async def message(number: int) -> None:
        nonlocal inside
        async with stores[number % 2].lock("conversation-a"):
            inside += 1
            assert inside == 1, "two messages of one conversation held the lock together"
            served.append(number)
            await asyncio.sleep(0.005)
            inside -= 1

    async def all_at_once() -> None:
        # Each task takes its ticket before its first await, so tickets follow the task order.
        await asyncio.gather(*(message(n) for n in range(20)))

    asyncio.run(all_at_once())
    assert served == list(range(20))
    assert stores[0].get_lock("conversation-a") is None  # nothing left behind


def test_an_expired_ticket_raises_a_lock_error_and_frees_the_next(redis_server):
    first, second = two_workers(redis_server)
    first.issue_ticket("conversation-b", lock_lifetime=0.05)  # a worker that died holding it
    waiting = second.issue_ticket("conversation-b", lock_lifetime=0.05)

    async def acquire(store: AtomicRedisLockStore, ticket: int) -> None:
        await store._acquire_lock("conversation-b", ticket, 0.01)

    asyncio.run(asyncio.sleep(0.1))
    with pytest.raises(LockError):
        asyncio.run(acquire(second, waiting))
    assert first.get_lock("conversation-b") is None  # the dead worker's ticket is gone
    asyncio.run(asyncio.wait_for(acquire(second, second.issue_ticket("conversation-b")), 1))  # served at once


def test_an_answer_made_on_one_worker_is_heard_from_the_other(workers):
    # The web chat's play control may reach another replica than the one that answered.
    (answered,) = burst(workers, {"scale-listen-01": ["how many hours can they make me work"]})
    link = next(m["audio"] for m in answered.answer if m.get("text"))
    other = workers.workers[1 - answered.worker]
    with urllib.request.urlopen(other + link, timeout=120) as spoken:
        assert spoken.status == 200 and spoken.read()[:4] == b"OggS"


# Live chats across the two workers -------------------------------------------------------------

WORDS = ["apple", "river", "window", "table"]
HELPLINE = "EXAMPLE national helpline (replace with a real one)"  # the partner's name (tests/data/directory.yaml)
LIVE_PEOPLE = 32
update_ids = itertools.count(900_000)


def tag(number: int) -> str:
    """A person's mark in their words, in letters (the scrubber leaves words, not digits, as they are)."""
    return "x" + "".join("abcdefghij"[int(d)] for d in f"{number:02d}")


def post(base: str, path: str, body: dict, headers: dict | None = None) -> tuple[int, Any]:
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def sent_to(fake: FakeTelegram, chat: int) -> list[dict]:
    with fake.lock:
        return [p for m, p in fake.calls if m == "sendMessage" and int(p["chat_id"]) == chat]


def has_end_button(payload: dict) -> bool:
    markup = payload.get("reply_markup") or {}
    markup = json.loads(markup) if isinstance(markup, str) else markup
    return any(b.get("callback_data") == "/end" for row in markup.get("inline_keyboard", []) for b in row)


def open_cases(found, count: int) -> list[str]:
    """Reports already delivered to the helpline's group (Telegram, live chats on), straight into cases.db."""
    db = reports.database(str(found.var / "cases.db"))
    connection = outbox.connect(found.var / "cases.db")
    codes = []
    for _ in range(count):
        # Recorded as delivered at once, as the delivery poller records it: the workers' pollers must
        # not find it due first (a report queued with a random delay of 0 to BOT_DELIVERY_DELAY).
        code = reports.make_report("RO-B", "en", "agriculture", [], "none", "example-helpline", db=db)
        outbox.delivered(connection, code, "telegram")
        codes.append(code)
    connection.close()
    return [case_codes.display(code) for code in codes]


def live_chat_of(found, fake: FakeTelegram, number: int, code: str) -> dict:
    """One person's live chat: opened on one worker, then each of their messages and each of the
    partner's answers on the other worker than the last; ended by the person (even numbers) or the
    partner (odd). Web chat people (three in four) poll both workers; Telegram people are written to
    by whichever worker holds their chat. Returns what the person received."""
    workers = found.workers
    mark, telegram_chat = tag(number), (55_600_000 + number if number % 4 == 3 else None)
    sender = f"live-scale-{mark}-token"
    received: list[dict] = []

    def person_says(worker: int, text: str) -> None:
        if telegram_chat is None:
            status, answer = post(workers[worker], "/webhooks/rest/webhook", {"sender": sender, "message": text})
            assert status == 200, answer
            received.extend(answer)
        else:
            update = message(next(update_ids), chat_id=telegram_chat, text=text)
            assert post(workers[worker], TELEGRAM, update, SECRET)[0] == 200

    def poll(worker: int) -> bool:
        status, answer = post(workers[worker], "/webhooks/rest/live", {"sender": sender})
        assert status == 200, answer
        received.extend(answer["messages"])
        return answer["live"]

    def partner_says(worker: int, text: str) -> None:
        assert post(workers[worker], TELEGRAM, in_group(next(update_ids), text), SECRET)[0] == 200

    start = f'/live_chat{{"code":"{code}"}}'
    if telegram_chat is None:
        person_says(number % 2, start)
    else:
        assert post(workers[number % 2], TELEGRAM, callback(next(update_ids), start, chat_id=telegram_chat), SECRET)[0] == 200
    for turn, word in enumerate(WORDS):
        person_says((number + turn) % 2, f"{mark} says {word}")
        partner_says((number + turn + 1) % 2, f"{code} {mark} answers {word}")
        if telegram_chat is None:
            poll((number + turn) % 2)
    if number % 2 == 0:
        person_says(number % 2, "/end")
    else:
        partner_says(number % 2, f"/end {code}")
    if telegram_chat is None:
        still_live = [poll(worker) for worker in (1, 0)]
        return {"messages": received, "live": any(still_live)}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(sent_to(fake, telegram_chat)) < len(WORDS) + 2:
        time.sleep(0.2)
    time.sleep(0.5)  # anything more (a duplicate) would come now
    return {"messages": sent_to(fake, telegram_chat), "live": None}


def test_live_chats_relay_both_ways_whichever_worker_each_message_reaches(workers, fake_group):
    codes = open_cases(workers, LIVE_PEOPLE)
    fake_group.take()
    with ThreadPoolExecutor(max_workers=LIVE_PEOPLE) as pool:
        chats = list(pool.map(lambda n: live_chat_of(workers, fake_group, n, codes[n]), range(LIVE_PEOPLE)))
    to_group = [p["text"] for p in sent_to(fake_group, PARTNER_GROUP)]
    for number, (code, chat) in enumerate(zip(codes, chats)):
        mark, texts = tag(number), [m.get("text") or "" for m in chat["messages"]]
        # Person -> partner: each message once, in order, tagged with the case code only.
        relayed = [t for t in to_group if f"{mark} says" in t]
        assert relayed == [f"[{code}] {mark} says {word}" for word in WORDS], (number, relayed)
        assert sum("LIVE CHAT" in t and code in t for t in to_group) == 1, number  # the partner was told once
        # Partner -> person: each answer once, in order, from the partner.
        answers = [t for t in texts if f"{mark} answers" in t]
        assert answers == [f"{HELPLINE}: {mark} answers {word}" for word in WORDS], (number, texts)
        # Opened once, ended once, and told last; the assistant kept quiet in between.
        started = [t for t in texts if t.startswith("You are now chatting with")]
        assert len(started) == 1 and texts[0] == started[0], (number, texts)
        assert "I am here again" in texts[-1] and sum("I am here again" in t for t in texts) == 1, (number, texts)
        assert len(texts) == len(WORDS) + 2, (number, texts)
        assert chat["live"] in (False, None), number
    red = redis.Redis(port=workers.redis_port, db=shared_redis.DB)
    assert red.keys("live:*") == []  # every chat ended leaves nothing behind


def value_of(red: redis.Redis, key: bytes) -> bytes:
    """Everything a key holds, whatever its type, as one byte string."""
    kind = red.type(key)
    if kind == b"string":
        return red.get(key) or b""
    if kind == b"list":
        return b" ".join(red.lrange(key, 0, -1))
    if kind == b"zset":
        return b" ".join(red.zrange(key, 0, -1))
    if kind == b"hash":
        return b" ".join(k + b" " + v for k, v in red.hgetall(key).items())
    return b""


def test_what_live_chats_keep_in_redis_is_pseudonymous_and_expires(workers, fake_group):
    web_code, telegram_code = open_cases(workers, 2)
    sender, chat_id = "live-scale-redis-token", 55_699_999
    post(workers.workers[0], "/webhooks/rest/webhook", {"sender": sender, "message": f'/live_chat{{"code":"{web_code}"}}'})
    post(workers.workers[1], "/webhooks/rest/webhook", {"sender": sender, "message": "my name is Ion Popescu"})
    post(workers.workers[1], TELEGRAM, in_group(next(update_ids), f"{web_code} Ion Popescu, call us at +40 721 234 567"),
         SECRET)
    post(workers.workers[0], TELEGRAM, callback(next(update_ids), f'/live_chat{{"code":"{telegram_code}"}}', chat_id=chat_id),
         SECRET)
    post(workers.workers[1], TELEGRAM, message(next(update_ids), chat_id=chat_id, text="hello from Telegram"), SECRET)
    red = redis.Redis(port=workers.redis_port, db=shared_redis.DB)
    kept = {key: value_of(red, key) for key in red.keys("*")}
    everything = b" ".join(list(kept) + list(kept.values()))
    assert b"live:waiting:" in everything and everything.count(b"live:code:") == 2  # the chats are in Redis ...
    for identifying in (sender.encode(), str(chat_id).encode(), b"Popescu", b"+40", b"234 567"):
        assert identifying not in everything  # ... under pseudonyms, the partner's words scrubbed
    assert all(red.pttl(key) > 0 for key in kept if key.startswith((b"live:", b"rate:")))  # each goes by itself
    post(workers.workers[0], "/webhooks/rest/webhook", {"sender": sender, "message": "/end"})
    post(workers.workers[0], TELEGRAM, message(next(update_ids), chat_id=chat_id, text="/end"), SECRET)


# Limits shared by the workers and action servers --------------------------------------------------

def test_a_conversation_s_rate_limit_is_counted_once_across_both_workers(workers):
    items = [Sent("scale-rate-limited-01", f"what is the minimum wage {'please ' * n}".strip(), n % 2)
             for n in range(RATE_PER_CONVERSATION + 4)]
    statuses = [send(workers.workers[item.worker], item).status for item in items]
    # Counted per worker, each would let 8 of these 16 through and none would be limited.
    assert statuses.count(200) == RATE_PER_CONVERSATION and statuses.count(429) == 4, statuses


def test_the_report_cap_is_shared_by_both_action_servers(workers):
    steps = ["my boss keeps my passport and i cannot leave the farm", "/request_human", "Bucuresti",
             "/want_to_report", '/affirm{"sector":"agriculture"}', "/deny"]

    def report(number: int) -> list[str]:
        sender, answers = f"scale-report-cap-{number:02d}", []
        for step in steps:
            item = send(workers.workers[number % 2], Sent(sender, step, number % 2))
            assert item.status == 200, item.answer
            answers.extend(m.get("text") or "" for m in item.answer)
        return case_codes.find("\n".join(answers))

    with ThreadPoolExecutor(max_workers=REPORTS_PER_HOUR + 1) as pool:
        made = list(pool.map(report, range(REPORTS_PER_HOUR + 1)))
    # Two per action server: counted in each one's memory, all four would be made.
    assert sum(bool(codes) for codes in made) == REPORTS_PER_HOUR, made


def test_two_processes_counting_one_window_in_redis_share_its_limit(redis_server, monkeypatch):
    monkeypatch.setattr(shared_redis, "configured", lambda: True)
    monkeypatch.setattr(shared_redis, "client", lambda: redis_server)
    first, second = (limits.SlidingWindow(lambda: 3, name="shared-test") for _ in range(2))
    allowed = [(first if n % 2 else second).allow("conversation-x") for n in range(6)]
    assert allowed == [True, True, True, False, False, False]
    first.undo("conversation-x")  # a report not made does not count, on either
    assert second.allow("conversation-x") and not first.allow("conversation-x")
    assert first._hits == {} and second._hits == {}  # nothing was counted in memory


def test_a_twilio_message_replayed_to_the_other_replica_is_refused_there(redis_server, monkeypatch):
    monkeypatch.setattr(shared_redis, "configured", lambda: True)
    monkeypatch.setattr(shared_redis, "client", lambda: redis_server)
    one, other = twilio_messaging.SeenMessages(), twilio_messaging.SeenMessages()
    sid = "SM" + "e" * 32
    assert one.first_time(sid) and not other.first_time(sid) and not one.first_time(sid)
    assert other.first_time("SM" + "f" * 32)
    keys = [key.decode() for key in redis_server.keys(twilio_messaging.SEEN_PREFIX + "*")]
    assert len(keys) == 2 and not any(sid in key for key in keys)  # the ids themselves are not kept
    assert all(0 < redis_server.ttl(key) <= 86400 for key in keys)
    assert one._seen == {} and other._seen == {}  # nothing was kept in memory


# The Redis keeper of live chats, as two replicas see it ---------------------------------------------

def two_keepers(redis_server) -> list[live_state.Shared]:
    port = redis_server.connection_pool.connection_kwargs["port"]
    return [live_state.Shared(lambda: 60.0, client=lambda: redis.asyncio.Redis(port=port, db=0)) for _ in range(2)]


def test_a_case_holds_one_live_chat_across_replicas_and_one_replica_ends_it(redis_server):
    one, other = two_keepers(redis_server)

    async def scenario() -> list:
        first = one.owned(live_state.Chat("CODE-0001", "person-1", "partner", "en"), None)
        second = other.owned(live_state.Chat("CODE-0001", "person-2", "partner", "en"), None)
        opened = [await one.claim(first, 60.0), await other.claim(second, 60.0)]
        seen = [await other.of_code("CODE-0001"), await other.of_person("person-1"), await one.of_person("person-2")]
        ended = [await other.release(first), await one.release(first)]
        return [opened, seen, ended, await one.of_person("person-1")]

    opened, seen, ended, after = asyncio.run(scenario())
    assert opened == [True, False]  # the second holder of the code is refused, on the other replica
    assert seen[0].person == "person-1" and seen[1].person == "person-1" and seen[2] is None
    assert ended == [True, False] and after is None  # ended once: only one replica tells both sides


def test_a_chat_nobody_wrote_in_for_its_time_out_gives_its_case_to_the_next_holder(redis_server):
    one, other = two_keepers(redis_server)

    async def scenario() -> list:
        silent = one.owned(live_state.Chat("CODE-0002", "person-1", "partner", "en", last_message=time.time() - 61), None)
        await one.claim(silent, 60.0)
        taking = other.owned(live_state.Chat("CODE-0002", "person-2", "partner", "en"), None)
        return [await other.claim(taking, 60.0), await one.of_code("CODE-0002"), await one.of_person("person-1"),
                await one.release(silent)]

    taken, held, old_person, old_released = asyncio.run(scenario())
    assert taken and held.person == "person-2"
    assert old_person is None and not old_released  # the silent chat is over, and ending it cannot end the new one


def test_a_waiting_queue_nobody_fetches_expires_in_redis(redis_server, monkeypatch):
    monkeypatch.setattr(live_state, "WAITING_SECONDS", 0.3)
    one, other = two_keepers(redis_server)

    async def scenario() -> list:
        await one.keep_waiting("closed-tab", {"text": "hello"})
        await other.keep_waiting("open-tab", {"text": "hi"})
        fetched = await one.take_waiting("open-tab")  # any replica serves the page
        await asyncio.sleep(0.5)
        return [fetched, await other.take_waiting("closed-tab")]

    fetched, abandoned = asyncio.run(scenario())
    assert fetched == [{"text": "hi"}] and abandoned == []
    assert redis_server.keys("live:waiting:*") == []
