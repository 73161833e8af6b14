"""Malformed requests never break a webhook, and no raw id reaches disk or logs."""

import json
import random
import sqlite3
from pathlib import Path
from urllib.parse import urlencode

from tests.helpers.channels import SECRET, TELEGRAM, inbound, message, twilio
from tests.helpers.servers import CHANNELS

WEBHOOKS = ["/webhooks/rest/webhook", TELEGRAM, "/webhooks/whatsapp/webhook", "/webhooks/sms/webhook"]
CONTENT_TYPES = ["application/json", "application/x-www-form-urlencoded", "text/plain", "multipart/form-data",
                 "application/xml", ""]


def malformed_bodies(rng: random.Random, count: int) -> list[bytes]:
    valid = json.dumps(message(99, text="hello")).encode()
    form = urlencode(inbound("+40725000666", "hello")).encode()
    makers = [
        lambda: bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300))),   # not UTF-8, not anything
        lambda: valid[: rng.randrange(len(valid))],                                  # truncated JSON
        lambda: form[: rng.randrange(len(form))],                                    # truncated form
        lambda: json.dumps({"update_id": rng.choice(["1", None, [], 1.5]), "message": rng.choice([[], "x", 5])}).encode(),
        lambda: json.dumps({"sender": rng.choice([None, 5, "", "x" * 500]), "message": rng.choice([None, [], {}, 7])}).encode(),
        lambda: json.dumps({"update_id": 5, "message": {"chat": {"id": "x" * 50}, "text": ["a"]}}).encode(),
        lambda: json.dumps({"update_id": 6, "callback_query": {"id": 1}}).encode(),
        lambda: b"[" * rng.randrange(1000, 100_000) + b"]" * rng.randrange(0, 10),     # deeply nested
        lambda: json.dumps({"sender": "abcdefgh12", "message": "x" * rng.randrange(2001, 300_000)}).encode(),
        lambda: urlencode({"From": "", "Body": "x" * rng.randrange(0, 100_000), "NumMedia": "many"}).encode(),
        lambda: b"From=%ZZ&Body=%E0%A4%A&&&==&NumMedia=-1",
        lambda: b"",
        lambda: b"null",
        lambda: json.dumps("just a string").encode(),
        lambda: "Body=привет&From=whatsapp:+1&From=+2".encode(),
    ]
    return [rng.choice(makers)() for _ in range(count)]


def test_fuzzed_webhooks_answer_4xx_or_200_and_keep_serving(assistant):
    rng = random.Random(20261130)
    failures = []
    for path in WEBHOOKS:
        for number, body in enumerate(malformed_bodies(rng, 520)):
            headers = {}
            if path == TELEGRAM and number % 2:
                headers.update(SECRET)  # half of them get past the secret, to reach the parser
            if "whatsapp" in path or "sms" in path:
                headers["X-Twilio-Signature"] = rng.choice(["", "AAAA", "x" * 40])
            status, _ = assistant.post(path, body, rng.choice(CONTENT_TYPES), headers)
            if not (status == 200 or 400 <= status < 500):
                failures.append((path, status, body[:80]))
    assert not failures, failures[:5]
    assert assistant.say("after-fuzzing-0001", "hello")


def _event_count(assistant) -> int:
    with sqlite3.connect(Path(assistant.var_dir) / "tracker.db") as db:
        return db.execute("select count(*) from events").fetchone()[0]


def test_signed_fuzzed_twilio_fields_reach_the_parser_and_a_400_stores_nothing(assistant):
    """Every body here carries a valid signature, so it gets past the check to the code behind it."""
    rng = random.Random(20261207)
    junk = ["", " ", "many", "-1", "1.5", "٣", "\x00", "%ZZ", "whatsapp:", "+", "x" * 3000, "привет", "/restart",
            '/inform{"region": 5}', "1", "MORE", "🙂" * 50]
    failures = []
    for number in range(120):
        channel = rng.choice(["whatsapp", "sms"])
        fields = inbound(f"+4072{rng.randrange(10**7):07d}", rng.choice(junk))
        for name in rng.sample(["From", "NumMedia", "Body", "MessageSid", "To"], rng.randrange(0, 3)):
            if rng.random() < 0.5:
                del fields[name]
            else:
                fields[name] = rng.choice(junk)
        bad = not fields.get("From") or not (fields.get("NumMedia") or "0").strip().lstrip("-").isdigit()
        before = _event_count(assistant)
        status, answer = twilio(assistant, channel, fields)  # signed over exactly these fields
        if not (status == 200 or 400 <= status < 500):
            failures.append((number, status, fields))
        elif bad and (status != 400 or _event_count(assistant) != before):
            failures.append((number, "should be a 400 that stores nothing", status, fields))
    assert not failures, failures[:5]
    assert assistant.say("after-signed-fuzzing-0001", "hello")


def test_no_raw_id_reaches_the_tracker_store_var_or_logs(assistant, fake_telegram):
    chat_id, phones = 5550001234, ["+40726111222", "+447700900123"]
    telegram_text = message(500, chat_id=chat_id, text="my boss took my passport, call me on +40 726 111 222")
    assert assistant.post(TELEGRAM, json.dumps(telegram_text).encode(), headers=SECRET)[0] == 200
    press = {"update_id": 501, "callback_query": {
        "id": "cbq-501", "from": {"id": chat_id, "is_bot": False, "first_name": "Ion"}, "chat_instance": "1",
        "data": "/request_human", "message": {"message_id": 1, "date": 1, "chat": {"id": chat_id, "type": "private"}}}}
    assert assistant.post(TELEGRAM, json.dumps(press).encode(), headers=SECRET)[0] == 200
    assert twilio(assistant, "whatsapp", inbound("whatsapp:" + phones[0], "i was not paid, my email is ion@example.ro",
                                                  to=CHANNELS["TWILIO_WHATSAPP_NUMBER"]))[0] == 200
    assert twilio(assistant, "sms", inbound(phones[1], "they keep my passport, ring me 07700 900123"))[0] == 200
    assert twilio(assistant, "sms", inbound(phones[1], "delete my data"))[0] == 200

    forbidden = [str(chat_id), "40726111222", "726 111 222", "447700900123", "7700 900123", "7700900123",
                 "ion@example.ro", "BUCURESTI", "010011"]
    found = []
    for path in Path(assistant.var_dir).rglob("*"):
        if path.is_file():
            content = path.read_bytes().decode("utf-8", errors="replace")
            found += [(path.name, value) for value in forbidden if value in content]
    assert not found, found
