"""The assistant on free loopback ports with a fresh var/, for the benches that talk to it."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from bot.runtime import model, server
from tests.helpers.servers import free_port


@contextmanager
def assistant(token: str) -> Iterator[str]:
    """Both servers (the model trained if the data changed), stopped on leaving; yields Rasa's URL."""
    with tempfile.TemporaryDirectory() as var:
        ports = server.Ports(free_port(), free_port())
        env = server.environment(ports)
        env.update(BOT_VAR_DIR=var, BOT_TRACKER_DB=f"{var}/tracker.db", RASA_API_TOKEN=token)
        # A bench is one client sending fast on purpose: it measures the assistant's work, not the
        # flood guard (bench/flood.py and tests/integration/test_flood.py measure that).
        env.update(BOT_RATE_PER_CLIENT="1000000", BOT_RATE_PER_CONVERSATION="100000")
        processes = server.start(model.ensure(env), ports, token, env)
        try:
            if not server.wait_until_ready(ports, timeout=600):
                raise SystemExit("servers did not start")
            yield f"http://127.0.0.1:{ports.rasa}"
        finally:
            server.stop(processes)
