"""The wage check: pay, hours and country read from a message, compared per hour with the legal minimum.

Rule-based, from data files: data/wage_terms.yml (currencies, periods, hour words), the country's
rules (data/facts/countries/, through bot/assessment/local_rules.py: its statutory minimum, source
and date) and data/facts/minimum_wages.yml (the full-time week and payments a year a monthly minimum
assumes). The country is found by bot/places/. Words are found with spaCy's tokenizer; numbers with their local separators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import yaml

from bot.assessment import local_rules
from bot.config import DATA, FACTS
from bot.language.folding import fold, is_word
from bot.places import recognise

NUMBER = re.compile(r"\d{1,3}(?:[ .,]\d{3})+(?:[.,]\d{1,2})?(?!\d)|\d+(?:[.,]\d{1,2})?(?!\d)")
WEEKS_PER_MONTH = 52 / 12
CONNECTORS = {"a", "an", "per", "pe", "por", "par", "pro", "al", "la", "le", "w", "na", "в", "за", "mot", "each",
              "every", "de", "/", "fi", "في", "كل"}
PERIODS = ("hour", "day", "week", "month", "year")


@dataclass(frozen=True)
class Pay:
    amount: float | None = None
    currency: str | None = None
    period: str | None = None  # hour, day, week, month or year
    weekly_hours: float | None = None
    country: str | None = None  # ISO 3166-1 alpha-2

    def missing(self) -> list[str]:
        """What is still needed, in the order it is asked: the country, the pay, the hours."""
        needs = []
        if not self.country:
            needs.append("country")
        if self.amount is None or not self.period:
            needs.append("pay")
        elif self.period != "hour" and not self.weekly_hours:
            needs.append("hours")
        return needs


@lru_cache(maxsize=1)
def terms() -> dict:
    data = yaml.safe_load((DATA / "wage_terms.yml").read_text(encoding="utf-8"))
    return {
        "currencies": {fold(str(k)): v for k, v in data["currencies"].items()},
        "periods": {fold(str(k)): v for k, v in data["periods"].items() if v in PERIODS},
        "hour_words": {fold(str(w)) for w in data["hour_words"]},
    }


@lru_cache(maxsize=1)
def minimum_wages() -> dict:
    return yaml.safe_load((FACTS / "minimum_wages.yml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    import spacy

    return spacy.blank("xx").tokenizer


def parse_number(text: str) -> float:
    """ "1.400" and "1 400" are fourteen hundred; "6,50" and "6.50" six and a half."""
    compact = text.replace(" ", "")
    groups = re.split(r"[.,]", compact)
    if len(groups) > 1 and len(groups[-1]) == 3:
        return float("".join(groups))
    if len(groups) > 1:
        return float("".join(groups[:-1]) + "." + groups[-1])
    return float(compact)


def _words(text: str) -> list[str]:
    spaced = re.sub(r"(\d)([^\d\s.,])", r"\1 \2", fold(text).replace("/", " / "))
    return [t.text for t in _tokenizer()(spaced) if not t.is_space]


def _period_after(words: list[str], start: int) -> str | None:
    table = terms()["periods"]
    for word in words[start : start + 4]:
        if word in table:
            return table[word]
        if word not in CONNECTORS and not is_word(word):
            break
    return None


def extract(text: str, known: Pay | None = None) -> Pay:
    """Pay, hours and country that a message gives, added to what was known already."""
    pay = known or Pay()
    table = terms()
    folded = fold(text)
    for match in NUMBER.finditer(folded):
        value = parse_number(match.group(0))
        after = _words(folded[match.end():])[:6]
        before = _words(folded[: match.start()])[-1:]
        if after and after[0] in table["hour_words"]:
            period = _period_after(after, 1) or "week"
            # Hours a day count five days a week unless the message says how many days.
            days = re.search(r"(\d)\s*(?:days?|zile|dias|jours|dni|дней|днів|дни|ngay|din|أيام)", folded)
            per_week = {"day": int(days.group(1)) if days else 5, "week": 1, "month": 1 / WEEKS_PER_MONTH, "year": 1 / 52}
            pay = replace(pay, weekly_hours=round(value * per_week.get(period, 1), 1))
            continue
        if after and after[0] == "de":  # "3000 de lei", "1000 de euros"
            after = after[1:]
        currency = table["currencies"].get(after[0]) if after else None
        period_from = 1
        if currency is None and before:
            currency = table["currencies"].get(before[0])
            period_from = 0  # "£1500 a month": the period comes right after the number
        if currency:
            named: str | None = _period_after(after, period_from) or (
                "hour" if len(after) > 1 and after[1] == "/" and len(after) > 2 and after[2] in ("h", "ora", "hr") else None)
            pay = replace(pay, amount=value, currency=currency, period=named or pay.period)
    place = recognise.where(text)
    return replace(pay, country=place.country if place else pay.country)


@dataclass(frozen=True)
class Verdict:
    kind: str  # below, ok, no_statutory_minimum, other_currency, unknown_figure, minimum_only
    country: str
    minimum_hourly: float | None = None
    paid_hourly: float | None = None
    currency: str | None = None
    gap: float | None = None
    source: str = ""
    as_of: str = ""


def minimum_hourly(country: str) -> tuple[float | None, dict]:
    """The statutory minimum per hour in local currency (None where none is set or known), and what
    the answer cites: the figure from the country's rules (data/facts/countries/), turned into an
    hourly one with the full-time week and payments a year of data/facts/minimum_wages.yml."""
    rule = local_rules.rule(country, "minimum_wage")
    if rule is None:
        return None, {}
    record = {"statutory": rule.values.get("statutory"), "currency": local_rules.currency(country),
              "source": rule.citation, "as_of": rule.as_of.isoformat() if rule.as_of else ""}
    structure = minimum_wages()["countries"].get(country) or {}
    if rule.values.get("hourly"):
        return float(rule.values["hourly"]), record
    if rule.values.get("monthly") and structure.get("standard_weekly_hours"):
        yearly = float(rule.values["monthly"]) * float(structure.get("payments_per_year") or 12)
        return yearly / (52 * float(structure["standard_weekly_hours"])), record
    return None, record


def paid_per_hour(pay: Pay) -> float | None:
    if pay.amount is None or not pay.period:
        return None
    if pay.period == "hour":
        return pay.amount
    if not pay.weekly_hours:
        return None
    if pay.period == "day":
        return pay.amount / (pay.weekly_hours / 5)  # a day's pay for a fifth of the week's hours
    weekly = {"week": pay.amount, "month": pay.amount / WEEKS_PER_MONTH, "year": pay.amount / 52}[pay.period]
    return weekly / pay.weekly_hours


def check(pay: Pay) -> Verdict:
    """Compare per hour with the country's statutory minimum."""
    assert pay.country, "check needs a country"
    minimum, record = minimum_hourly(pay.country)
    source, as_of = str(record.get("source") or ""), str(record.get("as_of") or "")
    if record and record.get("statutory") is False:
        return Verdict("no_statutory_minimum", pay.country, source=source, as_of=as_of)
    if minimum is None:
        return Verdict("unknown_figure", pay.country, source=source, as_of=as_of)
    currency = record.get("currency")
    base = Verdict("minimum_only", pay.country, round(minimum, 2), currency=currency, source=source, as_of=as_of)
    paid = paid_per_hour(pay)
    if paid is None:
        return base
    if pay.currency and pay.currency != currency:
        return replace(base, kind="other_currency")
    gap = round(minimum - paid, 2)
    return replace(base, kind="below" if gap > 0.005 else "ok", paid_hourly=round(paid, 2), gap=max(gap, 0.0))
