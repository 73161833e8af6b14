"""Training time, start-up time and resident memory of the assistant as `make run` starts it,
beside stock Rasa's `rasa init` assistant (bench/stock.py) measured the same way in the same run.

    .venv/bin/python bench/footprint.py [--cold]

--cold trains both with an empty Rasa cache (what a fresh clone pays); otherwise only the start-up
and memory are measured, with the model `make run` would use. Prints a table with ours/stock; times
vary with the machine's load, so compare figures from one run.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import stock
from bot.runtime import caches, model, server


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants."""
    total = 0
    pids = [pid]
    while pids:
        current = pids.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
            pids += [int(c) for c in children]
        except (FileNotFoundError, StopIteration, ProcessLookupError):
            continue
    return total


def first_answer(base: str) -> float:
    started = time.monotonic()
    body = json.dumps({"sender": "bench-footprint-1", "message": "hello"}).encode()
    request = urllib.request.Request(base + "/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=120).read()
    return time.monotonic() - started


Row = tuple[str, float | None, float | None]  # what, ours, stock's


def start_up(processes: list, base: str, ready: Callable[[], bool], started: float) -> list[tuple[str, float]]:
    """Rows for one assistant whose processes were started at `started`: times and memory."""
    if not ready():
        raise SystemExit("servers did not start")
    up = time.monotonic() - started
    answer = first_answer(base)
    memory = [rss_kib(p.pid) / 1024 for p in processes]
    return [("start-up to ready (s)", up), ("first answer after ready (s)", answer),
            ("cold start to first answer (s)", up + answer), ("resident memory, all processes (MiB)", sum(memory))] + [
            (f"resident memory, {name} (MiB)", mib) for name, mib in zip(("action server", "rasa server"), memory)
            if len(memory) > 1]


def measure_ours(env: dict[str, str], ports: server.Ports, log: Any) -> list[tuple[str, float]]:
    trained = model.ensure(env)
    started = time.monotonic()
    caches.ensure(env)  # as `make run` does after training, on the bench's empty var/
    built = time.monotonic() - started
    started = time.monotonic()
    processes = server.start(trained, ports, "bench", env, log)
    try:
        return [("var/ caches built before the start (s)", built)] + start_up(processes, f"http://127.0.0.1:{ports.rasa}", lambda: server.wait_until_ready(ports, 600), started)
    finally:
        server.stop(processes)


def measure_stock(env: dict[str, str], log: Any) -> list[tuple[str, float]]:
    trained, _ = stock.ensure_model(env)
    port = free_port()
    started = time.monotonic()
    processes = [stock.start(trained, port, env, log)]
    try:
        return start_up(processes, f"http://127.0.0.1:{port}", lambda: stock.wait_until_ready(port, 600), started)
    finally:
        server.stop(processes)


def training(env_cold: dict[str, str]) -> list[Row]:
    """Both trainings with an empty Rasa cache, one after the other."""
    started = time.monotonic()
    trained = model.ensure(env_cold, force=True)
    ours = time.monotonic() - started
    stock_model, stock_seconds = stock.ensure_model(env_cold, force=True)
    return [("training, empty cache (s)", ours, stock_seconds),
            ("model size (MB)", trained.stat().st_size / 1e6, stock_model.stat().st_size / 1e6)]


def print_rows(rows: list[Row]) -> None:
    width = max(len(name) for name, _, _ in rows)
    print(f"{'':<{width}}  {'ours':>8}  {'stock':>8}  {'ours/stock':>10}")
    for name, ours, theirs in rows:
        cells = [f"{v:>8.1f}" if v is not None else f"{'':>8}" for v in (ours, theirs)]
        ratio = f"{ours / theirs:>10.2f}" if ours and theirs else f"{'':>10}"
        print(f"{name:<{width}}  {cells[0]}  {cells[1]}  {ratio}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cold", action="store_true", help="also time both trainings with an empty cache")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var:
        ports = server.Ports(free_port(), free_port())
        env = server.environment(ports)
        env.update(BOT_VAR_DIR=var, BOT_TRACKER_DB=f"{var}/tracker.db", RASA_API_TOKEN="bench")
        rows: list[Row] = training(dict(env, RASA_CACHE_DIRECTORY=f"{var}/cache")) if args.cold else []
        with open(f"{var}/servers.log", "wb") as log:  # the table stays readable
            ours, theirs = measure_ours(env, ports, log), measure_stock(env, log)
        rows += [(name, value, dict(theirs).get(name)) for name, value in ours]
    print_rows(rows)


if __name__ == "__main__":
    main()
