"""The web chat: a page that needs no account (GET /webchat) and its JSON webhook.

POST /webhooks/rest/webhook takes Rasa's REST channel JSON, {"sender": ..., "message": ...}, and
answers with the list of bot messages, so scripts and tests talk to the assistant the same way as
the page. The sender is a random token made by the page; Rasa and the stores know the conversation
only by its pseudonym (bot/channels/intake.py), never by the token.
"""

from __future__ import annotations

import html
import json
import re
import string
from collections.abc import Awaitable, Callable
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from rasa.core.channels.channel import (
    CollectingOutputChannel,
    InputChannel,
    UserMessage,
)
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import config
from bot.cases import live_chat
from bot.channels import intake, limits, listen
from bot.language import catalogs, languages
from bot.voice import media

PAGE = Path(__file__).with_name("webchat.html")
SENDER = re.compile(r"^[A-Za-z0-9_-]{8,128}$")
MAX_MESSAGE = 2000
PAGE_TEXTS = ("webchat_title", "webchat_placeholder", "webchat_send", "webchat_note", "webchat_error", "webchat_leave",
              "webchat_language", "button_listen")
AUDIO_PATH = "/webchat/audio/"
# A page stays open while the person reads: its play controls work for half an hour (WhatsApp's
# links, fetched once by Twilio, last BOT_MEDIA_SECONDS).
AUDIO_SECONDS = 1800.0
DOMAIN_FILE = config.ROOT / "domain.yml"


def _json_object(body: bytes) -> dict:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # JSONDecodeError is a ValueError
        raise intake.BadRequest("body must be JSON in UTF-8") from None
    if not isinstance(data, dict):
        raise intake.BadRequest("body must be a JSON object")
    return data


def _sender(data: dict) -> str:
    sender = data.get("sender")
    if not isinstance(sender, str) or not SENDER.match(sender):
        raise intake.BadRequest("sender must be a random token of 8 to 128 letters, digits, - or _")
    return sender


def parse_body(body: bytes) -> tuple[str, str]:
    """(sender, message) from a webhook body, or intake.BadRequest saying what is wrong."""
    data = _json_object(body)
    sender, message = _sender(data), data.get("message")
    if not isinstance(message, str) or not message.strip():
        raise intake.BadRequest("message must be a non-empty string")
    if len(message) > MAX_MESSAGE:
        raise intake.BadRequest(f"message must be at most {MAX_MESSAGE} characters")
    return sender, message


def requested(body: bytes, key: str) -> str | None:
    """A text the page passes on in the body's metadata, if any: `campaign` from its `?c=` parameter
    (a poster's link), `language` the page is shown in."""
    try:
        metadata = json.loads(body.decode("utf-8")).get("metadata")
    except (UnicodeDecodeError, ValueError, RecursionError, AttributeError):
        return None
    value = metadata.get(key) if isinstance(metadata, dict) else None
    return value if isinstance(value, str) else None


@cache
def topic_buttons() -> tuple[dict, ...]:
    """The topics of the help menu (domain.yml), the first screen's buttons."""
    responses = yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))["responses"]
    return tuple(responses["utter_help_menu"][0]["buttons"])


def first_screen(code: str) -> dict[str, str]:
    """The greeting, the topics and the languages (each in its own name), as HTML for the page."""
    topics = "".join(
        f'<button type="button" dir="auto" data-payload="{html.escape(b["payload"])}">'
        f'{html.escape(catalogs.text(b["title"], code))}</button>' for b in topic_buttons())
    current = ' aria-current="page"'
    links = "".join(
        f'<li><a href="?lang={lang.code}" lang="{lang.code}" dir="{"rtl" if lang.rtl else "ltr"}"'
        f'{current if lang.code == code else ""}>{html.escape(lang.autonym)}</a></li>'
        for lang in languages.SUPPORTED)
    greeting = "\n\n".join(catalogs.text(key, code) for key in ("utter_greet", "utter_help_menu"))
    spoken = listen.spoken([{"text": greeting, "buttons": [{"title": catalogs.text(b["title"], code), "payload": ""}
                                                          for b in topic_buttons()]}])
    return {"greeting": html.escape(greeting), "topics": topics, "languages": links,
            "greeting_audio": html.escape(audio_link(spoken, code))}


def audio_link(text: str, code: str) -> str:
    """The address the page plays an answer from: made only when played, gone after BOT_MEDIA_SECONDS."""
    return AUDIO_PATH + media.link(media.remember(text, code), lasting=AUDIO_SECONDS)


def render_page(code: str) -> str:
    lang = languages.get(code)
    values = {key: html.escape(catalogs.text(key, lang.code)) for key in PAGE_TEXTS}
    values.update(first_screen(lang.code))
    values["leave_url_js"] = json.dumps(config.get().leave_url).replace("</", "<\\/")
    # Inside the script the text is a JSON string literal; "</" is escaped so it cannot end the script.
    values["webchat_error_js"] = json.dumps(catalogs.text("webchat_error", lang.code)).replace("</", "<\\/")
    values["button_listen_js"] = json.dumps(catalogs.text("button_listen", lang.code)).replace("</", "<\\/")
    values.update(lang=lang.code, dir="rtl" if lang.rtl else "ltr")
    return string.Template(PAGE.read_text(encoding="utf-8")).substitute(values)


class WebChatOutput(CollectingOutputChannel):
    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        """Each answer as the page shows it, with the address of its audio for the play control
        (and `voice` when the person asked to hear answers)."""
        before = len(self.messages)
        await super().send_response(recipient_id, message)
        code = languages.get(message.get("language")).code
        for shown in self.messages[before:]:
            if shown.get("text"):
                shown["audio"] = audio_link(listen.spoken([shown]), code)
                if message.get("voice"):
                    shown["voice"] = True

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        """The action asking for a live chat: open it. The page is the way back: what the partner
        writes waits for it to ask (bot/cases/live_state.py), on whichever replica it asks."""
        await live_chat.start_asked(json_message.get("live_chat") or {}, recipient_id, None)


def parse_sender(body: bytes) -> str:
    """The sender of a poll for live-chat messages, or intake.BadRequest."""
    return _sender(_json_object(body))


class WebChatInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def url_prefix(self) -> str:
        # Routes below carry full paths: the page lives at /webchat, outside /webhooks/.
        return "/"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = Blueprint("webchat_webhook", __name__)

        @hook.route("/webhooks/rest", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hook.route("/webchat", methods=["GET"])
        async def page(request: Request) -> HTTPResponse:
            wanted = request.args.get("lang") or languages.negotiate(request.headers.get("accept-language"))
            return response.html(render_page(wanted), headers={
                "Cache-Control": "no-store",
                "Referrer-Policy": "no-referrer",
                "Content-Security-Policy": "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'",
            })

        @hook.route(AUDIO_PATH + "<token:str>", methods=["GET"])
        async def audio(request: Request, token: str) -> HTTPResponse:
            if not limits.by_client.allow(limits.client_of(request)):
                return limits.too_many()
            return await listen.audio_response(token)

        @hook.route("/webhooks/rest/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not limits.by_client.allow(limits.client_of(request)):
                return limits.too_many()
            try:
                sender, text = parse_body(request.body or b"")
            except intake.BadRequest as error:
                return response.json({"error": str(error)}, status=400)
            collector = WebChatOutput()
            # The poster's link (?c=) is handed in; a /start payload or a code in the words is found by intake.
            body = request.body or b""
            arrival = intake.Arrival(self.name(), sender, text, requested(body, "campaign"),
                                     language_hint=requested(body, "language"))
            try:
                person = await intake.take(arrival, collector, on_new_message)
            except intake.Limited as limited:  # the page shows the text and the person sends again
                return response.json([{"recipient_id": limited.person, "text": limited.text}], status=429,
                                     headers=limits.RETRY_AFTER)
            return response.json(collector.messages + await live_chat.take_waiting(person))

        @hook.route("/webhooks/rest/live", methods=["POST"])
        async def live(request: Request) -> HTTPResponse:
            """What the partner wrote since the page last asked, and whether the live chat goes on."""
            if not limits.by_client.allow(limits.client_of(request)):
                return limits.too_many()
            try:
                sender = parse_sender(request.body or b"")
            except intake.BadRequest as error:
                return response.json({"error": str(error)}, status=400)
            person = intake.conversation_id(self.name(), sender)
            messages = await live_chat.take_waiting(person)
            return response.json({"live": await live_chat.for_person(person) is not None, "messages": messages})

        return hook
