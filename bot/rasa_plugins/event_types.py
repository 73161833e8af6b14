"""Rasa's lookup of an event's class by its name, done once per name, not once per event read.

Rasa rebuilds a conversation from its stored events on every message, and finds each event's class
with `Event.resolve_by_type(name)`, which walks the whole tree of Event subclasses afresh
(`all_subclasses`, with an `inspect.isabstract` per class): the largest single cost of reading a
conversation back (a sixth of the Rasa process's time under the flood bench, bench/flood.py, with a
profiler). `install()` swaps in a lookup that remembers each name's class; names it has not seen
(an event type defined later) are looked up the old way, and an unknown name fails as before.
Installed by bot.runtime.rasa_server before Rasa starts.
"""

from __future__ import annotations

from typing import Any

from rasa.shared.core.events import Event

_original = Event.resolve_by_type
_known: dict[str, Any] = {}


def resolve_by_type(type_name: str, default: Any = None) -> Any:
    """Event.resolve_by_type, remembered per name (only names that resolve to a class)."""
    found = _known.get(type_name)
    if found is None:
        found = _original(type_name, default)
        if found is not None and found is not default:
            _known[type_name] = found
    return found


def install() -> None:
    # Fail loudly if a Rasa upgrade renames the method, rather than silently losing the speed-up.
    if not callable(getattr(Event, "resolve_by_type", None)):
        raise RuntimeError("rasa's Event.resolve_by_type is gone: review bot/rasa_plugins/event_types.py")
    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign]
