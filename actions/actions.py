"""Rasa custom actions. Thin: each reads the tracker, calls into bot/, names responses and values."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot import cases, catalogs, directory, indicators, language

SECTORS = ("agriculture", "construction", "care", "hospitality", "factory", "cleaning", "other")
UNKNOWN = "unknown"


def _lang(tracker: Tracker) -> str:
    return language.get(tracker.get_slot("language")).code


def _intent(tracker: Tracker) -> str:
    return (tracker.latest_message.get("intent") or {}).get("name") or ""


def _entity(tracker: Tracker, name: str) -> Any:
    return next(tracker.get_latest_entity_values(name), None)


class ListenClosely(Action):
    """Runs on every message (a custom slot mapping): keeps the language, indicators and risk level."""

    def name(self) -> str:
        return "action_listen_closely"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        events = []
        if not language.is_supported(tracker.get_slot("language")):
            detected = language.detect_confident(tracker.latest_message.get("text") or "")
            if detected:
                events.append(SlotSet("language", detected))
        known = tracker.get_slot("indicators") or []
        found = indicators.merge(known, indicators.from_intent(_intent(tracker)))
        if found != known:
            events.append(SlotSet("indicators", found))
            events.append(SlotSet("risk_level", indicators.risk_level(found)))
        return events


def _language_menu(dispatcher: CollectingDispatcher, response: str = "utter_language_menu", **values: Any) -> None:
    """The languages, each in its own name, as buttons."""
    buttons = [
        {"title": lang.autonym, "payload": f'/choose_language{{"language":"{lang.code}"}}'}
        for lang in language.SUPPORTED
    ]
    dispatcher.utter_message(response=response, buttons=buttons, **values)


class ChooseLanguage(Action):
    def name(self) -> str:
        return "action_choose_language"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        wanted = _entity(tracker, "language") or language.named_in(tracker.latest_message.get("text") or "")
        if language.is_supported(wanted):
            dispatcher.utter_message(response="utter_language_set", language=wanted)
            return [SlotSet("language", wanted)]
        _language_menu(dispatcher)
        return []


class OfferMenu(Action):
    """After a greeting: the topics, or first the languages when we could not tell the person's."""

    def name(self) -> str:
        return "action_offer_menu"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        if language.is_supported(tracker.get_slot("language")):
            dispatcher.utter_message(response="utter_help_menu")
        else:
            _language_menu(dispatcher)
        return []


class NotUnderstood(Action):
    """A message we did not understand: an apology in English and the languages when it is in a
    language we do not speak; the languages when we do not know the person's yet; else the topics."""

    def name(self) -> str:
        return "action_not_understood"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        if language.unsupported_language(tracker.latest_message.get("text") or ""):
            _language_menu(dispatcher, "utter_language_unsupported", language=language.DEFAULT)
        elif not language.is_supported(tracker.get_slot("language")):
            dispatcher.utter_message(response="utter_default")
            _language_menu(dispatcher)
        else:
            dispatcher.utter_message(response="utter_default")
            dispatcher.utter_message(response="utter_help_menu")
        return []


class ReflectSigns(Action):
    """Says once, calmly, what the signs mean when they add up to forced labour."""

    def name(self) -> str:
        return "action_reflect_signs"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        if tracker.get_slot("risk_level") == indicators.FORCED_LABOUR_SIGNS and not tracker.get_slot("signs_explained"):
            dispatcher.utter_message(response="utter_signs_forced_labour")
            return [SlotSet("signs_explained", True)]
        return []


def _skipped(tracker: Tracker) -> bool:
    return _intent(tracker) == "deny"


def _region(value: Any, tracker: Tracker) -> str:
    """The place as the person wrote it (a town or region), or "unknown" when they skip."""
    text = str(value or "").strip()
    if not text or (_skipped(tracker) and not directory.known_region(text)):
        return UNKNOWN
    return text[:80]


def _sector(value: Any, tracker: Tracker) -> str:
    """One of SECTORS, from a button, the button's title typed in the person's language, or "other"."""
    if value in SECTORS:
        return value
    if _skipped(tracker):
        return UNKNOWN
    typed = language.fold(str(value or "")).strip()
    for sector in SECTORS:
        if typed == language.fold(catalogs.text(f"sector_{sector}", _lang(tracker))):
            return sector
    return "other"


def _language_switch(slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict | None:
    """A language asked for in the middle of a question: switch, and ask the question again.

    Place names ("Berlin") can look like language requests to the NLU, so a switch needs the message
    to name a supported language (or to be the menu's button)."""
    if _intent(tracker) != "choose_language":
        return None
    wanted = _entity(tracker, "language") or language.named_in(str(value or ""))
    if not language.is_supported(wanted):
        return None
    dispatcher.utter_message(response="utter_language_set", language=wanted)
    return {slot: None, "language": wanted}


class ValidateReferralForm(FormValidationAction):
    def name(self) -> str:
        return "validate_referral_form"

    def validate_region(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        return _language_switch("region", value, dispatcher, tracker) or {"region": _region(value, tracker)}


class ValidateReportForm(FormValidationAction):
    def name(self) -> str:
        return "validate_report_form"

    def validate_region(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        return _language_switch("region", value, dispatcher, tracker) or {"region": _region(value, tracker)}

    def validate_sector(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        return _language_switch("sector", value, dispatcher, tracker) or {"sector": _sector(value, tracker)}


def _matched(tracker: Tracker) -> tuple[list[dict], bool]:
    found = tracker.get_slot("indicators") or []
    return directory.match(tracker.get_slot("region"), _lang(tracker), indicators.needs(found))


def _say_contacts(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict]:
    contacts, local = _matched(tracker)
    dispatcher.utter_message(response="utter_contacts_intro" if local else "utter_contacts_fallback")
    for contact in contacts:
        firewall = contact.get("shares_with_immigration") is False
        dispatcher.utter_message(
            response="utter_contact_firewall" if firewall else "utter_contact",
            name=contact["name"],
            ways=directory.ways_text(contact),
            hours=directory.hours_text(contact, _lang(tracker)),
        )
    return contacts


class OfferContacts(Action):
    def name(self) -> str:
        return "action_offer_contacts"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        _say_contacts(dispatcher, tracker)
        return []


class MakeReport(Action):
    """Stores the anonymous report and gives the person its case code (never kept with the chat)."""

    def name(self) -> str:
        return "action_make_report"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        offered = any(e.get("event") == "action" and e.get("name") == "action_offer_contacts" for e in tracker.events_after_latest_restart())
        contacts = _matched(tracker)[0] if offered else _say_contacts(dispatcher, tracker)
        found = tracker.get_slot("indicators") or []
        code = cases.make_report(
            region=tracker.get_slot("region") or UNKNOWN,
            lang=_lang(tracker),
            sector=tracker.get_slot("sector") or UNKNOWN,
            indicators=found,
            risk_level=tracker.get_slot("risk_level") or indicators.NONE,
            contact_id=contacts[0]["id"] if contacts else "",
        )
        dispatcher.utter_message(response="utter_case_code", code=code)
        return [SlotSet("sector", None)]


class DeleteMyData(Action):
    """Confirms; the tracker store (bot/tracker_store.py) deletes every stored event when it sees this action."""

    def name(self) -> str:
        return "action_delete_my_data"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        dispatcher.utter_message(response="utter_data_deleted")
        return [ActiveLoop(None)]  # an open question (where are you?) ends with the data
