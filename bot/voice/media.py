"""Spoken answers while they are needed: made on first use, kept in memory, gone after a few minutes.

Three small tables, none of them on disk and none keyed by a conversation:
- texts: key -> (language, text), so that a Listen button can name an answer without carrying it
  (Telegram's callback data holds 64 bytes); the key is a hash of language and text;
- audio: the same key -> the OGG/Opus bytes, made once however many people ask for the same answer;
- links: an unguessable token -> key, for the address Twilio fetches a WhatsApp voice message from
  and the web chat's play control plays; a link is deleted once used up or after BOT_MEDIA_SECONDS.

Behind several replicas (deploy/docker-compose.yml) the fetch may reach another replica than the one
that made the link, so the token also carries the answer itself, sealed (AES-GCM under a key derived
from BOT_PSEUDONYM_KEY, the same on every replica) with its expiry: any replica can open it until it
expires, nobody can read or forge one. A once-only link is spent on the replica that served it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
import zlib
from collections import OrderedDict
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from bot import config
from bot.language import languages
from bot.privacy import pseudonyms
from bot.voice import speech

TEXT_SECONDS = 3600.0  # a Listen button may be pressed a while after the answer came
MOST_TEXTS = 10_000
MOST_AUDIO = 200  # a few MB at most: audio of a long answer is ~50 KB
MOST_LINKS = 10_000
SWEEP_SECONDS = 1.0
MAX_TEXT = 3000  # characters spoken: a turn is never longer; bounds what one request can cost


@dataclass
class _Kept:
    value: object
    until: float
    uses: int | None = None


class _Table:
    """A bounded table whose entries expire; the oldest go first when it is full."""

    def __init__(self, most: int) -> None:
        self.most = most
        self._rows: OrderedDict[str, _Kept] = OrderedDict()
        self._lock = threading.Lock()
        self._pruned = 0.0

    def put(self, key: str, value: object, seconds: float, uses: int | None = None) -> None:
        with self._lock:
            self._prune(time.monotonic())
            self._rows[key] = _Kept(value, time.monotonic() + seconds, uses)
            self._rows.move_to_end(key)
            while len(self._rows) > self.most:
                self._rows.popitem(last=False)

    def get(self, key: str, use: bool = False) -> object | None:
        with self._lock:
            self._prune(time.monotonic())
            kept = self._rows.get(key)
            if kept is not None and kept.until <= time.monotonic():  # expired, not yet swept
                del self._rows[key]
                kept = None
            if kept is None:
                return None
            if use and kept.uses is not None:
                kept.uses -= 1
                if kept.uses <= 0:
                    del self._rows[key]
            return kept.value

    def __len__(self) -> int:
        with self._lock:
            self._prune(time.monotonic(), every_time=True)
            return len(self._rows)

    def clear(self) -> None:
        with self._lock:
            self._rows.clear()

    def _prune(self, now: float, every_time: bool = False) -> None:
        """Expired entries go; swept at most once a second (a sweep walks the whole table, and every
        web answer puts a link: under a flood, a sweep per put was most of a turn's time). get() checks
        its own entry's time, so nothing expired is served in between."""
        if not every_time and now - self._pruned < SWEEP_SECONDS:
            return
        self._pruned = now
        for key in [k for k, kept in self._rows.items() if kept.until <= now]:
            del self._rows[key]


texts = _Table(MOST_TEXTS)
audio_cache = _Table(MOST_AUDIO)
links = _Table(MOST_LINKS)
spent = _Table(MOST_LINKS)  # once-only links already served here: their sealed copy must not serve again
NONCE = 12


def seconds() -> float:
    return config.get().media_seconds


def key_of(text: str, code: str) -> str:
    """The hash naming an answer: the same words in the same language, the same key (64 bits, hex)."""
    return hashlib.sha256(f"{code}\0{text}".encode()).hexdigest()[:16]


def remember(text: str, code: str) -> str:
    """Keep an answer so it can be spoken later; returns its key."""
    code = languages.get(code).code
    text = text[:MAX_TEXT]
    key = key_of(text, code)
    texts.put(key, (code, text), TEXT_SECONDS)
    return key


def audio(key: str) -> bytes | None:
    """The answer a key names, spoken (made now, or kept from a moment ago); None when forgotten.
    Raises speech.SpeechError when espeak-ng or opusenc fails."""
    found = audio_cache.get(key)
    if isinstance(found, bytes):
        return found
    said = texts.get(key)
    if said is None:
        return None
    code, text = said  # type: ignore[misc]
    made = speech.ogg_opus(text, code)
    audio_cache.put(key, made, seconds())
    return made


def _sealing_key() -> AESGCM:
    return AESGCM(hmac.new(pseudonyms.pseudonym_key(), b"spoken-answer-links", hashlib.sha256).digest())


def _seal(code: str, text: str, until: float) -> str:
    nonce = secrets.token_bytes(NONCE)
    plain = zlib.compress(json.dumps([code, text, until], ensure_ascii=False).encode())
    return base64.urlsafe_b64encode(nonce + _sealing_key().encrypt(nonce, plain, None)).decode().rstrip("=")


def _open(token: str) -> tuple[str, str] | None:
    """(language, text) of a sealed token still valid, or None (forged, damaged or expired)."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        code, text, until = json.loads(zlib.decompress(_sealing_key().decrypt(raw[:NONCE], raw[NONCE:], None)))
    except (InvalidTag, ValueError, TypeError, zlib.error):
        return None
    return (str(code), str(text)) if time.time() < float(until) else None


def link(key: str, uses: int | None = None, lasting: float | None = None) -> str:
    """An unguessable token for the audio of `key`, good for `uses` fetches (None: any until it
    expires, after `lasting` seconds or BOT_MEDIA_SECONDS)."""
    life = lasting or seconds()
    said = texts.get(key)
    if said is None:
        raise KeyError("no answer kept under this key")
    code, text = said  # type: ignore[misc]
    token = _seal(code, text, time.time() + life)
    links.put(token, key, life, uses)
    return token


def by_link(token: str) -> bytes | None:
    """The audio behind a link (counting one use), or None for a link unknown, used up or expired."""
    if len(token) > 8 * MAX_TEXT or spent.get(token) is not None:
        return None
    kept = links.get(token)
    key = links.get(token, use=True)
    if isinstance(key, str):
        if links.get(token) is None and kept is not None:  # its last use: spent here for good
            spent.put(token, True, seconds())
        return audio(key)
    opened = _open(token)  # made by another replica, or by this one before it restarted
    return audio(remember(opened[1], opened[0])) if opened else None


def forget_all() -> None:
    for table in (texts, audio_cache, links, spent):
        table.clear()
