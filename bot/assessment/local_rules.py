"""The rules of the country someone works in (data/facts/countries/<CC>.yml), topic by topic, and
what an answer says of them: the figures, where they come from, their date, and whether that date is
past its review. Nothing here guesses: a topic without a sourced figure is absent."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from bot.config import FACTS

COUNTRIES = FACTS / "countries"
TOPICS = ("minimum_wage", "working_time", "overtime", "annual_leave", "weekly_rest", "sick_pay", "written_contract",
          "recruitment_fees", "housing_deductions", "wage_claim", "inspectorate", "trafficking_hotline",
          "posted_seasonal")


@dataclass(frozen=True)
class Rule:
    country: str
    topic: str
    values: dict[str, Any]  # only the values that are set
    citation: str  # the instrument that sets it, else where it was read
    url: str
    as_of: dt.date | None
    review_after: dt.date | None

    def stale(self, today: dt.date | None = None) -> bool:
        """Past its review date: the figure may have changed."""
        return self.review_after is not None and self.review_after < (today or dt.date.today())


@cache
def _document(country: str) -> dict[str, Any]:
    path = COUNTRIES / f"{country}.yml"
    if not country.isalpha() or not path.exists():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def countries() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in COUNTRIES.glob("*.yml")))


def covered(country: str | None) -> bool:
    return bool(country) and bool(_document(str(country)))


def currency(country: str) -> str | None:
    return _document(country).get("currency")


def rule(country: str | None, topic: str) -> Rule | None:
    """The country's rule on a topic, when it has at least one sourced value."""
    if not country:
        return None
    entry = (_document(country).get("topics") or {}).get(topic) or {}
    values = {k: v for k, v in (entry.get("values") or {}).items() if v not in (None, "")}
    if not values or not entry.get("url") or not (entry.get("instrument") or entry.get("source")):
        return None
    return Rule(country, topic, values, entry.get("instrument") or entry["source"], entry["url"],
                entry.get("as_of"), entry.get("review_after"))


def problems(today: dt.date | None = None) -> dict[str, list[str]]:
    """What `python -m bot facts check` lists: "missing" (figures without a source: an error),
    "stale" (review date passed) and "insecure" (a URL that is not https)."""
    today = today or dt.date.today()
    found: dict[str, list[str]] = {"missing": [], "stale": [], "insecure": []}
    for country in countries():
        for topic in TOPICS:
            entry = (_document(country).get("topics") or {}).get(topic)
            where = f"{country}.yml {topic}"
            if entry is None:
                found["missing"].append(f"{where}: the topic is absent (give it with null values)")
                continue
            has_values = any(v not in (None, "") for v in (entry.get("values") or {}).values())
            if has_values and not (entry.get("url") and (entry.get("instrument") or entry.get("source"))):
                found["missing"].append(f"{where}: figures without a source and a URL")
            if has_values and not isinstance(entry.get("review_after"), dt.date):
                found["missing"].append(f"{where}: figures without a review_after date")
            if isinstance(entry.get("review_after"), dt.date) and entry["review_after"] < today:
                found["stale"].append(f"{where}: review date {entry['review_after']} has passed")
            if entry.get("url") and not str(entry["url"]).startswith("https://"):
                found["insecure"].append(f"{where}: {entry['url']} is not https")
    return found
