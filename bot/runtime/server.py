"""Start the assistant: the Rasa server and the action server, both on 127.0.0.1, stopped together."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot import config
from bot.config import ROOT, var_path
from bot.privacy import local_secret, pseudonyms, retention


@dataclass
class Ports:
    rasa: int = 5005
    actions: int = 5055


def api_token() -> tuple[str, bool]:
    """RASA_API_TOKEN, or one generated once into BOT_SECRETS_DIR; True when it was generated.

    Hex: a generated token never begins with "-", which Rasa's argument parser took for an option
    (and a bad token kept would have failed every later start)."""
    configured = config.get().rasa_api_token
    if configured:
        return configured, False
    return local_secret.read_or_create("rasa_api_token", lambda: secrets.token_hex(32)), True


def environment(ports: Ports) -> dict[str, str]:
    """What Rasa, the action server and their children need: config by environment, no telemetry."""
    env = config.environment()
    env.update(
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
        RASA_TELEMETRY_ENABLED="false",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        TF_CPP_MIN_LOG_LEVEL="2",
        PYTHONWARNINGS="ignore",
        SANIC_HOST="127.0.0.1",
        BOT_VAR_DIR=str(config.var_dir()),
        BOT_ACTION_URL=env.get("BOT_ACTION_URL") or f"http://127.0.0.1:{ports.actions}/webhook",
        BOT_TRACKER_DB=env.get("BOT_TRACKER_DB") or str(var_path("tracker.db")),
    )
    return env


def commands(model: Path, ports: Ports, token: str, endpoints: Path = ROOT / "endpoints.yml") -> list[list[str]]:
    """The action server's and the Rasa server's command lines; `endpoints` picks the profile
    (endpoints.yml on one machine, deploy/endpoints.scale.yml beyond it)."""
    python = sys.executable
    return [
        [python, "-m", "bot.runtime.action_server", "--actions", "actions", "--port", str(ports.actions)],
        # --auth-token=TOKEN in one argument: any token, even one beginning with "-", is the value.
        [python, "-m", "bot.runtime.rasa_server", "run", "--model", str(model), "--enable-api", f"--auth-token={token}",
         "--interface", "127.0.0.1", "--port", str(ports.rasa),
         "--endpoints", str(endpoints), "--credentials", str(ROOT / "credentials.yml")],
    ]


def start(model: Path, ports: Ports, token: str, env: dict[str, str], output: Any = None) -> list[subprocess.Popen]:
    """Both servers; their output goes to `output` (a file) when given, else to ours."""
    return [subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True, stdout=output, stderr=output)
            for command in commands(model, ports, token)]


def stop(processes: list[subprocess.Popen], timeout: float = 20) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for process in processes:
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


NAMES = ("the action server", "the Rasa server")  # in the order of commands()


def died(processes: list[subprocess.Popen]) -> str | None:
    """"<which server> exited (code N)" for the first server that is no longer running, else None."""
    for name, process in zip(NAMES, processes):
        if process.poll() is not None:
            return f"{name} exited (code {process.returncode}); its output above says why"
    return None


def wait_until_ready(ports: Ports, timeout: float = 300, processes: list[subprocess.Popen] | None = None) -> bool:
    """True once both servers answer their health checks; False at the timeout or as soon as one of
    `processes` has exited (waiting on a dead server would hang with no assistant and no error)."""
    import urllib.request

    urls = [f"http://127.0.0.1:{ports.actions}/health", f"http://127.0.0.1:{ports.rasa}/webhooks/rest"]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if processes and died(processes):
            return False
        try:
            for url in urls:
                urllib.request.urlopen(url, timeout=2).read()
            return True
        except OSError:
            time.sleep(0.5)
    return False


PRUNE_EVERY = 24 * 3600


def prune_now(env: dict[str, str]) -> None:
    pruned = retention.prune_all(tracker_db=Path(env["BOT_TRACKER_DB"]))
    print(f"retention: {pruned}", flush=True)


def run(ports: Ports, model: Path, env: dict[str, str]) -> int:
    """Serve until Ctrl-C (or one server dies), then stop both. Prunes old events at start and daily."""
    def stop_on_term(*_: object) -> None:
        raise KeyboardInterrupt  # a service manager's stop (SIGTERM) stops both servers like Ctrl-C

    signal.signal(signal.SIGTERM, stop_on_term)
    try:
        pseudonyms.check()
    except pseudonyms.MissingKey as error:
        print(f"Not started: {error}", file=sys.stderr, flush=True)
        return 2
    token, generated = api_token()
    if generated:  # where it is, never the token itself: output ends up in logs and terminals' scrollback
        print(f"Rasa HTTP API token (RASA_API_TOKEN unset): kept in {local_secret.path_of('rasa_api_token')}",
              flush=True)
    processes = start(model, ports, token, env)
    try:
        if wait_until_ready(ports, processes=processes):
            print(f"Ready: web chat at http://127.0.0.1:{ports.rasa}/webchat  (Ctrl-C stops)", flush=True)
        last_prune = 0.0
        while not died(processes):
            if time.monotonic() - last_prune >= PRUNE_EVERY or not last_prune:
                prune_now(env)
                last_prune = time.monotonic()
            time.sleep(0.5)
        print(f"Stopped: {died(processes)}", file=sys.stderr, flush=True)
        return next((p.returncode for p in processes if p.returncode), 1)
    except KeyboardInterrupt:
        return 0
    finally:
        stop(processes)
