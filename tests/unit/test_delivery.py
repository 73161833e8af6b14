"""Reports reach partners later than they are made, over checked TLS, never by redirect or plain http."""

import asyncio
import multiprocessing
import os
import smtplib
import ssl
import subprocess
import sys
import time
import types
import urllib.error
from pathlib import Path

import pytest

from bot import config
from bot.cases import delivery, outbox, reports

PARTNER = {"id": "partner-1", "name": "Partner", "handoff": {"delivery": "email", "email": "cases@partner.example"}}


@pytest.fixture(autouse=True)
def partner(monkeypatch):
    monkeypatch.setattr(delivery.directory, "by_id", lambda contact_id: PARTNER if contact_id == PARTNER["id"] else None)


def a_report() -> str:
    return reports.make_report("Berlin", "en", "care", [], "none", PARTNER["id"])


def test_a_report_waits_a_random_delay_before_it_leaves(monkeypatch):
    monkeypatch.setenv("BOT_DELIVERY_DELAY", "120")
    config.reload()
    sent = []

    async def deliver(report, contact):
        sent.append(report["code"])
        return "email"

    monkeypatch.setattr(delivery, "deliver", deliver)
    waits = {delivery.delay() for _ in range(50)}
    assert all(0 <= w <= 120 for w in waits) and len(waits) > 40  # random, bounded

    code = a_report()
    asyncio.run(delivery.enqueue(code))
    assert asyncio.run(delivery.deliver_due()) == [] and sent == []  # nothing left with the conversation
    assert asyncio.run(delivery.deliver_due(now=time.time() + 121)) == [code] and sent == [code]
    assert asyncio.run(delivery.deliver_due(now=time.time() + 121)) == [] and sent == [code]  # once
    assert reports.find(code)["delivered"] == "email"


def test_a_queued_report_outlives_its_process_and_a_new_one_delivers_it_once(monkeypatch, tmp_path):
    # The first process queues a report and ends before it is due: a restart, a crash, a deploy.
    monkeypatch.setenv("BOT_VAR_DIR", str(tmp_path))
    made = subprocess.run([sys.executable, "-c", (
        "import asyncio; from bot import config; from bot.cases import delivery, outbox, reports\n"
        "code = reports.make_report('Berlin', 'en', 'care', [], 'none', 'partner-1')\n"
        "asyncio.run(delivery.enqueue(code)); print(code)")],
        env={**os.environ, "BOT_VAR_DIR": str(tmp_path), "BOT_DELIVERY_DELAY": "1"},
        capture_output=True, text=True, check=True, cwd=Path(__file__).parents[2])
    code = made.stdout.strip().splitlines()[-1]
    config.reload()
    sent = []

    async def deliver(report, contact):
        sent.append(report["code"])
        return "email"

    monkeypatch.setattr(delivery, "deliver", deliver)
    later = time.time() + 2
    assert asyncio.run(delivery.deliver_due(now=later)) == [code]
    assert asyncio.run(delivery.deliver_due(now=later)) == [] and sent == [code]


def _poll_once(log: str, go) -> None:
    """One poller in its own process, recording what it delivered."""

    async def deliver(report, contact):
        with open(log, "a") as out:
            out.write(report["code"] + "\n")
        await asyncio.sleep(0.01)
        return "email"

    delivery.deliver = deliver
    go.wait()
    asyncio.run(delivery.deliver_due(now=time.time() + 10))


def test_two_processes_polling_at_once_deliver_each_report_once(monkeypatch, tmp_path):
    monkeypatch.setenv("BOT_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("BOT_DELIVERY_DELAY", "5")
    config.reload()
    codes = [a_report() for _ in range(30)]
    log = str(tmp_path / "sent.log")
    context = multiprocessing.get_context("fork")
    go = context.Event()
    pollers = [context.Process(target=_poll_once, args=(log, go)) for _ in range(2)]
    for poller in pollers:
        poller.start()
    go.set()
    for poller in pollers:
        poller.join(60)
    assert all(p.exitcode == 0 for p in pollers)
    sent = Path(log).read_text().split()
    assert sorted(sent) == sorted(codes)  # every one, none twice
    assert all(reports.find(c)["delivered"] == "email" for c in codes)


def test_a_failed_delivery_waits_longer_each_time_and_then_leaves(monkeypatch):
    monkeypatch.setenv("BOT_DELIVERY_DELAY", "0")
    config.reload()
    outcomes = ["", "", "webhook"]

    async def deliver(report, contact):
        return outcomes.pop(0)

    monkeypatch.setattr(delivery, "deliver", deliver)
    code = a_report()
    now = time.time()
    assert asyncio.run(delivery.deliver_due(now=now)) == []  # the partner's server is down
    with outbox.connect() as db:
        first = db.execute("SELECT due, attempts, lease FROM outbox WHERE code = ?", (code,)).fetchone()
    assert first[1] == 1 and first[2] == 0 and 60 <= first[0] - now <= 75
    assert asyncio.run(delivery.deliver_due(now=now + 30)) == []  # not yet due again: nothing tried
    assert asyncio.run(delivery.deliver_due(now=first[0])) == []  # the second try fails too
    with outbox.connect() as db:
        second = db.execute("SELECT due, attempts FROM outbox WHERE code = ?", (code,)).fetchone()
    assert second[1] == 2 and second[0] - first[0] >= 120  # longer
    assert asyncio.run(delivery.deliver_due(now=second[0])) == [code] and outcomes == []
    with outbox.connect() as db:
        assert db.execute("SELECT count(*) FROM outbox WHERE code = ?", (code,)).fetchone() == (0,)


def test_the_queue_holds_nothing_but_the_code_and_its_timing():
    code = a_report()
    with outbox.connect() as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(outbox)")]
        row = db.execute("SELECT * FROM outbox WHERE code = ?", (code,)).fetchone()
    assert columns == ["code", "due", "attempts", "lease"]
    assert row[0] == code and all(isinstance(v, (int, float)) for v in row[1:])


def test_a_live_chat_sends_the_waiting_report_at_once_and_only_once(monkeypatch):
    monkeypatch.setenv("BOT_DELIVERY_DELAY", "600")
    config.reload()
    sent = []

    async def deliver(report, contact):
        sent.append(report["code"])
        return "telegram"

    monkeypatch.setattr(delivery, "deliver", deliver)
    code = a_report()
    assert asyncio.run(delivery.deliver_waiting(code)) == "telegram"
    assert asyncio.run(delivery.deliver_waiting(code)) == "telegram" and sent == [code]


def test_starttls_checks_the_certificate_and_the_host(monkeypatch):
    monkeypatch.setenv("BOT_SMTP_STARTTLS", "1")
    config.reload()
    seen = {}

    class FakeSMTP:
        def __init__(self, *args, **kwargs): pass
        def __enter__(self): return self
        def __exit__(self, *args): return False
        def starttls(self, context=None): seen["context"] = context
        def send_message(self, mail): seen["sent"] = True

    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    delivery._email({"code": "X", "indicators": "[]", "needs": "[]"}, {"handoff": {"email": "a@example.org"}})
    context = seen["context"]
    assert isinstance(context, ssl.SSLContext) and seen["sent"]
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname


@pytest.mark.parametrize("url", ["http://partner.example.org/hook", "ftp://partner.example.org/", "http://127.0.0.1.evil.example/"])
def test_a_webhook_must_be_https(monkeypatch, url):
    monkeypatch.setenv("PARTNER_SECRET", "s")
    contact = {"id": "p", "handoff": {"delivery": "webhook", "webhook_url": url, "webhook_secret_env": "PARTNER_SECRET"}}
    with pytest.raises(ValueError):
        delivery._webhook({"code": "X", "region": "r", "language": "en", "sector": "care", "risk_level": "none",
                           "made_on": "2026-12-07", "summary": "", "indicators": "[]", "needs": "[]"}, contact)


def test_a_webhook_redirect_is_not_followed():
    import http.server
    import threading

    hits = []

    class Redirect(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            hits.append(self.path)
            self.send_response(307)
            self.send_header("Location", "/elsewhere")
            self.end_headers()

        def log_message(self, *args): pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    request = delivery.urllib.request.Request(f"http://127.0.0.1:{server.server_port}/hook", data=b"{}", method="POST")
    try:
        with pytest.raises(urllib.error.HTTPError):
            delivery._opener().open(request, timeout=5)
    finally:
        server.shutdown()
    assert hits == ["/hook"]


def test_webhook_signature_matches_a_vector_computed_outside_python():
    # `printf '{"case": {"code": "K7QM-4XRT-9PWA"}}' | openssl dgst -sha256 -hmac partner-secret`
    body = b'{"case": {"code": "K7QM-4XRT-9PWA"}}'
    assert delivery.signature("partner-secret", body) == \
        "sha256=4048e80efcb33e14c1c1056d23d9c6430761aca90530a4e9e436a7b180e88a46"
    assert delivery.signature("partner-secret", body + b" ") != delivery.signature("partner-secret", body)


def test_the_action_server_polls_the_queue_from_its_start_to_its_stop(monkeypatch):
    from bot.runtime import action_server

    monkeypatch.setenv("BOT_DELIVERY_DELAY", "0")
    config.reload()
    sent = []

    async def deliver(report, contact):
        sent.append(report["code"])
        return "email"

    monkeypatch.setattr(delivery, "deliver", deliver)
    code = a_report()  # queued, due now, before the server starts: left by an earlier run
    listeners = {}
    app = types.SimpleNamespace(register_listener=lambda listener, event: listeners.setdefault(event, listener))
    action_server.DeliveryQueue().attach_sanic_app_extensions(app)

    async def serve() -> None:
        await listeners["after_server_start"](app, None)
        for _ in range(100):
            if sent:
                break
            await asyncio.sleep(0.05)
        await listeners["before_server_stop"](app, None)

    asyncio.run(serve())
    assert sent == [code] and reports.find(code)["delivered"] == "email"
