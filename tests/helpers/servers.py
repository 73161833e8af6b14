"""Servers under test: free loopback ports, the running assistant, a mailbox, a partner's webhook, trackers."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import tempfile

# Tests keep their state out of the checkout's var/ (set before bot.paths is imported).
os.environ["BOT_VAR_DIR"] = tempfile.mkdtemp(prefix="bot-test-var-")
os.environ["BOT_SECRETS_DIR"] = tempfile.mkdtemp(prefix="bot-test-secrets-")
import socket
import sqlite3
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from rasa_sdk import Tracker

from bot.config import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_tracker(text: str = "", intent: str = "", slots: dict | None = None, entities: list | None = None,
                 events: list | None = None, active_loop: str | None = None, confidence: float = 1.0) -> Tracker:
    return Tracker.from_dict({
        "sender_id": "test-conversation",
        "slots": slots or {},
        "latest_message": {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": entities or []},
        "events": events or [],
        "active_loop": {"name": active_loop} if active_loop else {},
        "latest_action_name": "action_listen",
    })


class Assistant:
    """The running assistant, spoken to over HTTP the way the web chat does."""

    def __init__(self, base: str, var_dir: Path, output: Path):
        self.base = base
        self.var_dir = var_dir
        self.output = output

    def post(self, path: str, body: bytes, content_type: str = "application/json",
             headers: dict | None = None) -> tuple[int, Any]:
        request = urllib.request.Request(self.base + path, data=body,
                                         headers={"Content-Type": content_type, **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                payload = answer.read()
                if "json" in (answer.headers.get("Content-Type") or ""):
                    return answer.status, json.loads(payload or b"null")
                return answer.status, payload.decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def say(self, sender: str, message: str) -> list[dict]:
        status, replies = self.post("/webhooks/rest/webhook", json.dumps({"sender": sender, "message": message}).encode())
        assert status == 200, replies
        return replies

    def stored_events(self, sender: str) -> list[dict]:
        """A conversation's stored events, by its pseudonym or by a web chat page's token."""
        sender = sender if re.fullmatch(r"[0-9a-f]{64}", sender) else web_pseudonym(sender)
        with sqlite3.connect(self.var_dir / "tracker.db") as db:
            rows = db.execute("select data from events where sender_id = ?", (sender,)).fetchall()
        return [json.loads(data) for (data,) in rows]


# Channel settings the servers under test run with (the Telegram API is a fake on loopback).
CHANNELS = {
    "TELEGRAM_BOT_TOKEN": "123456:TEST-TOKEN",
    "TELEGRAM_SECRET_TOKEN": "telegram-secret-for-tests",
    "TWILIO_AUTH_TOKEN": "twilio-auth-token-for-tests",
    "TWILIO_WHATSAPP_NUMBER": "whatsapp:+14155238886",
    "TWILIO_SMS_NUMBER": "+15005550006",
    "TWILIO_ACCOUNT_SID": "AC" + "c" * 32,
    "BOT_PUBLIC_URL": "https://bot.example.org",
    "BOT_PSEUDONYM_KEY": "pseudonym-key-for-tests",
    # The shared servers deliver at once and let the suite's many requests from 127.0.0.1 through;
    # tests/integration/test_flood.py starts its own servers with the limits and delay on.
    "BOT_DELIVERY_DELAY": "0",
    "BOT_RATE_PER_CLIENT": "100000",
    "BOT_RATE_PER_CONVERSATION": "1000",
    "BOT_REPORTS_PER_CONVERSATION": "1000",
    "BOT_REPORTS_PER_HOUR": "100000",
}


PARTNER_GROUP = -1001234567890


def web_pseudonym(token: str) -> str:
    """What the servers under test call a web chat page's conversation (HMAC of "web:" + token)."""
    return hmac.new(CHANNELS["BOT_PSEUDONYM_KEY"].encode(), f"web:{token}".encode(), hashlib.sha256).hexdigest()


WEBHOOK_SECRET = "partner-webhook-secret-for-tests"


class Mailbox:
    """An SMTP server on loopback (aiosmtpd) keeping what it receives."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list[str] = []
        mailbox = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
                mailbox.messages.append(envelope.content.decode("utf-8", errors="replace"))
                return "250 OK"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()


class PartnerWebhook:
    """A partner's webhook on loopback, keeping each request's body and signature."""

    def __init__(self) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.requests: list[tuple[bytes, str]] = []
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                hook.requests.append((body, self.headers.get("X-Outreach-Signature") or ""))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/cases"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def directory_with_handoffs(path: Path, webhook_url: str) -> Path:
    """The test directory (tests/data/directory.yaml), with a way to deliver reports for three partners."""
    text = (ROOT / "tests" / "data" / "directory.yaml").read_text(encoding="utf-8")
    text = text.replace("    source: \"CG(2025)48-13, para. 121 (free, confidential, multilingual counselling)\"",
                        "    handoff: {delivery: email, email: cases@arbeit-und-leben.example}\n"
                        "    source: \"CG(2025)48-13, para. 121 (free, confidential, multilingual counselling)\"")
    # The helpline's group chats live, and it is open round the clock, so live chats can start at any hour.
    text = text.replace("    source: \"placeholder so that a person is never left without a contact\"",
                        f"    handoff: {{delivery: telegram, telegram_chat_id: {PARTNER_GROUP}, live: true}}\n"
                        "    source: \"placeholder so that a person is never left without a contact\"")
    helpline = text.index("id: example-helpline")
    weekdays = '- {days: [mon, tue, wed, thu, fri], open: "09:00", close: "17:00"}'
    at = text.index(weekdays, helpline)
    text = text[:at] + '- {days: [mon, tue, wed, thu, fri, sat, sun], open: "00:00", close: "24:00"}' + text[at + len(weekdays):]
    text = text.replace("    source: \"CG(2025)48-13, para. 121 (drop-in centre for undocumented workers)\"",
                        f"    handoff: {{delivery: webhook, webhook_url: \"{webhook_url}\", webhook_secret_env: UNDOK_WEBHOOK_SECRET}}\n"
                        "    source: \"CG(2025)48-13, para. 121 (drop-in centre for undocumented workers)\"")
    assert text.count("handoff:") == 3
    path.write_text(text, encoding="utf-8")
    return path


LIVE_TIMEOUT = 6  # seconds without a message before a live chat ends (900 when running for real)


NEUTRAL_PAGE = "/webhooks/rest?neutral"  # where "Leave quickly" goes in tests: a page of no interest, on loopback
