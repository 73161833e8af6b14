"""Training time, start-up time and resident memory of the assistant as `make run` starts it.

    .venv/bin/python bench/footprint.py [--cold]

--cold trains with an empty Rasa cache (what a fresh clone pays); otherwise only the start-up and
memory are measured, with the model `make run` would use. Prints a table; times vary with the
machine's load, so compare figures from one run.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot import model, server


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cold", action="store_true", help="also time a training run with an empty cache")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as var:
        ports = server.Ports(free_port(), free_port())
        env = server.environment(ports)
        env.update(BOT_VAR_DIR=var, BOT_TRACKER_DB=f"{var}/tracker.db", RASA_API_TOKEN="bench")
        if args.cold:
            env_cold = dict(env, RASA_CACHE_DIRECTORY=f"{var}/cache")
            started = time.monotonic()
            trained = model.ensure(env_cold, force=True)
            rows.append(("training, empty cache (s)", f"{time.monotonic() - started:.1f}"))
            rows.append(("model size (MB)", f"{trained.stat().st_size / 1e6:.1f}"))
        trained = model.ensure(env)
        started = time.monotonic()
        processes = server.start(trained, ports, "bench", env)
        try:
            if not server.wait_until_ready(ports, timeout=600):
                raise SystemExit("servers did not start")
            ready = time.monotonic() - started
            answer = first_answer(f"http://127.0.0.1:{ports.rasa}")
            rows.append(("start-up to ready (s)", f"{ready:.1f}"))
            rows.append(("first answer after ready (s)", f"{answer:.2f}"))
            rows.append(("cold start to first answer (s)", f"{ready + answer:.1f}"))
            for name, process in zip(("action server", "rasa server"), processes):
                rows.append((f"resident memory, {name} (MiB)", f"{rss_kib(process.pid) / 1024:.0f}"))
            rows.append(("resident memory, total (MiB)", f"{sum(rss_kib(p.pid) for p in processes) / 1024:.0f}"))
        finally:
            server.stop(processes)
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value:>8}")


if __name__ == "__main__":
    main()
