"""WhatsApp and SMS through Twilio: verify the signature, keep only what we need, answer with TwiML.

Two entries in credentials.yml, one module: WhatsAppInput (/webhooks/whatsapp/webhook) and SmsInput
(/webhooks/sms/webhook), on when TWILIO_AUTH_TOKEN, BOT_PUBLIC_URL and the channel's number
(TWILIO_WHATSAPP_NUMBER, TWILIO_SMS_NUMBER) are set. The reply goes back inline as TwiML, so the
sender's number is needed only while the request lasts; Rasa sees the HMAC pseudonym.
"""

from __future__ import annotations

import hmac
import logging
import re
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl

from rasa.core.channels.channel import (
    CollectingOutputChannel,
    InputChannel,
    UserMessage,
)
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from bot import config
from bot.channels import intake, limits, numbered, sms_reply
from bot.language import languages

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Twilio-Signature"
MAX_BODY_BYTES = 64 * 1024
NUMBERED_REPLY = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s*$")


def max_sms_segments() -> int:
    return config.get().sms_max_segments


def parse_form(body: bytes) -> dict[str, str]:
    """The urlencoded fields Twilio posts, or intake.BadRequest."""
    if len(body) > MAX_BODY_BYTES:
        raise intake.BadRequest("body too large")
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=bool(body))
    except (UnicodeDecodeError, ValueError):
        raise intake.BadRequest("body must be application/x-www-form-urlencoded UTF-8") from None
    fields = dict(pairs)
    if len(fields) != len(pairs):
        raise intake.BadRequest("repeated field")
    return fields


def wanted(fields: dict[str, str]) -> tuple[str, str, int]:
    """(sender, text, number of media) and nothing else: location fields (FromCity, FromState,
    FromZip, FromCountry), profile names and ids are dropped here, before anything logs or stores."""
    sender = fields.get("From", "")
    if not sender:
        raise intake.BadRequest("From is missing")
    try:
        media = int(fields.get("NumMedia") or 0)
    except ValueError:
        raise intake.BadRequest("NumMedia must be a number") from None
    return sender, fields.get("Body", ""), media


def language_of(messages: list[dict]) -> str:
    """The language the turn ended in (an answer to "Română" is already in Romanian)."""
    return next((m["language"] for m in reversed(messages) if m.get("language")), languages.DEFAULT)


class SeenMessages:
    """Twilio's MessageSids of the last day, in memory: a signed request replayed (by Twilio's own
    retry or by someone who captured it) is answered once. Bounded: the oldest go first."""

    def __init__(self, keep: float = 86400.0, most: int = 100_000) -> None:
        self.keep, self.most = keep, most
        self._seen: OrderedDict[str, float] = OrderedDict()

    def first_time(self, sid: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        while self._seen and (len(self._seen) >= self.most or now - next(iter(self._seen.values())) > self.keep):
            self._seen.popitem(last=False)
        if sid in self._seen:
            return False
        self._seen[sid] = now
        return True


seen_messages = SeenMessages()


class TwilioOutput(CollectingOutputChannel):
    def __init__(self, channel: str) -> None:
        super().__init__()
        self.channel = channel

    def name(self) -> str:  # type: ignore[override]
        return self.channel

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        """Keep the whole message: its language and SMS short variant are needed to shape the turn."""
        if message.get("text") or message.get("buttons"):
            self.messages.append({"recipient_id": recipient_id, **message})


class TwilioInput(InputChannel):
    channel = ""  # set by the subclasses below
    number_setting = ""  # the Settings field of the channel's number

    @classmethod
    def name(cls) -> str:
        return cls.channel

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TwilioInput:
        """credentials.yml may set `auth_token`, `number` and `public_url` (Rasa fills ${VARIABLES}
        in it); unset keys come from the environment (TWILIO_AUTH_TOKEN, the channel's number,
        BOT_PUBLIC_URL)."""
        given = credentials or {}
        return cls(auth_token=given.get("auth_token"), number=given.get("number"), public_url=given.get("public_url"))

    def __init__(self, auth_token: str | None = None, number: str | None = None, public_url: str | None = None) -> None:
        settings = config.get()
        self.token = auth_token or settings.twilio_auth_token
        self.public_url = (public_url or settings.public_url).rstrip("/")
        self.number = number or getattr(settings, self.number_setting)
        self.enabled = bool(self.token and self.public_url and self.number)

    def signed(self, request: Request, fields: dict[str, str]) -> bool:
        signature = request.headers.get(SIGNATURE_HEADER)
        if not signature:
            return False
        url = self.public_url + request.path + (f"?{request.query_string}" if request.query_string else "")
        expected = RequestValidator(self.token).compute_signature(url, fields)
        return hmac.compare_digest(expected.encode("utf-8"), signature.encode("utf-8"))

    async def text_for(self, request: Request, sender_id: str, body: str, media: int) -> str:
        """The message, or the payload of the numbered choice it answers."""
        if not body.strip():
            return intake.UNSUPPORTED if media else "/help_menu"
        number = NUMBERED_REPLY.match(body)
        if number:
            tracker = await request.app.ctx.agent.tracker_store.retrieve(sender_id)
            button = numbered.chosen(numbered.latest_turn(tracker), int(number.group(1)))
            if button:
                return button["payload"]
        return body

    async def details(self, request: Request, sender_id: str, body: str) -> str | None:
        """The answer to MORE on SMS: the last turn's explanations in full, or None when the message
        is not MORE or there is nothing to tell more of."""
        if self.channel != "sms" or len(body) > 40:
            return None
        tracker = await request.app.ctx.agent.tracker_store.retrieve(sender_id)
        code = languages.get(tracker.get_slot("language") if tracker else None).code
        turn = numbered.latest_turn(tracker)
        if not turn or not sms_reply.is_more(body, code):
            return None
        reply = MessagingResponse()
        reply.message(sms_reply.compose(turn, code, max_sms_segments(), details=True))
        return str(reply)

    def twiml(self, messages: list[dict]) -> str:
        """The turn as TwiML: on SMS one message within the segment budget, on WhatsApp one message
        per answer; the choices numbered across the turn either way."""
        code = language_of(messages)
        reply = MessagingResponse()
        if not messages:
            return str(reply)  # nothing to say: an empty <Message> on SMS is an empty text Twilio refuses
        if self.channel == "sms":
            reply.message(sms_reply.compose(messages, code, max_sms_segments()))
        else:
            for text in numbered.for_whatsapp(messages, code):
                reply.message(text)
        return str(reply)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = Blueprint(f"{self.channel}_webhook", __name__)

        @hook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.enabled else "off"})

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.enabled:
                return response.json({"error": f"{self.channel} is not configured"}, status=404)
            if not request.headers.get(SIGNATURE_HEADER):
                return limits.forbidden(request)
            try:
                fields = parse_form(request.body or b"")
            except intake.BadRequest as error:
                return response.json({"error": str(error)}, status=400)
            if not self.signed(request, fields):
                return limits.forbidden(request)
            try:
                sender, body, media = wanted(fields)
            except intake.BadRequest as error:
                return response.json({"error": str(error)}, status=400)
            sid = fields.get("MessageSid") or fields.get("SmsSid") or ""
            if sid and not seen_messages.first_time(sid):
                return response.text(self.twiml([]), content_type="application/xml")  # a replay: answered already
            del fields
            person = intake.conversation_id(self.channel, sender)
            more = await self.details(request, person, body)
            if more is not None:  # read from the stored turn: nothing new reaches Rasa or the tracker
                return response.text(more, content_type="application/xml")
            text = await self.text_for(request, person, body, media)
            output = TwilioOutput(self.channel)
            try:
                await intake.take(intake.Arrival(self.channel, sender, text), output, on_new_message)
            except intake.Limited as limited:
                # Told once a window: every SMS costs the person (and the service) money.
                said = [{"text": limited.text}] if limited.first else []
                return response.text(self.twiml(said), content_type="application/xml", headers=limits.RETRY_AFTER)
            return response.text(self.twiml(output.messages), content_type="application/xml")

        return hook


class WhatsAppInput(TwilioInput):
    channel = "whatsapp"
    number_setting = "twilio_whatsapp_number"


class SmsInput(TwilioInput):
    channel = "sms"
    number_setting = "twilio_sms_number"
