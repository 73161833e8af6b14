"""The scale-out profile for real: two Rasa workers, PostgreSQL and Redis on loopback, bursts of
messages for one conversation spread over both workers and for many conversations at once.

Needs redis-server and PostgreSQL (`apt-get install redis-server postgresql`; .ci/run installs
them); without them these tests fail and say so.
"""

from __future__ import annotations

import asyncio
import urllib.request

import pytest
import redis

from bot.rasa_plugins.lock_store import AtomicRedisLockStore, LockError
from tests.helpers.scale_out import TEXTS, burst, cluster, problems
from tests.helpers.services import MissingService, start_redis

NO_PROBLEMS = {"unanswered": [], "lost": [], "duplicated": [], "out of order": []}


@pytest.fixture(scope="module")
def redis_server():
    try:
        service = start_redis()
    except MissingService as error:
        pytest.fail(str(error))
    yield redis.Redis(port=service.port)
    service.stop()


@pytest.fixture(scope="module")
def workers():
    try:
        with cluster("atomic", workers=2) as found:
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
