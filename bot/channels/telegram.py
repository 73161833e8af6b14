"""Telegram (python-telegram-bot): verify the secret token, pseudonymise the chat, reply via the Bot API.

On when TELEGRAM_BOT_TOKEN and TELEGRAM_SECRET_TOKEN are set; the webhook is
/webhooks/telegram/webhook. The chat id lives only in this request's handler and its output
channel, in memory: Rasa sees the HMAC pseudonym.
"""

from __future__ import annotations

import hmac
import json
import logging
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError

from bot import attribution, privacy
from bot.channels.commands import for_rasa, read_command

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
DEFAULT_API = "https://api.telegram.org/bot"
CALLBACK_LIMIT = 64  # bytes of callback_data Telegram accepts
UNSUPPORTED = "/unsupported_message"


@dataclass(frozen=True)
class Incoming:
    chat_id: int
    text: str
    callback_query_id: str | None = None
    campaign: str | None = None


def read_update(update: Update) -> Incoming | None:
    """What an update asks of the assistant, or None for updates that need no answer."""
    if update.callback_query:
        query = update.callback_query
        chat = query.message.chat.id if query.message else query.from_user.id
        return Incoming(chat, query.data or UNSUPPORTED, callback_query_id=query.id)
    if update.edited_message:
        return Incoming(update.edited_message.chat.id, UNSUPPORTED)
    message = update.message
    if message is None:
        return None  # membership changes, channel posts, polls...: nothing to answer
    if not message.text:
        return Incoming(message.chat.id, UNSUPPORTED)  # voice, photo, sticker, location, document...
    command = read_command(message.text)
    if command:
        intent, argument = command
        return Incoming(message.chat.id, intent, campaign=attribution.resolve(argument) if intent == "/greet" else None)
    typed = attribution.read(message.text)  # the poster's code typed by hand: Telegram Desktop drops the payload
    return Incoming(message.chat.id, typed.text, campaign=typed.campaign)


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
        """Only one custom message exists: the action asking for a live chat (bot/live_chat.py). The
        chat id goes into the session's send function, in memory, and nowhere else."""
        from bot import live_chat

        async def send(text: str, buttons: list) -> None:
            await self.bot.send_message(self._chat_id, text, reply_markup=keyboard(buttons) if buttons else None)

        await live_chat.start_asked(json_message.get("live_chat") or {}, recipient_id, send)


def settings() -> dict[str, str | None]:
    return {
        "token": os.environ.get("TELEGRAM_BOT_TOKEN"),
        "secret": os.environ.get("TELEGRAM_SECRET_TOKEN"),
        "base_url": os.environ.get("TELEGRAM_API_BASE_URL") or DEFAULT_API,
    }


def make_bot() -> Bot:
    config = settings()
    return Bot(config["token"], base_url=config["base_url"])


ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
GROUP_CHATS = ("group", "supergroup")


def partner_groups() -> dict[str, str]:
    """Partners' Telegram group chat ids (from the directory's handoff settings) -> partner name."""
    from bot import directory

    return {str((c.get("handoff") or {}).get("telegram_chat_id")): c["name"]
            for c in directory.contacts() if (c.get("handoff") or {}).get("delivery") == "telegram"}


def partner_reply(update: Update) -> tuple[str, str, str] | None:
    """(case code, partner, answer) when a partner's group answers a report, else None."""
    from bot import case_codes

    message = update.message
    if message is None or message.chat.type not in GROUP_CHATS or not message.text:
        return None
    partner = partner_groups().get(str(message.chat.id))
    quoted = message.reply_to_message.text if message.reply_to_message and message.reply_to_message.text else ""
    codes = case_codes.find(quoted) or case_codes.find(message.text)
    if not partner or not codes:
        return None
    answer = message.text
    for code in codes:
        answer = answer.replace(code, "").replace(code.replace("-", ""), "")
    return codes[0], partner, answer.strip(" :-\n")


async def set_webhook(url: str) -> None:
    """Tell Telegram where to post updates, and the secret it must send with each."""
    bot = make_bot()
    async with bot:
        await bot.set_webhook(url, secret_token=settings()["secret"], allowed_updates=ALLOWED_UPDATES)


class TelegramInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TelegramInput:
        return cls()

    def __init__(self) -> None:
        config = settings()
        self.secret = config["secret"]
        self.bot = make_bot() if config["token"] and config["secret"] else None

    async def save_partner_reply(self, update: Update) -> None:
        from bot import cases, catalogs, live_chat

        found = partner_reply(update)
        if not found:
            return
        code, partner, answer = found
        session = live_chat.for_code(code)
        if session and await live_chat.from_partner(session, update.message.chat.id, answer):
            return  # a live chat: relayed, not stored
        try:
            cases.add_reply(code, partner, answer)
        except KeyError:
            return
        try:
            await self.bot.send_message(update.message.chat.id, catalogs.text("partner_reply_saved", "en", catalogs.PARTNERS),
                                        reply_to_message_id=update.message.message_id)
        except TelegramError as error:
            logger.warning("telegram API call failed: %s", type(error).__name__)

    async def relay_live(self, person: str, incoming: Incoming, update: Update) -> bool:
        """While the person is in a live chat, their messages go to the partner, not to Rasa."""
        from bot import catalogs, live_chat

        session = live_chat.for_person(person)
        if session is None:
            return False
        if incoming.text == UNSUPPORTED:
            await self.bot.send_message(incoming.chat_id, catalogs.text("utter_text_only", session.language))
            return True
        message = update.message
        # The words as typed: a case code or a command word in them is not turned into a payload here.
        await live_chat.from_person(session, message.text if message and message.text else incoming.text)
        return True

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
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
                return response.json({"error": "forbidden"}, status=403)
            try:
                data = json.loads((request.body or b"").decode("utf-8"))
                if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                    raise ValueError("not an update")
                update = Update.de_json(data, self.bot)
                in_group = update.message is not None and update.message.chat.type in GROUP_CHATS
                incoming = None if in_group else read_update(update)
            except Exception:  # any malformed update: python-telegram-bot raises many kinds
                return response.json({"error": "body is not a Telegram update"}, status=400)
            if in_group:
                # Groups are partners answering cases, never people asking for help.
                await self.save_partner_reply(update)
                return response.json({})
            if incoming is None:
                return response.json({})
            person = privacy.pseudonymise("telegram", str(incoming.chat_id))
            try:
                if incoming.callback_query_id:
                    await self.bot.answer_callback_query(incoming.callback_query_id)
                if await self.relay_live(person, incoming, update):
                    return response.json({})
                await on_new_message(UserMessage(
                    for_rasa(incoming.text),
                    TelegramOutput(self.bot, incoming.chat_id),
                    person,
                    input_channel=self.name(),
                    metadata={"campaign": incoming.campaign} if incoming.campaign else None,
                ))
            except TelegramError as error:
                # Answer 200 all the same: Telegram would resend the update and the person would
                # get the same answer twice once the API is back.
                logger.warning("telegram API call failed: %s", type(error).__name__)
            return response.json({})

        return hook
