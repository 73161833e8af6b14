"""Delivering an anonymous report to the matched partner: e-mail (SMTP), their Telegram group, or a
signed webhook, as the directory entry's `handoff` says."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import smtplib
import urllib.request
from email.message import EmailMessage

from bot import config
from bot.cases import partner_group
from bot.language import catalogs
from bot.language.catalogs import fill

logger = logging.getLogger(__name__)
SIGNATURE_HEADER = "X-Outreach-Signature"


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
            smtp.starttls()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password)
        smtp.send_message(mail)


async def _telegram(report: dict, contact: dict) -> None:
    _, body = message_for(report, contact)
    await partner_group.send(int(contact["handoff"]["telegram_chat_id"]), body)


def _webhook(report: dict, contact: dict) -> None:
    handoff = contact["handoff"]
    secret = config.secret(handoff.get("webhook_secret_env") or "")
    if not secret:
        raise RuntimeError(f"{handoff.get('webhook_secret_env')} is not set")
    subject, body = message_for(report, contact)
    payload = json.dumps({"case": {k: report[k] for k in ("code", "region", "language", "sector", "risk_level",
                                                          "made_on", "summary")},
                          "indicators": json.loads(report.get("indicators") or "[]"),
                          "needs": json.loads(report.get("needs") or "[]"),
                          "subject": subject, "text": body}, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(handoff["webhook_url"], data=payload, method="POST", headers={
        "Content-Type": "application/json", SIGNATURE_HEADER: signature(secret, payload)})
    with urllib.request.urlopen(request, timeout=20) as answer:
        answer.read()


async def deliver(report: dict, contact: dict) -> str:
    """Send the report as the contact asks; how it went ("email", "telegram", "webhook"), or "" when
    the contact has no handoff or the delivery failed (the report stays stored under its code)."""
    how = (contact.get("handoff") or {}).get("delivery")
    try:
        if how == "email":
            _email(report, contact)
        elif how == "telegram":
            await _telegram(report, contact)
        elif how == "webhook":
            _webhook(report, contact)
        else:
            return ""
    except Exception as error:  # noqa: BLE001  a partner's server down must not lose the person's code
        logger.warning("could not deliver a report to %s by %s: %s", contact.get("id"), how, type(error).__name__)
        return ""
    return how
