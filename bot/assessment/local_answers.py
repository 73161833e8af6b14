"""What an answer says of the rules of the person's country of work (data/facts/answers.yml): the
sentences, each a catalog key with its values, then where the figures come from and their dates.
Without a country: the EU rule and the national authority (actions/local.py asks for the country once).
With a country whose rule on the topic is not known: the EU rule, said to be the least the person is
owed, and the inspectorate."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import yaml

from bot.assessment import local_rules
from bot.assessment.local_rules import Rule
from bot.config import FACTS

Line = tuple[str, dict[str, Any]]  # (catalog key, values)
UNITS = {"max_weekly_hours": "hours", "daily_rest_hours": "hours", "weekly_rest_hours": "hours",
         "days": "days", "employer_paid_days": "days", "deadline_days": "days", "deadline_months": "months"}


# The values the national sentences name (besides the unit-counted ones: "<name>_counted").
VALUES = ("country", "name", "reach", "sources", "claim_body", "premium_percent", "cap_percent", "percent")


def placeholders() -> set[str]:
    """Every placeholder a national sentence may use, for the catalogs' check."""
    return {*VALUES, *(f"{name}_counted" for name in UNITS)}


@dataclass
class Answer:
    replaces: str | None  # the catalog key said instead of the EU text, if any
    lines: list[Line] = field(default_factory=list)
    sources: list[Rule] = field(default_factory=list)


@cache
def plan() -> dict[str, dict[str, Any]]:
    return yaml.safe_load((FACTS / "answers.yml").read_text(encoding="utf-8")) or {}


def is_local(response: str) -> bool:
    """Whether the response depends on the country of work."""
    return response in plan()


def _lines(rule: Rule) -> list[Line]:
    v = rule.values
    if rule.topic == "working_time" and "max_weekly_hours" in v:
        return [("fact_max_weekly_hours", {"max_weekly_hours": v["max_weekly_hours"]})]
    if rule.topic == "overtime" and "premium_percent" in v and v["premium_percent"]:
        return [("fact_overtime_premium", {"premium_percent": v["premium_percent"]})]
    if rule.topic == "weekly_rest":
        found = [("fact_daily_rest", {"daily_rest_hours": v["daily_rest_hours"]})] if "daily_rest_hours" in v else []
        if "weekly_rest_hours" in v:
            found.append(("fact_weekly_rest", {"weekly_rest_hours": v["weekly_rest_hours"]}))
        return found
    if rule.topic == "annual_leave" and "days" in v and v.get("unit") in ("working_days", "working_days_6", "calendar_days"):
        return [(f"fact_annual_leave_{v['unit']}", {"days": v["days"]})]
    if rule.topic == "sick_pay" and "employer_paid_days" in v:
        if "percent" in v:
            return [("fact_sick_pay", {"employer_paid_days": v["employer_paid_days"], "percent": v["percent"]})]
        return [("fact_sick_pay_days", {"employer_paid_days": v["employer_paid_days"]})]
    if rule.topic == "written_contract" and "deadline_days" in v:
        return [("fact_written_contract", {"deadline_days": v["deadline_days"]})]
    if rule.topic == "recruitment_fees" and "fees_to_worker_banned" in v:
        return [("fact_fees_banned" if v["fees_to_worker_banned"] else "fact_fees_allowed", {})]
    if rule.topic == "housing_deductions" and v.get("employer_housing_deduction_capped") is True:
        if v.get("cap_percent"):
            return [("fact_housing_cap_percent", {"cap_percent": v["cap_percent"]})]
        return [("fact_housing_capped", {})]
    if rule.topic == "wage_claim" and "deadline_months" in v:
        if v.get("claim_body"):
            return [("fact_wage_claim", {"deadline_months": v["deadline_months"], "claim_body": v["claim_body"]})]
        return [("fact_wage_claim_deadline", {"deadline_months": v["deadline_months"]})]
    if rule.topic == "inspectorate" and v.get("name"):
        reach = v.get("complaint_url") or v.get("phone")
        return [("fact_inspectorate_reach", {"name": v["name"], "reach": reach}) if reach
                else ("fact_inspectorate", {"name": v["name"]})]
    if rule.topic == "trafficking_hotline" and v.get("name") and (v.get("phone") or v.get("url")):
        return [("fact_hotline", {"name": v["name"], "reach": v.get("phone") or v.get("url")})]
    return []


def answer(response: str, country: str | None) -> Answer | None:
    """The national part of a response, or None when the response does not depend on the country.

    `lines` is empty when the country is unknown (the caller points to the national authority) or
    when none of the country's rules on the topic are known (the caller says the EU rule applies)."""
    wanted = plan().get(response)
    if wanted is None:
        return None
    found = Answer(replaces=None)
    for topic in wanted.get("rules", []):
        rule = local_rules.rule(country, topic)
        lines = _lines(rule) if rule else []
        if rule and lines:
            found.lines += lines
            found.sources.append(rule)
    if found.lines and any(r.topic != "inspectorate" for r in found.sources):
        found.replaces = wanted.get("local")
    return found


def inspectorate(country: str | None) -> str | None:
    rule = local_rules.rule(country, "inspectorate")
    return rule.values.get("name") if rule else None


def counted_values(values: dict[str, Any]) -> dict[str, tuple[str, float]]:
    """Values that count something, with their unit: rendered "48 hours" in the person's language."""
    return {key: (UNITS[key], value) for key, value in values.items() if key in UNITS and isinstance(value, (int, float))}


def stale(sources: list[Rule], today: dt.date | None = None) -> list[Rule]:
    return [rule for rule in sources if rule.stale(today)]
