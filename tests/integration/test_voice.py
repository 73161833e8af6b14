"""Voice end to end: voice notes heard on Telegram and WhatsApp, Listen answered with audio, nothing on disk."""

import base64
import hashlib
import hmac
import json
import re
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot.language import catalogs
from bot.voice import speech
from tests.helpers.audio import decoded_seconds, voice_note
from tests.helpers.channels import inbound, message, telegram, twilio, twiml_messages
from tests.helpers.servers import CHANNELS

ASKING_FOR_A_PERSON = "I want to talk to a person"  # pocketsphinx hears this espeak-ng sentence word for word


def telegram_pseudonym(chat_id: int) -> str:
    return hmac.new(CHANNELS["BOT_PSEUDONYM_KEY"].encode(), f"telegram:{chat_id}".encode(), hashlib.sha256).hexdigest()


def whatsapp_pseudonym(sender: str) -> str:
    return hmac.new(CHANNELS["BOT_PSEUDONYM_KEY"].encode(), f"whatsapp:{sender}".encode(), hashlib.sha256).hexdigest()


def heard_intents(assistant, person: str) -> list[str]:
    return [e["parse_data"]["intent"]["name"] for e in assistant.stored_events(person) if e.get("event") == "user"]


def voice_update(update_id: int, chat_id: int, file_id: str, language_code: str = "en") -> dict:
    update = message(update_id, chat_id=chat_id, voice={"file_id": file_id, "file_unique_id": "u" + file_id,
                                                         "duration": 2, "mime_type": "audio/ogg"})
    update["message"]["from"]["language_code"] = language_code
    return update


def audio_files(root) -> list[str]:
    """Files under the servers' var/ (their TMPDIR too) holding OGG or WAV audio."""
    found = []
    for path in root.rglob("*"):
        if path.is_file():
            with path.open("rb") as f:
                head = f.read(12)
            if head.startswith(b"OggS") or (head.startswith(b"RIFF") and head[8:12] == b"WAVE"):
                found.append(str(path))
    return found


def keyboard_of(params: dict) -> list[dict]:
    return [row[0] for row in (params.get("reply_markup") or {}).get("inline_keyboard", [])]


def test_a_telegram_voice_note_is_heard_answered_and_listen_sends_a_voice_message(assistant, fake_telegram):
    chat_id = 5150
    fake_telegram.files["note-person"] = voice_note(ASKING_FOR_A_PERSON)
    fake_telegram.take()
    status, _ = telegram(assistant, voice_update(801, chat_id, "note-person"))
    assert status == 200
    calls = fake_telegram.take()
    assert ("getFile", {"file_id": "note-person"}) in calls  # fetched through the Bot API
    assert heard_intents(assistant, telegram_pseudonym(chat_id)) == ["request_human"]
    texts = [p["text"] for m, p in calls if m == "sendMessage"]
    assert any("city or region" in t for t in texts), texts
    # A voice note is answered by voice too, and the last message offers Listen.
    voices = [p for m, p in calls if m == "sendVoice"]
    assert len(voices) == 1 and decoded_seconds(voices[0]["voice"]) > 1.0
    listen = keyboard_of([p for m, p in calls if m == "sendMessage"][-1])[-1]
    assert listen["text"] == catalogs.text("button_listen", "en")
    # Pressing Listen sends the answer again as a voice message, and nothing reaches the conversation.
    before = len(assistant.stored_events(telegram_pseudonym(chat_id)))
    press = {"update_id": 802, "callback_query": {
        "id": "cbq-802", "from": {"id": chat_id, "is_bot": False, "first_name": "A"}, "chat_instance": "1",
        "data": listen["callback_data"], "message": {"message_id": 3, "date": 1, "chat": {"id": chat_id, "type": "private"}}}}
    assert telegram(assistant, press)[0] == 200
    calls = fake_telegram.take()
    assert [m for m, _ in calls] == ["answerCallbackQuery", "sendVoice"]
    assert calls[1][1]["voice"][:4] == b"OggS" and int(calls[1][1]["chat_id"]) == chat_id
    assert len(assistant.stored_events(telegram_pseudonym(chat_id))) == before
    assert audio_files(assistant.var_dir) == []  # no audio left on disk after the turns


def test_listen_on_an_answer_from_before_a_restart_speaks_the_latest_turn(assistant, fake_telegram):
    chat_id = 5151
    fake_telegram.take()
    assert telegram(assistant, message(803, chat_id=chat_id, text="how many hours can they make me work"))[0] == 200
    fake_telegram.take()
    press = {"update_id": 804, "callback_query": {
        "id": "cbq-804", "from": {"id": chat_id, "is_bot": False, "first_name": "A"}, "chat_instance": "1",
        "data": "/listen 0123456789abcdef", "message": {"message_id": 3, "date": 1, "chat": {"id": chat_id, "type": "private"}}}}
    assert telegram(assistant, press)[0] == 200
    voices = [p for m, p in fake_telegram.take() if m == "sendVoice"]
    assert len(voices) == 1 and decoded_seconds(voices[0]["voice"]) > 5  # the whole answer about working hours


@pytest.mark.parametrize("code", ["ru", "vi"])
def test_a_voice_note_in_a_language_with_no_model_gets_the_kind_answer_in_it(assistant, fake_telegram, code):
    chat_id = 5160 + len(code) + ord(code[0])
    fake_telegram.files[f"note-{code}"] = voice_note(catalogs.text("utter_greet", code), voice=speech.VOICES[code])
    fake_telegram.take()
    assert telegram(assistant, voice_update(810 + ord(code[0]), chat_id, f"note-{code}", language_code=code))[0] == 200
    sent = [p for m, p in fake_telegram.take() if m == "sendMessage"]
    assert [p["text"] for p in sent] == [catalogs.text("utter_voice_not_understood", code)]
    titles = [b["text"] for b in keyboard_of(sent[0])]
    assert titles[0] == catalogs.text("button_pay", code) and len(titles) == 10  # the nine topics, then Listen
    assert titles[-1] == catalogs.text("button_listen", code)
    assert heard_intents(assistant, telegram_pseudonym(chat_id)) == ["voice_not_understood"]


def test_a_voice_note_that_cannot_be_fetched_gets_the_kind_answer(assistant, fake_telegram):
    fake_telegram.take()
    assert telegram(assistant, voice_update(830, 5170, "no-such-file", language_code="ro"))[0] == 200
    assert [p["text"] for m, p in fake_telegram.take() if m == "sendMessage"] == [
        catalogs.text("utter_voice_not_understood", "ro")]


class TwilioMedia:
    """Twilio's media store on loopback: serves a voice note only with the account's credentials."""

    def __init__(self, audio: bytes) -> None:
        self.seen: list[str | None] = []
        media = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                media.seen.append(self.headers.get("Authorization"))
                expected = "Basic " + base64.b64encode(
                    f"{CHANNELS['TWILIO_ACCOUNT_SID']}:{CHANNELS['TWILIO_AUTH_TOKEN']}".encode()).decode()
                ok = self.headers.get("Authorization") == expected
                self.send_response(200 if ok else 401)
                self.send_header("Content-Type", "audio/ogg")
                self.end_headers()
                self.wfile.write(audio if ok else b"")

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/2010-04-01/Accounts/AC/Messages/MM1/Media/ME1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def fetch(assistant, url: str) -> tuple[int, bytes]:
    """GET a media link Twilio was given (under BOT_PUBLIC_URL) from the server under test."""
    local = url.replace(CHANNELS["BOT_PUBLIC_URL"], assistant.base)
    try:
        with urllib.request.urlopen(local, timeout=60) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def media_urls(xml: str) -> list[str]:
    return re.findall(r"<Media>(.*?)</Media>", xml)


def test_a_whatsapp_voice_note_is_fetched_with_the_account_heard_and_answered_with_audio(assistant):
    store = TwilioMedia(voice_note(ASKING_FOR_A_PERSON))
    sender = "whatsapp:+40722555111"
    fields = inbound(sender, "", media=1, to=CHANNELS["TWILIO_WHATSAPP_NUMBER"])
    fields.update(MediaUrl0=store.url, MediaContentType0="audio/ogg")
    status, xml = twilio(assistant, "whatsapp", fields)
    store.server.shutdown()
    assert status == 200, xml
    assert len(store.seen) == 1 and store.seen[0].startswith("Basic ")
    assert heard_intents(assistant, whatsapp_pseudonym(sender)) == ["request_human"]
    assert any("city or region" in m for m in twiml_messages(xml))
    # Answered by voice too: a link under BOT_PUBLIC_URL, fetched once by Twilio, then gone.
    (url,) = media_urls(xml)
    assert re.fullmatch(re.escape(CHANNELS["BOT_PUBLIC_URL"]) + r"/webhooks/whatsapp/media/[A-Za-z0-9_-]{40,}", url)
    status, audio = fetch(assistant, url)
    assert status == 200 and decoded_seconds(audio) > 1.0
    assert fetch(assistant, url)[0] == 404
    assert audio_files(assistant.var_dir) == []


def test_whatsapp_listen_is_the_last_number_and_answers_with_the_turn_as_audio(assistant):
    sender = "whatsapp:+40722555222"
    status, xml = twilio(assistant, "whatsapp", inbound(sender, "how many hours can they make me work",
                                                        to=CHANNELS["TWILIO_WHATSAPP_NUMBER"]))
    assert status == 200 and media_urls(xml) == []  # typed: answered in text, with the offer to listen
    last = twiml_messages(xml)[-1]
    number = int(re.search(r"^(\d+)\. " + re.escape(catalogs.text("button_listen", "en")) + "$", last, re.M).group(1))
    assert str(number + 1) + ". " not in last
    status, xml = twilio(assistant, "whatsapp", inbound(sender, str(number), to=CHANNELS["TWILIO_WHATSAPP_NUMBER"]))
    (url,) = media_urls(xml)
    status, audio = fetch(assistant, url)
    assert status == 200 and decoded_seconds(audio) > 5  # the whole answer about working hours


def test_sms_offers_no_listen(assistant):
    status, xml = twilio(assistant, "sms", inbound("+40722555444", "how many hours can they make me work"))
    assert status == 200 and catalogs.text("button_listen", "en") not in xml and media_urls(xml) == []


def test_answer_me_by_voice_is_kept_and_later_answers_come_to_be_heard(assistant):
    sender = "voice-replies-0001"
    first = assistant.say(sender, "answer me by voice")
    assert first[0]["text"] == catalogs.text("utter_voice_replies_on", "en") and first[0]["voice"] is True
    later = assistant.say(sender, "how many hours can they make me work")
    assert later and all(m["voice"] is True and m["audio"].startswith("/webchat/audio/") for m in later if m.get("text"))
    status, audio = fetch(assistant, assistant.base + later[0]["audio"])
    assert status == 200 and audio[:4] == b"OggS"
    stopped = assistant.say(sender, "/answer_by_text")
    assert stopped[0]["text"] == catalogs.text("utter_voice_replies_off", "en")
    again = assistant.say(sender, "what is the minimum wage")
    assert again and not any(m.get("voice") for m in again)
    slots = [e for e in assistant.stored_events(sender) if e.get("event") == "slot" and e.get("name") == "voice_replies"]
    assert [e["value"] for e in slots] == [True, False]
    assert json.dumps(assistant.stored_events(sender)).count("/webchat/audio/") == 0  # links never stored
