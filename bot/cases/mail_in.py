"""Partners answering a case by replying to the report's e-mail.

A reply reaches us in one of two ways, whichever the mail set-up allows:
- piped, one message on stdin: `python -m bot cases read-mail` (Postfix pipe transport, a
  .forward or procmail rule, `fetchmail --mda`);
- over SMTP on loopback: `python -m bot cases mail-server --port 2525`, for a mail server that
  relays the reply address to it.

The answer is the reply's own text (quoted lines and the original report cut off), stored under the
case code found in the subject or the text. It is accepted only from the address the report was
sent to, so a stranger who learns a code cannot answer in the partner's name.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import re
from dataclasses import dataclass
from typing import Any

from bot.cases import case_codes, replies, reports
from bot.referral import directory

# Where the quoted original starts in the replies mail programs write.
QUOTE_START = re.compile(
    r"^(On .{5,200} wrote:|Am .{5,200} schrieb .{1,200}:|Le .{5,200} a écrit ?:|El .{5,200} escribió:|"
    r"-{2,} ?(Original Message|Ursprüngliche Nachricht|Message d'origine) ?-{2,}|From: .+|Von: .+|De : .+)\s*$",
    re.IGNORECASE,
)


class MailRejected(ValueError):
    """A message that cannot be stored as an answer, and why (said to the operator, not the sender)."""


@dataclass(frozen=True)
class Reply:
    code: str
    partner: str
    text: str


def _plain_text(message: email.message.EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    if part is None:
        raise MailRejected("the message has no plain-text part")
    return part.get_content()


def own_words(body: str) -> str:
    """The reply without the quoted original below (or above) it."""
    lines = []
    for line in body.replace("\r\n", "\n").split("\n"):
        if QUOTE_START.match(line.strip()):
            break
        if not line.lstrip().startswith(">"):
            lines.append(line)
    return "\n".join(lines).strip()


def read_reply(raw: bytes) -> Reply:
    """The case, the partner and the answer in a reply e-mail, or MailRejected saying why not."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    subject = str(message.get("Subject") or "")
    body = _plain_text(message)
    codes = case_codes.find(subject) or case_codes.find(body)
    if not codes:
        raise MailRejected("no valid case code in the subject or the text")
    code = codes[0]
    case = reports.find(code)
    if case is None:
        raise MailRejected(f"there is no case {code}")
    contact = directory.by_id(case["contact_id"]) or {}
    expected = (contact.get("handoff") or {}).get("email", "")
    sender = email.utils.parseaddr(str(message.get("From") or ""))[1]
    if not expected or sender.lower() != expected.lower():
        raise MailRejected(f"case {code} was not sent to the address this reply comes from")
    text = replies.own_text(own_words(body))
    if not text:
        raise MailRejected("the reply has no text of its own above the quoted report")
    return Reply(code, contact["name"], text)


def save(raw: bytes) -> Reply:
    """Store the answer (scrubbed); the person reads it by writing the code."""
    reply = read_reply(raw)
    replies.store(reply.code, reply.partner, reply.text)
    return reply


class Handler:
    """aiosmtpd handler: every message is a reply to a case; refused ones get a 550 with the reason."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802  aiosmtpd's name
        try:
            save(envelope.original_content or envelope.content)
        except MailRejected as error:
            return f"550 not stored: {error}"
        return "250 stored"


def serve(host: str, port: int) -> Any:
    """Start the SMTP receiver in a thread; the caller stops it with .stop()."""
    from aiosmtpd.controller import Controller

    controller = Controller(Handler(), hostname=host, port=port)
    controller.start()
    return controller
