"""How people also write a training example: without diacritics, in Latin letters, with a typo.

Workers write informally on cheap phones: no diacritics, Russian or Hindi in Latin letters, a letter
dropped or doubled. Writing every example in each style by hand would multiply data/nlu and drift;
these variants are generated from each example at training time instead (bot/rasa_plugins/augment.py),
the same for every run (the random choices are seeded by the example itself).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable

from bot.language.folding import fold

# Languages also typed in Latin letters. Each is romanised the way its writers type it, not by one
# scheme for all: anyascii reads Ukrainian "допомога" as "dopomoga" and "дякую" as "dyakuyu" where
# Ukrainians type "dopomoha", "diakuiu"; Bulgarian "ще" as "shche" for "sht"; Hindi "नहीं" as "nhim"
# for "nahi"; Arabic "المعلم" as "l`lm" for "el m3allem". Held-out 4 missed messages in exactly
# these styles.
ROMANISED = ("ru", "uk", "bg", "hi", "ar")

# Ukrainian by the national romanisation (2010), which is also how people type it: г h, и y, х kh,
# я ia and ю iu inside a word (ya, yu at its start).
UKRAINIAN = dict(zip("абвгґдежзиіїйклмнопрстуфхцчшщьюяє'’", (
    "a b v h g d e zh z y i i i k l m n o p r s t u f kh ts ch sh shch _ iu ia ie _ _").split()))
UKRAINIAN_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
# Bulgarian by its streamlined system, as typed: щ sht, ъ a, ю yu, я ya.
BULGARIAN = dict(zip("абвгдежзийклмнопрстуфхцчшщъьюя", (
    "a b v g d e zh z i y k l m n o p r s t u f h ts ch sh sht a y yu ya").split()))

# Arabic as typed in Latin letters and digits (Arabizi): a letter with no Latin match by the digit
# that looks like it (3 ع, 7 ح, 2 ء, 5 خ, 9 ق, 6 ط). Short vowels are not written in Arabic script,
# and Arabizi writers put them back: "a" goes between consonants where three would meet.
ARABIZI = {"ا": "a", "أ": "2a", "إ": "2e", "آ": "2a", "ء": "2", "ؤ": "2", "ئ": "2", "ب": "b", "ت": "t",
           "ث": "th", "ج": "j", "ح": "7", "خ": "5", "د": "d", "ذ": "th", "ر": "r", "ز": "z", "س": "s",
           "ش": "sh", "ص": "s", "ض": "d", "ط": "6", "ظ": "z", "ع": "3", "غ": "gh", "ف": "f", "ق": "9",
           "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "a", "و": "w", "ي": "y", "ى": "a",
           "پ": "p", "چ": "ch", "ڤ": "v", "گ": "g", "؟": "?", "،": ",", "؛": ";"}
ARABIC_LONG_VOWELS = {"ا": "a", "ى": "a", "و": "o", "ي": "i"}

# Hindi as typed in Latin letters (Hinglish): consonants with their inherent "a", dropped at a word's
# end and between a vowel-consonant and consonant-vowel ("करना" karna, "महीने" mahine); long vowels
# written short ("मालिक" malik); a final nasal left out ("नहीं" nahi).
DEVANAGARI_CONSONANTS = dict(zip("कखगघङचछजझञटठडढणतथदधनपफबभमयरलवशषसहळ", (
    "k kh g gh n ch chh j jh n t th d dh n t th d dh n p ph b bh m y r l v sh sh s h l").split()))
DEVANAGARI_NUKTA = {"क": "q", "ख": "kh", "ग": "gh", "ज": "z", "ड": "r", "ढ": "rh", "फ": "f"}
DEVANAGARI_VOWELS = dict(zip("अआइईउऊऋएऐओऔऑ", "a a i i u u ri e ai o au o".split()))
DEVANAGARI_SIGNS = dict(zip("ािीुूृेैोौॉ", "a i i u u ri e ai o au o".split()))
VIRAMA, NUKTA, NASALS = "्", "़", "ंँ"
MIN_TYPO_LENGTH = 8  # letters; shorter words ("da", "ok") change meaning with one typo
# One example in this many also gets a typo: enough for the model to learn that a slip changes
# nothing, few enough to keep training within its time budget (each variant costs as an example).
TYPO_EVERY = 4


def without_diacritics(text: str) -> str | None:
    folded = fold(text)
    return folded if folded != text.casefold() else None


def in_latin_letters(text: str, code: str) -> str | None:
    """Cyrillic, Devanagari or Arabic as people type it in Latin letters ("мне не платят" -> "mne ne
    platyat", "дякую" -> "diakuiu", "मेरा पैसा नहीं मिला" -> "mera paisa nahi mila", "ما دفع لي" -> "ma
    dfa3 li")."""
    if code not in ROMANISED:
        return None
    if code == "uk":
        latin = _by_table(text, UKRAINIAN, UKRAINIAN_INITIAL)
    elif code == "bg":
        latin = _by_table(text, BULGARIAN, {})
    elif code == "hi":
        latin = _hinglish(text)
    elif code == "ar":
        latin = _arabizi(text)
    else:
        from anyascii import anyascii

        latin = anyascii(text).replace("'", "").replace("`", "")
    return latin if latin.casefold() != fold(text) else None


def _by_table(text: str, table: dict[str, str], initial: dict[str, str]) -> str:
    out = []
    for index, ch in enumerate(text):
        low = ch.lower()
        at_start = index == 0 or not text[index - 1].isalpha()
        latin = (initial.get(low) if at_start else None) or table.get(low)
        if latin is None:
            out.append(ch)
            continue
        latin = "" if latin == "_" else latin
        out.append(latin.capitalize() if ch != low else latin)
    return "".join(out)


def _hinglish(text: str) -> str:
    return "".join(_hinglish_word(part) if part and _is_devanagari(part[0]) else part
                   for part in _split_script(text, _is_devanagari))


def _hinglish_word(word: str) -> str:
    # Syllables first: (consonant, vowel) pairs, the vowel "a" when inherent, "" after a virama.
    units: list[list] = []  # [latin consonant or "", vowel, inherent?]
    for ch in word:
        if ch == NUKTA and units and units[-1][0]:
            units[-1][0] = DEVANAGARI_NUKTA.get(units[-1][3], units[-1][0])
        elif ch in DEVANAGARI_CONSONANTS:
            units.append([DEVANAGARI_CONSONANTS[ch], "a", True, ch])
        elif ch in DEVANAGARI_SIGNS and units:
            units[-1][1:3] = [DEVANAGARI_SIGNS[ch], False]
        elif ch == VIRAMA and units:
            units[-1][1:3] = ["", False]
        elif ch in DEVANAGARI_VOWELS:
            units.append(["", DEVANAGARI_VOWELS[ch], False, ch])
        elif ch in NASALS:
            units.append(["n", "", False, ch])  # typed inside the word; at its end, dropped below
        # other marks (visarga, avagraha) are not typed
    if units and units[-1][0] == "n" and units[-1][3] in NASALS:
        units.pop()
    if len(units) > 1 and units[-1][2]:
        units[-1][1] = ""  # the final inherent vowel is not said
    for i in range(1, len(units) - 1):
        before, here, after = units[i - 1], units[i], units[i + 1]
        # Schwa deletion: vowel-consonant, inherent a, consonant-vowel ("kar(a)na" -> karna).
        if here[2] and before[1] and after[0] and after[1]:
            here[1] = ""
    return "".join(consonant + vowel for consonant, vowel, _, _ in units)


def _arabizi(text: str) -> str:
    return "".join(_arabizi_word(part) if part and _is_arabic(part[0]) else part
                   for part in _split_script(text, _is_arabic))


def _arabizi_word(word: str) -> str:
    letters = [ch for ch in word if ch in ARABIZI]  # harakat and tatweel are not typed
    prefix = ""
    if len(letters) > 3 and letters[:2] == ["ا", "ل"]:
        prefix, letters = "el ", letters[2:]  # the article, as it is typed
    out: list[str] = []
    run = 0  # consonants in a row
    for index, ch in enumerate(letters):
        vowel = ch in ARABIC_LONG_VOWELS and index > 0
        if vowel and ch in "وي" and index + 1 < len(letters) and letters[index + 1] in ARABIC_LONG_VOWELS:
            vowel = False  # "wa", "ya": a consonant before a vowel
        if vowel:
            out.append(ARABIC_LONG_VOWELS[ch])
            run = 0
            continue
        if run == 2:
            out.append("a")
            run = 0
        out.append(ARABIZI[ch])
        run += 1
    return prefix + "".join(out)


def _is_devanagari(ch: str) -> bool:
    return "\u0900" <= ch <= "\u097f"


def _is_arabic(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff"


def _split_script(text: str, inside: Callable[[str], bool]) -> list[str]:
    """The text in runs: words of the script and everything else, in order."""
    parts: list[str] = []
    for ch in text:
        if parts and inside(parts[-1][-1]) == inside(ch):
            parts[-1] += ch
        else:
            parts.append(ch)
    return parts


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
