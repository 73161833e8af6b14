"""The Twilio channel's own work behind the signature check, without a server: reading the form,
keeping only the fields we need, voice notes (the link Twilio gives and fetching it with the
account's credentials), replays, numbered replies read back against the stored turn, MORE on SMS,
the Listen choice on WhatsApp and the TwiML that goes back.

Signature checks themselves are in test_channel_verification.py; these tests cover what a person
would feel when that code breaks: a choice read as the wrong answer, a voice note fetched without
the credentials (Twilio refuses it) or without a size limit, a replay answered twice, a reply that
Twilio cannot send.
"""

from __future__ import annotations

import asyncio
import base64
import threading
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from urllib.parse import urlencode

import httpx
import pytest

from bot import config
from bot.channels import intake, limits, listen, twilio_messaging
from bot.channels.twilio_messaging import SmsInput, WhatsAppInput
from bot.language import catalogs
from bot.voice import media, transcribe
from tests.unit.test_channel_verification import (
    AUTH_TOKEN,
    FIELDS,
    PUBLIC_URL,
    Assistant,
    handler,
    post_twilio,
    request,
    twilio_channel,
)

ACCOUNT_SID = "AC" + "0" * 32


@pytest.fixture(autouse=True)
def fresh_limits(monkeypatch):
    for window in (limits.forgeries, limits.by_conversation, limits.by_client, intake._told):
        monkeypatch.setattr(window, "_hits", {})
    monkeypatch.setattr(twilio_messaging, "seen_messages", twilio_messaging.SeenMessages())


def twiml_messages(xml: str) -> list[ET.Element]:
    return ET.fromstring(xml).findall("Message")


def bot_event(text: str, buttons: list[dict] | None = None) -> SimpleNamespace:
    return SimpleNamespace(type_name="bot", text=text, data={"buttons": buttons or []})


class StoredTracker(SimpleNamespace):
    def get_slot(self, name: str):
        return self.slots.get(name)


class Store:
    """A conversation store holding one stored conversation, whoever asks."""

    def __init__(self, events: list, language: str | None = "ro") -> None:
        self.tracker = StoredTracker(events=events, slots={"language": language})
        self.reads: list[str] = []

    async def retrieve(self, sender_id: str) -> StoredTracker:
        self.reads.append(sender_id)
        return self.tracker


YES_NO = [{"title": "Da", "payload": "/affirm"}, {"title": "Nu", "payload": "/deny"}]
STORED_TURN = [SimpleNamespace(type_name="user", text="salut"),
               bot_event("Angajatorul trebuie să vă plătească."),
               bot_event("Vreți contactul unei organizații?", YES_NO)]


def in_memory_request(store, path: str = "/webhooks/sms/webhook"):
    return request(path, b"", {}, store)


# ---------------------------------------------------------------- the form and its fields


def test_a_form_up_to_the_size_limit_is_read_one_byte_more_is_refused():
    filler = b"Body=" + b"x" * (twilio_messaging.MAX_BODY_BYTES - 5)
    assert twilio_messaging.parse_form(filler) == {"Body": "x" * (twilio_messaging.MAX_BODY_BYTES - 5)}
    with pytest.raises(intake.BadRequest, match="^body too large$"):
        twilio_messaging.parse_form(filler + b"x")


def test_blank_fields_are_kept_and_an_empty_body_is_an_empty_form():
    assert twilio_messaging.parse_form(b"Body=&NumMedia=0") == {"Body": "", "NumMedia": "0"}
    assert twilio_messaging.parse_form(b"") == {}


@pytest.mark.parametrize("raw", [b"Body=hi&&From", b"\xff\xfe=1", b"From"])
def test_what_is_no_form_is_refused_saying_what_is_expected(raw):
    with pytest.raises(intake.BadRequest, match="^body must be application/x-www-form-urlencoded UTF-8$"):
        twilio_messaging.parse_form(raw)


def test_a_repeated_field_is_refused_by_name():
    with pytest.raises(intake.BadRequest, match="^repeated field$"):
        twilio_messaging.parse_form(b"From=%2B1&Body=a&From=%2B2")


def test_only_sender_text_and_number_of_media_are_kept():
    fields = {"From": "+40721234567", "Body": "salut", "NumMedia": "2", "FromCity": "Cluj", "ProfileName": "Ana"}
    assert twilio_messaging.wanted(fields) == ("+40721234567", "salut", 2)
    assert twilio_messaging.wanted({"From": "+40721234567"}) == ("+40721234567", "", 0)
    assert twilio_messaging.wanted({"From": "+40721234567", "NumMedia": ""}) == ("+40721234567", "", 0)


def test_a_missing_sender_or_a_wrong_media_count_is_refused_by_name():
    with pytest.raises(intake.BadRequest, match="^From is missing$"):
        twilio_messaging.wanted({"Body": "salut"})
    with pytest.raises(intake.BadRequest, match="^From is missing$"):
        twilio_messaging.wanted({"From": "", "Body": "salut"})
    with pytest.raises(intake.BadRequest, match="^NumMedia must be a number$"):
        twilio_messaging.wanted({"From": "+40721234567", "NumMedia": "two"})


@pytest.mark.parametrize(("kind", "url", "found"), [
    ("audio/ogg", "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1", True),
    ("audio/amr", "http://media.example.org/note", True),
    ("image/jpeg", "https://api.twilio.com/x/Media/ME1", False),
    ("audio/ogg", "ftp://api.twilio.com/x", False),
    ("audio/ogg", "", False),
    ("", "https://api.twilio.com/x/Media/ME1", False),
    ("audio/ogg", None, False),
])
def test_a_voice_note_is_the_first_media_when_it_is_audio_at_a_web_address(kind, url, found):
    fields = {"MediaContentType0": kind} if kind else {}
    if url is not None:
        fields["MediaUrl0"] = url
    assert twilio_messaging.voice_url(fields) == (url if found else None)


# ---------------------------------------------------------------- fetching a voice note


class MediaServer:
    """Twilio's media endpoint as it behaves: the account's basic-auth credentials are required, and
    the answer is a redirect to storage on another host, which must not receive them."""

    def __init__(self, audio: bytes, status: int = 200) -> None:
        served = self
        self.audio, self.status, self.seen = audio, status, []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                served.seen.append((self.headers.get("Host", "").split(":")[0], self.path,
                                    self.headers.get("Authorization")))
                if self.path == "/Media/ME1":
                    self.send_response(307)
                    self.send_header("Location", f"http://localhost:{served.port}/storage/ME1")
                    self.end_headers()
                    return
                self.send_response(served.status)
                self.send_header("Content-Length", str(len(served.audio)))
                self.end_headers()
                self.wfile.write(served.audio)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/Media/ME1"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def account(monkeypatch):
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", ACCOUNT_SID)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", AUTH_TOKEN)
    config.reload()
    yield
    monkeypatch.delenv("TWILIO_ACCOUNT_SID")
    monkeypatch.delenv("TWILIO_AUTH_TOKEN")
    config.reload()


def test_a_voice_note_is_fetched_with_the_accounts_credentials_and_its_redirect_followed(account):
    server = MediaServer(b"OggS" + b"\x00" * 100)
    try:
        audio = asyncio.run(twilio_messaging.fetch_media(server.url))
    finally:
        server.close()
    assert audio == b"OggS" + b"\x00" * 100
    big = MediaServer(bytes(range(256)) * 2000)  # arrives in many chunks: all of them are kept
    try:
        assert asyncio.run(twilio_messaging.fetch_media(big.url)) == bytes(range(256)) * 2000
    finally:
        big.close()
    basic = "Basic " + base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
    assert server.seen == [("127.0.0.1", "/Media/ME1", basic), ("localhost", "/storage/ME1", None)]


def test_without_an_account_sid_no_credentials_are_sent(monkeypatch):
    monkeypatch.delenv("TWILIO_ACCOUNT_SID", raising=False)
    config.reload()
    server = MediaServer(b"OggS")
    try:
        assert asyncio.run(twilio_messaging.fetch_media(server.url)) == b"OggS"
    finally:
        server.close()
    assert [auth for _, _, auth in server.seen] == [None, None]


def test_a_voice_note_over_the_size_limit_is_refused_while_it_arrives(account, monkeypatch):
    monkeypatch.setattr(transcribe, "MAX_BYTES", 1000)
    server = MediaServer(b"x" * 1001)
    try:
        with pytest.raises(ValueError, match="^voice note too long$"):
            asyncio.run(twilio_messaging.fetch_media(server.url))
        server.audio = b"x" * 1000
        assert len(asyncio.run(twilio_messaging.fetch_media(server.url))) == 1000
    finally:
        server.close()


def test_a_refused_fetch_is_an_error_not_empty_audio(account):
    server = MediaServer(b"forbidden", status=403)
    try:
        with pytest.raises(httpx.HTTPStatusError):
            asyncio.run(twilio_messaging.fetch_media(server.url))
    finally:
        server.close()


# ---------------------------------------------------------------- replays


def test_a_message_id_is_remembered_for_a_day_then_forgotten():
    seen = twilio_messaging.SeenMessages()
    assert seen.first_time("SM1", now=0.0)
    assert not seen.first_time("SM1", now=86_399.0)
    assert seen.first_time("SM2", now=86_400.5)  # SM1 is now older than a day: forgotten
    assert seen.first_time("SM1", now=86_401.0)


def test_the_oldest_ids_go_first_when_the_table_is_full():
    seen = twilio_messaging.SeenMessages(keep=1000.0, most=2)
    for sid in ("SM1", "SM2", "SM3"):
        assert seen.first_time(sid, now=1.0)
    assert not seen.first_time("SM3", now=2.0)
    assert seen.first_time("SM1", now=2.0)  # pushed out by SM3


def test_a_full_default_table_keeps_a_hundred_thousand_ids():
    seen = twilio_messaging.SeenMessages()
    for number in range(100_000):
        seen.first_time(f"SM{number}", now=1.0)
    assert not seen.first_time("SM99999", now=1.0) and not seen.first_time("SM2", now=1.0)
    assert seen.first_time("SM0", now=1.0)  # the oldest left to make room


def test_the_ids_are_read_from_messagesid_or_smssid(monkeypatch):
    assistant = Assistant()
    sms = {k: v for k, v in FIELDS.items() if k != "MessageSid"} | {"SmsSid": "SM" + "b" * 32}
    for _ in range(2):
        post_twilio(twilio_channel(SmsInput), sms, assistant=assistant)
    assert len(assistant.messages) == 1


# ---------------------------------------------------------------- choices, MORE and Listen


def test_listen_is_added_after_the_last_choices_on_whatsapp_only():
    turn = [{"text": "a", "buttons": []}, {"text": "b", "buttons": list(YES_NO)}, {"text": "", "buttons": []}]
    offered = twilio_channel().offered(turn, "ro")
    assert offered[1]["buttons"] == [*YES_NO, listen.button("ro")]
    assert offered[0]["buttons"] == [] and offered[2]["buttons"] == []
    assert turn[1]["buttons"] == YES_NO
    assert twilio_channel(SmsInput).offered(turn, "ro") is turn
    assert twilio_channel().offered([{"text": "", "buttons": []}], "ro") == [{"text": "", "buttons": []}]
    assert twilio_channel().offered([{"text": "a"}], "uk")[0]["buttons"] == [listen.button("uk")]


@pytest.mark.parametrize(("body", "media_count", "expected"), [
    ("", 1, intake.UNSUPPORTED), ("  ", 0, "/help_menu"), ("\n", 2, intake.UNSUPPORTED)])
def test_an_empty_message_is_help_or_a_media_the_assistant_cannot_read(body, media_count, expected):
    store = Store(STORED_TURN)
    channel = twilio_channel()
    assert asyncio.run(channel.text_for(in_memory_request(store), "p1", body, media_count)) == expected
    assert store.reads == []


@pytest.mark.parametrize(("kind", "body", "expected"), [
    (SmsInput, "1", "/affirm"), (SmsInput, " 2. ", "/deny"), (SmsInput, "2)", "/deny"),
    (SmsInput, "3", "3"), (SmsInput, "0", "0"), (WhatsAppInput, "3", listen.LISTEN),
    (WhatsAppInput, "4", "4"), (SmsInput, "1 euro", "1 euro"), (SmsInput, "123", "123")])
def test_a_number_is_read_back_against_the_turn_that_was_sent(kind, body, expected):
    store = Store(STORED_TURN)
    answer = asyncio.run(twilio_channel(kind).text_for(in_memory_request(store), "p1", body, 0))
    assert answer == expected


def test_a_number_with_no_stored_conversation_stays_the_number():
    store = Store([], language=None)
    store.tracker = None
    assert asyncio.run(twilio_channel(SmsInput).text_for(in_memory_request(store), "p1", "1", 0)) == "1"


def test_more_on_sms_sends_the_last_turn_in_full_in_the_persons_language():
    store = Store(STORED_TURN)
    more = asyncio.run(twilio_channel(SmsInput).details(in_memory_request(store), "p1", "MORE"))
    [message] = twiml_messages(more)
    assert "Angajatorul trebuie" in message.text and "1. Da" in message.text and "2. Nu" in message.text
    word = catalogs.text("sms_more_word", "ro")
    assert asyncio.run(twilio_channel(SmsInput).details(in_memory_request(store), "p1", word)) is not None
    assert asyncio.run(twilio_channel(SmsInput).details(in_memory_request(store), "p1", "MORE".rjust(40))) is not None
    assert store.reads == ["p1", "p1", "p1"]


def test_more_is_only_an_sms_word_for_a_stored_turn():
    store = Store(STORED_TURN)
    assert asyncio.run(twilio_channel().details(in_memory_request(store), "p1", "MORE")) is None
    assert asyncio.run(twilio_channel(SmsInput).details(in_memory_request(store), "p1", "MORE".rjust(41))) is None
    assert asyncio.run(twilio_channel(SmsInput).details(in_memory_request(store), "p1", "more money")) is None
    assert store.reads == ["p1"]  # a WhatsApp or long message is not looked up at all
    empty = Store([SimpleNamespace(type_name="user", text="more")])
    assert asyncio.run(twilio_channel(SmsInput).details(in_memory_request(empty), "p1", "MORE")) is None


def test_an_sms_turn_is_one_message_and_a_whatsapp_turn_one_per_answer_with_listen_last():
    messages = [{"text": "Angajatorul trebuie să vă plătească.", "language": "ro"},
                {"text": "Vreți contactul unei organizații?", "buttons": YES_NO, "language": "ro"}]
    [sms] = twiml_messages(twilio_channel(SmsInput).twiml(messages, answers=True))
    assert "Angajatorul" in sms.text and "1. Da" in sms.text and listen.LISTEN not in sms.text
    first, second = twiml_messages(twilio_channel().twiml(messages, answers=True))
    assert first.text == "Angajatorul trebuie să vă plătească."
    assert second.text.endswith(f"3. {catalogs.text('button_listen', 'ro')}")
    plain = twiml_messages(twilio_channel().twiml(messages))
    assert "3." not in plain[1].text  # not the assistant's answers (a limit's notice): no Listen
    assert twilio_channel().twiml([]) == twilio_channel(SmsInput).twiml([])
    assert twiml_messages(twilio_channel(SmsInput).twiml([])) == []


def test_a_person_who_asked_for_voice_gets_the_answer_as_audio_from_a_one_use_link():
    media.forget_all()
    messages = [{"text": "Angajatorul trebuie să vă plătească.", "language": "ro", "voice": True}]
    replies = twiml_messages(twilio_channel().twiml(messages, answers=True))
    link = replies[-1].find("Media").text
    assert link.startswith(f"{PUBLIC_URL}/webhooks/whatsapp/media/")
    token = link.rsplit("/", 1)[1]
    assert media.by_link(token)[:4] == b"OggS"
    assert media.by_link(token) is None  # used once
    no_voice = twiml_messages(twilio_channel().twiml([{**messages[0], "voice": False}], answers=True))
    assert all(reply.find("Media") is None for reply in no_voice)
    not_answers = twiml_messages(twilio_channel().twiml(messages))
    assert all(reply.find("Media") is None for reply in not_answers)


def test_listen_speaks_the_stored_turn_through_a_one_use_link():
    media.forget_all()
    store = Store(STORED_TURN)
    spoken = asyncio.run(twilio_channel().spoken(in_memory_request(store, "/webhooks/whatsapp/webhook"), "p1"))
    [reply] = twiml_messages(spoken)
    token = reply.find("Media").text.removeprefix(f"{PUBLIC_URL}/webhooks/whatsapp/media/")
    assert media.texts.get(media.key_of(listen.spoken(numbered_turn()), "ro")) is not None
    assert media.by_link(token)[:4] == b"OggS" and media.by_link(token) is None
    nothing = Store([SimpleNamespace(type_name="user", text="salut")])
    assert twiml_messages(asyncio.run(twilio_channel().spoken(in_memory_request(nothing), "p1"))) == []


def numbered_turn() -> list[dict]:
    from bot.channels import numbered

    return numbered.latest_turn(SimpleNamespace(events=STORED_TURN))


# ---------------------------------------------------------------- routes


def route(channel, uri: str):
    blueprint = channel.blueprint(Assistant())
    return next(r.handler for r in blueprint._future_routes if r.uri == uri)


def test_the_health_route_says_whether_the_channel_is_on():
    import json

    on = asyncio.run(route(twilio_channel(), "/")(None))
    off = asyncio.run(route(WhatsAppInput(auth_token="", number="", public_url=""), "/")(None))
    assert json.loads(on.body) == {"status": "ok"} and json.loads(off.body) == {"status": "off"}


def test_spoken_answers_are_served_on_whatsapp_only():
    media.forget_all()
    token = media.link(media.remember("Salut", "ro"), uses=1)
    assert asyncio.run(route(twilio_channel(SmsInput), "/media/<token:str>")(None, token)).status == 404
    off = WhatsAppInput(auth_token="", number="", public_url="")
    assert asyncio.run(route(off, "/media/<token:str>")(None, token)).status == 404
    served = asyncio.run(route(twilio_channel(), "/media/<token:str>")(None, token))
    assert served.status == 200 and served.body[:4] == b"OggS"


def test_a_whatsapp_voice_note_goes_to_the_intake_as_a_voice_arrival(monkeypatch):
    taken = []

    async def take(arrival, output, on_new_message, admitted=None):
        taken.append(arrival)

    monkeypatch.setattr(intake, "take", take)
    fields = {**FIELDS, "Body": "", "NumMedia": "1", "MediaContentType0": "audio/ogg",
              "MediaUrl0": "https://api.twilio.com/x/Media/ME1"}
    answer, _, store = post_twilio(twilio_channel(), fields)
    assert answer.status == 200
    [arrival] = taken
    assert arrival.text == "" and arrival.voice is not None and arrival.channel == "whatsapp"
    sms_note = {**fields, "MessageSid": "SM" + "c" * 32}
    post_twilio(twilio_channel(SmsInput), sms_note)
    assert taken[-1].voice is None and taken[-1].text == intake.UNSUPPORTED  # SMS carries no voice notes


def test_listen_on_whatsapp_answers_from_the_stored_turn_without_asking_the_assistant():
    media.forget_all()
    store = Store(STORED_TURN)
    assistant = Assistant()
    fields = {**FIELDS, "Body": "3"}
    raw = urlencode(fields).encode()
    path = "/webhooks/whatsapp/webhook"
    from tests.unit.test_channel_verification import twilio_signature

    headers = {twilio_messaging.SIGNATURE_HEADER: twilio_signature(AUTH_TOKEN, PUBLIC_URL + path, fields)}
    answer = asyncio.run(handler(twilio_channel(), assistant)(request(path, raw, headers, store)))
    assert answer.status == 200 and assistant.messages == []
    assert twiml_messages(answer.body.decode())[0].find("Media") is not None
