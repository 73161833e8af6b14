"""Rasa's SQL tracker store, made to forget: scrubbed events, and erasure on "delete my data".

endpoints.yml: `tracker_store: type: bot.rasa_plugins.tracker_store.PrivateSQLTrackerStore`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import sqlalchemy as sa
import sqlalchemy.event
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import vocabulary
from bot.cases import case_codes
from bot.privacy import erasure, scrubber
from bot.privacy.files import private_file
from bot.rasa_plugins import window

logger = logging.getLogger(__name__)

# Bot messages whose text is not kept: a partner's answer stored beside a conversation would link
# the conversation to its case.
UNSTORED_RESPONSES = {"utter_case_reply"}
# Slots whose value, and the message that gave it, are not kept: the summary a person adds to a
# report is sent to the partner, and the same words beside a conversation would link it to the case.
UNSTORED_SLOTS = {"summary"}
UNSTORED = "[NOT_STORED]"
# Slots whose values a report copies into cases.db (region as typed, sector, indicators, risk level)
# and the answers they were read from. Once a conversation makes a report, its stored copies are
# cleared, so that no value in the tracker store can be matched to a row of cases.db. Until then
# the assistant needs them (the report form reads them back from the store turn by turn).
REPORT_SLOTS = {"region", "sector", "indicators", "risk_level", "indicator_turns", "undocumented", "minor"}
REPORT_SLOT_PREFIX = "screen_"  # the screening answers the indicators were read from
# Slots whose message is never kept as typed: a place as typed can be an address or a name.
UNSTORED_TEXT_SLOTS = {"region"}
# The question whether to make a report, its answers and what came of it (the case code, the offer
# of a live chat) are not kept once the question is settled, made or declined: from the question (or
# the message that asked for a report) to the end of that turn, the stored events are deleted. The
# conversation then reads the same whether a report was made or not, so no stored event tells that
# it made one, or when. Until then the report form needs them, turn by turn.
REPORT_FORM = "report_form"
ASK_REPORT = "utter_ask_report"
DECLINED = "utter_no_report"
LISTEN = "action_listen"
# Stored times are whole minutes: enough for sessions (an hour of silence) and retention (days), too
# coarse to match an event against a delivery or another store's clock.
TIME_GRAIN = 60.0


def coarse(timestamp: Any) -> Any:
    """A stored time, rounded down to TIME_GRAIN seconds."""
    if not isinstance(timestamp, (int, float)) or isinstance(timestamp, bool):
        return timestamp
    return math.floor(timestamp / TIME_GRAIN) * TIME_GRAIN


def is_report_slot(name: Any) -> bool:
    return isinstance(name, str) and (name in REPORT_SLOTS or name.startswith(REPORT_SLOT_PREFIX))


def _cleared(value: Any) -> Any:
    """What a report slot holds once forgotten: empty of its kind, so the slot stays well typed."""
    return [] if isinstance(value, list) else None


def _secure_delete(connection: Any, _record: Any) -> None:
    connection.execute("PRAGMA secure_delete = ON")


def _holds_unstored(events: list) -> bool:
    return any(isinstance(e, SlotSet) and (e.key in UNSTORED_SLOTS or e.key in UNSTORED_TEXT_SLOTS)
               and e.value not in (None, "skipped") for e in events)


def _makes_report(events: list) -> bool:
    return any(isinstance(e, ActionExecuted) and e.action_name == vocabulary.action("make_report") for e in events)


def _settles_report(events: list) -> bool:
    """Whether this turn made a report or heard it declined."""
    return any(isinstance(e, ActionExecuted) and e.action_name in (vocabulary.action("make_report"), DECLINED)
               for e in events)


def report_flow_start(events: list[dict]) -> tuple[int, bool] | None:
    """Where the report question settled by the last of `events` began, as stored dicts: (its index,
    whether the turn's last action_listen is kept). The question's start is the assistant asking
    (utter_ask_report), or the person's message that started the report form when nobody asked;
    None when no settled question is found."""
    ends = [i for i, e in enumerate(events) if e.get("event") == "action"
            and e.get("name") in (vocabulary.action("make_report"), DECLINED)]
    if not ends:
        return None
    end = ends[-1]
    if events[end].get("name") == DECLINED:
        before = end
    else:  # the message that started the form: the last one before the form's activation
        starts = [i for i in range(end) if events[i].get("event") == "active_loop" and events[i].get("name") == REPORT_FORM]
        if not starts:
            return None
        before = starts[-1]
    users = [i for i in range(before) if events[i].get("event") == "user"]
    if not users:
        return None
    start = users[-1]
    j = start - 1  # the assistant's question this message answered, if it was asked
    while j >= 0 and (events[j].get("event") in ("bot", "slot") or (events[j].get("event") == "action"
                                                                    and events[j].get("name") == LISTEN)):
        j -= 1
    if j >= 0 and events[j].get("event") == "action" and events[j].get("name") == ASK_REPORT:
        return j, True  # what stays ends on the contacts offered, then listening, as when never asked
    return start, False  # what stays ends listening for the next message, as before this one


def _forget_report_fields(data: dict) -> dict | None:
    """A stored event with the report's fields taken out, or None when it holds none."""
    if data.get("event") == "slot" and is_report_slot(data.get("name")) and data.get("value") not in (None, []):
        return {**data, "value": _cleared(data.get("value"))}
    if data.get("event") == "user":
        parse = data.get("parse_data") or {}
        if any(is_report_slot(e.get("entity")) for e in parse.get("entities") or [] if isinstance(e, dict)):
            return _withheld(data)
    return None


def _withheld(data: dict) -> dict:
    """A user message or slot whose words are not kept: the intent stays, the text goes."""
    if data.get("event") == "slot":
        return {**data, "value": UNSTORED}
    parse = data.get("parse_data") or {}
    return {**data, "text": UNSTORED, "parse_data": {"intent": parse.get("intent"), "entities": [], "text": UNSTORED}}


def _stored_form(event: Any, withhold: bool = False) -> dict:
    """An event as stored: personal details scrubbed from every string, bot message metadata dropped.

    Values an action passes to a response (a case code among them) travel in BotUttered metadata;
    only the response name is kept, so a case code is never stored beside a conversation.
    """
    data = event.as_dict()
    if isinstance(event, BotUttered):
        data["metadata"] = {k: v for k, v in (data.get("metadata") or {}).items() if k == "utter_action"}
        if data["metadata"].get("utter_action") in UNSTORED_RESPONSES:
            data["text"] = "[CASE_REPLY]"
        # An action's custom message (a live chat's case code) stays in memory only.
        data.get("data", {}).pop("custom", None)
    if withhold and (isinstance(event, UserUttered) or (isinstance(event, SlotSet) and event.key in UNSTORED_SLOTS)):
        data = _withheld(data)
    if "timestamp" in data:
        data["timestamp"] = coarse(data["timestamp"])
    return _scrub_strings(data)


# Intent, action, slot and entity names: they hold no personal data and are most of an event's
# strings, so they skip the scrubber (which runs phonenumbers for many regions on each string).
IDENTIFIER = re.compile(r"^[a-z_]+$")  # no digits: a case code typed in lower case never passes
# Ids Rasa itself puts on every event (the model's, a message's): random hex, never personal. They
# skip the scrubber only under these keys, which no user text reaches; scrubbing the model id of
# every event of every turn was most of the store's time (its 20-odd digits wake the phone matcher).
GENERATED_IDS = {"model_id", "message_id"}
UUID_HEX = re.compile(r"^[0-9a-f]{32}$")
# The last event a tracker was loaded with or saved up to: what follows it is new. Set on the event
# object, which every copy of the tracker shares; a windowed tracker (bot/rasa_plugins/window.py) is
# shorter than its stored session, so counting stored rows would not tell.
STORED_MARK = "_bot_stored"


def _mark_stored(events: list) -> None:
    if events:
        setattr(events[-1], STORED_MARK, True)


def _after_stored(events: list) -> list | None:
    """The events after the last one loaded or saved, or None when the tracker was not loaded here."""
    for index in range(len(events) - 1, -1, -1):
        if getattr(events[index], STORED_MARK, False):
            return events[index + 1:]
    return None


def _generated_id(key: str, value: Any) -> bool:
    return key in GENERATED_IDS and isinstance(value, str) and bool(UUID_HEX.match(value))


def _scrub_strings(value: Any) -> Any:
    if isinstance(value, str):
        if IDENTIFIER.match(value):
            return value
        # Even a mistyped case code is one character from the real one: none is stored.
        value = scrubber.scrub(value)
        return case_codes.redact(value, case_codes.find(value) + case_codes.candidates(value))  # real codes first
    if isinstance(value, dict):
        return {k: v if _generated_id(k, v) else _scrub_strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub_strings(v) for v in value]
    return value


class PrivateSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("dialect", "sqlite") == "sqlite" and kwargs.get("db"):
            private_file(kwargs["db"])  # created 0600 before SQLite makes it with the default 0644
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            # Deleted events are overwritten, not left in free pages for someone holding the file.
            sqlalchemy.event.listen(self.engine, "connect", _secure_delete)
        # Every read and write of the store in one worker thread, one at a time: the event loop goes on
        # with other conversations while SQLite waits for the disk, and no two of our own connections
        # ever wait on each other's lock (SQLite's busy wait sleeps up to 100 ms at a time). An
        # in-memory SQLite database lives in the thread that made it: used there, inline.
        in_memory = self.engine.dialect.name == "sqlite" and self.engine.url.database in (None, "", ":memory:")
        self._database = None if in_memory else ThreadPoolExecutor(max_workers=1, thread_name_prefix="tracker-store")

    async def _in_database_thread(self, work: Callable[..., Any], *args: Any) -> Any:
        if self._database is None:
            return work(*args)
        return await asyncio.get_running_loop().run_in_executor(self._database, work, *args)

    def _event_query(self, session: Any, sender_id: str, fetch_events_from_all_sessions: bool) -> Any:
        """The conversation's events (of its latest session unless all are asked for), in stored order.

        Rasa finds the latest session by timestamp; stored times are coarse here (a session's first
        events share a minute with the previous action), so the session is found by row id instead."""
        query = session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id)
        if not fetch_events_from_all_sessions:
            start = (session.query(sa.func.max(self.SQLEvent.id))
                     .filter(self.SQLEvent.sender_id == sender_id, self.SQLEvent.type_name == SessionStarted.type_name)
                     .scalar_subquery())
            query = query.filter(sa.or_(start.is_(None), self.SQLEvent.id >= start))
        return query.order_by(self.SQLEvent.id)

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> DialogueStateTracker | None:
        """Rasa's retrieve reading only the events' JSON (no ORM row objects); the latest session of a
        long conversation comes back windowed (bot/rasa_plugins/window.py)."""
        rows = await self._in_database_thread(self._stored_rows, sender_id, fetch_events_from_all_sessions)
        if not (self.domain and rows):
            return None
        events = [json.loads(data) for data in rows]
        if fetch_events_from_all_sessions:
            tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        else:
            tracker = window.tracker_from(sender_id, events, self.domain.slots)
        _mark_stored(list(tracker.events))
        return tracker

    def _stored_rows(self, sender_id: str, fetch_events_from_all_sessions: bool) -> list[str]:
        with self.session_scope() as session:
            query = self._event_query(session, sender_id, fetch_events_from_all_sessions)
            return [row.data for row in query.with_entities(self.SQLEvent.data).all()]

    def _forget_report(self, session: Any, sender_id: str) -> None:
        """Clear the report's fields from every stored event of the conversation (see REPORT_SLOTS)."""
        for row in session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id,
                                                      self.SQLEvent.type_name.in_(("slot", "user"))):
            try:
                data = json.loads(row.data)
            except ValueError:
                continue
            forgotten = _forget_report_fields(data)
            if forgotten is not None:
                row.data = json.dumps(forgotten, ensure_ascii=False)

    def _settled_question(self, session: Any, sender_id: str, new_events: list) -> list | None:
        """When this turn settles the report question: its stored events deleted from the question's
        start, and the turn's events that are still to be stored; None otherwise."""
        if not _settles_report(new_events):
            return None
        rows = list(self._event_query(session, sender_id, fetch_events_from_all_sessions=False))
        stored = []
        for row in rows:
            try:
                stored.append(json.loads(row.data))
            except ValueError:
                stored.append({})
        found = report_flow_start(stored + [e.as_dict() for e in new_events])
        if found is None:
            return None
        start, keep_listen = found
        if start < len(rows):
            first = rows[start].id
            session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id,
                                                self.SQLEvent.id >= first).delete()
            kept: list = []
        else:
            kept = list(new_events[:start - len(rows)])
        if keep_listen and new_events and isinstance(new_events[-1], ActionExecuted) and new_events[-1].action_name == LISTEN:
            kept.append(new_events[-1])
        return kept

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        # Scrubbing every string of the turn is CPU work, and SQLite's commit waits for the disk: both
        # in the store's thread, so that other conversations' turns go on meanwhile.
        saved = await self._in_database_thread(self._write, tracker, _after_stored(list(tracker.events)))
        _mark_stored(saved)

    def _write(self, tracker: DialogueStateTracker, new_events: list | None) -> list:
        """Store the turn's new events (those after the loaded ones, else Rasa's count); the events saved."""
        with self.session_scope() as session:
            if new_events is None:
                new_events = list(self._additional_events(session, tracker))
            # Erased only once action_delete_my_data says it erased: when it asked first ("do you want
            # me to delete this conversation?"), nothing goes before the yes (bot/privacy/erasure.py).
            if erasure.confirmed(new_events):
                deleted = session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == tracker.sender_id).delete()
                session.commit()
                logger.info("erased a conversation on request (%d events)", deleted)
                return []
            settled = self._settled_question(session, tracker.sender_id, new_events)
            saved = new_events  # all of them count as stored: a second save of this turn adds none again
            if settled is not None:
                new_events = settled
            withhold = _holds_unstored(new_events)
            for event in new_events:
                data = _stored_form(event, withhold)
                session.add(
                    self.SQLEvent(
                        sender_id=tracker.sender_id,
                        type_name=event.type_name,
                        timestamp=data.get("timestamp"),
                        intent_name=data.get("parse_data", {}).get("intent", {}).get("name"),
                        action_name=data.get("name"),
                        data=json.dumps(data, ensure_ascii=False),
                    )
                )
            if settled is not None or _makes_report(new_events):
                session.flush()
                self._forget_report(session, tracker.sender_id)
            session.commit()
        return saved

    async def erase(self, sender_id: str) -> int:
        """Delete every stored event of one conversation; the number deleted."""
        return await self._in_database_thread(self._erase, sender_id)

    def _erase(self, sender_id: str) -> int:
        with self.session_scope() as session:
            deleted = session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete()
            session.commit()
            return deleted
