"""Whether a reply is a sentence of a language's catalog: its text with the placeholders filled in
any way, matched whole. Stronger than "some Arabic letter appears": an English fallback, a mixed
reply or a made-up sentence fails it."""

from __future__ import annotations

import re
import string
from functools import cache

from babel.messages.pofile import read_po

from bot.language import catalogs


@cache
def _patterns(code: str) -> dict[str, re.Pattern]:
    with open(catalogs.po_path(code, catalogs.DOMAIN), encoding="utf-8") as handle:
        catalog = read_po(handle, locale=code)
    found = {}
    for message in catalog:
        if not message.id or not message.string:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        for text in (message.string if isinstance(message.string, tuple) else (message.string,)):
            try:
                parts = list(string.Formatter().parse(text))
            except ValueError:  # a brace that is no placeholder: matched as written
                parts = [(text, None, None, None)]
            pattern = "".join(re.escape(literal) + (".*?" if field is not None else "") for literal, field, _, _ in parts)
            found.setdefault(key, re.compile(pattern, re.DOTALL))
    return found


def keys_of(reply: str, code: str) -> list[str]:
    """The catalog keys of language `code` whose text the reply is."""
    return [key for key, pattern in _patterns(code).items() if pattern.fullmatch(reply.strip())]
