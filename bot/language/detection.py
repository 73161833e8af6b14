"""Which supported language a message is written in (lingua, restricted to our languages), and when to be unsure."""

from __future__ import annotations

from functools import lru_cache

from bot.config import DATA
from bot.language.folding import fold
from bot.language.languages import CODES

# Below this confidence a first message does not fix the conversation's language; the next one tries
# again (short greetings such as "hi" or "salut" are shared by many languages).
MIN_CONFIDENCE = 0.6


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
    import yaml


    index: dict[str, set[str]] = {}
    for code in CODES:
        path = DATA / "nlu" / f"{code}.yml"
        if not path.exists():
            continue
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            for line in (block.get("examples") or "").splitlines():
                example = " ".join(fold(line.strip().removeprefix("- ")).split())
                if example:
                    index.setdefault(example, set()).add(code)
    return {example: frozenset(codes) for example, codes in index.items()}


def detect_confident(text: str) -> str | None:
    """The conversation's language from one message, or None when unsure (then we ask).

    Short messages ("hola", "nu", "olá") are looked up in the training data first: if one language
    has it, that is the answer; if several do, the detector must clearly prefer one of them, and
    a short message no data holds is left unsure. Longer ones go to the detector, unless they are
    clearly in a language we do not support."""
    folded = " ".join(fold(text).split())
    if not folded or folded.startswith("/") or unsupported_language(text):
        return None
    if len(folded.split()) <= SHORT:
        candidates = sorted(_examples_by_language().get(folded, ()))
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) == 2:  # three or more ("ok", "da"): a word every language uses
            scores = sorted(((_confidence(text, code), code) for code in candidates), reverse=True)
            if scores[0][0] >= 0.2 and scores[0][0] >= 2 * scores[1][0]:
                return scores[0][1]
        if candidates:
            return None
    code, confidence = detect(text)
    return code if confidence >= MIN_CONFIDENCE else None


def _confidence(text: str, code: str) -> float:
    from lingua import IsoCode639_1, Language

    language = Language.from_iso_code_639_1(IsoCode639_1.from_str(code))
    return float(_detector().compute_language_confidence(text, language))


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
