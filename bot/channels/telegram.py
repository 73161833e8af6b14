"""Telegram (python-telegram-bot): verify the secret token, read the update, answer via the Bot API.

On when TELEGRAM_BOT_TOKEN and TELEGRAM_SECRET_TOKEN are set; the webhook is
/webhooks/telegram/webhook. The chat id lives only in this request's handler and its output
channel, in memory: Rasa sees the HMAC pseudonym (bot/channels/intake.py). Messages in partners'
groups are answers to cases, handed to bot/cases/ (partner_group reads them, replies keeps them).
"""

from __future__ import annotations

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
from bot.channels import intake, limits
from bot.language import catalogs

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
CALLBACK_LIMIT = 64  # bytes of callback_data Telegram accepts
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]


@dataclass(frozen=True)
class Incoming:
    chat_id: int
    text: str
    callback_query_id: str | None = None
    language_hint: str | None = None  # the Telegram app's language ("uk", "pt-br"): a clue, not the answer


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
    if not message.text:
        return Incoming(message.chat.id, intake.UNSUPPORTED)  # voice, photo, sticker, location, document...
    hint = message.from_user.language_code if message.from_user else None
    return Incoming(message.chat.id, message.text, language_hint=hint)


def keyboard(buttons: list[dict[str, Any]]) -> InlineKeyboardMarkup | None:
    rows = [[InlineKeyboardButton(b["title"], callback_data=b["payload"])]
            for b in buttons if len(b.get("payload", "").encode("utf-8")) <= CALLBACK_LIMIT]
    return InlineKeyboardMarkup(rows) if rows else None


class TelegramOutput(OutputChannel):
    """Sends to one chat; made per request so the chat id never leaves memory."""

    def __init__(self, bot: Bot, chat_id: int) -> None:
        self.bot = bot
        self._chat_id = chat_id

    @classmethod
    def name(cls) -> str:
        return "telegram"

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
        self.bot = Bot(token, base_url=settings.telegram_api_base_url) if token and self.secret else None

    async def _tell(self, chat_id: int, text: str) -> None:
        try:
            await self.bot.send_message(chat_id, text)  # type: ignore[union-attr]
        except TelegramError as error:
            logger.warning("telegram API call failed: %s", type(error).__name__)

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
                arrival = intake.Arrival(self.name(), str(incoming.chat_id), incoming.text,
                                         language_hint=incoming.language_hint)
                await intake.take(arrival, TelegramOutput(self.bot, incoming.chat_id), on_new_message)
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
