"""Given names and surnames, for names written with no phrase before them ("I'm Maria Garcia").

The names are Faker's kept lists (its person providers' locale data, read from the installed
package, never fetched) for the countries people here come from and work in, in their own scripts
(data/privacy/scrub_rules.yml: gazetteer_locales). The common words are every word our own texts
use in lower case (the NLU examples and the catalogs of the twelve languages): a name that is also
a word ("Costa", "Rose", "Mai") is only taken together with another name beside it.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import yaml

from bot.config import DATA, LOCALES
from bot.language.folding import fold

# A letter, or a mark that is part of one (Devanagari vowel signs, Arabic harakat, combining
# accents), which \w alone would cut words at.
LETTER = r"(?:[^\W\d_]|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963])"
WORD = re.compile(rf"{LETTER}+(?:['’-]{LETTER}+)*")
# Cyrillic names are often written in Latin letters abroad ("Oleksandr Bondarenko"): the gazetteer
# holds them in both, by Ukrainian and Russian transliteration.
TRANSLIT_UK = dict(zip("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
                       ["a", "b", "v", "h", "g", "d", "e", "ie", "zh", "z", "y", "i", "i", "i", "k", "l", "m", "n", "o",
                        "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "iu", "ia"]))
TRANSLIT_RU = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                       ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s",
                        "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"]))


def _latin(name: str) -> set[str]:
    lower = name.lower()
    if not any("а" <= ch <= "я" or ch in "ґєії" for ch in lower):
        return set()
    return {"".join(table.get(ch, ch) for ch in lower) for table in (TRANSLIT_UK, TRANSLIT_RU)}


def _names(value: Any) -> Iterable[str]:
    """A provider attribute's names: a tuple, or a dict of name -> weight."""
    if isinstance(value, dict):
        return value.keys()
    if isinstance(value, (list, tuple)):
        return [v for v in value if isinstance(v, str)]
    return []


@lru_cache(maxsize=1)
def _lists() -> tuple[frozenset[str], frozenset[str]]:
    """(given names, surnames), folded."""
    rules = yaml.safe_load((DATA / "privacy" / "scrub_rules.yml").read_text(encoding="utf-8"))
    given: set[str] = set()
    surnames: set[str] = set()
    for locale in rules["gazetteer_locales"]:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in dir(provider):
            if attribute.startswith("_"):
                continue
            target = given if "first_name" in attribute else surnames if "last_name" in attribute else None
            if target is not None:
                for name in _names(getattr(provider, attribute)):
                    for part in WORD.findall(name):
                        if len(part) > 1:
                            target.add(fold(part))
                            target.update(_latin(part))
    too_short = {w for w in given | surnames if len(w) < 2}
    return frozenset(given - too_short), frozenset(surnames - too_short)


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Words our own texts (NLU examples, catalogs) write in lower case: words, not names."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((DATA / "nlu").glob("*.yml"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(LOCALES.glob("*/LC_MESSAGES/*.po"))]
    rules = yaml.safe_load((DATA / "privacy" / "scrub_rules.yml").read_text(encoding="utf-8"))
    words: set[str] = {w.casefold() for key in ("street_words", "address_words") for w in rules[key]}
    for text in texts:
        for word in WORD.findall(text):
            if word[0].islower() or word[0].lower() == word[0].upper():  # lower case, or a script without case
                words.add(word.casefold())
    return frozenset(words)


def is_given(word: str) -> bool:
    return fold(word) in _lists()[0]


def is_surname(word: str) -> bool:
    return fold(word) in _lists()[1]


def is_name(word: str) -> bool:
    return is_given(word) or is_surname(word)


def is_common(word: str) -> bool:
    """Compared with its diacritics: "Minh" is a name, "mình" a word."""
    return word.casefold() in common_words()
