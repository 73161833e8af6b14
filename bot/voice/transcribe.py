"""Voice notes into words, offline: decode OGG/Opus through a pipe, then an engine that covers the language.

Two engines behind one interface (`Transcriber`): Vosk, for every language the operator installed a
model of (BOT_ASR_MODEL_DIR/<code>/, one unpacked Vosk model per language code), and pocketsphinx,
whose wheel ships an English model. Nothing is ever downloaded: a language without a model is not
covered, and the caller answers kindly instead. The audio goes through pipes and memory only, and
nothing here knows whose voice note it is.
"""

from __future__ import annotations

import audioop
import io
import json
import logging
import subprocess
import threading
import wave
from functools import cache
from pathlib import Path
from typing import Protocol

from bot import config
from bot.language import languages

logger = logging.getLogger(__name__)

RATE = 16_000  # both engines' acoustic models are for 16 kHz mono speech
MAX_BYTES = 4 * 1024 * 1024  # about 20 minutes of a voice note at Telegram's bit rate: more is refused
MAX_SECONDS = 300  # longer speech is cut: a minute or two is what a voice note holds
TIMEOUT = 60


class TranscriptionError(RuntimeError):
    """The audio could not be decoded or heard: the person is answered kindly, as for no model."""


class Transcriber(Protocol):
    def transcribe(self, pcm: bytes) -> str:
        """16-bit mono PCM at RATE -> the words heard (lower case, "" for none)."""
        ...


def pcm_of(audio: bytes) -> bytes:
    """An OGG/Opus voice note (Telegram's and WhatsApp's format) as 16-bit mono PCM at RATE.

    opusdec reads the note from its standard input and writes WAV to its standard output: the
    audio never touches the disk."""
    if not audio or len(audio) > MAX_BYTES:
        raise TranscriptionError("empty or too long")
    try:
        wav = subprocess.run(["opusdec", "--quiet", "--rate", str(RATE), "--force-wav", "-", "-"], input=audio,
                             capture_output=True, check=True, timeout=TIMEOUT).stdout
        with wave.open(io.BytesIO(wav)) as sound:  # a piped WAV's header cannot hold its length: read to the end
            channels, width = sound.getnchannels(), sound.getsampwidth()
            pcm = sound.readframes(RATE * MAX_SECONDS)
    except (OSError, subprocess.SubprocessError, wave.Error, EOFError) as error:
        raise TranscriptionError(f"not OGG/Opus audio: {type(error).__name__}") from None
    if width != 2:
        pcm = audioop.lin2lin(pcm, width, 2)
    if channels == 2:
        pcm = audioop.tomono(pcm, 2, 0.5, 0.5)
    return pcm


class Pocketsphinx:
    """English, with the model in pocketsphinx's wheel. One decoder per process, used by one thread
    at a time (it keeps state between utterances)."""

    def __init__(self) -> None:
        from pocketsphinx import Decoder  # loads its model (~40 MB) only when a voice note comes

        self._decoder = Decoder(samprate=RATE, loglevel="FATAL")
        self._lock = threading.Lock()

    def transcribe(self, pcm: bytes) -> str:
        with self._lock:
            self._decoder.start_utt()
            self._decoder.process_raw(pcm, full_utt=True)
            self._decoder.end_utt()
            found = self._decoder.hyp()
        return found.hypstr.strip() if found is not None else ""


class Vosk:
    """Any language the operator installed a Vosk model of, read from its folder (never fetched)."""

    def __init__(self, folder: Path) -> None:
        from vosk import Model, SetLogLevel  # its native library loads only when a model is used

        SetLogLevel(-1)
        self._model = Model(str(folder))

    def transcribe(self, pcm: bytes) -> str:
        from vosk import KaldiRecognizer  # see __init__

        recogniser = KaldiRecognizer(self._model, RATE)  # one per note: recognisers keep the utterance
        recogniser.AcceptWaveform(pcm)
        return str(json.loads(recogniser.FinalResult()).get("text") or "").strip()


def model_folder(code: str) -> Path | None:
    """The operator's Vosk model for a language (BOT_ASR_MODEL_DIR/<code>/), or None."""
    root = config.get().asr_model_dir
    if root is None:
        return None
    folder = root / code
    # An unpacked Vosk model has its acoustic model in am/ (or final.mdl in older ones) and conf/.
    looks_like_model = (folder / "conf").is_dir() and ((folder / "am").is_dir() or (folder / "final.mdl").is_file())
    return folder if looks_like_model else None


ENGLISH = "en"


def covered() -> list[str]:
    """The languages a voice note can be heard in on this server."""
    return [code for code in languages.CODES if code == ENGLISH or model_folder(code) is not None]


@cache
def engine(code: str) -> Transcriber | None:
    """The engine for a language: the operator's Vosk model first, else pocketsphinx for English."""
    folder = model_folder(code)
    if folder is not None:
        try:
            return Vosk(folder)
        except Exception as error:  # a broken model folder must not take voice notes down in English too
            logger.warning("the Vosk model for %s could not be loaded: %s", code, type(error).__name__)
    if code == ENGLISH:
        return Pocketsphinx()
    return None


def transcribe(audio: bytes, code: str) -> str | None:
    """The words of a voice note in language `code`, or None when no engine covers the language.
    Raises TranscriptionError when the audio cannot be decoded."""
    found = engine(languages.get(code).code)
    if found is None:
        return None
    return found.transcribe(pcm_of(audio))
