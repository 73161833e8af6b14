"""The country of work, asked once: after an answer that depends on it, while it is not known.

The question can be skipped (its button, or a number on WhatsApp and SMS); skipped or answered, it
is not asked again in the conversation, and the answers then give the EU rule and point to the
national labour inspectorate (bot/rasa_plugins/nlg.py). It never asks for more than a region."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot import vocabulary
from bot.assessment import local_answers

ASKED, SKIPPED = "asked", "skipped"


def last_local_answer(tracker: Tracker) -> str | None:
    """The latest response of the conversation that depends on the country of work, if any."""
    for event in reversed(tracker.events):
        name = event.get("name") if event.get("event") == "action" else None
        if name and local_answers.is_local(name):
            return str(name)
    return None


# Slots set in a turn that already asks a lot (the signs explained, the yes/no questions offered): the
# country waits for the next answer that depends on it, one question at a time (and an SMS stays short).
HEAVY_TURN = ("signs_explained", "screening_offered")


def should_ask(tracker: Tracker) -> bool:
    """Not known, not asked before, the answer just given depends on it, and the turn is not heavy."""
    return (not tracker.get_slot("country") and not tracker.get_slot("country_question")
            and last_local_answer(tracker) is not None and not _heavy_turn(tracker))


def _heavy_turn(tracker: Tracker) -> bool:
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "slot" and event.get("name") in HEAVY_TURN:
            return True
    return False


class AskCountry(Action):
    def name(self) -> str:
        return vocabulary.action("ask_country")

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        if not should_ask(tracker):
            return []
        dispatcher.utter_message(response="utter_ask_country")
        return [SlotSet("country_question", ASKED)]


class CountrySkipped(Action):
    def name(self) -> str:
        return vocabulary.action("country_skipped")

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        dispatcher.utter_message(response="utter_country_skipped")
        return [SlotSet("country_question", SKIPPED)]


def answer_again(tracker: Tracker) -> str | None:
    """The local answer to give again, now with the country's rules, when the person answered the
    country question (asked in the turn before) with a place the NLU took for no topic ("Westland")."""
    if tracker.get_slot("country_question") != ASKED or not tracker.get_slot("country"):
        return None
    asked = any(e.get("event") == "slot" and e.get("name") == "country_question" and e.get("value") == ASKED
                for e in _turn_before(tracker))
    return last_local_answer(tracker) if asked else None


def _turn_before(tracker: Tracker) -> list[dict]:
    """The events between the person's message before the latest and the latest."""
    events = list(tracker.events)
    users = [n for n, e in enumerate(events) if e.get("event") == "user"]
    return events[users[-2]:users[-1]] if len(users) >= 2 else []
