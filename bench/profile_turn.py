"""Where a message's time goes inside the Rasa server, by part, under cProfile.

    .venv/bin/python bench/profile_turn.py [--messages 120]

Loads our model in this process with endpoints.yml (the action server runs beside it, as `make run`
starts it), hands it the conversations bench/throughput.py sends, each scrubbed as the web channel
does, and adds up the time spent in each part's own code: scrubbing (bot/privacy, phonenumbers),
language detection (lingua), our NLG, the tracker store (its scrubbing and SQLAlchemy), NLU and
policies (Rasa, TensorFlow), waiting for the action server (its work included), the rest.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import subprocess
import tempfile
import time
from pathlib import Path

from bench.footprint import free_port
from bench.throughput import CONVERSATION
from bot.config import ROOT
from bot.privacy import scrubber
from bot.runtime import model, rasa_server, server

# A function's own time goes to the first part whose marker its file path holds.
PARTS = [
    ("scrubbing: bot/privacy", "/bot/privacy/"),
    ("scrubbing: phonenumbers", "/phonenumbers/"),
    ("case codes (store's redaction)", "/bot/cases/case_codes.py"),
    ("tracker store: ours", "/bot/rasa_plugins/tracker_store.py"),
    ("tracker store: SQLAlchemy, sqlite", ("/sqlalchemy/", "sqlite3")),
    ("language detection: lingua", "/lingua/"),
    ("language: bot/language", "/bot/language/"),
    ("NLG: bot/rasa_plugins/nlg.py, facts, babel", ("/bot/rasa_plugins/nlg.py", "/bot/assessment/", "/babel/")),
    ("action answers checked: jsonschema", ("/jsonschema/", "/bot/rasa_plugins/action_schema.py")),
    ("NLU + policies: TensorFlow", ("/tensorflow/", "/keras/")),
    ("NLU + policies: numpy, scipy, sklearn", ("/numpy/", "/scipy/", "/sklearn/")),
    ("events, trackers, featurising: rasa", "/rasa/"),
    ("HTTP to the action server: aiohttp", ("/aiohttp/", "/yarl/", "/multidict/")),
    ("JSON", "/json/"),
    ("waiting on I/O (event loop select)", ("/selectors.py", "{method 'poll'", "select.epoll")),
]


def part_of(filename: str) -> str:
    for name, markers in PARTS:
        if any(marker in filename for marker in ([markers] if isinstance(markers, str) else markers)):
            return name
    return "other (asyncio, python, builtins)"


def by_part(profile: cProfile.Profile) -> dict[str, float]:
    """Own time per part; a built-in (a regex match, a TensorFlow kernel) counts for its callers."""
    totals: dict[str, float] = {}
    for (filename, _line, function), (_cc, _nc, own, _cum, callers) in pstats.Stats(profile).stats.items():
        name = part_of(f"{filename} {function}")
        if filename == "~" and name.startswith("other") and callers:
            for (caller_file, _l, caller_function), (_c, _n, caller_own, _cu) in callers.items():
                part = part_of(f"{caller_file} {caller_function}")
                totals[part] = totals.get(part, 0.0) + caller_own
        else:
            totals[name] = totals.get(name, 0.0) + own
    return totals


async def converse(agent, messages: int, prefix: str) -> None:
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage


    for n in range(messages):
        text = CONVERSATION[n % len(CONVERSATION)]
        sender = f"{prefix}-{n // len(CONVERSATION)}"
        await agent.handle_message(UserMessage(scrubber.scrub(text), CollectingOutputChannel(), sender, input_channel="rest"))


def print_parts(title: str, totals: dict[str, float], messages: int, wall: float) -> None:
    print(f"{title}: {messages} messages, {wall / messages * 1000:.0f} ms each (wall, profiled)")
    print(f"{'part':<42}{'ms/message':>11}{'share':>8}")
    whole = sum(totals.values())
    for name, seconds in sorted(totals.items(), key=lambda item: -item[1]):
        print(f"{name:<42}{seconds / messages * 1000:>11.1f}{seconds / whole:>8.0%}")


def print_unplaced(profile: cProfile.Profile, messages: int, top: int = 12) -> None:
    """The functions whose time no part took, so that the table's last row can be read."""
    rows = [(own, f"{Path(f).name}:{line} {function}") for (f, line, function), (_c, _n, own, _cu, _ca)
            in pstats.Stats(profile).stats.items() if part_of(f"{f} {function}").startswith("other") and f != "~"]
    print("largest in other:", ", ".join(f"{name} {own / messages * 1000:.1f}" for own, name in sorted(rows)[-top:][::-1]))


async def profile_rasa(env: dict[str, str], trained: Path, messages: int) -> None:
    import logging

    from rasa.core.agent import load_agent
    from rasa.core.utils import AvailableEndpoints
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    # Logging as `rasa run` sets it (INFO): unconfigured, structlog would print every debug event.
    configure_logging_and_warnings(logging.INFO)
    configure_structlog(logging.INFO)
    rasa_server.prepare()  # what the served process installs first (the compiled action schema)

    agent = await load_agent(model_path=str(trained), endpoints=AvailableEndpoints.read_endpoints(str(ROOT / "endpoints.yml")))
    await converse(agent, 12, "warm")
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    await converse(agent, messages, "profiled")
    profile.disable()
    print_parts("Rasa server", by_part(profile), messages, time.perf_counter() - started)
    print_unplaced(profile, messages)


def wait_for(url: str, timeout: float = 300) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=120)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var:
        ports = server.Ports(free_port(), free_port())
        env = server.environment(ports)
        env.update(BOT_VAR_DIR=var, BOT_TRACKER_DB=f"{var}/tracker.db", RASA_API_TOKEN="bench")
        trained = model.ensure(env)
        action_server = server.commands(trained, ports, "bench")[0]
        actions = [subprocess.Popen(action_server, cwd=ROOT, env=env, start_new_session=True)]
        try:
            os.environ.update(env)  # endpoints.yml reads BOT_TRACKER_DB and BOT_ACTION_URL
            wait_for(f"http://127.0.0.1:{ports.actions}/health")
            asyncio.run(profile_rasa(env, trained, args.messages))
        finally:
            server.stop(actions)


if __name__ == "__main__":
    main()
