"""Rasa's stock RedisLockStore against ours, under the same bursts from several worker processes.

    .venv/bin/python bench/lock_race.py [--workers 2] [--messages 8] [--rounds 10] [--through-rasa]

Each round, every worker process (standing in for a Rasa replica) takes `--messages` messages of one
conversation at the same moment and handles each the way Rasa does: `async with store.lock(id)`,
then read the conversation, work a little, write it back with the message appended (a tracker
store's retrieve and save). Afterwards the conversation should hold every message exactly once, and
no two messages should ever have held the lock together. Prints, per store: messages sent, lost
(a LockError, or overwritten by a message that held the lock at the same time), duplicated, and
handled together.

--through-rasa also sends tests/scale_out.py's burst through two real `rasa run` workers with
PostgreSQL, once per store, and counts what the tracker store kept (about two minutes).
Needs redis-server (and PostgreSQL for --through-rasa): `apt-get install redis-server postgresql`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
from collections import Counter

from bot.rasa_plugins.lock_store import AtomicRedisLockStore
from tests.helpers.scale_out import TEXTS, burst, cluster, problems
from tests.helpers.services import start_redis

STORES = ("stock", "atomic")
WORK_SECONDS = 0.02  # what a turn does between reading and writing the conversation


def make_store(kind: str, port: int):
    if kind == "stock":
        from rasa.core.lock_store import RedisLockStore

        return RedisLockStore(host="127.0.0.1", port=port, db=1)

    return AtomicRedisLockStore(red=__import__("redis").Redis(port=port, db=1))


async def handle(store, red, conversation: str, message: str, counts: Counter) -> None:
    from rasa.core.lock_store import LockError

    try:
        async with store.lock(conversation):  # Agent.handle_message's call, with its defaults
            if red.incr(f"inside:{conversation}") > 1:
                counts["handled together"] += 1
            stored = json.loads(red.get(f"tracker:{conversation}") or "[]")
            await asyncio.sleep(WORK_SECONDS)
            red.set(f"tracker:{conversation}", json.dumps([*stored, message]))
            red.decr(f"inside:{conversation}")
    except LockError:
        counts["lock errors"] += 1


def worker(kind: str, port: int, number: int, messages: int, conversation: str, barrier, results) -> None:
    """One replica: its share of the burst, all at once, after every replica is ready."""
    import redis

    store, red, counts = make_store(kind, port), redis.Redis(port=port, db=2), Counter()

    async def burst() -> None:
        await asyncio.gather(*(handle(store, red, conversation, f"{number}-{m}", counts) for m in range(messages)))

    barrier.wait()
    asyncio.run(burst())
    results.put(dict(counts))


def race(kind: str, port: int, workers: int, messages: int, rounds: int) -> Counter:
    import redis

    red = redis.Redis(port=port, db=2)
    totals: Counter = Counter()
    context = multiprocessing.get_context("fork")
    for number in range(rounds):
        conversation = f"{kind}-{number}"
        barrier, results = context.Barrier(workers), context.Queue()
        processes = [context.Process(target=worker, args=(kind, port, w, messages, conversation, barrier, results))
                     for w in range(workers)]
        for process in processes:
            process.start()
        for _ in processes:
            totals.update(results.get(timeout=600))
        for process in processes:
            process.join()
        kept = Counter(json.loads(red.get(f"tracker:{conversation}") or "[]"))
        sent = [f"{w}-{m}" for w in range(workers) for m in range(messages)]
        totals["sent"] += len(sent)
        totals["lost"] += sum(1 for message in sent if kept[message] == 0)
        totals["duplicated"] += sum(count - 1 for count in kept.values() if count > 1)
    return totals


def through_rasa() -> dict[str, dict[str, int]]:
    """tests/test_scale_out.py's bursts of one conversation through two Rasa workers, per store."""
    counts = {}
    for kind in STORES:
        with cluster(kind, workers=2) as found:
            sent = burst(found, {f"race-{kind}-{n}": TEXTS for n in range(3)})
            counts[kind] = {"sent": len(sent), **{name: len(found_) for name, found_ in problems(found, sent).items()}}
    return counts


def table(title: str, rows: dict[str, dict], columns: list[str]) -> None:
    print(title)
    print(f"{'lock store':<34}" + "".join(f"{c:>18}" for c in columns))
    names = {"stock": "rasa RedisLockStore (stock)", "atomic": "bot AtomicRedisLockStore"}
    for kind, counts in rows.items():
        print(f"{names[kind]:<34}" + "".join(f"{counts.get(c, 0):>18}" for c in columns))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2, help="worker processes (Rasa replicas)")
    parser.add_argument("--messages", type=int, default=8, help="messages of the conversation per worker per round")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--through-rasa", action="store_true", help="also burst through two real Rasa workers")
    args = parser.parse_args()

    redis_server = start_redis()
    try:
        rows = {kind: race(kind, redis_server.port, args.workers, args.messages, args.rounds) for kind in STORES}
    finally:
        redis_server.stop()
    table(f"{args.rounds} bursts of {args.workers} x {args.messages} messages of one conversation at once:",
          rows, ["sent", "lost", "duplicated", "handled together", "lock errors"])
    if args.through_rasa:
        print()
        table("3 conversations x 8 messages at once through 2 Rasa workers (PostgreSQL tracker store):",
              through_rasa(), ["sent", "unanswered", "lost", "duplicated", "out of order"])


if __name__ == "__main__":
    main()
