"""The gettext catalogs under locales/: compiled with Babel, loaded once per language."""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot import language
from bot.paths import LOCALES, VAR

DOMAIN = "messages"


def po_path(code: str) -> Path:
    return LOCALES / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(code: str):
    """The Babel catalog of one language, as translators edit it."""
    with po_path(code).open("rb") as handle:
        return read_po(handle, locale=code, domain=DOMAIN)


def compile_catalog(code: str) -> Path:
    """Compile locales/<code>/…/messages.po into var/locales/ when the .po is newer than the .mo."""
    source = po_path(code)
    target = VAR / "locales" / code / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
        target.parent.mkdir(parents=True, exist_ok=True)
        catalog = read(code)
        tmp = target.with_suffix(".tmp")
        with tmp.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        tmp.replace(target)
    return target


def compile_all() -> list[Path]:
    return [compile_catalog(code) for code in language.CODES]


@cache
def translations(code: str) -> gettext.NullTranslations:
    """gettext translations for a language; English fills any key a catalog lacks."""
    compile_catalog(code)
    found = gettext.translation(DOMAIN, localedir=VAR / "locales", languages=[code])
    if code != language.DEFAULT:
        found.add_fallback(translations(language.DEFAULT))
    return found


def text(key: str, code: str) -> str:
    """The text of a catalog key (a response name or button id) in a language."""
    return translations(language.get(code).code).gettext(key)


def counted(unit: str, number: float, code: str) -> str:
    """"48 hours" in a language, with its plural rule: catalog entry count_<unit> ({n} the number)."""
    from babel.numbers import format_decimal

    code = language.get(code).code
    key = f"count_{unit}"
    template = translations(code).ngettext(key, f"{key}_plural", number)
    return template.replace("{n}", format_decimal(number, locale=code))
