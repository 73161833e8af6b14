"""Listening: the Listen choice every answer offers, and voice notes read as words.

Listen: a turn's words (and its choices' titles, so a person who cannot read them hears them too)
are kept by bot/voice/media.py under a hash; the choice carries "/listen <hash>". Telegram sends the
audio as a voice message, WhatsApp as media from a short-lived link, the web chat plays it. SMS cannot
carry audio: Listen is not offered there.

Voice notes: the channel hands intake a way to fetch the note; intake decodes and transcribes it
(bot/voice/transcribe.py) in a worker thread, in the language the conversation is known to be in
(or the Telegram user's language, else English), and the words go on like typed text. A language no
engine covers, or audio nobody could make out, becomes the payload of a kind answer in that language.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re

from sanic import response
from sanic.response import HTTPResponse

from bot.language import catalogs, languages
from bot.voice import media, speech, transcribe

logger = logging.getLogger(__name__)

LISTEN = "/listen"
LISTEN_PAYLOAD = re.compile(r"^/listen(?: ([0-9a-f]{16}))?$")
NOT_HEARD_INTENT = "/voice_not_understood"
NOT_HEARD_PAYLOAD = re.compile(r'^/voice_not_understood\{"language":"[a-z]{2}"\}$')
CHANNELS = ("telegram", "whatsapp", "rest")  # those that can carry audio: not SMS


def spoken(messages: list[dict]) -> str:
    """What a turn sounds like: each answer's words, then its choices' titles."""
    parts = []
    for message in messages:
        titles = [b["title"] for b in message.get("buttons") or [] if not is_request(b.get("payload", ""))]
        parts += [message.get("text") or "", *titles]
    return "\n".join(part for part in parts if part).strip()


def language_of(messages: list[dict], default: str | None = None) -> str:
    found = next((m["language"] for m in reversed(messages) if m.get("language")), default)
    return languages.get(found).code


def remember(messages: list[dict], code: str) -> str | None:
    """Keep the turn's words to be spoken; their key, or None when there is nothing to say."""
    words = spoken(messages)
    return media.remember(words, code) if words else None


def button(code: str, key: str | None = None) -> dict:
    """The Listen choice, in the person's language."""
    return {"title": catalogs.text("button_listen", code), "payload": f"{LISTEN} {key}" if key else LISTEN}


def is_request(text: str) -> bool:
    return bool(LISTEN_PAYLOAD.match(text.strip()))


def requested_key(text: str) -> str | None:
    """The key a Listen payload names ("" for a bare /listen: the latest turn), None for other text."""
    found = LISTEN_PAYLOAD.match(text.strip())
    return None if found is None else found.group(1) or ""


def not_heard(code: str) -> str:
    """The payload of the kind answer to a voice note nobody could hear, in the person's language."""
    return f"{NOT_HEARD_INTENT}{json.dumps({'language': languages.get(code).code}, separators=(',', ':'))}"


def wants_voice(messages: list[dict]) -> bool:
    """Whether the turn should also come as audio: the person asked for spoken answers, or spoke."""
    return any(m.get("voice") for m in messages)


def heard(audio: bytes, code: str | None) -> str:
    """What a voice note says, as text for the assistant: the words, or the kind answer's payload.

    Runs in a worker thread (decoding and recognition are CPU work)."""
    language = code if languages.is_supported(code) else transcribe.ENGLISH
    try:
        words = transcribe.transcribe(audio, language)
    except transcribe.TranscriptionError as error:
        logger.info("a voice note could not be decoded: %s", error)
        words = None
    return words if words else not_heard(language)


async def audio_response(token: str) -> HTTPResponse:
    """A spoken answer behind its short-lived link (bot/voice/media.py), or 404 once it is gone."""
    try:
        audio = await asyncio.to_thread(media.by_link, token)  # espeak-ng and opusenc: off the event loop
    except speech.SpeechError as error:
        logger.warning("%s", error)
        audio = None
    if audio is None:
        return response.json({"error": "no such audio, or it has expired"}, status=404)
    return response.raw(audio, content_type="audio/ogg", headers={"Cache-Control": "no-store"})
