"""Rasa custom actions. Thin: each reads the tracker, calls into bot/, names responses and values."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot import case_codes, cases, catalogs, delivery, directory, indicators, language, wage_check

SECTORS = ("agriculture", "construction", "care", "hospitality", "factory", "cleaning", "other")
UNKNOWN = "unknown"
SKIPPED = "skipped"
# Channels that can hold a live chat with a partner (bot/live_chat.py): they can send to the person
# at any time. WhatsApp and SMS answer only within a webhook's reply, so they get the report path.
LIVE_CHANNELS = ("telegram", "rest")


def _lang(tracker: Tracker) -> str:
    return language.get(tracker.get_slot("language")).code


def _intent(tracker: Tracker) -> str:
    return (tracker.latest_message.get("intent") or {}).get("name") or ""


def _turn(tracker: Tracker) -> int:
    """The number of the person's latest message in the conversation (what a detection records)."""
    return sum(1 for e in tracker.events if e.get("event") == "user")


def _entity(tracker: Tracker, name: str) -> Any:
    return next(tracker.get_latest_entity_values(name), None)


class ListenClosely(Action):
    """Runs on every message (a custom slot mapping): keeps the language, the indicators noticed (from
    the intent and from the words, with the turn that showed each), whether the person is a minor,
    and the risk level."""

    def name(self) -> str:
        return "action_listen_closely"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        events = []
        text = tracker.latest_message.get("text") or ""
        code = tracker.get_slot("language")
        if not language.is_supported(code):
            code = language.detect_confident(text)
            if code:
                events.append(SlotSet("language", code))
        # The conversation's language and English (people mix it in); every language while unknown.
        codes = [code, language.DEFAULT] if code else list(language.CODES)
        known = tracker.get_slot("indicators") or []
        words = "" if text.startswith("/") else text  # button payloads carry no words
        noticed = indicators.merge(indicators.from_intent(_intent(tracker)), indicators.from_text(words, codes))
        found = indicators.merge(known, noticed)
        minor = bool(tracker.get_slot("minor"))
        age = indicators.stated_age(words, codes)
        if age is not None and age < 18 and not minor:
            minor = True
            events.append(SlotSet("minor", True))  # the fact, never the age
        if found != known:
            turn = _turn(tracker)
            turns = dict(tracker.get_slot("indicator_turns") or {})
            turns.update({i: turn for i in found if i not in turns})
            events += [SlotSet("indicators", found), SlotSet("indicator_turns", turns)]
        if _intent(tracker) == "ask_safe_reporting" and not tracker.get_slot("undocumented"):
            # Asking whether it is safe to report, or saying "I have no papers": firewalled contacts first.
            events.append(SlotSet("undocumented", True))
        level = indicators.risk_level(found, minor)
        if level != (tracker.get_slot("risk_level") or indicators.NONE):
            events.append(SlotSet("risk_level", level))
        # The poster that brought the person: channels put a known campaign code in the metadata
        # (bot/attribution.py); the first one stays, for statistics.
        campaign = (tracker.latest_message.get("metadata") or {}).get("campaign")
        if campaign and not tracker.get_slot("campaign"):
            events.append(SlotSet("campaign", campaign))
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
    """Says once, calmly, what the signs mean when they add up to forced labour; for a child, that the
    law protects them even more; and, the first time signs appear, offers the yes/no questions."""

    def name(self) -> str:
        return "action_reflect_signs"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        events = []
        if tracker.get_slot("risk_level") == indicators.FORCED_LABOUR_SIGNS and not tracker.get_slot("signs_explained"):
            dispatcher.utter_message(response="utter_minor" if tracker.get_slot("minor") else "utter_signs_forced_labour")
            events.append(SlotSet("signs_explained", True))
        screened = any(tracker.get_slot(f"screen_{i}") for i in indicators.all_ids())
        if tracker.get_slot("indicators") and not tracker.get_slot("screening_offered") and not screened:
            dispatcher.utter_message(response="utter_offer_screening")
            events.append(SlotSet("screening_offered", True))
        return events


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

    def validate_summary(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        return _language_switch("summary", value, dispatcher, tracker) or {"summary": _summary(value, tracker)}


SUMMARY_LIMIT = 600


def _summary(value: Any, tracker: Tracker) -> str:
    """The person's own words for the report, scrubbed again (the channel already did), or "skipped"."""
    from bot import privacy

    text = str(value or "").strip()
    if not text or text.startswith("/") or _intent(tracker) in ("deny", "skip_question"):
        return SKIPPED
    return privacy.scrub(text)[:SUMMARY_LIMIT]


def _matched(tracker: Tracker) -> tuple[list[dict], bool]:
    found = tracker.get_slot("indicators") or []
    return directory.match(tracker.get_slot("region"), _lang(tracker), indicators.needs(found),
                           undocumented=bool(tracker.get_slot("undocumented")), minor=bool(tracker.get_slot("minor")))


def _say_contacts(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict]:
    contacts, local = _matched(tracker)
    lang, minor = _lang(tracker), bool(tracker.get_slot("minor"))
    needs = indicators.needs(tracker.get_slot("indicators") or [])
    dispatcher.utter_message(response="utter_contacts_intro" if local else "utter_contacts_fallback")
    for contact in contacts:
        firewall = contact.get("shares_with_immigration") is False
        dispatcher.utter_message(
            response="utter_contact_firewall" if firewall else "utter_contact",
            name=contact["name"],
            ways=directory.ways_text(contact),
            hours=directory.hours_text(contact, lang),
            why=directory.why_text(contact, lang, needs, local=local, minor=minor),
        )
    return contacts


class OfferContacts(Action):
    def name(self) -> str:
        return "action_offer_contacts"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        _say_contacts(dispatcher, tracker)
        return []


def _can_chat_live(contact: dict, channel: str | None) -> bool:
    handoff = contact.get("handoff") or {}
    return (channel in LIVE_CHANNELS and handoff.get("live") is True and handoff.get("delivery") == "telegram"
            and directory.is_open(contact))


class MakeReport(Action):
    """Stores the anonymous report, delivers it to the best contact, gives the person its code (never
    kept with the chat) and, when that contact can chat now, offers a live chat."""

    def name(self) -> str:
        return "action_make_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        offered = any(e.get("event") == "action" and e.get("name") == "action_offer_contacts" for e in tracker.events_after_latest_restart())
        contacts = _matched(tracker)[0] if offered else _say_contacts(dispatcher, tracker)
        found = tracker.get_slot("indicators") or []
        summary = tracker.get_slot("summary")
        code = cases.make_report(
            region=tracker.get_slot("region") or UNKNOWN,
            lang=_lang(tracker),
            sector=tracker.get_slot("sector") or UNKNOWN,
            indicators=found,
            risk_level=tracker.get_slot("risk_level") or indicators.NONE,
            contact_id=contacts[0]["id"] if contacts else "",
            needs=indicators.needs(found),
            summary="" if summary in (None, SKIPPED) else summary,
        )
        how = await delivery.deliver(cases.find(code), contacts[0]) if contacts else ""
        if how:
            cases.mark_delivered(code, how)
        dispatcher.utter_message(response="utter_case_code", code=code)
        if how and _can_chat_live(contacts[0], tracker.get_latest_input_channel()):
            lang = _lang(tracker)
            dispatcher.utter_message(response="utter_offer_live", name=contacts[0]["name"], buttons=[
                {"title": catalogs.text("button_live_yes", lang), "payload": f'/live_chat{{"code":"{code}"}}'},
                {"title": catalogs.text("button_no", lang), "payload": "/deny"},
            ])
        return [SlotSet("sector", None), SlotSet("summary", None)]


class StartLiveChat(Action):
    """Asks the channel to relay the conversation to the partner's group. The channel holds the way
    back to the person in memory (bot/live_chat.py); this action sees only the case code."""

    def name(self) -> str:
        return "action_start_live_chat"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        code = str(_entity(tracker, "code") or "")
        case = cases.find(code) if case_codes.is_valid(code) else None
        contact = directory.by_id(case["contact_id"]) if case else None
        if not contact or not _can_chat_live(contact, tracker.get_latest_input_channel()):
            dispatcher.utter_message(response="utter_live_unavailable")
            return []
        dispatcher.utter_message(json_message={"live_chat": {
            "code": case_codes.display(code), "contact_id": contact["id"], "language": _lang(tracker)}})
        return []


class DeleteMyData(Action):
    """Confirms; the tracker store (bot/tracker_store.py) deletes every stored event when it sees this action."""

    def name(self) -> str:
        return "action_delete_my_data"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        dispatcher.utter_message(response="utter_data_deleted")
        return [ActiveLoop(None)]  # an open question (where are you?) ends with the data


# The screening: up to eleven yes/no questions, one per indicator, each skippable, stoppable.
SCREEN_SLOTS = [f"screen_{indicator}" for indicator in indicators.all_ids()]
STOP_WORDS = {"stop", "stopp", "gata", "basta", "arret", "arrete", "pare", "para", "parar", "стоп", "хватит",
              "досить", "stój", "dosc", "koniec", "توقف", "بس", "kafi", "bas", "बस", "रुको", "dung", "dung lai", "thoi"}


def _screen_answer(value: Any, tracker: Tracker) -> str | None:
    """yes, no, skipped or stopped from a button or typed words; None when it is not an answer."""
    text = language.fold(str(value or "")).strip()
    intent = _intent(tracker)
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
            turn = _turn(tracker)
            turns = {**(tracker.get_slot("indicator_turns") or {}), indicator: turn}
            events += [SlotSet("indicators", found), SlotSet("indicator_turns", turns),
                       SlotSet("risk_level", indicators.risk_level(found, bool(tracker.get_slot("minor"))))]
        return events


class ScreeningDone(Action):
    def name(self) -> str:
        return "action_screening_done"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        stopped = any(tracker.get_slot(slot) == "stopped" for slot in SCREEN_SLOTS)
        dispatcher.utter_message(response="utter_screening_stopped" if stopped else "utter_screening_done")
        return [SlotSet("screening_offered", True)]


# The wage check: what the first message gives is read at once; the form asks the rest.
def _pay_from(slot: Any) -> wage_check.Pay:
    return wage_check.Pay(**slot) if isinstance(slot, dict) else wage_check.Pay()


def _given(pay: wage_check.Pay) -> list:
    """Mark the questions the message already answered, so the form does not ask them."""
    missing = pay.missing()
    return [SlotSet(f"wage_{piece}", "given") for piece in ("country", "pay", "hours") if piece not in missing]


class WagePrefill(Action):
    def name(self) -> str:
        return "action_wage_prefill"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        pay = wage_check.extract(tracker.latest_message.get("text") or "")
        events = [SlotSet(f"wage_{piece}", None) for piece in ("country", "pay", "hours")]
        return [*events, SlotSet("wage", asdict(pay)), *_given(pay)]


class ValidateWageForm(FormValidationAction):
    def name(self) -> str:
        return "validate_wage_form"

    async def validate(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        requested = tracker.get_slot("requested_slot")
        if requested not in ("wage_country", "wage_pay", "wage_hours"):
            return await super().validate(dispatcher, tracker, domain)
        text = str(tracker.get_slot(requested) or "")
        if _skipped(tracker) or text.startswith("/"):
            # Skipped: a skipped pay makes the hours pointless too.
            skipped = [requested] + (["wage_hours"] if requested == "wage_pay" else [])
            return [SlotSet(slot, "skipped") for slot in skipped]
        pay = wage_check.extract(text, _pay_from(tracker.get_slot("wage")))
        if requested == "wage_hours" and pay.weekly_hours is None:
            numbers = wage_check.NUMBER.findall(text)
            if numbers:  # a bare "60" answers "how many hours a week?"
                pay = wage_check.replace(pay, weekly_hours=wage_check.parse_number(numbers[0]))
        if requested == "wage_pay" and pay.amount is not None and not pay.period:
            pay = wage_check.replace(pay, period="month")  # "900 euro": people quote monthly pay
        answered = requested.removeprefix("wage_") not in pay.missing()
        return [SlotSet("wage", asdict(pay)), SlotSet(requested, "given" if answered else "unclear"), *_given(pay)]


def _money(amount: float | None, currency: str | None, code: str) -> str:
    from babel.numbers import format_currency

    return format_currency(amount or 0, currency or "EUR", locale=code)


class WageAnswer(Action):
    def name(self) -> str:
        return "action_wage_answer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        from babel import Locale
        from babel.dates import format_date

        code = _lang(tracker)
        pay = _pay_from(tracker.get_slot("wage"))
        reset = [SlotSet(slot, None) for slot in ("wage", "wage_country", "wage_pay", "wage_hours")]
        if not pay.country:
            dispatcher.utter_message(response="utter_minimum_wage")
            return reset
        verdict = wage_check.check(pay)
        country = Locale.parse(code).territories.get(pay.country, pay.country)
        try:
            as_of = format_date(date.fromisoformat(verdict.as_of), format="long", locale=code)
        except ValueError:
            as_of = verdict.as_of
        response = {"below": "utter_wage_below", "ok": "utter_wage_ok", "minimum_only": "utter_wage_minimum_only",
                    "no_statutory_minimum": "utter_wage_no_minimum", "other_currency": "utter_wage_other_currency",
                    "unknown_figure": "utter_wage_unknown"}[verdict.kind]
        dispatcher.utter_message(
            response=response, country=country, wage_source=verdict.source, wage_as_of=as_of,
            minimum_hourly=_money(verdict.minimum_hourly, verdict.currency, code),
            paid_hourly=_money(verdict.paid_hourly, verdict.currency, code),
            gap=_money(verdict.gap, verdict.currency, code),
        )
        return reset


class CheckCase(Action):
    """Reads a partner's answers back to whoever writes the code; never links the code to the chat
    (the tracker store keeps neither the code nor the answer's text)."""

    def name(self) -> str:
        return "action_check_case"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        code = str(_entity(tracker, "code") or "")
        if not case_codes.is_valid(code):
            dispatcher.utter_message(response="utter_case_code_typo")
            return []
        if not cases.find(code):
            dispatcher.utter_message(response="utter_case_unknown")
            return []
        answers = cases.replies(code)
        if not answers:
            dispatcher.utter_message(response="utter_case_no_reply", code=case_codes.display(code))
        for answer in answers:
            dispatcher.utter_message(response="utter_case_reply", name=answer["contact"],
                                     code=case_codes.display(code), reply=answer["text"])
        return []
