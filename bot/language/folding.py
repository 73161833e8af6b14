"""Text folding, the one way the project compares words: lower case without diacritics."""

from __future__ import annotations

import unicodedata
from functools import cache


def without_marks(text: str) -> str:
    """The text with its diacritics dropped ("ș" -> "s", "é" -> "e"), case kept."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Lower case without diacritics, so "Română" and "romana" compare equal."""
    return without_marks(text.casefold())


def is_word(text: str) -> bool:
    """Letters only, vowel signs included (Devanagari matras are marks, not letters, to isalpha)."""
    return bool(text) and all(ch.isalpha() or unicodedata.category(ch).startswith("M") for ch in text)


@cache  # bounded by the characters there are; a scrub folds its text 8 times
def _fold_char(ch: str) -> str:
    low = ch.lower()
    low = low if len(low) == 1 else ch
    base = unicodedata.normalize("NFKD", low)
    return base[0] if base and not unicodedata.combining(base[0]) else low


def fold_keep_length(text: str) -> str:
    """Lower case without diacritics, one character for one, so offsets stay those of the original."""
    return "".join(map(_fold_char, text))
