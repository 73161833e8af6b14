"""Our assistant and stock Rasa started side by side for a bench that compares them in one run.

Both read a fresh var/ in a temporary folder; our rate limits are raised because one bench client
sends fast on purpose (the assistant's work is measured, not the flood guard). On failure the end
of the servers' log is printed; both are stopped on the way out.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench import stock
from bench.footprint import free_port
from bot.runtime import model, server


@contextmanager
def ours_and_stock() -> Iterator[dict[str, str]]:
    """{"ours": base URL, "stock": base URL}, both ready."""
    with tempfile.TemporaryDirectory() as var:
        ports = server.Ports(free_port(), free_port())
        env = server.environment(ports)
        env.update(BOT_VAR_DIR=var, BOT_TRACKER_DB=f"{var}/tracker.db", RASA_API_TOKEN="bench",
                   BOT_RATE_PER_CLIENT="1000000", BOT_RATE_PER_CONVERSATION="100000")
        stock_model, _ = stock.ensure_model(env)
        stock_port = free_port()
        with open(f"{var}/servers.log", "wb") as log:  # the bench's table stays readable
            processes = server.start(model.ensure(env), ports, "bench", env, log)
            processes.append(stock.start(stock_model, stock_port, env, log))
            try:
                if not (server.wait_until_ready(ports, timeout=600) and stock.wait_until_ready(stock_port, timeout=600)):
                    raise SystemExit("servers did not start")
                yield {"ours": f"http://127.0.0.1:{ports.rasa}", "stock": f"http://127.0.0.1:{stock_port}"}
            except BaseException:
                print(Path(var, "servers.log").read_text(errors="replace")[-3000:], file=sys.stderr)
                raise
            finally:
                server.stop(processes)
