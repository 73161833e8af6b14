"""Referral: the region question and the contacts offered."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (
    UNKNOWN,
    lang_of,
    language_switch,
    was_skipped,
)
from bot import vocabulary
from bot.assessment import indicators
from bot.places import names
from bot.referral import matching, wording


def region_of(value: Any, tracker: Tracker) -> str:
    """The place as the person wrote it (a town or region), or "unknown" when they skip."""
    text = str(value or "").strip()
    if not text or (was_skipped(tracker) and not matching.known_region(text)):
        return UNKNOWN
    return text[:80]


class ValidateReferralForm(FormValidationAction):
    def name(self) -> str:
        return "validate_referral_form"

    def validate_region(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        return language_switch("region", value, dispatcher, tracker) or {"region": region_of(value, tracker)}


def matched_contacts(tracker: Tracker) -> tuple[list[dict], bool]:
    found = tracker.get_slot("indicators") or []
    return matching.match(tracker.get_slot("region"), lang_of(tracker), indicators.needs(found),
                          undocumented=bool(tracker.get_slot("undocumented")), minor=bool(tracker.get_slot("minor")),
                          country=tracker.get_slot("country"))


def say_contacts(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict]:
    contacts, local = matched_contacts(tracker)
    lang, minor = lang_of(tracker), bool(tracker.get_slot("minor"))
    needs = indicators.needs(tracker.get_slot("indicators") or [])
    if not contacts:
        country = matching.country_of(tracker.get_slot("region"), tracker.get_slot("country"))
        if country:  # nobody in the directory for that country: never another country's contact
            dispatcher.utter_message(response="utter_contacts_none_in_country", country=names.country_name(country, lang))
        else:
            dispatcher.utter_message(response="utter_contacts_need_country")
        return contacts
    dispatcher.utter_message(response="utter_contacts_intro" if local else "utter_contacts_fallback")
    for contact in contacts:
        firewall = contact.get("shares_with_immigration") is False
        dispatcher.utter_message(
            response="utter_contact_firewall" if firewall else "utter_contact",
            name=contact["name"],
            ways=wording.ways_text(contact),
            hours=wording.hours_text(contact, lang),
            why=wording.why_text(contact, lang, needs, local=local, minor=minor),
        )
    return contacts


class OfferContacts(Action):
    def name(self) -> str:
        return vocabulary.action("offer_contacts")

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        say_contacts(dispatcher, tracker)
        return []
