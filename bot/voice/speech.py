"""Speech for answers, made offline: espeak-ng speaks the text, opusenc makes it OGG/Opus.

Both are Debian packages (espeak-ng, opus-tools). The audio goes through pipes only: nothing is
written to disk, and nothing here knows whose answer it is.
"""

from __future__ import annotations

import subprocess

from bot.language import languages

# espeak-ng's voice for each of our languages (its own names; all twelve ship with Debian's package).
VOICES = {"en": "en", "ro": "ro", "ar": "ar", "es": "es", "fr": "fr", "pt": "pt", "bg": "bg", "pl": "pl",
          "uk": "uk", "ru": "ru", "hi": "hi", "vi": "vi"}
WORDS_PER_MINUTE = 150  # a little slower than espeak-ng's 175: easier to follow for a tired listener
TIMEOUT = 60


class SpeechError(RuntimeError):
    """espeak-ng or opusenc is missing or failed: the answer stays text only."""


def ogg_opus(text: str, code: str) -> bytes:
    """The text spoken in the language, as an OGG/Opus file's bytes (Telegram voice, WhatsApp media)."""
    voice = VOICES[languages.get(code).code]
    try:
        wav = subprocess.run(["espeak-ng", "-v", voice, "-s", str(WORDS_PER_MINUTE), "--stdout", "--", text],
                             capture_output=True, check=True, timeout=TIMEOUT).stdout
        return subprocess.run(["opusenc", "--quiet", "--bitrate", "24", "-", "-"], input=wav,
                              capture_output=True, check=True, timeout=TIMEOUT).stdout
    except (OSError, subprocess.SubprocessError) as error:
        raise SpeechError(f"speech synthesis failed: {type(error).__name__}") from None
