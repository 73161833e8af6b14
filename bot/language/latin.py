"""Cyrillic words as people type them in Latin letters, reduced to one skeleton both ways.

Russian, Ukrainian and Bulgarian are often typed in Latin letters on phones without a Cyrillic
keyboard, each person in their own way: "обещаха" as "obeshtaha", "obeshchaha" or "obeschaha";
"винна" as "vynna" or "vinna"; "дължим" as "dalzhim" or "dlzhim". Writing every cue in every such
spelling by hand never ends, so a Cyrillic stem and a Latin-typed word are both brought to a
skeleton that these spellings share (the digraphs for one letter made one letter, y/j/i one vowel,
doubled letters one, apostrophes and soft signs gone) and compared there.
"""

from __future__ import annotations

import re
from functools import cache

from anyascii import anyascii

from bot.language.folding import fold

# How each language's letters are usually typed where the general transliteration differs:
# Ukrainian г is h ("doroha"), и is y, і is i; Bulgarian ъ is a ("dalzhim"), щ is sht ("obeshtaha");
# Russian ъ is an apostrophe or nothing ("ob'ekt").
_LETTERS = {
    "uk": {"г": "h", "и": "y", "і": "i", "ї": "yi", "є": "ye", "щ": "shch"},
    "bg": {"ъ": "a", "щ": "sht", "ю": "yu", "я": "ya"},
    "ru": {"ъ": "", "ь": "", "щ": "shch"},
}
LANGUAGES = tuple(_LETTERS)

# Applied in order, after transliteration: one letter's digraphs first, then the letters that
# stand for one another.
_STEPS = (
    ("shch", "s"), ("sch", "s"), ("sh", "s"), ("zh", "z"), ("ch", "c"), ("kh", "h"), ("ts", "c"),
    ("tz", "c"), ("w", "v"), ("x", "h"), ("q", "k"), ("j", "i"), ("y", "i"), ("'", ""),
)
_DOUBLED = re.compile(r"(.)\1+")
_LATIN_WORD = re.compile(r"[a-z']+")


def is_latin(word: str) -> bool:
    """A folded word in Latin letters only (a Cyrillic word is matched as it is written)."""
    return bool(_LATIN_WORD.fullmatch(word))


@cache
def skeleton(word: str, code: str) -> str:
    """The shared skeleton of a folded word or stem, Cyrillic or Latin-typed, of one language."""
    letters = _LETTERS.get(code, {})
    latin = fold(anyascii("".join(letters.get(ch, ch) for ch in word.casefold())))
    for old, new in _STEPS:
        latin = latin.replace(old, new)
    return _DOUBLED.sub(r"\1", latin)
