"""`python -m bot run` (what `make run` starts): serves the web chat, prunes, and stops both servers."""

import json
import os
import signal
import subprocess
import sys
import urllib.request

from bot.runtime import server
from tests.helpers.servers import ROOT, free_port


def test_run_serves_then_stops_both_servers_on_sigterm(tmp_path):
    ports = server.Ports(free_port(), free_port())
    env = dict(os.environ, BOT_VAR_DIR=str(tmp_path), RASA_API_TOKEN="run-test-token", PYTHONWARNINGS="ignore")
    env.pop("BOT_TRACKER_DB", None)
    process = subprocess.Popen([sys.executable, "-m", "bot", "run", "--port", str(ports.rasa), "--action-port",
                                str(ports.actions)], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    try:
        assert server.wait_until_ready(ports, timeout=600)
        body = json.dumps({"sender": "run-test-conversation", "message": "hello"}).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{ports.rasa}/webhooks/rest/webhook", data=body,
                                         headers={"Content-Type": "application/json"})
        assert json.loads(urllib.request.urlopen(request, timeout=60).read())
        assert (tmp_path / "tracker.db").exists()  # state under the var folder it was given
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=60)
    assert "retention: deleted" in output and "Ready: web chat" in output
    for port in (ports.rasa, ports.actions):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            raise AssertionError(f"port {port} still answers")
        except OSError:
            pass
