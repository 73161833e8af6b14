"""Actions of every turn: listening closely, language, menu, not understood, reflecting signs, erasure."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import local
from actions.common import (
    entity_of,
    intent_of,
    lang_of,
    language_menu,
    turn_of,
)
from bot import vocabulary
from bot.assessment import danger, indicators
from bot.language import catalogs, detection, languages
from bot.places import gazetteer, recognise
from bot.privacy import erasure


class ListenClosely(Action):
    """Runs on every message (a custom slot mapping): keeps the language, the indicators noticed (from
    the intent and from the words, with the turn that showed each), whether the person is a minor,
    the risk level, and the country of work."""

    def name(self) -> str:
        return vocabulary.action("listen_closely")

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        events = []
        text = tracker.latest_message.get("text") or ""
        code = tracker.get_slot("language")
        metadata = tracker.latest_message.get("metadata") or {}
        if not text.startswith("/") and not tracker.get_slot("language_chosen"):
            # Every message counts: the script, which language's examples it is closest to, the
            # conversation so far and the channel's hint (the web page's language).
            guess = detection.guess(text, earlier=code if languages.is_supported(code) else None,
                                    hint=metadata.get("language_hint"))
            if guess.code and guess.code != code:
                code = guess.code
                events.append(SlotSet("language", code))
                # Close languages competing (uk/ru/bg, es/pt): the answer offers them as one tap.
                events.append(SlotSet("language_alternatives", list(guess.alternatives) or None))
        # The conversation's language, the one it was in before this message (a close language guessed
        # for one message, bg read as ru, must not hide the cues of the language the person writes)
        # and English (people mix it in); every language while unknown.
        earlier = tracker.get_slot("language")
        codes = list(dict.fromkeys(c for c in (code, earlier, languages.DEFAULT) if languages.is_supported(c))) \
            if code else list(languages.CODES)
        recorded = tracker.get_slot("indicators") or []
        words = "" if text.startswith("/") else text  # button payloads carry no words
        # A sign said earlier and taken back now ("he took my passport" ... "jk, he gave it back").
        gone = indicators.withdrawn(words, codes) if words else set()
        confidence = float((tracker.latest_message.get("intent") or {}).get("confidence") or 0.0)
        noticed = indicators.from_message(intent_of(tracker), words, codes, confidence)
        if words and indicators.laughing(words, codes):
            # "my boss will kill me if I'm late again haha": a figure of speech, not a threat.
            noticed = [i for i in noticed if i not in indicators.HYPERBOLE]
        if words and indicators.taken_back(words, codes):
            # "HELP my boss took my passport!!" then "lol jk he just needed a copy", or "only the money
            # keeps me here)) jk": what this message and the one before showed is taken back.
            noticed = []
            before = turn_of(tracker) - 1
            gone |= {i for i, t in (tracker.get_slot("indicator_turns") or {}).items() if t == before}
        known = [i for i in recorded if i not in gone]
        found = indicators.merge(known, noticed)
        minor = bool(tracker.get_slot("minor"))
        age = indicators.stated_age(words, codes)
        if age is not None and age < 18 and not minor:
            minor = True
            events.append(SlotSet("minor", True))  # the fact, never the age
        if found != recorded:
            turn = turn_of(tracker)
            turns = {i: t for i, t in (tracker.get_slot("indicator_turns") or {}).items() if i in found}
            turns.update({i: turn for i in found if i not in turns})
            events += [SlotSet("indicators", found or None), SlotSet("indicator_turns", turns or None)]
        if intent_of(tracker) == "ask_safe_reporting" and not tracker.get_slot("undocumented"):
            # Asking whether it is safe to report, or saying "I have no papers": firewalled contacts first.
            events.append(SlotSet("undocumented", True))
        level = indicators.risk_level(found, minor)
        if level != (tracker.get_slot("risk_level") or indicators.NONE):
            events.append(SlotSet("risk_level", level))
        # The poster that brought the person: channels put a known campaign code in the metadata
        # (bot/attribution.py); the first one stays, for statistics.
        place = recognise.where(words) if words else None
        if place and place.country != tracker.get_slot("country") and (
                not tracker.get_slot("country") or place.kind == gazetteer.COUNTRY):
            # A country named outright wins over one known before ("now I work in Germany"); a town
            # or region only fills an unknown country, so a passing mention does not move it.
            events.append(SlotSet("country", place.country))
        campaign = metadata.get("campaign")
        if campaign and not tracker.get_slot("campaign"):
            events.append(SlotSet("campaign", campaign))
        return events


class Emergency(Action):
    """Danger now gets the emergency answer at once; a message less surely about danger now is asked
    about first ("Are you in danger right now?" Yes / No; the rules answer a yes with the emergency
    answer at once)."""

    def name(self) -> str:
        return vocabulary.action("emergency")

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        if danger.sure(tracker.latest_message):
            dispatcher.utter_message(response="utter_emergency")
            return [SlotSet("danger_asked", False)]
        dispatcher.utter_message(response="utter_ask_danger")
        return [SlotSet("danger_asked", True)]


class ChooseLanguage(Action):
    def name(self) -> str:
        return vocabulary.action("choose_language")

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        wanted = entity_of(tracker, "language") or languages.named_in(tracker.latest_message.get("text") or "")
        if languages.is_supported(wanted):
            dispatcher.utter_message(response="utter_language_set", language=wanted)
            # Chosen, not guessed: later messages typed in another script or language do not move it.
            return [SlotSet("language", wanted), SlotSet("language_chosen", True)]
        language_menu(dispatcher)
        return []


class OfferMenu(Action):
    """After a greeting: the topics, or first the languages when we could not tell the person's."""

    def name(self) -> str:
        return vocabulary.action("offer_menu")

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        if languages.is_supported(tracker.get_slot("language")):
            dispatcher.utter_message(response="utter_help_menu")
        else:
            language_menu(dispatcher)
        return []


class NotUnderstood(Action):
    """A message we did not understand: an apology in English and the languages when it is in a
    language we do not speak; the languages when we do not know the person's yet; else the topics."""

    def name(self) -> str:
        return vocabulary.action("not_understood")

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        if danger.suspected(tracker.latest_message):
            # Not understood, but it may be danger: ask rather than guess either way.
            dispatcher.utter_message(response="utter_ask_danger")
            return [SlotSet("danger_asked", True)]
        if tracker.get_slot("risk_level") == indicators.FORCED_LABOUR_SIGNS and not tracker.get_slot("signs_explained"):
            # Not a question we know, but what the person told adds up to signs of forced labour:
            # what the signs mean matters more than "I did not understand".
            return [*ReflectSigns().run(dispatcher, tracker, {}), SlotSet("danger_asked", False)]  # it reads no domain
        again = local.answer_again(tracker)
        if again:
            # The answer to "which country do you work in?": the topic again, with its rules.
            dispatcher.utter_message(response=again)
            return [SlotSet("danger_asked", False)]
        if detection.unsupported_language(tracker.latest_message.get("text") or ""):
            language_menu(dispatcher, "utter_language_unsupported", language=languages.DEFAULT)
        elif not languages.is_supported(tracker.get_slot("language")):
            dispatcher.utter_message(response="utter_default")
            language_menu(dispatcher)
        else:
            dispatcher.utter_message(response="utter_default")
            dispatcher.utter_message(response="utter_help_menu")
        # No question about danger pending now: a later "yes" means something else.
        return [SlotSet("danger_asked", False)]


class ReflectSigns(Action):
    """Says once, calmly, what the signs mean when they add up to forced labour; for a child, that the
    law protects them even more; and, the first time signs appear, offers the yes/no questions."""

    def name(self) -> str:
        return vocabulary.action("reflect_signs")

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        events = []
        if tracker.get_slot("risk_level") == indicators.FORCED_LABOUR_SIGNS and not tracker.get_slot("signs_explained"):
            # What was noticed, in plain words in the person's language, and why it matters; then their
            # rights. Signs, never a label: nobody is told they "are a victim".
            code = lang_of(tracker)
            noticed = [catalogs.text(f"sign_{i}", code) for i in tracker.get_slot("indicators") or []]
            if noticed:
                dispatcher.utter_message(response="utter_signs_noticed", signs="; ".join(noticed))
            dispatcher.utter_message(response="utter_minor" if tracker.get_slot("minor") else "utter_signs_forced_labour")
            events.append(SlotSet("signs_explained", True))
        screened = any(tracker.get_slot(f"screen_{i}") for i in indicators.all_ids())
        if tracker.get_slot("indicators") and not tracker.get_slot("screening_offered") and not screened:
            dispatcher.utter_message(response="utter_offer_screening")
            events.append(SlotSet("screening_offered", True))
        return events


class DeleteMyData(Action):
    """Erases the conversation when the person surely asked for it, else asks first ("Do you want me
    to delete this conversation?" Yes / No; the rules bring a yes back here). Which of the two it did
    is the slot delete_asked; the tracker store (bot/rasa_plugins/tracker_store.py) erases every
    stored event only when it is false (bot/privacy/erasure.py)."""

    def name(self) -> str:
        return vocabulary.action("delete_my_data")

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        # An open question (where are you?) ends either way: the person has turned to something else.
        if erasure.sure(tracker.latest_message) or (
                tracker.get_slot(erasure.ASKED) and intent_of(tracker) == "affirm"):
            dispatcher.utter_message(response="utter_data_deleted")
            return [SlotSet(erasure.ASKED, False), ActiveLoop(None)]
        dispatcher.utter_message(response="utter_ask_delete")
        return [SlotSet(erasure.ASKED, True), ActiveLoop(None)]
