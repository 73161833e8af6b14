"""Anonymous case codes: easy to read aloud and copy, with a check character that catches typos.

An alphabet without look-alikes (no 0/O, 1/I/L, U/V pairs), 11 random characters (30^11, about 54
bits: not guessable) and a Luhn mod 30 check character, which catches every single-character
mistake and most swaps of neighbours. Shown as XXXX-XXXX-XXXX.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
DATA_LENGTH = 11
PATTERN = re.compile(r"(?<![A-Za-z0-9])([2-9A-Za-z]{4})[ -]?([2-9A-Za-z]{4})[ -]?([2-9A-Za-z]{4})(?![A-Za-z0-9])")


def check_character(data: str) -> str:
    """Luhn mod N over the alphabet (https://en.wikipedia.org/wiki/Luhn_mod_N_algorithm)."""
    n = len(ALPHABET)
    factor, total = 2, 0
    for char in reversed(data):
        addend = factor * ALPHABET.index(char)
        factor = 1 if factor == 2 else 2
        total += addend // n + addend % n
    return ALPHABET[(n - total % n) % n]


def new_code() -> str:
    data = "".join(secrets.choice(ALPHABET) for _ in range(DATA_LENGTH))
    return display(data + check_character(data))


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


def find(text: str) -> list[str]:
    """Every valid case code written in a text, in display form."""
    found = []
    for match in PATTERN.finditer(text):
        candidate = "".join(match.groups())
        if is_valid(candidate):
            found.append(display(candidate))
    return found
