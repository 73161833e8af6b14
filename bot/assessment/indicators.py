"""ILO forced-labour indicators noticed in a conversation, and the risk level they add up to."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

import yaml

from bot.config import DATA
from bot.language.folding import fold

CUES = DATA / "indicators"  # one file per language: cues, denials, negations, clause_breaks, minor_age
NEGATION_WINDOW = 3  # words before a cue's first word in which a negation cancels it

NONE = "none"
RIGHTS_CONCERN = "rights_concern"
FORCED_LABOUR_SIGNS = "forced_labour_signs"


STRONG, MEDIUM = "strong", "medium"
INVOLUNTARINESS, MENACE = "involuntariness", "menace_of_penalty"


@lru_cache(maxsize=1)
def _table() -> dict:
    table = yaml.safe_load((DATA / "indicators.yml").read_text(encoding="utf-8"))
    known = set(table["indicators"])
    named = [i for ids in table["from_intent"].values() for i in ids]
    for dimension in table["ilo"]["dimensions"].values():
        for role in (INVOLUNTARINESS, MENACE):
            weights = dimension[role]
            named += list(weights)
            wrong = sorted(f"{i}: {w}" for i, w in weights.items() if w not in (STRONG, MEDIUM))
            if wrong:
                raise ValueError(f"data/indicators.yml: strength must be strong or medium: {', '.join(wrong)}")
    unknown = sorted(set(named) - known)
    if unknown:
        raise ValueError(f"data/indicators.yml names unknown indicators: {', '.join(unknown)}")
    return table


def dimensions() -> dict[str, dict[str, dict[str, str]]]:
    """The ILO dimensions, each {involuntariness: {indicator: strength}, menace_of_penalty: {...}}."""
    return _table()["ilo"]["dimensions"]


def forced_labour_pairs(found: Iterable[str]) -> list[tuple[str, str, str]]:
    """(dimension, involuntariness sign, menace sign) combinations that the found signs make: two
    different signs in one dimension, at least one of them strong."""
    found = set(found)
    pairs = []
    for name, dimension in dimensions().items():
        for involuntary, weight_i in dimension[INVOLUNTARINESS].items():
            for menace, weight_m in dimension[MENACE].items():
                if (involuntary in found and menace in found and involuntary != menace
                        and STRONG in (weight_i, weight_m)):
                    pairs.append((name, involuntary, menace))
    return pairs


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
    """forced_labour_signs when one ILO dimension shows both involuntary work and the menace of a
    penalty (data/indicators.yml); for a child, any sign of exploitation (Palermo Protocol, art. 3(c):
    no means of coercion needed); rights_concern for signs short of that."""
    found = set(found)
    if not found:
        return NONE
    if minor or forced_labour_pairs(found):
        return FORCED_LABOUR_SIGNS
    return RIGHTS_CONCERN


def needs(found: Iterable[str]) -> list[str]:
    """Directory services that the noticed indicators call for."""
    table = _table().get("needs", {})
    return merge([], [service for indicator in found for service in table.get(indicator, [])])


_PUNCTUATION = re.compile(r"[.,;:!?()\n\u060c\u061b\u061f\u0964]+")  # also Arabic comma, semicolon, question mark, danda


def _words(text: str) -> list[str]:
    # Devanagari and Arabic vowel signs are marks, not \w: keep them inside their words.
    return re.findall(r"(?:[\w']|[\u0900-\u097f\u064b-\u065f])+", fold(text))


@cache
def _cue_file(code: str) -> dict:
    path = CUES / f"{code}.yml"
    if not path.exists():
        return {"cues": {}, "negations": [], "minor_age": []}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    unknown = (set(data.get("cues") or {}) | set(data.get("denials") or {})) - set(all_ids())
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


@dataclass(frozen=True)
class _Language:
    """A language's cue file, folded once: folding every stem of every language on each message was
    most of ListenClosely's time, and it runs on every message."""

    negations: frozenset[str]
    breaks: frozenset[str]  # words that start a new clause: "and", "but", "because"
    cues: list[tuple[str, list[list[str]]]]
    denials: list[tuple[str, list[list[str]]]]  # clauses saying a sign is absent: "i can leave whenever i want"


def _folded_table(entries: dict | None) -> list[tuple[str, list[list[str]]]]:
    return [(indicator, [[fold(str(stem)) for stem in cue] for cue in cue_list])
            for indicator, cue_list in (entries or {}).items()]


@cache
def _language(code: str) -> _Language:
    table = _cue_file(code)
    return _Language(frozenset(fold(n) for n in table.get("negations") or []),
                     frozenset(fold(str(b)) for b in table.get("clause_breaks") or []),
                     _folded_table(table.get("cues")), _folded_table(table.get("denials")))


def clauses(words: list[str], breaks: frozenset[str]) -> list[list[str]]:
    """The words cut into clauses at the language's clause words ("but", "and", "because")."""
    found: list[list[str]] = [[]]
    for word in words:
        if word in breaks and found[-1]:
            found.append([])
        found[-1].append(word)
    return found


NO_MATCH, CANCELLED, MATCHED = 0, 1, 2


def _match(clause: list[str], cue: list[str], negations: frozenset[str], negative_cue: bool) -> int:
    """MATCHED when all the cue's stems are in the clause and no negation cancels it: a negation
    shortly before the cue's first word ("they did not take my passport") or between its words
    ("पासपोर्ट नहीं रखा", "passport they never took"); CANCELLED when one does; else NO_MATCH. A cue
    that states a sign with its own negation ("not paid") is not cancelled by it."""
    found_at = [_stem_at(clause, stem, stem in negations) for stem in cue]
    if not cue or any(p is None for p in found_at):
        return NO_MATCH
    if negative_cue:
        return MATCHED
    positions = [p for p in found_at if p is not None]
    first, last = min(positions), max(positions)
    return CANCELLED if negations & set(clause[max(0, first - NEGATION_WINDOW): last + 1]) else MATCHED


def read(text: str, codes: Iterable[str]) -> tuple[list[str], set[str]]:
    """(the indicators the words of a message show, the indicators it denies or negates), by the
    cues of the given languages, clause by clause. A sign is denied when a clause says it is absent
    ("i can leave whenever i want") and negated when its cue's words are there but a negation
    cancels them ("they did not take my passport")."""
    found: list[str] = []
    denied_or_negated: set[str] = set()
    segments = [_words(part) for part in _PUNCTUATION.split(text)]
    for code in codes:
        language = _language(code)
        parts = [c for segment in segments for c in clauses(segment, language.breaks) if c]
        whole = [w for segment in segments for w in segment]
        # "i am not free to leave" is no denial: a negation cancels a denial as it cancels a cue.
        denied = {indicator for indicator, cues in language.denials
                  if any(_match(part, cue, language.negations, False) == MATCHED for part in parts for cue in cues)}
        denied_or_negated |= denied
        for indicator, cues in language.cues:
            if indicator in denied or indicator in found:
                continue
            for cue in cues:
                negative = any(stem in language.negations for stem in cue)
                # A cue that names a clause word itself ("promised ... but ...") spans clauses.
                spans = [whole] if any(stem in language.breaks for stem in cue) else parts
                states = {_match(part, cue, language.negations, negative) for part in spans}
                if MATCHED in states:
                    found.append(indicator)
                    break
                if CANCELLED in states:
                    denied_or_negated.add(indicator)  # its words are there, a negation cancels them
    return found, denied_or_negated - set(found)


def from_text(text: str, codes: Iterable[str]) -> list[str]:
    """Indicators that the words of a message show, leaving out a sign that a clause denies."""
    return read(text, codes)[0]


# The NLU's confidence from which an intent's sign is taken: "i work on a farm in spain" was
# understood, at 0.44, as "i cannot leave". A sign is not assumed from a guess.
INTENT_SIGN_CONFIDENCE = 0.6


def from_message(intent: str | None, text: str, codes: Iterable[str], confidence: float = 1.0) -> list[str]:
    """The indicators a message shows: its intent's ("report_documents_taken") when the NLU is
    fairly sure of it, unless its words deny or negate that sign ("they did not take my passport,
    i can leave whenever i want" is understood as being about passports), and its words'."""
    found, denied_or_negated = read(text, codes)
    from_the_intent = from_intent(intent) if confidence >= INTENT_SIGN_CONFIDENCE else []
    return merge([i for i in from_the_intent if i not in denied_or_negated], found)


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
