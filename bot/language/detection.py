"""Which supported language a message is written in (lingua, restricted to our languages), and when to be unsure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.language import closeness
from bot.language import examples as training
from bot.language.folding import fold
from bot.language.languages import CODES


@lru_cache(maxsize=1)
def _detector():
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [IsoCode639_1.from_str(code) for code in CODES]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_preloaded_language_models().build()


def detect(text: str) -> tuple[str | None, float]:
    """The most likely supported language of a message and the detector's confidence in it."""
    if not text or text.startswith("/"):
        return None, 0.0
    values = _detector().compute_language_confidence_values(text)
    if not values:
        return None, 0.0
    best = values[0]
    return best.language.iso_code_639_1.name.lower(), float(best.value)


SHORT = 3  # words; below this a statistical detector is unreliable ("hola", "nu", "olá")


@lru_cache(maxsize=1)
def _examples_by_language() -> dict[str, frozenset[str]]:
    """Every folded NLU example -> the languages whose data/nlu/<code>.yml has it."""
    index: dict[str, set[str]] = {}
    for text, _, code in training.examples():
        index.setdefault(" ".join(fold(text).split()), set()).add(code)
    return {example: frozenset(codes) for example, codes in index.items()}


@lru_cache(maxsize=1)
def _wide_detector():
    from lingua import LanguageDetectorBuilder

    # Low accuracy mode: trigram models only, about 70 MB for all languages, loaded on demand.
    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


def unsupported_language(text: str) -> str | None:
    """The ISO code of a language we do not support that a message is clearly written in, if any.

    Only for messages of several words: on one or two words every detector guesses."""
    if not text or len(text.split()) < SHORT:
        return None
    values = _wide_detector().compute_language_confidence_values(text)
    if not values:
        return None
    code = values[0].language.iso_code_639_1.name.lower()
    return code if code not in CODES and values[0].value >= 0.7 else None


# Scripts that settle the language, or narrow it, before any statistics.
_SCRIPTS = (
    (re.compile(r"[\u0600-\u06ff\u0750-\u077f]"), ("ar",)),
    (re.compile(r"[\u0900-\u097f]"), ("hi",)),
    (re.compile(r"[\u0400-\u04ff]"), ("uk", "ru", "bg")),
    # Letters only Vietnamese uses among ours (Romanian shares "ă" and "â", so they do not count).
    (re.compile(r"[ơưđƠƯĐ\u1ea0-\u1ef9]"), ("vi",)),
)
# How much the conversation's language so far, and a hint from the channel (the web page's language,
# the Telegram app's), count for: a message has to be clearly in another language to move away.
EARLIER_WEIGHT = 0.6
HINT_WEIGHT = 0.25
# Runner-up languages within this margin of the best guess are offered as a one-tap change.
CLOSE_MARGIN = 0.35
# Below this margin a message is close to none of our languages' examples: only then may the wide
# detector call it another language (it takes romanised Hindi for Swahili or Finnish).
FAR = -0.2
MAX_ALTERNATIVES = 2


@dataclass(frozen=True)
class Guess:
    """The language to answer in (None: ask with the language menu) and close alternatives to offer."""

    code: str | None
    alternatives: tuple[str, ...] = ()


def candidates(text: str) -> tuple[str, ...]:
    """The languages the script of a message allows: one for Arabic, Devanagari or Vietnamese
    letters, three for Cyrillic, all for Latin letters (any language can be typed in them)."""
    for pattern, codes in _SCRIPTS:
        if pattern.search(text):
            return codes
    return CODES


def guess(text: str, earlier: str | None = None, hint: str | None = None) -> Guess:
    """The language to answer a message in, combining its script, which language's examples it is
    closest to, the language the conversation was in so far and a channel's hint. English is only
    the answer for English; a message too short to tell (a greeting many languages share) keeps the
    earlier language or the hint, and otherwise gives None, for the language menu."""
    folded = " ".join(fold(text).split())
    if not folded or folded.startswith("/"):
        return Guess(earlier)
    prior = earlier if earlier in CODES else (hint if hint in CODES else None)
    allowed = candidates(text)
    if len(allowed) == 1:
        return Guess(allowed[0])
    words = len(folded.split())
    if words <= SHORT:
        shared = _examples_by_language().get(folded, frozenset()) & set(allowed)
        if allowed == CODES and (len(shared) >= 3 or (words == 1 and len(folded) <= 3 and not shared)):
            # "ok", "da", "hi": every language uses them.
            return Guess(prior if prior in allowed else None)
        if len(shared) == 1 and next(iter(shared)) in allowed:
            return Guess(next(iter(shared)))
    margins = closeness.scores(text)
    score = {code: margins.get(code, -9.0) for code in allowed}
    if max(score.values()) < FAR and unsupported_language(text):
        # Far from all our examples and clearly another language (German, Turkish): the menu.
        return Guess(prior)
    if earlier in score:
        score[earlier] += EARLIER_WEIGHT
    if hint in score:
        score[hint] += HINT_WEIGHT
    ranked = sorted(score, key=score.__getitem__, reverse=True)
    best = ranked[0]
    if earlier in CODES and best != earlier and words <= SHORT:
        return Guess(earlier)  # two or three words do not move a conversation to another language
    close = tuple(code for code in ranked[1:] if score[best] - score[code] <= CLOSE_MARGIN)[:MAX_ALTERNATIVES]
    return Guess(best, close if best != earlier else ())
