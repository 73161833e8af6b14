"""Channel ids as keyed pseudonyms: HMAC-SHA256 under the operator's key, stable per person and channel."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import lru_cache

from bot import config
from bot.privacy import local_secret


@lru_cache(maxsize=1)
def pseudonym_key() -> bytes:
    """BOT_PSEUDONYM_KEY, or for a local run a random key kept in var/ (never in git)."""
    configured = config.get().pseudonym_key
    if configured:
        return configured.encode("utf-8")
    return local_secret.read_or_create("pseudonym.key", lambda: secrets.token_hex(32)).encode("utf-8")


def pseudonymise(channel: str, raw_id: str) -> str:
    """HMAC-SHA256(key, "channel:id"): stable per person and channel, unlinkable without the key."""
    digest = hmac.new(pseudonym_key(), f"{channel}:{raw_id}".encode(), hashlib.sha256)
    return digest.hexdigest()
