"""Latency of one webhook request per channel, end to end through the running assistant.

    .venv/bin/python bench/webhook_latency.py [--requests 40]

Starts the assistant on free loopback ports with every channel on (Telegram pointed at a fake Bot
API on loopback, Twilio requests signed with a test token), sends the same short conversation turns
through each webhook one after the other, and prints p50/p95/max per channel. The fake Telegram API
answers at once, so Telegram's figure is our side only.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
import urllib.request
from urllib.parse import urlencode

from twilio.request_validator import RequestValidator

from bot.runtime import model, server
from tests.helpers.fake_telegram import FakeTelegram
from tests.helpers.servers import CHANNELS, free_port

TURNS = ["how many hours can they make me work", "the agency want 500 euro for the job", "what is the minimum wage"]


def post(url: str, body: bytes, content_type: str, headers: dict | None = None) -> float:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type, **(headers or {})})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as answer:
        answer.read()
    return time.perf_counter() - started


def twilio_body(base: str, channel: str, sender: str, text: str) -> tuple[bytes, dict]:
    fields = {"From": sender, "To": CHANNELS["TWILIO_SMS_NUMBER"], "Body": text, "NumMedia": "0"}
    path = f"/webhooks/{channel}/webhook"
    signature = RequestValidator(CHANNELS["TWILIO_AUTH_TOKEN"]).compute_signature(CHANNELS["BOT_PUBLIC_URL"] + path, fields)
    return urlencode(fields).encode(), {"X-Twilio-Signature": signature}


def measure(base: str, requests: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"web": [], "telegram": [], "whatsapp": [], "sms": []}
    for number in range(requests):
        text = TURNS[number % len(TURNS)]
        sender = f"bench-{number // len(TURNS):04d}"
        body = json.dumps({"sender": f"bench-web-{sender}", "message": text}).encode()
        times["web"].append(post(base + "/webhooks/rest/webhook", body, "application/json"))
        update = {"update_id": number, "message": {"message_id": number, "date": 1764500000, "text": text,
                                                   "chat": {"id": 10_000 + number // 3, "type": "private"}}}
        times["telegram"].append(post(base + "/webhooks/telegram/webhook", json.dumps(update).encode(), "application/json",
                                      {"X-Telegram-Bot-Api-Secret-Token": CHANNELS["TELEGRAM_SECRET_TOKEN"]}))
        for channel, prefix in (("whatsapp", "whatsapp:+4915100"), ("sms", "+4915200")):
            body, headers = twilio_body(base, channel, f"{prefix}{number // 3:05d}", text)
            times[channel].append(post(f"{base}/webhooks/{channel}/webhook", body, "application/x-www-form-urlencoded", headers))
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=40, help="requests per channel")
    args = parser.parse_args()
    fake = FakeTelegram()
    with tempfile.TemporaryDirectory() as var:
        ports = server.Ports(free_port(), free_port())
        env = server.environment(ports)
        env.update(CHANNELS, BOT_VAR_DIR=var, BOT_TRACKER_DB=f"{var}/tracker.db", RASA_API_TOKEN="bench",
                   TELEGRAM_API_BASE_URL=fake.base_url)
        processes = server.start(model.ensure(env), ports, "bench", env)
        try:
            if not server.wait_until_ready(ports, timeout=600):
                raise SystemExit("servers did not start")
            base = f"http://127.0.0.1:{ports.rasa}"
            measure(base, 3)  # warm up: first requests load lazy parts
            times = measure(base, args.requests)
        finally:
            server.stop(processes)
            fake.close()
    print(f"{'channel':<10}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for channel, values in times.items():
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
        print(f"{channel:<10}{len(values):>9}{statistics.median(values) * 1000:>9.0f}{p95 * 1000:>9.0f}{ordered[-1] * 1000:>9.0f}")


if __name__ == "__main__":
    main()
