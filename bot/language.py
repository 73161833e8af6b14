"""Language detection, negotiation and the one list of supported languages."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

DEFAULT = "en"
# Below this confidence a first message does not fix the conversation's language; the next one tries
# again (short greetings such as "hi" or "salut" are shared by many languages).
MIN_CONFIDENCE = 0.6


@dataclass(frozen=True)
class Lang:
    code: str  # ISO 639-1, also the locales/ folder name
    autonym: str  # the language's own name, as shown in the language menu
    rtl: bool
    # Ways people name the language when they ask for it, in any language (compared without
    # diacritics and case): "romana", "in romana pls", "عربي".
    names: tuple[str, ...]


SUPPORTED: tuple[Lang, ...] = (
    Lang("en", "English", False, ("english", "engleza", "anglais", "inglese", "ingles", "انجليزي", "الانجليزية", "انجليزية")),
    Lang("ro", "Română", False, ("romana", "romanian", "roumain", "rumano", "rumeno", "rumanisch", "رومانية", "روماني")),
    Lang("ar", "العربية", True, ("arabic", "araba", "arabe", "arabo", "arabisch", "عربي", "العربية", "عربية", "بالعربي", "بالعربية", "3arbi", "arbi")),
)
CODES: tuple[str, ...] = tuple(lang.code for lang in SUPPORTED)


def get(code: Optional[str]) -> Lang:
    """The supported language for a code, or the default one."""
    for lang in SUPPORTED:
        if lang.code == code:
            return lang
    return get(DEFAULT)


def is_supported(code: Optional[str]) -> bool:
    return code in CODES


def fold(text: str) -> str:
    """Lower case without diacritics, so "Română" and "romana" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def named_in(text: str) -> Optional[str]:
    """The code of a supported language that the text names ("in romana pls"), if any."""
    words = set(fold(text).replace("/", " ").split())
    for lang in SUPPORTED:
        if words & {fold(name) for name in lang.names} or fold(lang.autonym) in words:
            return lang.code
    return None


@lru_cache(maxsize=1)
def _detector():
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [IsoCode639_1.from_str(code) for code in CODES]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_preloaded_language_models().build()


def detect(text: str) -> tuple[Optional[str], float]:
    """The most likely supported language of a message and the detector's confidence in it."""
    if not text or text.startswith("/"):
        return None, 0.0
    values = _detector().compute_language_confidence_values(text)
    if not values:
        return None, 0.0
    best = values[0]
    return best.language.iso_code_639_1.name.lower(), float(best.value)


def detect_confident(text: str) -> Optional[str]:
    code, confidence = detect(text)
    return code if confidence >= MIN_CONFIDENCE else None


def negotiate(accept_language: Optional[str], available: Iterable[str] = CODES) -> str:
    """The best supported language for an HTTP Accept-Language header."""
    from babel import Locale

    wanted = []
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().replace("-", "_")
        if tag:
            wanted.append(tag)
    chosen = Locale.negotiate(wanted, list(available), sep="_") if wanted else None
    return chosen.language if chosen else DEFAULT
