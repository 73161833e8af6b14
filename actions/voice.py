"""Voice: the kind answer to a voice note nobody could hear, in the person's language."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import entity_of
from bot import vocabulary
from bot.language import languages


class VoiceNotUnderstood(Action):
    """The channel names the language it listened in (the conversation's, or the Telegram profile's):
    the answer is in it, with the topics, and a new conversation keeps it as its language."""

    def name(self) -> str:
        return vocabulary.action("voice_not_understood")

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        known = tracker.get_slot("language")
        named = entity_of(tracker, "language")
        code = known if languages.is_supported(known) else named if languages.is_supported(named) else None
        dispatcher.utter_message(response="utter_voice_not_understood", language=languages.get(code).code)
        return [SlotSet("language", code)] if code and code != known else []
