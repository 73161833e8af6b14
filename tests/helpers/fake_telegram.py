"""A fake Telegram Bot API server on loopback: records the calls our bot makes, answers like Telegram."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl


class FakeTelegram:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8")
                if "json" in (self.headers.get("Content-Type") or ""):
                    params = json.loads(body or "{}")
                else:
                    params = {k: _maybe_json(v) for k, v in parse_qsl(body)}
                method = self.path.rsplit("/", 1)[-1]
                with fake.lock:
                    fake.calls.append((method, params))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(json.dumps({"ok": True, "result": _result(method, params)}).encode())

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}/bot"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def take(self) -> list[tuple[str, dict]]:
        with self.lock:
            calls, self.calls = self.calls, []
        return calls

    def wait_for(self, method: str, count: int = 1, timeout: float = 30) -> list[dict]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                found = [p for m, p in self.calls if m == method]
            if len(found) >= count:
                return found
            time.sleep(0.05)
        return found

    def close(self) -> None:
        self.server.shutdown()


def _maybe_json(value: str):
    try:
        return json.loads(value)
    except ValueError:
        return value


def _result(method: str, params: dict):
    if method == "sendMessage":
        return {"message_id": 1, "date": int(time.time()), "text": params.get("text", ""),
                "chat": {"id": int(params.get("chat_id", 0)), "type": "private"}}
    if method == "getMe":
        return {"id": 1, "is_bot": True, "first_name": "Outreach", "username": "outreach_bot"}
    return True
