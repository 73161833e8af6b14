"""Country names in the person's language, from Babel's CLDR territory names."""

from __future__ import annotations

from functools import cache

from babel import Locale


@cache
def country_name(country: str, lang: str) -> str:
    """"NL" in Romanian: "Țările de Jos"; the code itself if CLDR has no name."""
    return Locale.parse(lang).territories.get(country, country)
