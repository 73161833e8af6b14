"""How people also write a training example: without diacritics, in Latin letters, with a typo.

Workers write informally on cheap phones: no diacritics, Russian or Hindi in Latin letters, a letter
dropped or doubled. Writing every example in each style by hand would multiply data/nlu and drift;
these variants are generated from each example at training time instead (bot/rasa_plugins/augment.py),
the same for every run (the random choices are seeded by the example itself).
"""

from __future__ import annotations

import hashlib
import random

from bot.language.folding import fold

# Languages also typed in Latin letters, mechanically transliterable (Arabizi is not: its examples are
# written by hand in data/nlu/ar.yml).
ROMANISED = ("ru", "uk", "bg", "hi")
MIN_TYPO_LENGTH = 8  # letters; shorter words ("da", "ok") change meaning with one typo
# One example in this many also gets a typo: enough for the model to learn that a slip changes
# nothing, few enough to keep training within its time budget (each variant costs as an example).
TYPO_EVERY = 4


def without_diacritics(text: str) -> str | None:
    folded = fold(text)
    return folded if folded != text.casefold() else None


def in_latin_letters(text: str, code: str) -> str | None:
    """Cyrillic or Devanagari as people type it in Latin letters ("мне не платят" -> "mne ne platyat")."""
    if code not in ROMANISED:
        return None
    from anyascii import anyascii

    latin = anyascii(text).replace("'", "").replace("`", "")
    return latin if latin.casefold() != fold(text) else None


def with_typo(text: str) -> str | None:
    """One slip of the thumb in one longer word: a letter dropped, doubled or swapped with the next."""
    chooser = random.Random(hashlib.sha256(text.encode("utf-8")).digest())
    if chooser.randrange(TYPO_EVERY):
        return None
    words = text.split(" ")
    long_words = [i for i, word in enumerate(words) if sum(ch.isalpha() for ch in word) >= MIN_TYPO_LENGTH // 2 + 2]
    if not long_words or sum(ch.isalpha() for ch in text) < MIN_TYPO_LENGTH:
        return None
    index = chooser.choice(long_words)
    word = words[index]
    at = chooser.randrange(1, len(word) - 1)
    kind = chooser.choice(("drop", "double", "swap"))
    if kind == "drop":
        word = word[:at] + word[at + 1:]
    elif kind == "double":
        word = word[:at] + word[at] + word[at:]
    else:
        word = word[:at] + word[at + 1] + word[at] + word[at + 2:]
    words[index] = word
    typo = " ".join(words)
    return typo if typo != text else None


def variants(text: str, code: str) -> list[str]:
    """The other ways people write this example in language `code` (not the example itself)."""
    found: list[str] = []
    for variant in (without_diacritics(text), in_latin_letters(text, code), with_typo(text)):
        if variant and variant != text and variant not in found:
            found.append(variant)
    return found
