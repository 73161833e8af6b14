"""Shared fixtures: trackers for action tests, and the real servers for end-to-end tests."""

from __future__ import annotations

import os
import tempfile

# Tests keep their state out of the checkout's var/ (set before bot.config reads the environment).
os.environ["BOT_VAR_DIR"] = tempfile.mkdtemp(prefix="bot-test-var-")
# ... and run with the test directory (the shipped one is the real organisations, to be verified).
os.environ["BOT_DIRECTORY_FILE"] = os.path.join(os.path.dirname(__file__), "data", "directory.yaml")
os.environ["BOT_SECRETS_DIR"] = tempfile.mkdtemp(prefix="bot-test-secrets-")
import subprocess
from collections.abc import Iterator

import pytest

from bot import config
from bot.runtime import model, server
from tests.helpers.fake_telegram import FakeTelegram
from tests.helpers.servers import (
    CHANNELS,
    LIVE_TIMEOUT,
    NEUTRAL_PAGE,
    ROOT,
    WEBHOOK_SECRET,
    Assistant,
    Mailbox,
    PartnerWebhook,
    directory_with_handoffs,
    free_port,
    make_tracker,
)


@pytest.fixture(autouse=True)
def fresh_settings():
    """Settings are read once per process; a test that changes the environment calls config.reload(),
    and every test starts and ends with the settings of the environment as it then is."""
    config.reload()
    yield
    config.reload()


@pytest.fixture
def tracker_factory():
    return make_tracker


@pytest.fixture(scope="session")
def fake_telegram():
    fake = FakeTelegram()
    yield fake
    fake.close()


@pytest.fixture(scope="session")
def mailbox():
    box = Mailbox()
    yield box
    box.controller.stop()


@pytest.fixture(scope="session")
def partner_webhook():
    hook = PartnerWebhook()
    yield hook
    hook.server.shutdown()


@pytest.fixture(scope="session")
def assistant(tmp_path_factory, fake_telegram, mailbox, partner_webhook) -> Iterator[Assistant]:
    """Both servers on free loopback ports, state in a fresh var/, the model trained for this run."""
    var_dir = tmp_path_factory.mktemp("var")
    ports = server.Ports(free_port(), free_port())
    env = server.environment(ports)
    env.update(BOT_VAR_DIR=str(var_dir), BOT_TRACKER_DB=str(var_dir / "tracker.db"), RASA_API_TOKEN="test-token")
    env.update(CHANNELS, TELEGRAM_API_BASE_URL=fake_telegram.base_url, BOT_SMTP_HOST="127.0.0.1",
               BOT_SMTP_PORT=str(mailbox.port), UNDOK_WEBHOOK_SECRET=WEBHOOK_SECRET, BOT_LIVE_CHAT_TIMEOUT=str(LIVE_TIMEOUT),
               BOT_LEAVE_URL=f"http://127.0.0.1:{ports.rasa}{NEUTRAL_PAGE}",
               BOT_DIRECTORY_FILE=str(directory_with_handoffs(var_dir / "directory.yaml", partner_webhook.url)))
    # The servers' temporary files go under var/ too, where a test can see that no audio is left behind.
    (var_dir / "tmp").mkdir()
    env["TMPDIR"] = str(var_dir / "tmp")
    trained = model.ensure(env)
    output = var_dir / "servers.log"
    with output.open("wb") as log:
        processes = [
            subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)
            for command in server.commands(trained, ports, "test-token")
        ]
        try:
            assert server.wait_until_ready(ports, timeout=600), output.read_text()
            yield Assistant(f"http://127.0.0.1:{ports.rasa}", var_dir, output)
        finally:
            server.stop(processes)
