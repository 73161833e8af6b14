"""The country and region someone names in a message, in any of our languages and scripts.

Country and region names count anywhere in a message; towns count when the message is little more
than the place (an answer to "where do you work?") or when they are large enough that a common word
is unlikely to be mistaken for them. Names with a case ending ("в Германии", "w Dublinie") are found
by their stem; names whose stem changes ("w Niemczech") are not.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache

import yaml

from bot.config import DATA
from bot.language import languages
from bot.places import gazetteer
from bot.places.gazetteer import COUNTRY, REGION, TOWN, Place

LARGE_TOWN = 15_000  # people: a town this large is taken anywhere in a message
FEW_OTHER_WORDS = 3  # a message with at most this many words besides the place is about the place


@dataclass(frozen=True)
class Found:
    place: Place
    words: str  # the words of the message that named it (folded)


INFLECTED = 3  # letters an inflected ending may add or change: "германии", "berlinie", "holandii"
BIG_TOWN = 100_000  # towns whose inflected forms are looked up too ("в Берлине", "w Dublinie")


@cache
def _inflectable() -> dict[str, tuple[Place, ...]]:
    """One-word names of countries, regions and big towns, and the same without a final vowel
    ("германи" for "германия"), for names written with a case ending."""
    found: dict[str, list[Place]] = {}
    for name, places in gazetteer.index().items():
        wanted = [p for p in places if p.kind != TOWN or p.population >= BIG_TOWN]
        if " " in name or len(name) < 4 or not wanted:
            continue
        found.setdefault(name, []).extend(wanted)
        if name[-1] in "aeiouyаяеиоуыюіэ" and len(name) >= 5:
            found.setdefault(name[:-1], []).extend(wanted)
    return {name: tuple(dict.fromkeys(places)) for name, places in found.items()}


def inflected(word: str) -> tuple[Place, ...]:
    """A one-word name with a case ending: its longest stem (of at least 4 letters) that names a place."""
    for cut in range(1, INFLECTED + 1):
        if len(word) - cut < 4:
            break
        places = _inflectable().get(word[:-cut])
        if places:
            return places
    return ()


@cache
def language_names() -> frozenset[str]:
    """The names of our languages ("espanol", "polski", "romana"): a language asked for, not a place."""
    return frozenset(gazetteer.key(name) for lang in languages.SUPPORTED for name in (*lang.names, lang.autonym))


COMMON = 2  # times a word must occur in the training examples to count as an everyday word


@cache
def common_words() -> frozenset[str]:
    """Words people use again and again when they write to the assistant (its training examples, in
    every language): a place named like one of them ("Marche", "Claro", "Care") is not taken for a
    place outside a short answer. Place names occur in a few examples too, but rarely."""
    counts: Counter[str] = Counter()
    for code in languages.CODES:
        path = DATA / "nlu" / f"{code}.yml"
        if path.exists():
            for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
                counts.update(gazetteer.key(block.get("examples") or "").split())
    return frozenset(word for word, n in counts.items() if n >= COMMON)


def find(text: str) -> list[Found]:
    """The places a message names, most telling first (countries, then regions, then towns)."""
    words = gazetteer.key(text).split()
    taken = [False] * len(words)
    found: list[Found] = []
    index, longest = gazetteer.index(), gazetteer.longest_name()
    for size in range(min(longest, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            if any(taken[start:start + size]):
                continue
            name = " ".join(words[start:start + size])
            places = index.get(name) or (inflected(name) if size == 1 and len(name) >= 5 else None)
            chosen = _acceptable(places or (), name, len(words) - size)
            if chosen:
                found.append(Found(chosen, name))
                taken[start:start + size] = [True] * size
    return sorted(found, key=lambda f: -gazetteer.PRIORITY[f.place.kind])


def _acceptable(places: tuple[Place, ...], name: str, other_words: int) -> Place | None:
    if (len(name) < 3 and other_words > 1 and name not in gazetteer.colloquial()) or name in language_names():
        return None  # "y", "uk", "ý": a place only when it is the whole answer; "espanol" is a language
    common = " " not in name and name in common_words()
    for place in places:
        if place.kind == COUNTRY and (not common or len(name) >= 4 or name in gazetteer.colloquial()):
            return place
        if common:
            continue  # "marche", "claro", "care": words people write, before they are places
        if place.kind == REGION:
            return place
        short_answer = other_words <= FEW_OTHER_WORDS
        if short_answer and (len(name) >= 4 or " " in name):
            return place
        if place.population >= LARGE_TOWN and (" " in name or name not in common_words()):
            return place
    return None


def where(text: str) -> Place | None:
    """The country (and region, when one is named or known for the town) of a message, if any."""
    found = find(text)
    if not found:
        return None
    country = found[0].place.country
    region = next((f.place.region for f in found if f.place.country == country and f.place.region), None)
    return Place(found[0].place.kind, country, region)
