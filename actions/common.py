"""What every action needs: the conversation's language, intent and turn, skipping, the language menu."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.language import languages

UNKNOWN = "unknown"


SKIPPED = "skipped"


# Channels that can hold a live chat with a partner (bot/live_chat.py): they can send to the person
# at any time. WhatsApp and SMS answer only within a webhook's reply, so they get the report path.
LIVE_CHANNELS = ("telegram", "rest")


def lang_of(tracker: Tracker) -> str:
    return languages.get(tracker.get_slot("language")).code


def intent_of(tracker: Tracker) -> str:
    return (tracker.latest_message.get("intent") or {}).get("name") or ""


def turn_of(tracker: Tracker) -> int:
    """The number of the person's latest message in the conversation (what a detection records)."""
    return sum(1 for e in tracker.events if e.get("event") == "user")


def entity_of(tracker: Tracker, name: str) -> Any:
    return next(tracker.get_latest_entity_values(name), None)


def language_menu(dispatcher: CollectingDispatcher, response: str = "utter_language_menu", **values: Any) -> None:
    """The languages, each in its own name, as buttons."""
    buttons = [
        {"title": lang.autonym, "payload": f'/choose_language{{"language":"{lang.code}"}}'}
        for lang in languages.SUPPORTED
    ]
    dispatcher.utter_message(response=response, buttons=buttons, **values)


def was_skipped(tracker: Tracker) -> bool:
    return intent_of(tracker) == "deny"


def language_switch(slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict | None:
    """A language asked for in the middle of a question: switch, and ask the question again.

    Place names ("Berlin") can look like language requests to the NLU, so a switch needs the message
    to name a supported language (or to be the menu's button)."""
    if intent_of(tracker) != "choose_language":
        return None
    wanted = entity_of(tracker, "language") or languages.named_in(str(value or ""))
    if not languages.is_supported(wanted):
        return None
    dispatcher.utter_message(response="utter_language_set", language=wanted)
    return {slot: None, "language": wanted, "language_chosen": True}
