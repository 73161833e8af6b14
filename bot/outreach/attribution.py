"""Which poster brought a person: a campaign code found in what they sent, before scrubbing.

Every entry path ends here: a Telegram /start payload, a WhatsApp or SMS message prefilled from
the poster's link (which people edit or half delete), the web chat's `?c=` parameter, or the short
code typed by hand (Telegram Desktop drops the /start payload). A code is recognised with one
letter wrong, missing, extra or swapped, in any case, with or without its dash, with Cyrillic
look-alike letters or non-Latin digits. Anything else is no campaign: the message goes on as it is.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from bot.language import catalogs, folding, languages
from bot.outreach import campaigns

GREETING = "/greet"
PREFILL = "outreach_prefill"  # the catalog entry a poster's WhatsApp and SMS links prefill
WORD = re.compile(r"[0-9A-Za-z]+")
# Cyrillic letters that look like Latin ones, as people type a code on a Cyrillic keyboard.
LOOK_ALIKES = str.maketrans("АВЕКМНОРСТУХаеорсух", "ABEKMHOPCTYXaeopcyx")


@dataclass(frozen=True)
class Attributed:
    text: str  # what goes on to the scrubber and Rasa
    campaign: str | None  # a known campaign code, or None


def _latin(text: str) -> str:
    """Cyrillic look-alikes as Latin letters, any script's digits as 0-9."""
    text = text.translate(LOOK_ALIKES)
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)


def distance(a: str, b: str) -> int:
    """Edits (insert, delete, change, swap two neighbours) between two strings."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def _shape(code: str) -> str:
    """O and 0, I, L and 1 read as one: posters are read in bad light, codes typed by ear."""
    return code.upper().translate(str.maketrans("OIL", "011"))


def _allowed(code: str) -> int:
    """How many edits still count as this code: none for a short code, where one edit makes another."""
    return 1 if len(code) >= 5 else 0


def find(text: str, known: list[str] | None = None) -> tuple[str, tuple[int, int]] | None:
    """(campaign code, (start, end) of where it was written) for the closest known code, else None.
    Two codes equally close mean no campaign: a wrong guess is worse than none."""
    known = campaigns.codes() if known is None else known
    if not known or not text:
        return None
    latin = _latin(text)
    words = list(WORD.finditer(latin))
    shapes = [(code, _shape(campaigns.compact(code))) for code in known]
    best: dict[str, tuple[int, tuple[int, int]]] = {}
    for first in range(len(words)):
        for last in range(first, min(first + 3, len(words))):  # "KUO-3", "BERRY 24": up to three pieces
            written = _shape("".join(w.group() for w in words[first:last + 1]))
            if not any(ch.isdigit() for ch in written):
                continue
            span = (words[first].start(), words[last].end())
            for code, wanted in shapes:
                if abs(len(written) - len(wanted)) > 1:
                    continue
                edits = distance(written, wanted)
                if edits <= _allowed(wanted) and (code not in best or edits < best[code][0]):
                    best[code] = (edits, span)
    if not best:
        return None
    ranked = sorted(best.items(), key=lambda item: item[1][0])
    if len(ranked) > 1 and ranked[0][1][0] == ranked[1][1][0]:
        return None
    code, (_, span) = ranked[0]
    return code, span


@cache
def _prefill_words() -> frozenset[str]:
    """The words of the prefilled message in every language: a message holding only these and the
    code is the poster's greeting, however much of it the person kept."""
    words: set[str] = set()
    for code in languages.CODES:
        template = catalogs.text(PREFILL, code, catalogs.OUTREACH).replace("{code}", " ")
        words.update(_words(template))
    return frozenset(words)


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"\w+", folding.fold(text)) if not w.isdigit()]


def read(text: str, known: list[str] | None = None) -> Attributed:
    """The campaign in a message, and the message without the code. A message that is only the
    code, or the prefilled text with it, becomes a greeting."""
    if text.startswith("/"):
        return Attributed(text, None)
    found = find(text, known)
    if not found:
        return Attributed(text, None)
    code, (start, end) = found
    rest = (text[:start] + " " + text[end:]).strip()
    if all(word in _prefill_words() for word in _words(rest)):
        return Attributed(GREETING, code)
    return Attributed(rest, code)


def resolve(code: str | None, known: list[str] | None = None) -> str | None:
    """A campaign code given on its own (a deep link's payload, the web chat's ?c=), if known."""
    if not code:
        return None
    found = find(code[:40], known)
    return found[0] if found else None
