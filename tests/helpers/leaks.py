"""What of a personal value survives in a scrubbed text: any fragment, not just the whole value.

A placeholder in the output proves little: a phone scrubber that keeps all but the first four
characters, an e-mail scrubber that keeps the local part, or a name scrubber that drops only the
surname all leave one. These helpers name what is left instead:
- digits: any run of three of the value's digits (in order, across its spaces or dashes) found in
  a number of the scrubbed text, in any script's digits (Arabic-Indic too); a value with fewer
  than three digits must not survive as a number of its own;
- e-mail: the local part, and each of its words of three letters or more;
- words: each word of the value (two letters or more) as a word of the scrubbed text, in any case.
"""

from __future__ import annotations

import re
import unicodedata

NUMBER = re.compile(r"\d(?:[\s./()\-–]{0,2}\d)*")
LETTERS = re.compile(r"[^\W\d_]+")
WINDOW = 3


def ascii_digits(text: str) -> str:
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)


def _digits(text: str) -> str:
    return "".join(ch for ch in ascii_digits(text) if ch.isdigit())


def fragments(value: str) -> list[str]:
    """Readable names for what must not survive, for the failure message."""
    found = []
    digits = _digits(value)
    if len(digits) >= WINDOW:
        found += [digits[i:i + WINDOW] for i in range(len(digits) - WINDOW + 1)]
    elif digits:
        found.append(digits)
    if "@" in value:
        local = value.split("@", 1)[0]
        found += [local] + [w for w in LETTERS.findall(local) if len(w) >= 3]
    else:
        found += [w for w in LETTERS.findall(value) if len(w) >= 2]
    return found


def leaked(value: str, scrubbed: str, keep: list[str] | tuple[str, ...] = ()) -> list[str]:
    """The fragments of `value` still in `scrubbed` (look-alikes in `keep` are set aside first)."""
    for kept in keep:
        scrubbed = scrubbed.replace(kept, " ")
    survivors = []
    numbers = [_digits(n) for n in NUMBER.findall(scrubbed)]
    digits = _digits(value)
    if len(digits) >= WINDOW:
        survivors += sorted({digits[i:i + WINDOW] for i in range(len(digits) - WINDOW + 1)
                             if any(digits[i:i + WINDOW] in n for n in numbers)})
    elif digits and digits in numbers:
        survivors.append(digits)
    words = {w.casefold() for w in LETTERS.findall(scrubbed)}
    if "@" in value:
        local = value.split("@", 1)[0]
        if local.casefold() in scrubbed.casefold():
            survivors.append(local)
        survivors += [w for w in LETTERS.findall(local) if len(w) >= 3 and w.casefold() in words]
    else:
        survivors += [w for w in LETTERS.findall(value) if len(w) >= 2 and w.casefold() in words]
    return survivors
