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

import httpx
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
from bot.channels import intake, limits, listen, numbered, sms_reply
from bot.language import catalogs, languages
from bot.privacy import pseudonyms
from bot.runtime import shared_redis
from bot.voice import media, transcribe

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


def voice_url(fields: dict[str, str]) -> str | None:
    """The address of a voice note Twilio received (MediaUrl0 when MediaContentType0 is audio), or None."""
    kind = fields.get("MediaContentType0", "")
    url = fields.get("MediaUrl0", "")
    return url if kind.startswith("audio/") and url.startswith(("https://", "http://")) else None


async def fetch_media(url: str) -> bytes:
    """A voice note's bytes from Twilio, with the account's credentials (basic auth) when set; Twilio
    answers with a redirect to its storage, which httpx follows without the credentials."""
    settings = config.get()
    auth = (settings.twilio_account_sid, settings.twilio_auth_token) if settings.twilio_account_sid else None
    async with httpx.AsyncClient(timeout=20, follow_redirects=True, auth=auth) as client:
        async with client.stream("GET", url) as got:
            got.raise_for_status()
            audio = bytearray()
            async for chunk in got.aiter_bytes():
                audio += chunk
                if len(audio) > transcribe.MAX_BYTES:
                    raise ValueError("voice note too long")
    return bytes(audio)


def language_of(messages: list[dict]) -> str:
    """The language the turn ended in (an answer to "Română" is already in Romanian)."""
    return next((m["language"] for m in reversed(messages) if m.get("language")), languages.DEFAULT)


class SeenMessages:
    """Twilio's MessageSids of the last day: a signed request replayed (by Twilio's own retry or by
    someone who captured it) is answered once. In memory, bounded (the oldest go first); in the
    scale-out profile in the shared Redis, so a replay sent to another replica is refused too."""

    def __init__(self, keep: float = 86400.0, most: int = 100_000) -> None:
        self.keep, self.most = keep, most
        self._seen: OrderedDict[str, float] = OrderedDict()

    def first_time(self, sid: str, now: float | None = None) -> bool:
        if now is None and shared_redis.configured():
            shared = self._shared_first_time(sid)
            if shared is not None:
                return shared
        now = time.monotonic() if now is None else now
        while self._seen and (len(self._seen) >= self.most or now - next(iter(self._seen.values())) > self.keep):
            self._seen.popitem(last=False)
        if sid in self._seen:
            return False
        self._seen[sid] = now
        return True


    def _shared_first_time(self, sid: str) -> bool | None:
        """SET NX with the day's expiry: one replica wins. The key is an HMAC of the id: a
        MessageSid opens the message (and its sender's number) in Twilio's console to whoever
        holds the account. None when Redis cannot answer (then this replica's memory does)."""
        key = SEEN_PREFIX + pseudonyms.pseudonymise("twilio-sid", sid)
        try:
            return bool(shared_redis.client().set(key, b"1", nx=True, ex=int(self.keep)))
        except Exception as error:  # noqa: BLE001  replays are refused per replica while Redis is away
            logger.warning("replayed Twilio messages checked in memory: Redis failed (%s)", type(error).__name__)
            return None


SEEN_PREFIX = "twilio:seen:"
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

    def offered(self, messages: list[dict], code: str) -> list[dict]:
        """The turn with the choices the channel adds: Listen, last, on WhatsApp (SMS carries no audio)."""
        if self.channel != "whatsapp" or not any(m.get("text") for m in messages):
            return messages
        last = max(i for i, m in enumerate(messages) if m.get("text"))
        extended = [dict(m) for m in messages]
        extended[last]["buttons"] = [*(extended[last].get("buttons") or []), listen.button(code)]
        return extended

    async def text_for(self, request: Request, sender_id: str, body: str, media: int) -> str:
        """The message, or the payload of the numbered choice it answers."""
        if not body.strip():
            return intake.UNSUPPORTED if media else "/help_menu"
        number = NUMBERED_REPLY.match(body)
        if number:
            tracker = await request.app.ctx.agent.tracker_store.retrieve(sender_id)
            code = languages.get(tracker.get_slot("language") if tracker else None).code
            turn = self.offered(numbered.latest_turn(tracker), code)
            button = numbered.chosen(turn, int(number.group(1)))
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

    def twiml(self, messages: list[dict], answers: bool = False) -> str:
        """The turn as TwiML: on SMS one message within the segment budget, on WhatsApp one message
        per answer; the choices numbered across the turn either way. The assistant's answers
        (`answers`, as the tracker keeps them) offer Listen on WhatsApp, and come as audio too when
        the person asked for that."""
        code = language_of(messages)
        reply = MessagingResponse()
        if not messages:
            return str(reply)  # nothing to say: an empty <Message> on SMS is an empty text Twilio refuses
        if self.channel == "sms":
            reply.message(sms_reply.compose(messages, code, max_sms_segments()))
        else:
            for text in numbered.for_whatsapp(self.offered(messages, code) if answers else messages, code):
                reply.message(text)
            key = listen.remember(messages, code) if answers and listen.wants_voice(messages) else None
            if key:
                reply.message().media(self.media_url(key))
        return str(reply)

    def media_url(self, key: str) -> str:
        """A link Twilio fetches the spoken answer from once (then it is deleted; unfetched, it expires)."""
        return f"{self.public_url}/webhooks/{self.channel}/media/{media.link(key, uses=1)}"

    async def spoken(self, request: Request, person: str) -> str:
        """The answer to Listen: the latest turn, as the tracker keeps it, as a voice message."""
        tracker = await request.app.ctx.agent.tracker_store.retrieve(person)
        code = languages.get(tracker.get_slot("language") if tracker else None).code
        key = listen.remember(numbered.latest_turn(tracker), code)
        reply = MessagingResponse()
        if key:
            reply.message().media(self.media_url(key))
        return str(reply)

    def limited(self, limited: intake.Limited) -> HTTPResponse:
        """A message over its conversation's limit: told once a window, since every SMS costs the
        person (and the service) money."""
        said = [{"text": limited.text}] if limited.first else []
        return response.text(self.twiml(said), content_type="application/xml", headers=limits.RETRY_AFTER)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = Blueprint(f"{self.channel}_webhook", __name__)

        @hook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.enabled else "off"})

        @hook.route("/media/<token:str>", methods=["GET"])
        async def spoken_answer(request: Request, token: str) -> HTTPResponse:
            if not self.enabled or self.channel == "sms":
                return response.json({"error": "not found"}, status=404)
            return await listen.audio_response(token)

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
            note = voice_url(fields) if self.channel == "whatsapp" and media and not body.strip() else None
            del fields
            # The rate limit first: a message over it is answered before anything reads the tracker
            # (MORE and numbered replies do), so a flood's messages cost no database read.
            try:
                person = intake.admit(intake.Arrival(self.channel, sender, body))
            except intake.Limited as limited:
                if limited.first and note:  # no words to tell the language by: the conversation's, read once a window
                    tracker = await request.app.ctx.agent.tracker_store.retrieve(limited.person)
                    known = tracker.get_slot("language") if tracker else None
                    if languages.is_supported(known):
                        limited.text = catalogs.text("rate_limited", known)
                return self.limited(limited)
            more = await self.details(request, person, body)
            if more is not None:  # read from the stored turn: nothing new reaches Rasa or the tracker
                return response.text(more, content_type="application/xml")
            text = "" if note else await self.text_for(request, person, body, media)
            arrival = intake.Arrival(self.channel, sender, text)
            if note:
                tracker = await request.app.ctx.agent.tracker_store.retrieve(person)
                known = tracker.get_slot("language") if tracker else None
                arrival = intake.Arrival(self.channel, sender, "", voice=lambda: fetch_media(note),
                                         language=known if languages.is_supported(known) else None)
            output = TwilioOutput(self.channel)
            if self.channel == "whatsapp" and listen.requested_key(text) is not None:
                # nothing reaches Rasa: the answer is already in the conversation
                return response.text(await self.spoken(request, person), content_type="application/xml")
            await intake.take(arrival, output, on_new_message, admitted=person)
            return response.text(self.twiml(output.messages, answers=True), content_type="application/xml")

        return hook


class WhatsAppInput(TwilioInput):
    channel = "whatsapp"
    number_setting = "twilio_whatsapp_number"


class SmsInput(TwilioInput):
    channel = "sms"
    number_setting = "twilio_sms_number"
