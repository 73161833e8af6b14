"""What Rasa sends the action server for each custom action: the tracker, and the domain only to the
actions that read it.

Rasa sends the whole domain (every response, slot and form: most of a call's bytes early in a
conversation) with every call unless selective sending is configured in domain.yml and endpoints.yml,
and rebuilds it each time. Only form validation (rasa_sdk's FormValidationAction: which slots a form
requires) reads it; our other actions take it as an argument and never look at it
(tests/unit/test_action_calls.py checks each). `install()` swaps in a call format that builds the
domain once and sends it to the form validators only, and, for a windowed tracker
(bot/rasa_plugins/window.py), adds the earlier events by kind and name after the session's start.
Installed by bot.runtime.rasa_server before Rasa starts.
"""

from __future__ import annotations

from typing import Any

import rasa
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

from bot.rasa_plugins import window

# rasa_sdk names a form's validation action after the form.
VALIDATOR_PREFIX = "validate_"

_domains: dict[int, tuple[Domain, dict[str, Any]]] = {}


def domain_dict(domain: Domain) -> dict[str, Any]:
    """domain.as_dict(), built once per loaded domain (a model's domain does not change)."""
    kept = _domains.get(id(domain))
    if kept is None or kept[0] is not domain:
        kept = (domain, domain.as_dict())
        _domains.clear()  # one model served at a time: the previous one's goes
        _domains[id(domain)] = kept
    return kept[1]


def needs_domain(action_name: str, domain: Domain) -> bool:
    """Whether an action reads the domain: a form's validator, or one domain.yml marks send_domain."""
    return (action_name in {VALIDATOR_PREFIX + form for form in domain.form_names}
            or domain.does_custom_action_explicitly_need_domain(action_name))


def tracker_state(tracker: DialogueStateTracker) -> dict[str, Any]:
    """The tracker as the action server gets it; a windowed one with its earlier events compacted."""
    state = tracker.current_state(EventVerbosity.ALL)
    earlier = window.earlier_events(tracker)
    if earlier:
        state["events"] = [*state["events"][:1], *earlier, *state["events"][1:]]
    return state


def action_call_format(action: RemoteAction, tracker: DialogueStateTracker, domain: Domain) -> dict[str, Any]:
    """RemoteAction._action_call_format, with the domain sent only where it is read."""
    call: dict[str, Any] = {"next_action": action.name(), "sender_id": tracker.sender_id,
                            "tracker": tracker_state(tracker), "version": rasa.__version__}
    if needs_domain(action.name(), domain):
        call["domain"] = domain_dict(domain)
    return call


def install() -> None:
    # Fail loudly if a Rasa upgrade renames the method, rather than silently sending everything again.
    if not callable(getattr(RemoteAction, "_action_call_format", None)):
        raise RuntimeError("rasa's RemoteAction._action_call_format is gone: review bot/rasa_plugins/action_calls.py")
    RemoteAction._action_call_format = action_call_format
