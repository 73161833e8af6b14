"""The gettext catalogs under locales/: compiled with Babel, loaded once per language."""

from __future__ import annotations

import gettext
import logging
import os
import string
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot import config
from bot.config import LOCALES
from bot.language import languages

DOMAIN = "messages"


PARTNERS = "partners"  # what partners receive; English, other languages where translated
OUTREACH = "outreach"  # what posters say (python -m bot qr); every language, like DOMAIN


def po_path(code: str, domain: str = DOMAIN) -> Path:
    return LOCALES / code / "LC_MESSAGES" / f"{domain}.po"


def read(code: str, domain: str = DOMAIN):
    """The Babel catalog of one language, as translators edit it."""
    with po_path(code, domain).open("rb") as handle:
        return read_po(handle, locale=code, domain=domain)


def compile_catalog(code: str, domain: str = DOMAIN) -> Path:
    """Compile locales/<code>/…/<domain>.po into var/locales/ when the .po is newer than the .mo."""
    source = po_path(code, domain)
    target = config.var_dir() / "locales" / code / "LC_MESSAGES" / f"{domain}.mo"
    if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
        target.parent.mkdir(parents=True, exist_ok=True)
        catalog = read(code, domain)
        # A temporary file of this process's own: several workers starting on one var/ compile at
        # once, and a shared name let one rename the file from under another (CI, scale-out test).
        handle = tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{domain}.", suffix=".tmp", delete=False)
        try:
            with handle:
                write_mo(handle, catalog, use_fuzzy=False)
            os.replace(handle.name, target)
        except BaseException:
            Path(handle.name).unlink(missing_ok=True)
            raise
    return target


def compile_all() -> list[Path]:
    return [compile_catalog(code) for code in languages.CODES]


@cache
def translations(code: str, domain: str = DOMAIN) -> gettext.NullTranslations:
    """gettext translations for a language; English fills any key a catalog lacks."""
    if not po_path(code, domain).exists():
        return translations(languages.DEFAULT, domain)
    compile_catalog(code, domain)
    found = gettext.translation(domain, localedir=config.var_dir() / "locales", languages=[code])
    if code != languages.DEFAULT:
        found.add_fallback(translations(languages.DEFAULT, domain))
    return found


def text(key: str, code: str, domain: str = DOMAIN) -> str:
    """The text of a catalog key (a response name or button id) in a language."""
    return translations(languages.get(code).code, domain).gettext(key)


def has(key: str, domain: str = DOMAIN) -> bool:
    """Whether the source (English) catalog has the key: gettext answers a missing key with itself."""
    return text(key, languages.DEFAULT, domain) != key


def counted(unit: str, number: float, code: str) -> str:
    """"48 hours" in a language, with its plural rule: catalog entry count_<unit> ({n} the number)."""
    from babel.numbers import format_decimal

    code = languages.get(code).code
    key = f"count_{unit}"
    template = translations(code).ngettext(key, f"{key}_plural", number)
    return template.replace("{n}", format_decimal(number, locale=code))


class _Values(dict):
    """Format values where a missing name shows as itself instead of raising mid-conversation."""

    def __missing__(self, key: str) -> str:
        logging.getLogger(__name__).error("response placeholder {%s} has no value", key)
        return "{" + key + "}"


def fill(template: str, values: dict[str, Any]) -> str:
    return string.Formatter().vformat(template, (), _Values(values))
