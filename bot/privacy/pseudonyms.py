"""Channel ids as keyed pseudonyms: HMAC-SHA256 under the operator's key, stable per person and channel."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import lru_cache

from bot import config
from bot.privacy import local_secret


class MissingKey(RuntimeError):
    """Production without BOT_PSEUDONYM_KEY: the service must not start."""


MISSING = ("BOT_PSEUDONYM_KEY is not set. In production (BOT_ENV=production or BOT_PUBLIC_URL set) the "
           "pseudonym key must come from the environment, kept apart from the data: generate one with "
           "`python -c 'import secrets; print(secrets.token_hex(32))'` and keep it out of backups.")


def check() -> None:
    """MissingKey when this is production and no key is configured."""
    if config.is_production() and not config.get().pseudonym_key:
        raise MissingKey(MISSING)


@lru_cache(maxsize=1)
def pseudonym_key() -> bytes:
    """BOT_PSEUDONYM_KEY; for a local run only, a random key kept in BOT_SECRETS_DIR, never in var/
    beside the conversations it would unlock (whoever holds key and data can test phone numbers)."""
    check()
    configured = config.get().pseudonym_key
    if configured:
        return configured.encode("utf-8")
    return local_secret.read_or_create("pseudonym.key", lambda: secrets.token_hex(32)).encode("utf-8")


def pseudonymise(channel: str, raw_id: str) -> str:
    """HMAC-SHA256(key, "channel:id"): stable per person and channel, unlinkable without the key."""
    digest = hmac.new(pseudonym_key(), f"{channel}:{raw_id}".encode(), hashlib.sha256)
    return digest.hexdigest()
