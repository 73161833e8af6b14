"""Reports reach partners later than they are made, over checked TLS, never by redirect or plain http."""

import asyncio
import smtplib
import ssl
import urllib.error

import pytest

from bot import config
from bot.cases import delivery, reports

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

    async def scenario() -> tuple[list, list]:
        code = a_report()
        await delivery.enqueue(code)
        right_after = list(sent)
        monkeypatch.setattr(delivery, "delay", lambda: 0.05)
        await delivery.enqueue(a_report())
        await asyncio.sleep(0.3)
        return right_after, list(sent)

    right_after, later = asyncio.run(scenario())
    assert right_after == []  # nothing left in the same moment as the conversation's report
    assert len(later) >= 2 and len(set(later)) == len(later)  # each delivered once


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
