"""The one list of supported languages, and choosing one for a page from its Accept-Language."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.language.folding import fold

DEFAULT = "en"


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
