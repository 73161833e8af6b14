"""Anonymous case codes: easy to read aloud and copy, with a check character that catches typos.

An alphabet without look-alikes (no 0/O, 1/I/L, U/V pairs), 11 random characters (30^11, about 54
bits: not guessable) and a Luhn mod 30 check character, which catches every single-character
mistake and most swaps of neighbours. Shown as XXXX-XXXX-XXXX.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {char: value for value, char in enumerate(ALPHABET)}
DATA_LENGTH = 11
# Overlapping (a lookahead), so that "este 2Y3C PHKZ 9Y62" still finds the code after the word.
PATTERN = re.compile(r"(?=(?<![A-Za-z0-9])([2-9A-Za-z]{4})[ -]?([2-9A-Za-z]{4})[ -]?([2-9A-Za-z]{4})(?![A-Za-z0-9]))")


def check_character(data: str) -> str:
    """Luhn mod N over the alphabet (https://en.wikipedia.org/wiki/Luhn_mod_N_algorithm)."""
    n = len(ALPHABET)
    factor, total = 2, 0
    for char in reversed(data):
        addend = factor * _VALUE[char]
        factor = 1 if factor == 2 else 2
        total += addend // n + addend % n
    return ALPHABET[(n - total % n) % n]


MIN_DIGITS = 2  # so that three ordinary words ("they keep many") are never taken for a code


def new_code() -> str:
    while True:
        data = "".join(secrets.choice(ALPHABET) for _ in range(DATA_LENGTH))
        code = data + check_character(data)
        if candidate_shaped(code):  # digits and letters both, as the reader of a message looks for
            return display(code)


def normalise(text: str) -> str:
    """Upper case without spaces or dashes: "k7qm 4xrt-9pwa" -> "K7QM4XRT9PWA"."""
    return re.sub(r"[\s\-]", "", text).upper()


def display(code: str) -> str:
    plain = normalise(code)
    return "-".join(plain[i : i + 4] for i in range(0, len(plain), 4))


def is_valid(text: str) -> bool:
    plain = normalise(text)
    if len(plain) != DATA_LENGTH + 1 or any(c not in ALPHABET for c in plain):
        return False
    return check_character(plain[:-1]) == plain[-1]


def candidates(text: str) -> list[str]:
    """Everything in a text shaped like a case code (valid or with a typo), in display form."""
    found = []
    for match in PATTERN.finditer(text):
        candidate = "".join(match.groups()).upper()
        if candidate_shaped(candidate):
            found.append(display(candidate))
    return found


def candidate_shaped(candidate: str) -> bool:
    digits = sum(c.isdigit() for c in candidate)
    return all(c in ALPHABET for c in candidate) and MIN_DIGITS <= digits < len(candidate)


def find(text: str) -> list[str]:
    """Every valid case code written in a text, in display form.

    One in thirty chance windows pass the check too: "este Z47F-XF8Y-G73F" holds ESTE-Z47F-XF8Y
    beside the real code. Of valid codes that overlap, the one written most like a code wins: more
    dashes between its groups, then more groups holding a digit, then fewer lower-case letters, then
    the later one (a code follows the word that introduces it)."""
    valid = []
    for match in PATTERN.finditer(text):
        candidate = "".join(match.groups()).upper()
        if candidate_shaped(candidate) and is_valid(candidate):
            dashes = (text[match.end(1):match.start(2)] + text[match.end(2):match.start(3)]).count("-")
            with_digits = sum(any(c.isdigit() for c in group) for group in match.groups())
            # Codes are shown in capitals; a lower-case word before one ("este") is the word.
            capitals = -sum(c.islower() for group in match.groups() for c in group)
            valid.append(((dashes, with_digits, capitals), match.start(1), match.end(3), display(candidate)))
    kept: list[tuple[int, int, str]] = []  # (start, end, code): sorted, in the order written
    for _, start, end, code in sorted(valid, reverse=True):
        if all(end <= other_start or start >= other_end for other_start, other_end, _ in kept):
            kept.append((start, end, code))
    return [code for _, _, code in sorted(kept)]


def redact(text: str, codes: list[str], placeholder: str = "[CASE_CODE]") -> str:
    """Replace each code however it was typed (case, spaces or dashes between the groups)."""
    for code in codes:
        groups = code.split("-")
        text = re.sub(r"[\s-]?".join(re.escape(g) for g in groups), placeholder, text, flags=re.IGNORECASE)
    return text
