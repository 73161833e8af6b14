"""The country and region someone names in a message, in any of our languages and scripts.

Country and region names count anywhere in a message; towns count when the message is little more
than the place (an answer to "where do you work?") or when they are large enough that a common word
is unlikely to be mistaken for them. Names with a case ending ("в Германии", "w Dublinie") are found
by their stem; names whose stem changes ("w Niemczech") are not.
"""

from __future__ import annotations

import re
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
def _word_counts() -> Counter[str]:
    counts: Counter[str] = Counter()
    for code in languages.CODES:
        path = DATA / "nlu" / f"{code}.yml"
        if path.exists():
            for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
                for line in (block.get("examples") or "").splitlines():
                    # A word written with a capital inside an example is a name ("picking in Huelva"):
                    # it is no everyday word, however often the examples name the place.
                    tokens = re.findall(r"\w+", line)
                    counts.update(gazetteer.key(token) for index, token in enumerate(tokens)
                                  if index == 0 or not token[:1].isupper() or token.isupper())
    return counts


@cache
def common_words() -> frozenset[str]:
    """Words people use again and again when they write to the assistant (its training examples, in
    every language): a region named like one of them ("Marche") is not taken for a place. Place
    names occur in a few examples too, but rarely."""
    return frozenset(word for word, n in _word_counts().items() if n >= COMMON)


@cache
def written_words() -> frozenset[str]:
    """Every word of the training examples: a town named like one ("March", "Mold", "Palma") is only
    taken for a place when it is written like a name, with a capital."""
    return frozenset(_word_counts())


def _capitalised(text: str) -> set[str]:
    """The words written with a capital inside the message (not its first word): "in Bleiswijk"."""
    tokens = re.findall(r"\w+", text)
    return {gazetteer.key(token) for token in tokens[1:] if token[:1].isupper() and not token.isupper()}


def find(text: str) -> list[Found]:
    """The places a message names, most telling first (countries, then regions, then towns)."""
    words = gazetteer.key(text).split()
    named = _capitalised(text)
    taken = [False] * len(words)
    found: list[Found] = []
    index, longest = gazetteer.index(), gazetteer.longest_name()
    for size in range(min(longest, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            if any(taken[start:start + size]):
                continue
            name = " ".join(words[start:start + size])
            places = index.get(name) or (inflected(name) if size == 1 and len(name) >= 5
                                         and (name not in written_words() or name in named) else None)
            chosen = _acceptable(places or (), name, len(words) - size, name.split(" ")[0] in named)
            if chosen:
                found.append(Found(chosen, name))
                taken[start:start + size] = [True] * size
    return sorted(found, key=lambda f: -gazetteer.PRIORITY[f.place.kind])


def _acceptable(places: tuple[Place, ...], name: str, other_words: int, capital: bool = False) -> Place | None:
    if (len(name) < 3 and other_words > 1 and name not in gazetteer.colloquial()) or name in language_names():
        return None  # "y", "uk", "ý": a place only when it is the whole answer; "espanol" is a language
    common = " " not in name and name in common_words()
    for place in places:
        if place.kind == COUNTRY and (not common or len(name) >= 4 or name in gazetteer.colloquial()):
            return place
        if common:
            continue  # "marche", "claro", "care": words people write, before they are places
        if place.kind == REGION:
            return place  # a region named in the examples too ("la bucuresti") is still the region
        if " " not in name and name in written_words() and not capital:
            continue  # "march", "mold", "grado": words people write, unless written like a name
        short_answer = other_words <= FEW_OTHER_WORDS
        if short_answer and (len(name) >= 4 or " " in name):
            return place
        if place.population >= LARGE_TOWN or capital:
            return place  # a large town, or one written with a capital like a name
    return None


def where(text: str) -> Place | None:
    """The country (and region, when one is named or known for the town) of a message, if any."""
    found = find(text)
    if not found:
        return None
    country = found[0].place.country
    region = next((f.place.region for f in found if f.place.country == country and f.place.region), None)
    return Place(found[0].place.kind, country, region)
