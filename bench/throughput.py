"""Latency and throughput through the web channel: our assistant against stock Rasa, in one run.

    .venv/bin/python bench/throughput.py [--rounds 6] [--messages 24]

Starts our assistant (as `make run` does, state in a temporary var/) and stock Rasa's `rasa init`
assistant (bench/stock.py; trained once into var/bench/stock/), then alternates them: each round
sends `--messages` messages to ours, then to stock, with 1 sender and then with 16 senders at once.
A sender is a person: it waits for each answer before writing again, and starts a new conversation
every few messages. Prints p50/p95/p99 latency and messages per second for each, and ours/stock.
The machine's load shifts between rounds, so only figures from one run compare.
"""

from __future__ import annotations

import argparse
import json
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from bench import side_by_side

# What people write, in the order a conversation might go; the same for both assistants.
CONVERSATION = ["hello", "how many hours can they make me work", "the agency want 500 euro for the job",
                "what is the minimum wage", "my boss took my passport", "thank you"]
CONCURRENCY = (1, 16)


def post(base: str, sender: str, text: str) -> float:
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(base + "/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as answer:
        answer.read()
    return time.perf_counter() - started


def person(base: str, name: str, messages: int) -> list[float]:
    return [post(base, f"{name}-c{n // len(CONVERSATION)}", CONVERSATION[n % len(CONVERSATION)]) for n in range(messages)]


def load(base: str, senders: int, messages: int, tag: str) -> tuple[list[float], float]:
    """(latencies, wall seconds) for `messages` messages shared among `senders` people at once."""
    share = [messages // senders + (1 if n < messages % senders else 0) for n in range(senders)]
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=senders) as pool:
        results = list(pool.map(lambda n: person(base, f"bench-{tag}-{n:03d}", share[n]), range(senders)))
    return [t for times in results for t in times], time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def summary(latencies: list[float], seconds: float) -> dict[str, float]:
    return {"p50": percentile(latencies, 0.50) * 1000, "p95": percentile(latencies, 0.95) * 1000,
            "p99": percentile(latencies, 0.99) * 1000, "msg/s": len(latencies) / seconds}


def print_table(results: dict[tuple[str, int], dict[str, float]], count: dict[int, int]) -> None:
    print(f"{'senders':>7} {'assistant':<10}{'messages':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'msg/s':>8}")
    for senders in CONCURRENCY:
        ours, theirs = results[("ours", senders)], results[("stock", senders)]
        for name, row in (("ours", ours), ("stock", theirs)):
            print(f"{senders:>7} {name:<10}{count[senders]:>9}{row['p50']:>9.0f}{row['p95']:>9.0f}{row['p99']:>9.0f}{row['msg/s']:>8.1f}")
        ratio = {key: ours[key] / theirs[key] for key in ours}
        print(f"{senders:>7} {'ours/stock':<10}{'':>9}{ratio['p50']:>9.2f}{ratio['p95']:>9.2f}{ratio['p99']:>9.2f}{ratio['msg/s']:>8.2f}")
    print("budget (issue 17): p95 ours/stock <= 1.2, msg/s ours/stock >= 0.9")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=6, help="alternations of ours and stock")
    parser.add_argument("--messages", type=int, default=24, help="messages per assistant, per concurrency, per round")
    args = parser.parse_args()
    with side_by_side.ours_and_stock() as bases:
        for name, base in bases.items():
            load(base, 4, 24, f"warm-{name}")  # the first requests load lazy parts
        times: dict[tuple[str, int], tuple[list[float], float]] = {}
        for number in range(args.rounds):
            for senders in CONCURRENCY:
                for name, base in bases.items():
                    latencies, seconds = load(base, senders, args.messages, f"{name}-{senders}-{number}")
                    done, wall = times.get((name, senders), ([], 0.0))
                    times[(name, senders)] = (done + latencies, wall + seconds)
    print_table({key: summary(*value) for key, value in times.items()},
                {senders: len(times[("ours", senders)][0]) for senders in CONCURRENCY})


if __name__ == "__main__":
    main()
