"""Telegram (python-telegram-bot): verify the secret token, read the update, answer via the Bot API.

On when TELEGRAM_BOT_TOKEN and TELEGRAM_SECRET_TOKEN are set; the webhook is
/webhooks/telegram/webhook. The chat id lives only in this request's handler and its output
channel, in memory: Rasa sees the HMAC pseudonym (bot/channels/intake.py). Messages in partners'
groups are answers to cases, handed to bot/cases/ (partner_group reads them, replies keeps them).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from dataclasses import dataclass
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError

from bot import config
from bot.cases import live_chat, partner_group, replies
from bot.channels import intake, limits, listen, numbered
from bot.language import catalogs, languages
from bot.voice import media, speech, transcribe

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
CALLBACK_LIMIT = 64  # bytes of callback_data Telegram accepts
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]


@dataclass(frozen=True)
class Incoming:
    chat_id: int
    text: str
    callback_query_id: str | None = None
    voice_file_id: str | None = None  # a voice note, fetched through the Bot API once admitted
    # The language of the person's Telegram app ("uk", "pt-br"): what a voice note is heard in when
    # nothing else is known, and a clue (never the answer) for the language to answer a text in.
    language_code: str | None = None


def voice_note(message: Any) -> Any | None:
    """The voice note of a message (a recorded voice message, or an OGG/Opus audio file), or None."""
    if message.voice:
        return message.voice
    if message.audio and (message.audio.mime_type or "") in ("audio/ogg", "audio/opus"):
        return message.audio
    return None


def read_update(update: Update) -> Incoming | None:
    """What an update asks of the assistant, or None for updates that need no answer."""
    if update.callback_query:
        query = update.callback_query
        chat = query.message.chat.id if query.message else query.from_user.id
        return Incoming(chat, query.data or intake.UNSUPPORTED, callback_query_id=query.id)
    if update.edited_message:
        return Incoming(update.edited_message.chat.id, intake.UNSUPPORTED)
    message = update.message
    if message is None:
        return None  # membership changes, channel posts, polls...: nothing to answer
    note = voice_note(message)
    if note is not None:
        code = (message.from_user.language_code or "")[:2] if message.from_user else ""
        return Incoming(message.chat.id, "", voice_file_id=note.file_id, language_code=code or None)
    if not message.text:
        return Incoming(message.chat.id, intake.UNSUPPORTED)  # photo, sticker, location, document...
    hint = message.from_user.language_code if message.from_user else None
    return Incoming(message.chat.id, message.text, language_code=hint)


def keyboard(buttons: list[dict[str, Any]]) -> InlineKeyboardMarkup | None:
    rows = [[InlineKeyboardButton(b["title"], callback_data=b["payload"])]
            for b in buttons if len(b.get("payload", "").encode("utf-8")) <= CALLBACK_LIMIT]
    return InlineKeyboardMarkup(rows) if rows else None


def file_url(api_base_url: str) -> str:
    """The Bot API's file address for its method address ("https://api.telegram.org/bot" ->
    "https://api.telegram.org/file/bot"), so a fake API in tests serves the files too."""
    base = api_base_url.rstrip("/")
    return base[: -len("/bot")] + "/file/bot" if base.endswith("/bot") else base + "/file/bot"


class TelegramOutput(OutputChannel):
    """Sends to one chat; made per request so the chat id never leaves memory.

    The turn's answers are held until the turn ends (flush) so that its last message carries the
    Listen button for the whole turn, and the audio follows when the person asked for it."""

    def __init__(self, bot: Bot, chat_id: int) -> None:
        self.bot = bot
        self._chat_id = chat_id
        self.turn: list[dict[str, Any]] = []

    @classmethod
    def name(cls) -> str:
        return "telegram"

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        if message.get("text") and not message.get("custom"):
            self.turn.append(message)
        else:
            await super().send_response(recipient_id, message)

    async def flush(self) -> None:
        """Send the turn: its messages, the last with Listen, then the audio if it is wanted."""
        turn, self.turn = self.turn, []
        code = listen.language_of(turn)
        key = listen.remember(turn, code)
        for number, message in enumerate(turn, start=1):
            buttons = list(message.get("buttons") or [])
            if key and number == len(turn):
                buttons.append(listen.button(code, key))
            await self.bot.send_message(self._chat_id, message["text"], reply_markup=keyboard(buttons))
        if key and listen.wants_voice(turn):
            await self.speak(key)

    async def speak(self, key: str) -> bool:
        """The answer a key names, as a Telegram voice message; False when it is forgotten."""
        try:
            audio = await asyncio.to_thread(media.audio, key)  # espeak-ng and opusenc: off the event loop
        except speech.SpeechError as error:
            logger.warning("%s", error)
            return False
        if audio is None:
            return False
        await self.bot.send_voice(self._chat_id, audio)
        return True

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.bot.send_message(self._chat_id, text)

    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: list, **kwargs: Any) -> None:
        await self.bot.send_message(self._chat_id, text, reply_markup=keyboard(buttons))

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        """Only one custom message exists: the action asking for a live chat (bot/cases/live_chat.py).
        The chat id goes into the session's send function, in memory, and nowhere else."""
        async def send(text: str, buttons: list) -> None:
            await self.bot.send_message(self._chat_id, text, reply_markup=keyboard(buttons) if buttons else None)

        await live_chat.start_asked(json_message.get("live_chat") or {}, recipient_id, send)


async def set_webhook(url: str) -> None:
    """Tell Telegram where to post updates, and the secret it must send with each."""
    bot = partner_group.make_bot()
    async with bot:
        await bot.set_webhook(url, secret_token=config.get().telegram_secret_token, allowed_updates=ALLOWED_UPDATES)


async def partner_answered(update: Update, bot: Bot) -> None:
    """A message in a partner's group: relayed into a live chat, or kept as the case's answer."""
    found = partner_group.read_message(update)
    if found is None:
        return
    try:
        outcome = await replies.from_group(found.codes[0], found.partner, found.group, found.text)
    except KeyError:
        return  # no such case
    if outcome == "refused":
        logger.warning("a partner's group answered a case that was not sent to it: ignored")
        return
    if outcome == "stored":
        try:
            await partner_group.send(found.group, catalogs.text("partner_reply_saved", "en", catalogs.PARTNERS),
                                     reply_to=found.message_id, bot=bot)
        except TelegramError as error:
            logger.warning("telegram API call failed: %s", type(error).__name__)


class TelegramInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TelegramInput:
        """credentials.yml may set `secret_token` (Rasa fills ${VARIABLES} in it); unset keys come
        from the environment (TELEGRAM_SECRET_TOKEN, TELEGRAM_BOT_TOKEN)."""
        given = credentials or {}
        return cls(secret_token=given.get("secret_token"), bot_token=given.get("bot_token"))

    def __init__(self, secret_token: str | None = None, bot_token: str | None = None) -> None:
        settings = config.get()
        self.secret = secret_token or settings.telegram_secret_token
        token = bot_token or settings.telegram_bot_token
        self.bot = (Bot(token, base_url=settings.telegram_api_base_url,
                        base_file_url=file_url(settings.telegram_api_base_url)) if token and self.secret else None)

    async def _tell(self, chat_id: int, text: str) -> None:
        try:
            await self.bot.send_message(chat_id, text)  # type: ignore[union-attr]
        except TelegramError as error:
            logger.warning("telegram API call failed: %s", type(error).__name__)

    async def download(self, file_id: str) -> bytes:
        """A voice note's bytes, through the Bot API (getFile, then the file's address), in memory."""
        found = await self.bot.get_file(file_id)  # type: ignore[union-attr]
        if found.file_size and found.file_size > transcribe.MAX_BYTES:
            raise ValueError("voice note too long")
        return bytes(await found.download_as_bytearray())

    async def listened(self, request: Request, arrival: intake.Arrival, key: str, output: TelegramOutput) -> None:
        """Listen was pressed: the answer it names, spoken; once forgotten (a restart, an hour later)
        the conversation's latest turn as the tracker keeps it."""
        person = intake.admit(arrival)
        if key and await output.speak(key):
            return
        tracker = await request.app.ctx.agent.tracker_store.retrieve(person)
        turn = numbered.latest_turn(tracker)
        code = languages.get(tracker.get_slot("language") if tracker else None).code
        found = listen.remember(turn, code)
        if found:
            await output.speak(found)

    async def known_language(self, request: Request, chat_id: int, profile: str | None) -> str | None:
        """The language to hear a voice note in: the conversation's, else the Telegram app's."""
        tracker = await request.app.ctx.agent.tracker_store.retrieve(intake.conversation_id(self.name(), str(chat_id)))
        known = tracker.get_slot("language") if tracker else None
        return known if languages.is_supported(known) else profile if languages.is_supported(profile) else None

    def blueprint(self, on_new_message: intake.OnNewMessage) -> Blueprint:
        hook = Blueprint("telegram_webhook", __name__)

        @hook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.bot else "off"})

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if self.bot is None:
                return response.json({"error": "telegram is not configured"}, status=404)
            given = request.headers.get(SECRET_HEADER) or ""
            if not hmac.compare_digest(given.encode("utf-8"), self.secret.encode("utf-8")):
                return limits.forbidden(request)
            try:
                data = json.loads((request.body or b"").decode("utf-8"))
                if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                    raise ValueError("not an update")
                update = Update.de_json(data, self.bot)
                in_group = partner_group.is_group(update)
                incoming = None if in_group else read_update(update)
            except Exception:  # any malformed update: python-telegram-bot raises many kinds
                return response.json({"error": "body is not a Telegram update"}, status=400)
            if in_group:  # groups are partners answering cases, never people asking for help
                await partner_answered(update, self.bot)
                return response.json({})
            if incoming is None:
                return response.json({})
            try:
                if incoming.callback_query_id:
                    await self.bot.answer_callback_query(incoming.callback_query_id)
                output = TelegramOutput(self.bot, incoming.chat_id)
                arrival = intake.Arrival(self.name(), str(incoming.chat_id), incoming.text,
                                         language_hint=incoming.language_code)
                key = listen.requested_key(incoming.text)
                if key is not None:  # nothing reaches Rasa: the answer is already in the conversation
                    await self.listened(request, arrival, key, output)
                    return response.json({})
                if incoming.voice_file_id:
                    file_id = incoming.voice_file_id
                    language = await self.known_language(request, incoming.chat_id, incoming.language_code)
                    arrival = intake.Arrival(self.name(), str(incoming.chat_id), "",
                                             voice=lambda: self.download(file_id), language=language,
                                             language_hint=incoming.language_code)
                await intake.take(arrival, output, on_new_message)
                await output.flush()
            except intake.Limited as limited:
                # 200 all the same (Telegram would resend a refused update); the person is told once.
                if limited.first:
                    await self._tell(incoming.chat_id, limited.text)
            except TelegramError as error:
                # Answer 200 all the same: Telegram would resend the update and the person would
                # get the same answer twice once the API is back.
                logger.warning("telegram API call failed: %s", type(error).__name__)
            return response.json({})

        return hook
