"""A quiet client's answer times while 10,000 mixed requests flood the four webhooks.

    .venv/bin/python -m bench.flood [--total 10000] [--rate 100] [--profile rasa.prof]

Starts the assistant as tests/integration/test_flood.py does (its limits, its request mix, its
clients: the helpers are reused, so the bench and the test measure the same thing), measures one
quiet client's turns unloaded, then again while the flood runs, and prints both p95s and their
ratio (the target is at most 2). The machine is shared: run it three times and report each.
With --profile the Rasa process runs under cProfile and writes its profile there when stopped.
"""

from __future__ import annotations

import argparse
import collections
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bot.runtime import model, server
from tests.helpers.fake_telegram import FakeTelegram
from tests.helpers.servers import CHANNELS, ROOT, free_port
from tests.integration import test_flood as flood


def start(var_dir: Path, fake: FakeTelegram, profile: str) -> tuple[flood.Server, list[subprocess.Popen], object]:
    ports = server.Ports(free_port(), free_port())
    env = server.environment(ports)
    env.update(CHANNELS, BOT_VAR_DIR=str(var_dir), BOT_TRACKER_DB=str(var_dir / "tracker.db"),
               BOT_SECRETS_DIR=str(var_dir / "secrets"), RASA_API_TOKEN="flood-token",
               TELEGRAM_API_BASE_URL=fake.base_url, **flood.LIMITS)
    commands = server.commands(model.ensure(env), ports, "flood-token")
    if profile:  # the Rasa server (the second command, "python -m module ...") under cProfile
        python, flag, *rest = commands[1]
        commands[1] = [python, "-m", "cProfile", "-o", profile, flag, *rest]
    log = (var_dir / "servers.log").open("wb")
    processes = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)
                 for command in commands]
    if not server.wait_until_ready(ports, timeout=600, processes=processes):
        server.stop(processes)
        raise SystemExit("servers did not start; see " + str(var_dir / "servers.log"))
    return flood.Server("127.0.0.1", ports.rasa, var_dir), processes, log


def run(target: flood.Server, total: int, rate: float) -> tuple[list[float], list[float], collections.Counter]:
    for n in range(5):  # warm up: the first turns load the model's caches
        flood.quiet_turn(target, 900 + n)
    unloaded = [flood.quiet_turn(target, n) for n in range(20)]
    planned = flood.requests()[:total]
    loaded: list[float] = []
    statuses: collections.Counter = collections.Counter()
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [(kind, pool.submit(flood.post, target, client, path, body, ctype, headers, started + i / rate))
                   for i, (kind, client, path, body, ctype, headers, _) in enumerate(planned)]
        n = 100
        while not all(f.done() for _, f in futures):
            loaded.append(flood.quiet_turn(target, n))
            n += 1
            time.sleep(0.2)
        for kind, future in futures:
            statuses[(kind, future.result()[0])] += 1
    return unloaded, loaded, statuses


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--total", type=int, default=flood.TOTAL)
    parser.add_argument("--rate", type=float, default=flood.RATE, help="flood requests a second")
    parser.add_argument("--profile", default="", help="write the Rasa process's cProfile output here")
    args = parser.parse_args()
    fake = FakeTelegram()
    with tempfile.TemporaryDirectory() as folder:
        target, processes, log = start(Path(folder), fake, str(Path(args.profile).resolve()) if args.profile else "")
        try:
            unloaded, loaded, statuses = run(target, args.total, args.rate)
        finally:
            server.stop(processes)
            log.close()  # type: ignore[attr-defined]
            fake.close()
    before, during = flood.p95(unloaded), flood.p95(loaded)
    print(f"statuses: {dict(sorted(statuses.items()))}")
    print(f"unloaded p95 {before:.3f} s ({len(unloaded)} turns); loaded p95 {during:.3f} s ({len(loaded)} turns); "
          f"max {max(loaded):.3f} s; ratio {during / before:.2f}")


if __name__ == "__main__":
    main()
