"""Voice notes heard offline, and spoken answers kept only while needed."""

import base64
import time
import zlib

import pytest

from bot import config
from bot.channels import listen, numbered, twilio_messaging
from bot.language import catalogs, languages
from bot.voice import media, speech, transcribe
from tests.helpers.audio import voice_note


def test_an_english_voice_note_is_heard_by_pocketsphinx():
    assert transcribe.transcribe(voice_note("I want to talk to a person"), "en") == "i want to talk to a person"
    assert "passport" in transcribe.transcribe(voice_note("they took my passport", rate=120), "en")


def test_what_is_not_ogg_opus_is_refused_not_guessed_at():
    with pytest.raises(transcribe.TranscriptionError):
        transcribe.pcm_of(b"RIFF not a voice note at all")
    with pytest.raises(transcribe.TranscriptionError):
        transcribe.pcm_of(b"")


def test_without_a_model_only_english_is_covered(monkeypatch):
    monkeypatch.delenv("BOT_ASR_MODEL_DIR", raising=False)
    config.reload()
    assert transcribe.covered() == ["en"]
    assert transcribe.transcribe(voice_note("привет", voice="ru"), "ru") is None


def test_an_operators_model_folder_switches_vosk_on_for_its_language(monkeypatch, tmp_path):
    (tmp_path / "ru" / "conf").mkdir(parents=True)
    (tmp_path / "ru" / "am").mkdir()
    (tmp_path / "es").mkdir()  # not a model: no conf/ or am/
    monkeypatch.setenv("BOT_ASR_MODEL_DIR", str(tmp_path))
    config.reload()
    transcribe.engine.cache_clear()
    try:
        assert transcribe.covered() == ["en", "ru"]
        assert transcribe.model_folder("ru") == tmp_path / "ru" and transcribe.model_folder("es") is None
        # The folder has the shape of a model but no model files: Vosk refuses it, and the language
        # stays uncovered (the person gets the kind answer) instead of the server failing.
        assert transcribe.engine("ru") is None
        assert isinstance(transcribe.engine("en"), transcribe.Pocketsphinx)
    finally:
        transcribe.engine.cache_clear()


@pytest.mark.parametrize("code", ["ru", "vi", "ar"])
def test_a_voice_note_in_a_language_without_a_model_becomes_the_kind_answer_in_it(code):
    said = listen.heard(voice_note(catalogs.text("utter_greet", code), voice=speech.VOICES[code]), code)
    assert said == f'/voice_not_understood{{"language":"{code}"}}'
    assert listen.NOT_HEARD_PAYLOAD.match(said)


def test_undecodable_audio_in_english_gets_the_kind_answer_too():
    assert listen.heard(b"\x00" * 100, "en") == listen.not_heard("en")


def test_an_answer_is_kept_by_a_hash_of_language_and_text_and_spoken_once():
    media.forget_all()
    key = media.remember("Hello", "en")
    assert key == media.key_of("Hello", "en") != media.key_of("Hello", "ro")
    audio = media.audio(key)
    assert audio[:4] == b"OggS"
    assert media.audio(key) is audio  # the same bytes: made once
    assert media.audio("0" * 16) is None


def test_a_whatsapp_link_is_unguessable_used_once_and_a_web_link_expires(monkeypatch):
    media.forget_all()
    key = media.remember(catalogs.text("utter_greet", "ro"), "ro")
    once, other = media.link(key, uses=1), media.link(key, uses=1)
    assert once != other and len(once) >= 32
    assert media.by_link(once)[:4] == b"OggS"
    assert media.by_link(once) is None  # deleted after delivery
    short = media.link(key, lasting=0.2)
    assert media.by_link(short) is not None and media.by_link(short) is not None
    time.sleep(0.3)
    assert media.by_link(short) is None  # gone after its time
    assert media.by_link("made-up-token") is None


def test_listen_speaks_the_whole_turn_with_its_choices_but_not_itself():
    turn = [{"text": "First.", "buttons": []},
            {"text": "Would you like a contact?", "buttons": [{"title": "Yes", "payload": "/affirm"},
                                                             listen.button("en", "0123456789abcdef")]}]
    assert listen.spoken(turn) == "First.\nWould you like a contact?\nYes"
    assert listen.requested_key("/listen 0123456789abcdef") == "0123456789abcdef"
    assert listen.requested_key("/listen") == ""
    assert listen.requested_key("listen to me") is None
    assert len(listen.button("en", "0123456789abcdef")["payload"].encode()) <= 64  # Telegram's callback data


@pytest.mark.parametrize("code", languages.CODES)
def test_listen_is_named_in_every_language(code):
    assert catalogs.text("button_listen", code) not in ("", "button_listen")


def test_whatsapp_numbers_listen_last_and_reads_the_number_back_sms_offers_no_listen():
    turn = [{"text": "Your employer must pay you.", "buttons": []},
            {"text": "Would you like the contact of a local organisation?",
             "buttons": [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]}]
    whatsapp = twilio_messaging.WhatsAppInput().offered(turn, "ro")
    sent = "\n".join(numbered.for_whatsapp(whatsapp, "ro"))
    assert f"3. {catalogs.text('button_listen', 'ro')}" in sent
    assert numbered.chosen(whatsapp, 3)["payload"] == "/listen" and numbered.chosen(whatsapp, 4) is None
    assert turn[1]["buttons"][-1]["payload"] == "/deny"  # the turn as kept is not changed
    assert twilio_messaging.SmsInput().offered(turn, "ro") == turn


def test_a_link_made_by_another_replica_is_served_until_it_expires_and_cannot_be_forged():
    media.forget_all()
    text = catalogs.text("utter_greet", "uk")
    token = media.link(media.remember(text, "uk"), lasting=60)
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    with pytest.raises(zlib.error):  # sealed, not merely compressed and encoded
        zlib.decompress(raw[media.NONCE:])
    media.forget_all()  # another replica: none of this one's tables
    assert media.by_link(token)[:4] == b"OggS"
    assert media.texts.get(media.key_of(text, "uk")) == ("uk", text)
    tampered = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
    assert media.by_link(tampered) is None
    media.forget_all()
    old = media.link(media.remember(text, "uk"), lasting=0.2)
    media.forget_all()
    time.sleep(0.3)
    assert media.by_link(old) is None  # expired everywhere, whoever made it


def test_a_once_only_link_stays_spent_here_even_when_its_row_is_gone():
    media.forget_all()
    token = media.link(media.remember("Hello", "en"), uses=1)
    assert media.by_link(token) is not None
    media.links.clear()
    assert media.by_link(token) is None
