"""A fake Telegram Bot API server on loopback: records the calls our bot makes, answers like Telegram."""

from __future__ import annotations

import json
import threading
import time
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl


class FakeTelegram:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []
        self.files: dict[str, bytes] = {}  # file_id -> bytes, served by getFile and the file address
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                # https://core.telegram.org/bots/api#getfile: /file/bot<token>/<file_path>
                file_id = self.path.rsplit("/", 1)[-1].removesuffix(".oga")
                data = fake.files.get(file_id) if "/file/bot" in self.path else None
                self.send_response(200 if data is not None else 404)
                self.end_headers()
                self.wfile.write(data or b"")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                kind = self.headers.get("Content-Type") or ""
                if "multipart/form-data" in kind:  # an upload: sendVoice with the audio's bytes
                    params = _multipart(kind, raw)
                elif "json" in kind:
                    params = json.loads(raw.decode("utf-8") or "{}")
                else:
                    params = {k: _maybe_json(v) for k, v in parse_qsl(raw.decode("utf-8"))}
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


def _multipart(kind: str, body: bytes) -> dict:
    """The fields of a multipart/form-data body: files as bytes, the rest as values."""
    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {kind}\r\n\r\n".encode() + body)
    params: dict = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        data = part.get_payload(decode=True)
        params[name] = data if part.get_filename() else _maybe_json(data.decode("utf-8"))
    return params


def _maybe_json(value: str):
    try:
        return json.loads(value)
    except ValueError:
        return value


def _result(method: str, params: dict):
    if method == "sendMessage":
        return {"message_id": 1, "date": int(time.time()), "text": params.get("text", ""),
                "chat": {"id": int(params.get("chat_id", 0)), "type": "private"}}
    if method == "getFile":
        file_id = str(params.get("file_id"))
        return {"file_id": file_id, "file_unique_id": "u" + file_id, "file_size": 1000, "file_path": f"voice/{file_id}.oga"}
    if method == "sendVoice":
        return {"message_id": 2, "date": int(time.time()), "chat": {"id": int(params.get("chat_id", 0)), "type": "private"},
                "voice": {"file_id": "sent", "file_unique_id": "sent", "duration": 1}}
    if method == "getMe":
        return {"id": 1, "is_bot": True, "first_name": "Outreach", "username": "outreach_bot"}
    return True
