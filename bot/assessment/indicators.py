"""ILO forced-labour indicators noticed in a conversation, and the risk level they add up to."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache

import yaml

from bot.config import DATA
from bot.language.folding import fold

CUES = DATA / "indicators"  # one file per language: cues, negations, minor_age
NEGATION_WINDOW = 3  # words before a cue in which a negation cancels it

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


def risk_level(found: Iterable[str], minor: bool = False) -> str:
    """forced_labour_signs when two different indicators cover involuntariness and penalty; for a
    child, any sign of exploitation (Palermo Protocol, art. 3(c): no means of coercion needed)."""
    found = set(found)
    if not found:
        return NONE
    if minor:
        return FORCED_LABOUR_SIGNS
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


def _words(text: str) -> list[str]:
    # Devanagari and Arabic vowel signs are marks, not \w: keep them inside their words.
    return re.findall(r"(?:[\w']|[\u0900-\u097f\u064b-\u065f])+", fold(text))


@cache
def _cue_file(code: str) -> dict:
    path = CUES / f"{code}.yml"
    if not path.exists():
        return {"cues": {}, "negations": [], "minor_age": []}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    unknown = set(data.get("cues") or {}) - set(all_ids())
    if unknown:
        raise ValueError(f"{path.name}: unknown indicators {sorted(unknown)}")
    return data


def _stem_at(words: list[str], stem: str, whole: bool = False) -> int | None:
    """Index of the first word the stem begins (or, for stems of 4+ characters, lies inside); a
    whole word only for negation words ("не" must not match "неделю")."""
    for index, word in enumerate(words):
        if word == stem or (not whole and (word.startswith(stem) or (len(stem) >= 4 and stem in word))):
            return index
    return None


@cache
def _folded_cues(code: str) -> tuple[frozenset[str], list[tuple[str, list[list[str]]]]]:
    """A language's negation words and cues, folded once: folding every stem of every language on
    each message was most of ListenClosely's time, and it runs on every message."""

    table = _cue_file(code)
    negations = frozenset(fold(n) for n in table.get("negations") or [])
    cues = [(indicator, [[fold(str(stem)) for stem in cue] for cue in cue_list])
            for indicator, cue_list in (table.get("cues") or {}).items()]
    return negations, cues


def from_text(text: str, codes: Iterable[str]) -> list[str]:
    """Indicators that the words of a message show, by the cues of the given languages."""
    words = _words(text)
    found: list[str] = []
    for code in codes:
        negations, table = _folded_cues(code)
        for indicator, cues in table:
            for cue in cues:
                found_at = [_stem_at(words, stem, stem in negations) for stem in cue]
                positions = [p for p in found_at if p is not None]
                if not cue or len(positions) < len(found_at):
                    continue
                first = min(positions)
                if negations & set(words[max(0, first - NEGATION_WINDOW) : first]):
                    continue
                found = merge(found, [indicator])
                break
    return found


def stated_age(text: str, codes: Iterable[str]) -> int | None:
    """An age the writer gives for themselves ("i am 16", "tengo 15 anos"), if any."""
    folded = " ".join(_words(text))
    for code in codes:
        for template in _cue_file(code).get("minor_age") or []:
            pattern = re.escape(fold(template)).replace(re.escape("{n}"), r"(\d{1,2})")
            match = re.search(rf"(?<!\w){pattern}(?!\w)", folded)
            if match:
                return int(match.group(1))
    return None
