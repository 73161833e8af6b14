"""ILO forced-labour indicators noticed in a conversation, and the risk level they add up to."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import yaml

from bot.paths import DATA

NONE = "none"
RIGHTS_CONCERN = "rights_concern"
FORCED_LABOUR_SIGNS = "forced_labour_signs"


@lru_cache(maxsize=1)
def _table() -> dict:
    table = yaml.safe_load((DATA / "indicators.yml").read_text(encoding="utf-8"))
    known = set(table["indicators"])
    named = [i for ids in table["from_intent"].values() for i in ids]
    named += table["dimensions"]["involuntariness"] + table["dimensions"]["menace_of_penalty"]
    unknown = sorted(set(named) - known)
    if unknown:
        raise ValueError(f"data/indicators.yml names unknown indicators: {', '.join(unknown)}")
    return table


def all_ids() -> list[str]:
    return list(_table()["indicators"])


def from_intent(intent: str | None) -> list[str]:
    return list(_table()["from_intent"].get(intent or "", []))


def merge(known: Iterable[str] | None, new: Iterable[str]) -> list[str]:
    """Known indicators plus new ones, each once, in the order first noticed."""
    merged = list(known or [])
    merged += [i for i in new if i not in merged]
    return merged


def risk_level(found: Iterable[str]) -> str:
    """forced_labour_signs when two different indicators cover involuntariness and penalty."""
    found = set(found)
    if not found:
        return NONE
    dims = _table()["dimensions"]
    involuntary = found & set(dims["involuntariness"])
    penalty = found & set(dims["menace_of_penalty"])
    if any(a != b for a in involuntary for b in penalty):
        return FORCED_LABOUR_SIGNS
    return RIGHTS_CONCERN


def needs(found: Iterable[str]) -> list[str]:
    """Directory services that the noticed indicators call for."""
    table = _table().get("needs", {})
    return merge([], [service for indicator in found for service in table.get(indicator, [])])
