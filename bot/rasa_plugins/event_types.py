"""Rasa's event classes found by type name once, not once per event.

Rasa turns every stored or received event back into its class with `Event.resolve_by_type`, which
walks the whole tree of Event's subclasses (checking each for abstractness) on every call: about
0.1 ms an event, so 100 ms to load a 200-message conversation's 900 events, every turn. `install()`
swaps in a lookup by type name built from the same walk, in the same order, so the first class with
a name is still the one found; a name not in it walks again (a class defined since), and an unknown
name behaves as before. Installed by bot.runtime.rasa_server before Rasa starts.
"""

from __future__ import annotations

from typing import Any

from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

_ORIGINAL = Event.resolve_by_type
_by_name: dict[str, type] = {}


def _walk() -> None:
    found: dict[str, type] = {}
    for cls in all_subclasses(Event):
        found.setdefault(cls.type_name, cls)
    _by_name.clear()
    _by_name.update(found)


def resolve_by_type(type_name: str, default: Any = None) -> Any:
    """Event.resolve_by_type, answered from the table of names."""
    if type_name not in _by_name:
        _walk()
    if type_name in _by_name:
        return _by_name[type_name]
    return _ORIGINAL(type_name, default)  # "topic", a default, or Rasa's own error


def install() -> None:
    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign]
