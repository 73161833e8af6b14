"""Every answer can be heard: espeak-ng speaks it in each of the twelve languages, as OGG/Opus."""

import pytest

from bot.language import catalogs, languages
from bot.voice import speech
from tests.helpers.audio import decoded_seconds


@pytest.mark.parametrize("code", languages.CODES)
def test_an_answer_is_spoken_as_ogg_opus_lasting_as_long_as_its_words(code):
    short = catalogs.text("utter_offer_human_sms", code)
    long = catalogs.text("utter_documents_taken", code)
    audio = speech.ogg_opus(short, code)
    assert audio[:4] == b"OggS" and b"OpusHead" in audio[:64]
    seconds, longer = decoded_seconds(audio), decoded_seconds(speech.ogg_opus(long, code))
    words = len(short.split())
    # At 150 words a minute a word takes 0.4 s; allow for pauses and for scripts whose words are long.
    assert 0.15 * words < seconds < 1.5 * words + 2, (code, words, seconds)
    assert longer > seconds * 1.3  # more words, more sound: the text was spoken, not a fixed beep

