"""What a turn costs late in a long conversation against early in a short one: ours and stock Rasa.

    .venv/bin/python -m bench.conversation_length [--pairs 3] [--long 200] [--window 12]

Starts our assistant (as bench/throughput.py does, state in a temporary var/) and stock Rasa's
`rasa init` assistant. For each pair, one conversation is first written up to message `--long` minus
half a window (not timed); then its next `--window` messages are timed alternately with the first
`--window` messages of a fresh conversation, so that the machine's load falls on both alike. Both
windows hold the same messages (bench/throughput.py's conversation, whole rounds of it). Prints the
p50 of each window and late/early, for ours and for stock (issue 17's budget: ours <= 1.3).
"""

from __future__ import annotations

import argparse
import statistics

from bench import side_by_side
from bench.throughput import CONVERSATION, post

BUDGET = 1.3


def text_at(n: int) -> str:
    return CONVERSATION[n % len(CONVERSATION)]


def pair(base: str, tag: str, long: int, window: int) -> tuple[list[float], list[float]]:
    """(early latencies, late latencies) of one fresh and one long conversation, timed alternately."""
    start = long - window // 2
    start -= start % len(CONVERSATION)  # the late window holds the same messages as the early one
    for n in range(start):
        post(base, f"{tag}-long", text_at(n))
    early, late = [], []
    for n in range(window):
        early.append(post(base, f"{tag}-short", text_at(n)))
        late.append(post(base, f"{tag}-long", text_at(start + n)))
    return early, late


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=3, help="long and short conversations per assistant")
    parser.add_argument("--long", type=int, default=200, help="the message the late window is centred on")
    parser.add_argument("--window", type=int, default=len(CONVERSATION) * 2, help="messages timed in each window")
    args = parser.parse_args()
    results: dict[str, tuple[list[float], list[float]]] = {}
    with side_by_side.ours_and_stock() as bases:
        for name, base in bases.items():
            for n in range(12):
                post(base, f"warm-{name}-{n // len(CONVERSATION)}", text_at(n))  # lazy parts loaded
        for number in range(args.pairs):
            for name, base in bases.items():
                early, late = pair(base, f"length-{name}-{number}", args.long, args.window)
                done = results.get(name, ([], []))
                results[name] = (done[0] + early, done[1] + late)
    print(f"{'assistant':<10}{'early p50 ms':>14}{'late p50 ms':>13}{'late/early':>12}   (message ~{args.long} "
          f"against the first {args.window}, {args.pairs} conversations each)")
    for name, (early, late) in results.items():
        first, last = statistics.median(early) * 1000, statistics.median(late) * 1000
        print(f"{name:<10}{first:>14.0f}{last:>13.0f}{last / first:>12.2f}")
    print(f"budget: ours late/early <= {BUDGET}")


if __name__ == "__main__":
    main()
