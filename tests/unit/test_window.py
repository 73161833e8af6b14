"""A long conversation's tracker, windowed (bot/rasa_plugins/window.py), leads Rasa and the action
server to what the whole session would: the same state, the same latest states for the policies,
the same counts for the actions; saving it stores exactly the new events."""

from __future__ import annotations

import asyncio
import dis
import inspect
import json

import pytest
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa.shared.utils.common import all_subclasses
from rasa_sdk import Action, FormValidationAction, Tracker

import actions.cases
import actions.conversation
import actions.referral
import actions.screening
import actions.voice
import actions.wage
from actions.common import turn_of
from bot.config import ROOT
from bot.rasa_plugins import action_calls, event_types, window
from bot.rasa_plugins.tracker_store import PrivateSQLTrackerStore

DOMAIN = Domain.load(str(ROOT / "domain.yml"))
# Policies look at most this many states back: MemoizationPolicy's max_history (4) and the rules'
# length (two messages, four states each at most), with room to spare.
STATES_COMPARED = 8


def conversation(messages: int, form_from: int | None = None) -> list[Event]:
    """A session as the store hands it over (from its start): greetings, a language, a form opened and closed now and then
    (or, from message `form_from` on, left open), a sign noticed, contacts offered, a fallback undone."""
    events: list[Event] = [SessionStarted(), ActionExecuted("action_listen")]
    for n in range(messages):
        events.append(UserUttered(f"message {n}", {"name": "greet", "confidence": 0.9}))
        events.append(ActionExecuted("action_listen_closely"))
        if n == 2:
            events.append(SlotSet("language", "ro"))
        if n == 9:
            events += [SlotSet("indicators", ["retention_of_identity_documents"]), SlotSet("risk_level", "forced_labour_signs")]
        if n == 30:
            events += [ActionExecuted("action_offer_contacts"), BotUttered("contacts")]
        if n % 11 == 5:
            events += [ActionExecuted("action_default_fallback"), BotUttered("sorry"), UserUtteranceReverted()]
            continue
        opened = form_from is not None and n >= form_from
        if n % 7 == 0 or opened:
            events += [ActionExecuted("wage_form"), ActiveLoop("wage_form"), SlotSet("requested_slot", "wage_hours")]
        elif n % 7 == 1:
            events += [ActionExecuted("wage_form"), ActiveLoop(None), SlotSet("requested_slot", None)]
        events += [ActionExecuted("utter_greet"), BotUttered("hi", metadata={"utter_action": "utter_greet"}),
                   ActionExecuted("action_listen")]
    return events


def stored(events: list[Event]) -> list[dict]:
    return [json.loads(json.dumps(event.as_dict())) for event in events]


def whole(events: list[Event]) -> DialogueStateTracker:
    return DialogueStateTracker.from_dict("person", stored(events), DOMAIN.slots)


def sdk_tracker(tracker: DialogueStateTracker) -> Tracker:
    return Tracker.from_dict(action_calls.tracker_state(tracker))


@pytest.mark.parametrize("messages", [window.WINDOWED_AFTER + 1, 60, 200])
def test_a_windowed_tracker_leads_to_what_the_whole_session_would(messages):
    events = conversation(messages)
    full, windowed = whole(events), window.tracker_from("person", stored(events), DOMAIN.slots)
    assert window.is_windowed(windowed) and len(windowed.events) < len(full.events)
    assert windowed.current_slot_values() == full.current_slot_values()
    assert {n: s.has_been_set for n, s in windowed.slots.items()} == {n: s.has_been_set for n, s in full.slots.items()}
    assert windowed.active_loop == full.active_loop
    assert windowed.latest_message == full.latest_message and windowed.latest_action == full.latest_action
    assert windowed.past_states(DOMAIN)[-STATES_COMPARED:] == full.past_states(DOMAIN)[-STATES_COMPARED:]
    # The action server counts the person's messages and finds the actions that ran, as in the whole.
    theirs, ours = sdk_tracker(full), sdk_tracker(windowed)
    assert turn_of(ours) == turn_of(theirs) == messages
    names = lambda t: [e.get("name") for e in t.events_after_latest_restart() if e.get("event") == "action"]  # noqa: E731
    assert names(ours) == names(theirs)
    assert ours.latest_message == theirs.latest_message and ours.slots == theirs.slots


def test_short_sessions_and_open_forms_stay_whole():
    assert not window.is_windowed(window.tracker_from("person", stored(conversation(window.WINDOWED_AFTER)), DOMAIN.slots))
    # A form open for the last forty messages: no boundary without it within reach, so the whole session.
    events = conversation(80, form_from=40)
    tracker = window.tracker_from("person", stored(events), DOMAIN.slots)
    assert not window.is_windowed(tracker) and len(tracker.events) == len(events)
    assert tracker.active_loop_name == "wage_form"


def test_a_form_open_at_the_window_start_moves_the_start_earlier():
    events = conversation(60, form_from=56)  # open for the last four messages, inside WINDOW_TURNS
    full, windowed = whole(events), window.tracker_from("person", stored(events), DOMAIN.slots)
    assert window.is_windowed(windowed) and windowed.active_loop == full.active_loop
    assert windowed.past_states(DOMAIN)[-STATES_COMPARED:] == full.past_states(DOMAIN)[-STATES_COMPARED:]


def test_saving_a_windowed_tracker_stores_exactly_the_new_events(tmp_path):
    store = PrivateSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "t.db"))
    events = conversation(100)
    asyncio.run(store.save(DialogueStateTracker.from_events("person", events, DOMAIN.slots)))
    tracker = asyncio.run(store.retrieve("person"))
    assert window.is_windowed(tracker)
    turn = [UserUttered("one more", {"name": "greet"}), ActionExecuted("utter_greet"), ActionExecuted("action_listen")]
    for event in turn[:2]:
        tracker.update(event)
    asyncio.run(store.save(tracker.copy()))  # Rasa saves copies too: they share the loaded events
    tracker.update(turn[2])
    asyncio.run(store.save(tracker))  # saved twice in a turn: only the event since
    with store.session_scope() as session:
        rows = [json.loads(row.data) for row in session.query(store.SQLEvent).order_by(store.SQLEvent.id)]
    assert len(rows) == len(events) + len(turn)
    assert [r.get("name") or r.get("text") for r in rows[-3:]] == ["one more", "utter_greet", "action_listen"]
    again = asyncio.run(store.retrieve("person"))
    assert again.current_slot_values() == whole(events + turn).current_slot_values()
    assert turn_of(sdk_tracker(again)) == 101


def test_event_classes_by_name_are_rasas_own():
    names = {cls.type_name for cls in all_subclasses(Event)}
    expected = {name: event_types._ORIGINAL(name) for name in names}
    assert {name: event_types.resolve_by_type(name) for name in names} == expected
    assert event_types.resolve_by_type("topic") is None
    assert event_types.resolve_by_type("no_such_event", SlotSet) is SlotSet
    with pytest.raises(ValueError):
        event_types.resolve_by_type("no_such_event")


ACTION_MODULES = [actions.cases, actions.conversation, actions.referral, actions.screening, actions.voice, actions.wage]


def our_actions() -> list[type]:
    return [cls for module in ACTION_MODULES for _, cls in inspect.getmembers(module, inspect.isclass)
            if issubclass(cls, Action) and cls.__module__ == module.__name__]


def reads_domain(cls: type) -> bool:
    """Whether any method the class defines itself loads its `domain` argument."""
    return any(instruction.opname == "LOAD_FAST" and instruction.argval == "domain"
               for _, method in inspect.getmembers(cls, inspect.isfunction) if method.__qualname__.startswith(cls.__name__)
               for instruction in dis.get_instructions(method))


def test_the_domain_goes_to_exactly_the_actions_that_read_it():
    for cls in our_actions():
        name = cls().name()
        validator = issubclass(cls, FormValidationAction)
        assert action_calls.needs_domain(name, DOMAIN) == validator, name
        if not validator:
            assert not reads_domain(cls), f"{name} reads the domain: mark it send_domain in domain.yml"
    tracker = whole(conversation(3))
    call = action_calls.action_call_format(RemoteAction("validate_wage_form", None), tracker, DOMAIN)
    assert call["domain"] == DOMAIN.as_dict()
    call = action_calls.action_call_format(RemoteAction("action_listen_closely", None), tracker, DOMAIN)
    assert "domain" not in call and call["tracker"] == tracker.current_state(EventVerbosity.ALL)
