"""The wage check: what the person is paid against the legal minimum."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (
    lang_of,
    was_skipped,
)
from bot import vocabulary
from bot.assessment import wage_check


# The wage check: what the first message gives is read at once; the form asks the rest.
def _pay_from(slot: Any) -> wage_check.Pay:
    return wage_check.Pay(**slot) if isinstance(slot, dict) else wage_check.Pay()


def _given(pay: wage_check.Pay) -> list:
    """Mark the questions the message already answered, so the form does not ask them."""
    missing = pay.missing()
    return [SlotSet(f"wage_{piece}", "given") for piece in ("country", "pay", "hours") if piece not in missing]


class WagePrefill(Action):
    def name(self) -> str:
        return vocabulary.action("wage_prefill")

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        text = tracker.latest_message.get("text") or ""
        pay = wage_check.extract(text)
        if not pay.country and tracker.get_slot("country"):
            pay = wage_check.replace(pay, country=tracker.get_slot("country"))  # named earlier in the conversation
        events = [SlotSet(f"wage_{piece}", None) for piece in ("country", "pay", "hours")]
        if pay.country and pay.amount is None:
            # "What is the minimum wage in Germany?": the figure, not questions about their own pay.
            return [*events, SlotSet("wage", asdict(pay)), SlotSet("wage_country", "given"),
                    SlotSet("wage_pay", "skipped"), SlotSet("wage_hours", "skipped")]
        return [*events, SlotSet("wage", asdict(pay)), *_given(pay)]


class ValidateWageForm(FormValidationAction):
    def name(self) -> str:
        return "validate_wage_form"

    async def validate(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        requested = tracker.get_slot("requested_slot")
        if requested not in ("wage_country", "wage_pay", "wage_hours"):
            return await super().validate(dispatcher, tracker, domain)
        text = str(tracker.get_slot(requested) or "")
        if was_skipped(tracker) or text.startswith("/"):
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
        return vocabulary.action("wage_answer")

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        from babel import Locale
        from babel.dates import format_date

        code = lang_of(tracker)
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
