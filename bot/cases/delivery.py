"""Delivering an anonymous report to the matched partner: e-mail (SMTP), their Telegram group, or a
signed webhook, as the directory entry's `handoff` says.

Reports wait in a queue kept in cases.db (bot/cases/outbox.py) and leave after a random delay of up
to BOT_DELIVERY_DELAY seconds, so that the moment a partner's copy arrives does not point to the
moment a conversation made it. Every action server polls the queue (`poll`, started with the server)
and delivers what is due, whoever queued it and whenever: a restart loses nothing. A failed delivery
waits longer after each try. A person who asks for a live chat has the report sent at once: the
partner must have it to chat about it, and the person chose to be linked in time to the partner.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import hmac
import json
import logging
import re
import secrets
import smtplib
import ssl
import time
import urllib.error
import urllib.request
from email.message import EmailMessage
from typing import Any

from bot import config
from bot.cases import case_codes, outbox, partner_group, reports
from bot.language import catalogs
from bot.language.catalogs import fill
from bot.referral import directory

logger = logging.getLogger(__name__)
SIGNATURE_HEADER = "X-Outreach-Signature"
# As directory.schema.json: reports travel encrypted, or never leave this machine.
SAFE_URL = re.compile(r"^(https://|http://(127\.0\.0\.1|localhost|\[::1\])(:[0-9]+)?/)")


def message_for(report: dict, contact: dict) -> tuple[str, str]:
    """(subject, body) in the partner's language (English unless `handoff: language:` says otherwise)."""
    lang = (contact.get("handoff") or {}).get("language", "en")
    values = {
        **report,
        "indicators": ", ".join(json.loads(report.get("indicators") or "[]")) or "-",
        "needs": ", ".join(json.loads(report.get("needs") or "[]")) or "-",
        "summary": report.get("summary") or "-",
    }
    subject = fill(catalogs.text("partner_report_subject", lang, catalogs.PARTNERS), values)
    return subject, fill(catalogs.text("partner_report_body", lang, catalogs.PARTNERS), values)


def signature(secret: str, body: bytes) -> str:
    """The webhook signature a partner checks: sha256=HMAC-SHA256(secret, body) in hex."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def _email(report: dict, contact: dict) -> None:
    subject, body = message_for(report, contact)
    mail = EmailMessage()
    settings = config.get()
    mail["From"] = settings.smtp_from
    mail["To"] = contact["handoff"]["email"]
    mail["Subject"] = subject
    mail.set_content(body)
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=20) as smtp:
        if settings.smtp_starttls:
            # The server's certificate and name are checked before the login and the report go.
            smtp.starttls(context=tls_context())
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password)
        smtp.send_message(mail)


async def _telegram(report: dict, contact: dict) -> None:
    _, body = message_for(report, contact)
    await partner_group.send(int(contact["handoff"]["telegram_chat_id"]), body)


def tls_context() -> ssl.SSLContext:
    """Certificate chain and host name checked against the system's trusted roots."""
    return ssl.create_default_context()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A partner's webhook answers itself or fails: a redirect could carry the report elsewhere."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> None:
        raise urllib.error.HTTPError(req.full_url, code, "redirects are not followed", headers, fp)


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_NoRedirects, urllib.request.HTTPSHandler(context=tls_context()))


def _webhook(report: dict, contact: dict) -> None:
    handoff = contact["handoff"]
    secret = config.secret(handoff.get("webhook_secret_env") or "")
    if not secret:
        raise RuntimeError(f"{handoff.get('webhook_secret_env')} is not set")
    subject, body = message_for(report, contact)
    # "made_on": the week it leaves, which the partner sees anyway; the case keeps no week it was made.
    case = {**{k: report[k] for k in ("code", "region", "language", "sector", "risk_level", "summary")},
            "made_on": reports.week_of(dt.date.today())}
    payload = json.dumps({"case": case,
                          "indicators": json.loads(report.get("indicators") or "[]"),
                          "needs": json.loads(report.get("needs") or "[]"),
                          "subject": subject, "text": body}, ensure_ascii=False).encode("utf-8")
    url = handoff["webhook_url"]
    if not SAFE_URL.match(url):
        raise ValueError("a partner's webhook_url must be https (or http on this machine's loopback)")
    request = urllib.request.Request(url, data=payload, method="POST", headers={
        "Content-Type": "application/json", SIGNATURE_HEADER: signature(secret, payload)})
    with _opener().open(request, timeout=20) as answer:
        answer.read()


async def deliver(report: dict, contact: dict) -> str:
    """Send the report as the contact asks; how it went ("email", "telegram", "webhook"), or "" when
    the contact has no handoff or the delivery failed (the report stays stored under its code)."""
    how = (contact.get("handoff") or {}).get("delivery")
    try:
        if how == "email":
            await asyncio.to_thread(_email, report, contact)  # blocking I/O, off the event loop
        elif how == "telegram":
            await _telegram(report, contact)
        elif how == "webhook":
            await asyncio.to_thread(_webhook, report, contact)
        else:
            return ""
    except Exception as error:  # noqa: BLE001  a partner's server down must not lose the person's code
        logger.warning("could not deliver a report to %s by %s: %s", contact.get("id"), how, type(error).__name__)
        return ""
    return how


def delay() -> float:
    """A random wait before a queued report leaves: 0 to BOT_DELIVERY_DELAY seconds."""
    return outbox.delay()


# How often a server looks for due reports: a few seconds, at random, so that replicas started
# together do not poll in step.
POLL_SECONDS = 5.0


async def _send_claimed(connection: Any, code: str, now: float | None = None) -> str:
    """Deliver a report this process has claimed; how it went, "" if it failed (it waits again)."""
    report = reports.find(code)
    if report is None:  # pruned while it waited
        await asyncio.to_thread(outbox.forget, connection, code)
        return ""
    contact = directory.by_id(report["contact_id"])
    how = await deliver(report, contact) if contact else ""
    if how:
        await asyncio.to_thread(outbox.delivered, connection, code, how)
    else:
        await asyncio.to_thread(outbox.failed, connection, code, now)
    return how


async def deliver_due(now: float | None = None) -> list[str]:
    """One look at the queue: every report due now, claimed and delivered; the codes that left."""
    sent = []
    connection = await asyncio.to_thread(outbox.connect)
    try:
        while (code := await asyncio.to_thread(outbox.claim_due, connection, now)) is not None:
            if await _send_claimed(connection, code, now):
                sent.append(code)
    finally:
        connection.close()
    return sent


async def poll() -> None:
    """Deliver due reports for as long as the server runs (cancelled when it stops)."""
    reports.database().conn.close()  # the tables exist, and an older version's waiting reports are queued
    while True:
        try:
            await deliver_due()
        except Exception as error:  # noqa: BLE001  a locked or full disk now must not stop later deliveries
            logger.warning("could not look at the delivery queue: %s", type(error).__name__)
        await asyncio.sleep(POLL_SECONDS * (0.5 + secrets.randbelow(1001) / 1000))


async def deliver_waiting(code: str, patience: float = 30.0) -> str:
    """Deliver a queued report now, unless it has left already; how it went, "" if it did not.
    When another process is sending it, waits (up to `patience` seconds) for it to have left."""
    code = case_codes.display(code)
    connection = await asyncio.to_thread(outbox.connect)
    try:
        deadline = time.monotonic() + patience
        while True:
            report = reports.find(code)
            if report is None:
                return ""
            if report["delivered"]:
                return report["delivered"]
            if await asyncio.to_thread(outbox.claim, connection, code):
                return await _send_claimed(connection, code)
            if not outbox.waiting(connection, code) or time.monotonic() > deadline:
                return ""
            await asyncio.sleep(0.2)
    finally:
        connection.close()


async def enqueue(code: str) -> None:
    """A new report was queued (reports.make_report did, due after delay()): when there is no delay
    it leaves now; otherwise a poller delivers it when due."""
    if config.get().delivery_delay <= 0:
        await deliver_waiting(code)
