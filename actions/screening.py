"""The screening questions (one per ILO indicator, each skippable) and their ending."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (
    intent_of,
    turn_of,
)
from bot import vocabulary
from bot.assessment import indicators
from bot.language import folding

# The screening: up to eleven yes/no questions, one per indicator, each skippable, stoppable.
SCREEN_SLOTS = [f"screen_{indicator}" for indicator in indicators.all_ids()]


STOP_WORDS = {"stop", "stopp", "gata", "basta", "arret", "arrete", "pare", "para", "parar", "стоп", "хватит",
              "досить", "stój", "dosc", "koniec", "توقف", "بس", "kafi", "bas", "बस", "रुको", "dung", "dung lai", "thoi"}


def _screen_answer(value: Any, tracker: Tracker) -> str | None:
    """yes, no, skipped or stopped from a button or typed words; None when it is not an answer."""
    text = folding.fold(str(value or "")).strip()
    intent = intent_of(tracker)
    if intent == "stop_screening" or text.strip(" !.") in STOP_WORDS:
        return "stopped"
    if intent == "skip_question":
        return "skipped"
    if intent == "affirm":
        return "yes"
    if intent == "deny":
        return "no"
    return None


class ValidateScreeningForm(FormValidationAction):
    def name(self) -> str:
        return "validate_screening_form"

    async def validate(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        requested = tracker.get_slot("requested_slot")
        if requested not in SCREEN_SLOTS:
            return await super().validate(dispatcher, tracker, domain)
        answer = _screen_answer(tracker.get_slot(requested), tracker)
        if answer is None:
            return [SlotSet(requested, None)]  # not an answer: the same question again
        if answer == "stopped":
            # Earlier answers stay; this question and the rest are "stopped".
            return [SlotSet(slot, "stopped" if slot == requested else tracker.get_slot(slot) or "stopped")
                    for slot in SCREEN_SLOTS]
        events = [SlotSet(requested, answer)]
        if answer == "yes":
            indicator = requested.removeprefix("screen_")
            known = tracker.get_slot("indicators") or []
            found = indicators.merge(known, [indicator])
            turn = turn_of(tracker)
            turns = {**(tracker.get_slot("indicator_turns") or {}), indicator: turn}
            events += [SlotSet("indicators", found), SlotSet("indicator_turns", turns),
                       SlotSet("risk_level", indicators.risk_level(found, bool(tracker.get_slot("minor"))))]
        return events


class ScreeningDone(Action):
    def name(self) -> str:
        return vocabulary.action("screening_done")

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        stopped = any(tracker.get_slot(slot) == "stopped" for slot in SCREEN_SLOTS)
        dispatcher.utter_message(response="utter_screening_stopped" if stopped else "utter_screening_done")
        return [SlotSet("screening_offered", True)]
