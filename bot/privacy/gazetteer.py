"""Given names and surnames, for names written with no phrase before them ("I'm Maria Garcia").

The names are Faker's kept lists (its person providers' locale data, read from the installed
package, never fetched) for the countries people here come from and work in, in their own scripts
(data/privacy/scrub_rules.yml: gazetteer_locales). The common words are every word our own texts
use in lower case (the NLU examples and the catalogs of the twelve languages): a name that is also
a word ("Costa", "Rose", "Mai") is only taken together with another name beside it.

Faker's lists miss the short forms people sign with and whole communities (West Africa, the
Maghreb in Latin letters, Central Asia, Punjab): data/privacy/names.yml adds their common names.
Slavic names change with their case ("спроси у Рустама", "z Jarkiem", "с Ирой Лебедевой"): a word
is also looked up in the forms its case endings come from (forms()). A surname no list holds is
often known by its ending ("-escu", "-ov", "-enko", "-czyk": surname_shaped()).
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
    kept = yaml.safe_load((DATA / "privacy" / "names.yml").read_text(encoding="utf-8"))
    for key, target in (("given", given), ("surnames", surnames)):
        for group in kept[key].values():
            for name in group:
                target.add(fold(name))
                target.update(_latin(name))
    too_short = {w for w in given | surnames if len(w) < 2}
    return frozenset(given - too_short), frozenset(surnames - too_short)


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Words our own texts (NLU examples, catalogs) and Faker's lorem lists write in lower case:
    words, not names."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((DATA / "nlu").glob("*.yml"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(LOCALES.glob("*/LC_MESSAGES/*.po"))]
    rules = yaml.safe_load((DATA / "privacy" / "scrub_rules.yml").read_text(encoding="utf-8"))
    words: set[str] = {w.casefold() for key in ("street_words", "address_words", "not_names") for w in rules[key]}
    # Faker's lorem word lists: everyday words of our languages that our own texts may not use; they
    # hold given names too ("juan", "carlos", "rose"), which stay names here (see is_everyday)
    given = _lists()[0]
    texts += [" ".join(w for w in everyday_words() if fold(w) not in given)]
    for text in texts:
        for word in WORD.findall(text):
            if word[0].islower() or word[0].lower() == word[0].upper():  # lower case, or a script without case
                words.add(word.casefold())
    return frozenset(words)


# Slavic case endings and the endings of the form a list holds that they replace: "Рустама" is
# "Рустам", "Ирой" "Ира", "Андрієм" "Андрій", "Agnieszkę" "Agnieszka", "Kowalczykiem" "Kowalczyk".
# (ending, replacement) pairs, tried on the word in lower case, longest ending first.
CASE_ENDINGS = [("ою", "а"), ("ею", "я"), ("ею", "а"), ("ой", "а"), ("ей", "а"), ("ей", "я"), ("ей", "ь"),
                ("ом", ""), ("ом", "о"), ("ем", ""), ("ем", "ь"), ("ем", "й"), ("єм", "й"), ("ём", "ь"), ("им", ""),
                ("ым", ""), ("ого", ""), ("ого", "ий"), ("ого", "ой"), ("ому", ""), ("ові", ""), ("еві", ""),
                ("ої", "а"), ("ій", "а"), ("ую", "ая"), ("у", ""), ("у", "а"), ("ю", "я"), ("ю", "й"), ("ю", "ь"),
                ("а", ""), ("я", "й"), ("я", "ь"), ("е", "а"), ("і", "а"), ("ы", "а"), ("и", "а"), ("и", "я"),
                ("iem", ""), ("em", ""), ("owi", ""), ("ego", ""), ("emu", ""), ("iej", "a"), ("ej", "a"), ("ie", "a"),
                ("ę", "a"), ("ą", "a"), ("e", "a"), ("y", "a"), ("i", "a"), ("a", ""), ("u", "")]
FLEETING = re.compile(r"^(?P<stem>.*[^aeiouyаеиоуыэюяєії])(?P<last>[kcnlrкцнлр])$")


def forms(word: str) -> list[str]:
    """The folded word and, for a word of four letters or more, the forms a case ending may come
    from, with the vowel some names drop back in ("Jarkiem" -> "jarek", "Павла" -> "павел")."""
    lower = word.casefold()
    found = [fold(lower)]
    if len(lower) < 4:
        return found
    for ending, replacement in CASE_ENDINGS:
        stem = lower[: len(lower) - len(ending)] + replacement
        if lower.endswith(ending) and len(stem) >= 3:
            found.append(fold(stem))
            fleeting = FLEETING.match(stem)
            if fleeting and not replacement:
                vowel = "е" if "а" <= fleeting["last"] <= "я" else "e"
                found.append(fold(fleeting["stem"] + vowel + fleeting["last"]))
    return found


def _in(word: str, names: frozenset[str]) -> bool:
    """A name of the list, in one of its case forms, or a double name one of whose halves is
    ("Jean-Pierre", "Kowalczyk-Nowak")."""
    return any(form in names for part in word.split("-") for form in forms(part))


@lru_cache(maxsize=1)
def everyday_words() -> frozenset[str]:
    """Faker's lorem word lists of our languages (data/privacy/scrub_rules.yml: common_word_locales),
    in lower case: everyday words, given names among them."""
    rules = yaml.safe_load((DATA / "privacy" / "scrub_rules.yml").read_text(encoding="utf-8"))
    return frozenset(w.casefold() for locale in rules["common_word_locales"]
                     for w in importlib.import_module(f"faker.providers.lorem.{locale}").Provider.word_list)


def is_everyday(word: str) -> bool:
    """A word of Faker's lorem lists, even one that is also a given name ("rose", "juan"): in small
    letters, with no capital to say it is a name, it is taken as the word."""
    return word.casefold() in everyday_words()


def is_given(word: str) -> bool:
    return _in(word, _lists()[0])


def is_surname(word: str) -> bool:
    return _in(word, _lists()[1])


@lru_cache(maxsize=1)
def _surname_endings() -> re.Pattern:
    rules = yaml.safe_load((DATA / "privacy" / "scrub_rules.yml").read_text(encoding="utf-8"))
    endings = sorted({fold(e) for e in rules["surname_endings"]}, key=len, reverse=True)
    return re.compile(rf"^\w{{2,}}(?:{'|'.join(map(re.escape, endings))})$")


def surname_shaped(word: str) -> bool:
    """A word with a surname's ending ("Marinescu", "Маринов", "Savchuk", "Kowalczyk"), in one of
    its case forms; whether it is also a word of our texts is for the caller to ask."""
    return len(word) >= 5 and any(_surname_endings().match(form) for part in word.split("-") for form in forms(part))


def is_name(word: str) -> bool:
    return is_given(word) or is_surname(word)


def is_common(word: str) -> bool:
    """Compared with its diacritics: "Minh" is a name, "mình" a word."""
    return word.casefold() in common_words()
