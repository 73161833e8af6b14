"""A long conversation's tracker as Rasa needs it for the next turn: its state, and its latest turns.

Rasa replays every event of a conversation's session several times a turn (the tracker store's
load, a copy before each action, the policies' states before each prediction, the tracker sent to
the action server), so a turn late in a long conversation cost several times an early one. What the
next turn depends on is the state the earlier events left (slot values, whether each slot was set)
and the latest few turns: the rules and stories are at most a few turns long (MemoizationPolicy's
max_history is 4 states) and none is anchored at the conversation's start. So the tracker the store
hands Rasa holds the session's start, the slots as the earlier events left them, and the last
WINDOW_TURNS messages with everything after them, replayed as stored.

The window starts only where nothing else carries over: no form active, not paused, no follow-up
action waiting. Where that cannot be found, the whole session is handed over, as before.

The action server also reads back: how many messages the person wrote (the turn an indicator was
noticed on) and which actions ran (whether contacts were already offered). The earlier events reach
it as their kind, name and time only (`earlier_events`), so what it counts and looks for is what it
would find in the whole session, without paying for the whole session.
"""

from __future__ import annotations

from typing import Any

from rasa.shared.core.events import SessionStarted, SlotSet, deserialise_events
from rasa.shared.core.trackers import DialogueStateTracker

# Messages of the person kept whole; a session holds at least twice as many before it is windowed,
# so that the window's cost stays below what it saves. The longest rule spans two messages.
WINDOW_TURNS = 8
WINDOWED_AFTER = 2 * WINDOW_TURNS
# Boundaries tried, latest first, before the whole session is handed over (a form that lasts longer).
TRIES = 4
# Kinds of the earlier events the action server still sees (by kind and name, without content).
EARLIER_KINDS = ("user", "action", "restart")
# Where the earlier events travel with the tracker: on its first event, which every copy of the
# tracker shares (Rasa copies trackers by replaying the same event objects into a new one).
_EARLIER = "_bot_earlier_events"


def _boundaries(events: list[dict]) -> list[int]:
    """Where each of the person's messages begins: the action_listen before it, or the message."""
    starts = []
    for i, event in enumerate(events):
        if event.get("event") == "user":
            before = events[i - 1] if i else {}
            listen = before.get("event") == "action" and before.get("name") == "action_listen"
            starts.append(i - 1 if listen else i)
    return starts


def _carries_over(head: DialogueStateTracker) -> bool:
    """Whether the state at a boundary holds more than slot values (a form, a pause, a follow-up)."""
    return bool(head.active_loop_name or head.is_paused() or head.followup_action)


def compact(event: dict) -> dict:
    """An earlier event as the action server sees it: kind, time, and an action's name."""
    kept = {"event": event.get("event"), "timestamp": event.get("timestamp")}
    if event.get("event") == "action":
        kept["name"] = event.get("name")
    return kept


def tracker_from(sender_id: str, events: list[dict], slots: Any) -> DialogueStateTracker:
    """The tracker for the next turn of one session's stored events (see the module's doc)."""
    starts = _boundaries(events)
    if len(starts) <= WINDOWED_AFTER or events[0].get("event") != SessionStarted.type_name:
        return DialogueStateTracker.from_dict(sender_id, events, slots)
    objects = deserialise_events(events)
    # The latest boundary at least WINDOW_TURNS messages back where nothing but slots carries over.
    for start in list(reversed(starts[: len(starts) - WINDOW_TURNS + 1]))[:TRIES]:
        head = DialogueStateTracker.from_events(sender_id, objects[:start], slots)
        if not _carries_over(head):
            break
    else:
        return DialogueStateTracker.from_events(sender_id, objects, slots)
    first = objects[0]
    setattr(first, _EARLIER, [compact(event) for event in events[1:start] if event.get("event") in EARLIER_KINDS])
    moment = objects[start - 1].timestamp
    state = [SlotSet(slot.name, slot.value, timestamp=moment) for slot in head.slots.values() if slot.has_been_set]
    return DialogueStateTracker.from_events(sender_id, [first, *state, *objects[start:]], slots)


def earlier_events(tracker: DialogueStateTracker) -> list[dict]:
    """The events a windowed tracker left out, compacted (empty for a whole one)."""
    return list(getattr(tracker.events[0], _EARLIER, [])) if tracker.events else []


def is_windowed(tracker: DialogueStateTracker) -> bool:
    return bool(tracker.events) and hasattr(tracker.events[0], _EARLIER)
