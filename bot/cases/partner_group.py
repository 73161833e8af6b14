"""Partners' Telegram groups: the only code that talks to them.

One sender (`send`: reports, live-chat messages, confirmations) and one reader (`read_message`:
what a partner wrote in their group, with the case it answers). A group is a partner's when the
directory's handoff for that partner names its chat id.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Bot, Update

from bot import config
from bot.cases import case_codes
from bot.referral import directory

GROUP_CHATS = ("group", "supergroup")


def make_bot() -> Bot:
    settings = config.get()
    return Bot(settings.telegram_bot_token, base_url=settings.telegram_api_base_url)


def group_of(contact: dict) -> int | None:
    """The contact's Telegram group chat id, when reports go to one."""
    handoff = contact.get("handoff") or {}
    return int(handoff["telegram_chat_id"]) if handoff.get("delivery") == "telegram" else None


def partners() -> dict[int, dict]:
    """Group chat id -> the directory entry of the partner it belongs to."""
    return {group: contact for contact in directory.contacts() if (group := group_of(contact)) is not None}


async def send(group: int, text: str, reply_to: int | None = None, bot: Bot | None = None) -> None:
    """Write to a partner's group; TelegramError and network errors reach the caller."""
    await (bot or make_bot()).send_message(group, text, reply_to_message_id=reply_to)


@dataclass(frozen=True)
class GroupMessage:
    group: int
    message_id: int
    partner: dict  # the directory entry
    codes: list[str]  # the case codes it names: in the message it replies to first, then its own
    text: str  # as the partner wrote it


def is_group(update: Update) -> bool:
    return update.message is not None and update.message.chat.type in GROUP_CHATS


def read_message(update: Update) -> GroupMessage | None:
    """A partner's message in their group that names a case, else None (other groups, chatter)."""
    message = update.message
    if message is None or message.chat.type not in GROUP_CHATS or not message.text:
        return None
    partner = partners().get(message.chat.id)
    quoted = message.reply_to_message.text if message.reply_to_message and message.reply_to_message.text else ""
    codes = case_codes.find(quoted) or case_codes.find(message.text)
    if partner is None or not codes:
        return None
    return GroupMessage(message.chat.id, message.message_id, partner, codes, message.text)
