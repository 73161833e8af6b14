"""A live chat between a person and a partner's Telegram group, relayed by the assistant.

The assistant is silent while a person holds one: their messages go, scrubbed and tagged only with
the case code, to the partner's group; the partner's answers in the group come back to them. Either
side ends it (/end), or it ends after BOT_LIVE_CHAT_TIMEOUT seconds without a message (default 900),
and the assistant answers again.

The way back to the person (a function that sends to their chat) lives only in this process's
memory for as long as the chat lasts. Nothing of the chat is stored: not in the tracker store (Rasa
never sees these messages), not in cases.db, not in logs. A restart ends every live chat.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bot import config
from bot.cases import partner_group
from bot.language import catalogs
from bot.privacy import scrubber
from bot.referral import directory

logger = logging.getLogger(__name__)

END_COMMANDS = ("/end", "/stop", "/end_chat")
Send = Callable[[str, list], Awaitable[None]]  # (text, buttons) to the person


@dataclass
class Session:
    code: str
    person: str  # the pseudonym Rasa knows, never the chat id
    contact: dict
    language: str
    send: Send = field(repr=False)
    last_message: float = field(default_factory=time.monotonic)

    @property
    def group(self) -> int:
        group = partner_group.group_of(self.contact)
        if group is None:
            raise ValueError(f"{self.contact['id']} takes no live chats: its reports do not go to a Telegram group")
        return group


_by_person: dict[str, Session] = {}
_by_code: dict[str, Session] = {}
_sweeper: asyncio.Task | None = None


def timeout() -> float:
    return config.get().live_chat_timeout


def _person_text(key: str, session: Session, **values: str) -> str:
    return catalogs.fill(catalogs.text(key, session.language), {"name": session.contact["name"], **values})


def _partner_text(key: str, session: Session, **values: str) -> str:
    lang = session.contact["handoff"].get("language", "en")
    return catalogs.fill(catalogs.text(key, lang, catalogs.PARTNERS),
                         {"code": session.code, "language": session.language, **values})


def end_button(session: Session) -> list[dict]:
    return [{"title": catalogs.text("button_end_chat", session.language), "payload": "/end"}]


async def _to_group(session: Session, text: str) -> None:
    try:
        await partner_group.send(session.group, text)
    except Exception as error:  # noqa: BLE001  the person is told nothing failed silently below
        logger.warning("live chat: could not write to the partner's group: %s", type(error).__name__)
        raise


async def start(code: str, person: str, contact: dict, lang: str, send: Send) -> None:
    """Open the chat: the partner's group is told, then the person. A chat already open for this
    person is ended first (one at a time). A case holds one chat: while it is open, another holder
    of the code is told nobody can chat, and the open chat goes on undisturbed."""
    global _sweeper
    holder = _by_code.get(code)
    if holder is not None and holder.person != person and not expired(holder):
        await send(catalogs.text("utter_live_unavailable", lang), [])
        return
    old = _by_person.get(person)
    if old:
        await end(old, "person")
    session = Session(code, person, contact, lang, send)
    _by_person[person], _by_code[code] = session, session
    try:
        await _to_group(session, _partner_text("partner_live_started", session))
    except Exception:  # noqa: BLE001
        _forget(session)
        await send(_person_text("live_failed", session), [])
        return
    await send(_person_text("live_started", session), end_button(session))
    if _sweeper is None or _sweeper.done():
        _sweeper = asyncio.get_running_loop().create_task(_sweep())


async def start_asked(asked: dict, person: str, send: Send) -> None:
    """Open the chat an action asked for (its custom message's `live_chat`), with the channel's way
    back to the person; nothing when the contact is no longer in the directory."""
    contact = directory.by_id(asked.get("contact_id"))
    if contact is not None and asked.get("code"):
        await start(asked["code"], person, contact, asked.get("language", "en"), send)


def _forget(session: Session) -> None:
    for table, key in ((_by_person, session.person), (_by_code, session.code)):
        if table.get(key) is session:  # a newer chat under the same key stays
            del table[key]


def for_person(person: str) -> Session | None:
    return _by_person.get(person)


def for_code(code: str) -> Session | None:
    return _by_code.get(code)


def expired(session: Session, now: float | None = None) -> bool:
    return (now or time.monotonic()) - session.last_message > timeout()


async def from_person(session: Session, text: str) -> None:
    """A person's message during the chat: /end ends it; other commands and buttons are not relayed."""
    if expired(session):
        await end(session, "timeout")
        return
    command = text.strip().lower()
    if command in END_COMMANDS:
        await end(session, "person")
        return
    if command.startswith("/"):
        await session.send(_person_text("live_reminder", session), end_button(session))
        return
    session.last_message = time.monotonic()
    try:
        scrubbed = await asyncio.to_thread(scrubber.scrub, text)  # CPU work, off the event loop
        await _to_group(session, _partner_text("partner_live_message", session, text=scrubbed))
    except Exception:  # noqa: BLE001
        await session.send(_person_text("live_not_delivered", session), end_button(session))


async def from_partner(session: Session, group: int, text: str) -> bool:
    """A partner's message in their group for this chat; False when it came from another group."""
    if group != session.group:
        return False
    if text.strip().lower().split(" ")[0] in END_COMMANDS:
        await end(session, "partner")
        return True
    session.last_message = time.monotonic()
    await session.send(f"{session.contact['name']}: {text.strip()}", end_button(session))
    return True


async def end(session: Session, why: str) -> None:
    """Close the chat and tell both sides; why is "person", "partner" or "timeout"."""
    if _by_person.get(session.person) is not session:
        return  # already ended
    _forget(session)
    for notify in (lambda: session.send(_person_text(f"live_ended_{why}", session), []),
                   lambda: _to_group(session, _partner_text(f"partner_live_ended_{why}", session))):
        try:
            await notify()
        except Exception as error:  # noqa: BLE001  one side unreachable must not keep the other waiting
            logger.warning("live chat: could not tell the end: %s", type(error).__name__)


async def _sweep() -> None:
    """End chats nobody wrote in for a while, while any is open."""
    while _by_person:
        await asyncio.sleep(max(0.5, min(timeout() / 4, 30)))
        now = time.monotonic()
        for session in [s for s in _by_person.values() if expired(s, now)]:
            await end(session, "timeout")
