"""Language detection, negotiation and the one list of supported languages."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

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
    Lang("en", "English", False, ("english", "engleza", "anglais", "inglese", "ingles", "englisch", "angielski",
                                  "английский", "англійська", "английски", "انجليزي", "الانجليزية", "انجليزية",
                                  "अंग्रेजी", "angrezi", "tieng anh", "ingles")),
    Lang("ro", "Română", False, ("romana", "romanian", "roumain", "rumano", "rumeno", "rumanisch", "rumunski",
                                 "румынский", "румънски", "رومانية", "روماني", "limba romana")),
    Lang("ar", "العربية", True, ("arabic", "araba", "arabe", "arabo", "arabisch", "arabski", "арабский", "عربي",
                                 "العربية", "عربية", "بالعربي", "بالعربية", "3arbi", "arbi", "अरबी")),
    Lang("es", "Español", False, ("espanol", "castellano", "spanish", "espagnol", "spagnolo", "spanisch",
                                  "espanhol", "hiszpanski", "испанский", "اسبانية", "الاسبانية")),
    Lang("fr", "Français", False, ("francais", "french", "langue francaise", "en francais", "franzosisch",
                                   "francese", "frances", "frans", "francuski", "французский", "فرنسية",
                                   "الفرنسية", "فرنساوي", "fransawi")),
    Lang("pt", "Português", False, ("portugues", "portuguese", "portugais", "portugiesisch", "portoghese",
                                    "brasileiro", "lingua portuguesa", "portugalski", "португальский")),
    Lang("bg", "Български", False, ("bulgarski", "balgarski", "bulgarsky", "български", "na bulgarski",
                                    "bulgarian", "bulgare", "bulgaro", "bulgarisch", "bulgaars", "болгарский")),
    Lang("pl", "Polski", False, ("polski", "po polsku", "jezyk polski", "polish", "polnisch", "polacco", "polaco",
                                 "polonais", "польский", "польська")),
    Lang("uk", "Українська", False, ("українська", "українською", "українській", "по-українськи", "ukrainian",
                                     "ukrainska", "ukrainskoyu", "ukrainisch", "ukrainien", "ucraino", "ucraniano",
                                     "ukrainski", "украинский", "украинском", "oekraiens")),
    Lang("ru", "Русский", False, ("русский", "русском", "по-русски", "руский", "русча", "russkiy", "russkij",
                                  "po-russki", "ruscha", "russian", "russisch", "russo", "russe", "ruso",
                                  "rosyjski", "російська", "російською", "руски")),
    Lang("hi", "हिन्दी", False, ("hindi", "हिंदी", "हिन्दी", "hindee", "hindhi", "hindustani")),
    Lang("vi", "Tiếng Việt", False, ("tieng viet", "tiengviet", "vietnamese", "vietnamien", "vietnamesisch",
                                     "wietnamski", "вьетнамский")),
)
CODES: tuple[str, ...] = tuple(lang.code for lang in SUPPORTED)


def get(code: str | None) -> Lang:
    """The supported language for a code, or the default one."""
    for lang in SUPPORTED:
        if lang.code == code:
            return lang
    return get(DEFAULT)


def is_supported(code: str | None) -> bool:
    return code in CODES


def fold(text: str) -> str:
    """Lower case without diacritics, so "Română" and "romana" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def is_word(text: str) -> bool:
    """Letters only, vowel signs included (Devanagari matras are marks, not letters, to isalpha)."""
    return bool(text) and all(ch.isalpha() or unicodedata.category(ch).startswith("M") for ch in text)


def named_in(text: str) -> str | None:
    """The code of a supported language that the text names ("in romana pls", "tieng viet"), if any.

    Whole words or whole phrases only: "viet" alone is also "write" in Vietnamese without accents.
    """
    padded = " " + " ".join(fold(text).replace("/", " ").split()) + " "
    for lang in SUPPORTED:
        for name in (*lang.names, lang.autonym):
            if f" {fold(name)} " in padded:
                return lang.code
    return None


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

    from bot.paths import DATA

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


def negotiate(accept_language: str | None, available: Iterable[str] = CODES) -> str:
    """The best supported language for an HTTP Accept-Language header."""
    from babel import Locale

    wanted = []
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().replace("-", "_")
        if tag:
            wanted.append(tag)
    chosen = Locale.negotiate(wanted, list(available), sep="_") if wanted else None
    return chosen.language if chosen else DEFAULT
