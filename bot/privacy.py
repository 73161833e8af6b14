"""Pseudonyms, scrubbing, retention and erasure: the only code that sees raw channel ids."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from functools import lru_cache

import phonenumbers

from bot import case_codes
from bot.paths import var_path

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# Regions whose national number formats are tried besides international (+/00) ones.
PHONE_REGIONS = ("DE", "RO", "GB", "FR", "IT", "ES", "NL", "BE", "AT", "PL", "MA", "EG")


@lru_cache(maxsize=1)
def pseudonym_key() -> bytes:
    """BOT_PSEUDONYM_KEY, or for a local run a random key kept in var/ (never in git)."""
    configured = os.environ.get("BOT_PSEUDONYM_KEY")
    if configured:
        return configured.encode("utf-8")
    path = var_path("pseudonym.key")
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip().encode("utf-8")


def pseudonymise(channel: str, raw_id: str) -> str:
    """HMAC-SHA256(key, "channel:id"): stable per person and channel, unlinkable without the key."""
    digest = hmac.new(pseudonym_key(), f"{channel}:{raw_id}".encode("utf-8"), hashlib.sha256)
    return digest.hexdigest()


def _phone_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for region in (None,) + PHONE_REGIONS:
        for match in phonenumbers.PhoneNumberMatcher(text, region or "ZZ", leniency=phonenumbers.Leniency.VALID):
            spans.append((match.start, match.end))
    return spans


def scrub(text: str) -> str:
    """Replace personal details in a message with typed placeholders before anything stores it."""
    if not text:
        return text
    for code in case_codes.find(text):
        text = re.sub(r"[\s-]?".join(re.escape(part) for part in code.split("-")), "[CASE_CODE]", text, flags=re.I)
    text = EMAIL.sub("[EMAIL]", text)
    for start, end in sorted(set(_phone_spans(text)), reverse=True):
        if "[" not in text[start:end]:
            text = text[:start] + "[PHONE]" + text[end:]
    return text
