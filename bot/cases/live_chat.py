"""A live chat between a person and a partner's Telegram group, relayed by the assistant.

The assistant is silent while a person holds one: their messages go, scrubbed and tagged only with
the case code, to the partner's group; the partner's answers in the group come back to them. Either
side ends it (/end), or it ends after BOT_LIVE_CHAT_TIMEOUT seconds without a message (default 900),
and the assistant answers again.

Who chats with which partner, and what waits for a web page to fetch it, is kept by
bot/cases/live_state.py: in this process's memory in the embedded default, in Redis in the
scale-out profile, so that a message reaching any replica is relayed either way. The way back to a
Telegram person (a function holding their chat id) lives only in the memory of the process where
the chat started. Nothing of the chat is stored for good: not in the tracker store (Rasa never sees
these messages), not in cases.db, not in logs. A restart of that process ends its chats.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass

from bot import config
from bot.cases import live_state, partner_group
from bot.cases.live_state import Chat, Send
from bot.language import catalogs
from bot.privacy import scrubber
from bot.referral import directory

logger = logging.getLogger(__name__)

END_COMMANDS = ("/end", "/stop", "/end_chat")


@dataclass(frozen=True)
class Session:
    """An open chat, as live_state keeps it, with its partner's directory entry."""

    chat: Chat
    contact: dict

    @property
    def code(self) -> str:
        return self.chat.code

    @property
    def person(self) -> str:
        return self.chat.person

    @property
    def language(self) -> str:
        return self.chat.language

    @property
    def group(self) -> int:
        group = partner_group.group_of(self.contact)
        if group is None:
            raise ValueError(f"{self.contact['id']} takes no live chats: its reports do not go to a Telegram group")
        return group


_sweeper: asyncio.Task | None = None


def timeout() -> float:
    return config.get().live_chat_timeout


def _session(chat: Chat | None) -> Session | None:
    """The chat with its partner; None when there is none, or the partner left the directory."""
    contact = directory.by_id(chat.contact_id) if chat is not None else None
    return Session(chat, contact) if chat is not None and contact is not None else None


def _person_text(key: str, session: Session, **values: str) -> str:
    return catalogs.fill(catalogs.text(key, session.language), {"name": session.contact["name"], **values})


def _partner_text(key: str, session: Session, **values: str) -> str:
    lang = session.contact["handoff"].get("language", "en")
    return catalogs.fill(catalogs.text(key, lang, catalogs.PARTNERS),
                         {"code": session.code, "language": session.language, **values})


def end_button(session: Session) -> list[dict]:
    return [{"title": catalogs.text("button_end_chat", session.language), "payload": "/end"}]


async def to_person(session: Session, text: str, buttons: list | None = None) -> None:
    """A message to the person, whichever replica holds the way back to them."""
    await live_state.get().deliver(session.chat, {"text": text, "buttons": buttons or []})


async def _to_group(session: Session, text: str) -> None:
    try:
        await partner_group.send(session.group, text)
    except Exception as error:  # noqa: BLE001  the person is told nothing failed silently below
        logger.warning("live chat: could not write to the partner's group: %s", type(error).__name__)
        raise


async def _reply(send: Send | None, person: str, text: str, buttons: list | None = None) -> None:
    """An answer to the person's own request, from this process, when no chat holds the way back."""
    if send is not None:
        await send(text, buttons or [])
    else:
        await live_state.get().keep_waiting(person, {"text": text, "buttons": buttons or []})


async def start(code: str, person: str, contact: dict, lang: str, send: Send | None) -> None:
    """Open the chat: the partner's group is told, then the person. `send` reaches the person's chat
    from this process; None when their messages wait for their page to fetch them (the web chat).
    A chat already open for this person is ended first (one at a time). A case holds one chat: while
    it is open, another holder of the code is told nobody can chat, and the open chat goes on."""
    global _sweeper
    state = live_state.get()
    session = Session(state.owned(Chat(code, person, contact["id"], lang), send), contact)
    holder = await state.of_code(code)
    if holder is not None and holder.person != person and not holder.expired(timeout()):
        await _reply(send, person, catalogs.text("utter_live_unavailable", lang))
        return
    old = _session(await state.of_person(person))
    if old:
        await end(old, "person")
    if not await state.claim(session.chat, timeout()):  # another replica opened it meanwhile
        await _reply(send, person, catalogs.text("utter_live_unavailable", lang))
        return
    try:
        await _to_group(session, _partner_text("partner_live_started", session))
    except Exception:  # noqa: BLE001
        await state.release(session.chat)
        await _reply(send, person, _person_text("live_failed", session))
        return
    state.remember(session.chat, send)
    await to_person(session, _person_text("live_started", session), end_button(session))
    if _sweeper is None or _sweeper.done():
        _sweeper = asyncio.get_running_loop().create_task(_sweep())


async def start_asked(asked: dict, person: str, send: Send | None) -> None:
    """Open the chat an action asked for (its custom message's `live_chat`), with the channel's way
    back to the person; nothing when the contact is no longer in the directory."""
    contact = directory.by_id(asked.get("contact_id"))
    if contact is not None and asked.get("code"):
        await start(asked["code"], person, contact, asked.get("language", "en"), send)


async def for_person(person: str) -> Session | None:
    return _session(await live_state.get().of_person(person))


async def for_code(code: str) -> Session | None:
    return _session(await live_state.get().of_code(code))


async def take_waiting(person: str) -> list[dict]:
    """What waits for the person's page (the web chat), in order, with its recipient."""
    return [{"recipient_id": person, **message} for message in await live_state.get().take_waiting(person)]


def expired(session: Session, now: float | None = None) -> bool:
    return session.chat.expired(timeout(), now)


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
        await to_person(session, _person_text("live_reminder", session), end_button(session))
        return
    await live_state.get().touch(session.chat)
    try:
        scrubbed = await asyncio.to_thread(scrubber.scrub, text)  # CPU work, off the event loop
        await _to_group(session, _partner_text("partner_live_message", session, text=scrubbed))
    except Exception:  # noqa: BLE001
        await to_person(session, _person_text("live_not_delivered", session), end_button(session))


async def from_partner(session: Session, group: int, text: str) -> bool:
    """A partner's message in their group for this chat; False when it came from another group."""
    if group != session.group:
        return False
    if text.strip().lower().split(" ")[0] in END_COMMANDS:
        await end(session, "partner")
        return True
    state = live_state.get()
    await state.touch(session.chat)
    words = text.strip()
    if state.shared:  # it waits in Redis for the person: scrubbed, like everything kept outside memory
        words = await asyncio.to_thread(scrubber.scrub, words)
    await to_person(session, f"{session.contact['name']}: {words}", end_button(session))
    return True


async def end(session: Session, why: str) -> None:
    """Close the chat and tell both sides; why is "person", "partner" or "timeout". Only the one
    caller that closes it tells them, on whichever replica."""
    state = live_state.get()
    if not await state.release(session.chat):
        return  # already ended
    for notify in (lambda: to_person(session, _person_text(f"live_ended_{why}", session)),
                   lambda: _to_group(session, _partner_text(f"partner_live_ended_{why}", session))):
        try:
            await notify()
        except Exception as error:  # noqa: BLE001  one side unreachable must not keep the other waiting
            logger.warning("live chat: could not tell the end: %s", type(error).__name__)
    if session.chat.owner != state.me:
        state.forget_here(session.person)  # the owner forgets once it has handed over the last message


async def _sweep() -> None:
    """End the chats started here that nobody wrote in for a while, while any is open."""
    state = live_state.get()
    while state.started_here():
        await asyncio.sleep(max(0.5, min(timeout() / 4, 30)))
        now = time.time()
        for person in state.started_here():
            try:
                chat = await state.of_person(person)
                if chat is None or chat.owner not in (state.me, live_state.QUEUE):
                    state.forget_here(person)  # ended (its last messages handed over), or opened elsewhere
                elif chat.expired(timeout(), now):
                    session = _session(chat)
                    if session is not None:
                        await end(session, "timeout")
                    else:
                        await state.release(chat)
            except Exception as error:  # noqa: BLE001  Redis away for a moment: the next sweep tries again
                logger.warning("live chat: could not sweep: %s", type(error).__name__)

