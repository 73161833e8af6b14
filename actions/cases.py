"""Safe reports and cases: the report form, making a report, live chat with the partner, reading a case."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (
    LIVE_CHANNELS,
    SKIPPED,
    UNKNOWN,
    entity_of,
    intent_of,
    lang_of,
    language_switch,
    was_skipped,
)
from actions.referral import matched_contacts, region_of, say_contacts
from bot import vocabulary
from bot.assessment import indicators
from bot.cases import case_codes, delivery, report_cap, reports
from bot.language import catalogs, folding
from bot.privacy import scrubber
from bot.referral import directory, matching


def _sector(value: Any, tracker: Tracker) -> str:
    """One of the sectors (data/vocabulary.yml), from a button, the button's title typed in the person's language, or "other"."""
    if value in vocabulary.sectors():
        return value
    if was_skipped(tracker):
        return UNKNOWN
    typed = folding.fold(str(value or "")).strip()
    for sector in vocabulary.sectors():
        if typed == folding.fold(catalogs.text(f"sector_{sector}", lang_of(tracker))):
            return sector
    return "other"


class ValidateReportForm(FormValidationAction):
    def name(self) -> str:
        return "validate_report_form"

    def validate_region(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        return language_switch("region", value, dispatcher, tracker) or {"region": region_of(value, tracker)}

    def validate_sector(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        return language_switch("sector", value, dispatcher, tracker) or {"sector": _sector(value, tracker)}

    def validate_summary(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        return language_switch("summary", value, dispatcher, tracker) or {"summary": _summary(value, tracker)}


SUMMARY_LIMIT = 600


def _summary(value: Any, tracker: Tracker) -> str:
    """The person's own words for the report, scrubbed again (the channel already did), or "skipped"."""
    text = str(value or "").strip()
    if not text or text.startswith("/") or intent_of(tracker) in ("deny", "skip_question"):
        return SKIPPED
    return scrubber.scrub(text)[:SUMMARY_LIMIT]


def _can_chat_live(contact: dict, channel: str | None) -> bool:
    handoff = contact.get("handoff") or {}
    return (channel in LIVE_CHANNELS and handoff.get("live") is True and handoff.get("delivery") == "telegram"
            and matching.is_open(contact))


class MakeReport(Action):
    """Stores the anonymous report, delivers it to the best contact, gives the person its code (never
    kept with the chat) and, when that contact can chat now, offers a live chat."""

    def name(self) -> str:
        return vocabulary.action("make_report")

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        if not report_cap.allow(tracker.sender_id):
            dispatcher.utter_message(response="utter_report_limit")
            return [SlotSet("sector", None), SlotSet("summary", None)]
        offered = any(e.get("event") == "action" and e.get("name") == vocabulary.action("offer_contacts") for e in tracker.events_after_latest_restart())
        contacts = matched_contacts(tracker)[0] if offered else say_contacts(dispatcher, tracker)
        found = tracker.get_slot("indicators") or []
        summary = tracker.get_slot("summary")
        code = reports.make_report(
            region=tracker.get_slot("region") or UNKNOWN,
            lang=lang_of(tracker),
            sector=tracker.get_slot("sector") or UNKNOWN,
            indicators=found,
            risk_level=tracker.get_slot("risk_level") or indicators.NONE,
            contact_id=contacts[0]["id"] if contacts else "",
            needs=indicators.needs(found),
            summary="" if summary in (None, SKIPPED) else summary,
        )
        # Queued: it leaves after a random delay, so its arrival does not date the conversation.
        await delivery.enqueue(code)
        dispatcher.utter_message(response="utter_case_code", code=code)
        if contacts and _can_chat_live(contacts[0], tracker.get_latest_input_channel()):
            lang = lang_of(tracker)
            dispatcher.utter_message(response="utter_offer_live", name=contacts[0]["name"], buttons=[
                {"title": catalogs.text("button_live_yes", lang), "payload": f'/live_chat{{"code":"{code}"}}'},
                {"title": catalogs.text("button_no", lang), "payload": "/deny"},
            ])
        return [SlotSet("sector", None), SlotSet("summary", None)]


class StartLiveChat(Action):
    """Asks the channel to relay the conversation to the partner's group. The channel holds the way
    back to the person in memory (bot/live_chat.py); this action sees only the case code."""

    def name(self) -> str:
        return vocabulary.action("start_live_chat")

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        code = str(entity_of(tracker, "code") or "")
        case = reports.find(code) if case_codes.is_valid(code) else None
        contact = directory.by_id(case["contact_id"]) if case else None
        # The partner needs the report to chat about it: a queued one leaves now.
        if (not contact or not _can_chat_live(contact, tracker.get_latest_input_channel())
                or not await delivery.deliver_waiting(case_codes.display(code))):
            dispatcher.utter_message(response="utter_live_unavailable")
            return []
        dispatcher.utter_message(json_message={"live_chat": {
            "code": case_codes.display(code), "contact_id": contact["id"], "language": lang_of(tracker)}})
        return []


class CheckCase(Action):
    """Reads a partner's answers back to whoever writes the code; never links the code to the chat
    (the tracker store keeps neither the code nor the answer's text)."""

    def name(self) -> str:
        return vocabulary.action("check_case")

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        code = str(entity_of(tracker, "code") or "")
        if not case_codes.is_valid(code):
            dispatcher.utter_message(response="utter_case_code_typo")
            return []
        if not reports.find(code):
            dispatcher.utter_message(response="utter_case_unknown")
            return []
        answers = reports.replies(code)
        if not answers:
            dispatcher.utter_message(response="utter_case_no_reply", code=case_codes.display(code))
        for answer in answers:
            dispatcher.utter_message(response="utter_case_reply", name=answer["contact"],
                                     code=case_codes.display(code), reply=answer["text"])
        return []
