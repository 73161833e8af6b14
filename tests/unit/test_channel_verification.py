"""Telegram's secret token and Twilio's signature, checked without a server: each webhook's handler
is called with a request in memory. A request that fails the check gets 403 and nothing behind
the check runs (no message reaches the assistant, no conversation store is read, no replay is
recorded); signed requests with malformed fields get 400, never 500, and nothing is stored.

Twilio's signature is computed here as Twilio documents it (base64 of HMAC-SHA1 under the auth
token, over the URL followed by each field name and value in name order), not with the code or
the library under test.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import string
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.channels import limits, telegram, twilio_messaging
from bot.channels.twilio_messaging import SmsInput, WhatsAppInput

AUTH_TOKEN = "twilio-auth-token-for-unit-tests"
PUBLIC_URL = "https://bot.example.org"
SECRET = "telegram-secret-for-unit-tests"


class TrackerStore:
    """Counts reads: a refused request must not reach the conversation store at all."""

    def __init__(self) -> None:
        self.reads: list[str] = []

    async def retrieve(self, sender_id: str) -> None:
        self.reads.append(sender_id)
        return None


class Request(SimpleNamespace):
    """What the handlers read of a Sanic request."""


def request(path: str, body: bytes, headers: dict[str, str], store: TrackerStore, query: str = "") -> Request:
    app = SimpleNamespace(ctx=SimpleNamespace(agent=SimpleNamespace(tracker_store=store)))
    return Request(path=path, body=body, headers=headers, query_string=query, app=app, remote_addr="203.0.113.9",
                   ip="203.0.113.9")


class Assistant:
    """Stands in for Rasa's on_new_message: records what reached it."""

    def __init__(self) -> None:
        self.messages: list = []

    async def __call__(self, message) -> None:
        self.messages.append(message)


def handler(channel, assistant: Assistant):
    blueprint = channel.blueprint(assistant)
    return next(route.handler for route in blueprint._future_routes if route.uri == "/webhook")


@pytest.fixture(autouse=True)
def fresh_limits(monkeypatch):
    """Each test starts with no forgeries counted and no replays seen."""
    from bot.channels import intake

    for window in (limits.forgeries, limits.by_conversation, limits.by_client, intake._told):
        monkeypatch.setattr(window, "_hits", {})
    monkeypatch.setattr(twilio_messaging, "seen_messages", twilio_messaging.SeenMessages())


def twilio_signature(token: str, url: str, fields: dict[str, str]) -> str:
    """https://www.twilio.com/docs/usage/webhooks/webhooks-security#validating-signatures-from-twilio"""
    data = url + "".join(name + fields[name] for name in sorted(fields))
    return base64.b64encode(hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()).decode()


def twilio_channel(kind=WhatsAppInput):
    return kind(auth_token=AUTH_TOKEN, number="+15550001111", public_url=PUBLIC_URL)


def post_twilio(channel, fields: dict[str, str], signature: str | None = "sign", body: bytes | None = None,
                assistant: Assistant | None = None, store: TrackerStore | None = None, path: str | None = None):
    assistant = assistant if assistant is not None else Assistant()
    store = store if store is not None else TrackerStore()
    path = path or f"/webhooks/{channel.channel}/webhook"
    headers = {}
    if signature == "sign":
        signature = twilio_signature(AUTH_TOKEN, PUBLIC_URL + path, fields)
    if signature is not None:
        headers[twilio_messaging.SIGNATURE_HEADER] = signature
    raw = urlencode(fields).encode() if body is None else body
    answer = asyncio.run(handler(channel, assistant)(request(path, raw, headers, store)))
    return answer, assistant, store


FIELDS = {"MessageSid": "SM" + "a" * 32, "From": "whatsapp:+40721234567", "To": "whatsapp:+15550001111",
          "Body": "my boss keeps my passport", "NumMedia": "0"}


def test_a_signed_twilio_message_reaches_the_assistant_under_a_pseudonym():
    answer, assistant, _ = post_twilio(twilio_channel(), FIELDS)
    assert answer.status == 200 and answer.content_type.startswith("application/xml")
    [message] = assistant.messages
    assert message.text == "my boss keeps my passport"
    assert message.sender_id != FIELDS["From"] and "721234567" not in message.sender_id
    assert message.input_channel == "whatsapp"


@pytest.mark.parametrize("signature", [None, "", "AAAA", "x" * 28])
def test_an_unsigned_or_forged_twilio_request_is_refused_and_nothing_runs(signature):
    answer, assistant, store = post_twilio(twilio_channel(), FIELDS, signature=signature)
    assert answer.status == 403
    assert assistant.messages == [] and store.reads == []
    assert twilio_messaging.seen_messages.first_time(FIELDS["MessageSid"])  # not recorded as seen


def test_a_signature_for_another_token_url_or_body_is_refused():
    channel = twilio_channel()
    path = "/webhooks/whatsapp/webhook"
    wrong = [twilio_signature("another-token", PUBLIC_URL + path, FIELDS),
             twilio_signature(AUTH_TOKEN, "https://elsewhere.example" + path, FIELDS),
             twilio_signature(AUTH_TOKEN, PUBLIC_URL + "/webhooks/sms/webhook", FIELDS),
             twilio_signature(AUTH_TOKEN, PUBLIC_URL + path, {**FIELDS, "Body": "something else"})]
    for signature in wrong:
        answer, assistant, store = post_twilio(channel, FIELDS, signature=signature)
        assert answer.status == 403 and assistant.messages == [] and store.reads == [], signature


def test_the_signature_covers_the_query_string():
    channel = twilio_channel()
    path = "/webhooks/whatsapp/webhook"
    signed_with_query = twilio_signature(AUTH_TOKEN, PUBLIC_URL + path + "?x=1", FIELDS)
    store, assistant = TrackerStore(), Assistant()
    headers = {twilio_messaging.SIGNATURE_HEADER: signed_with_query}
    refused = asyncio.run(handler(channel, assistant)(request(path, urlencode(FIELDS).encode(), headers, store)))
    taken = asyncio.run(handler(channel, assistant)(request(path, urlencode(FIELDS).encode(), headers, store, query="x=1")))
    assert refused.status == 403 and taken.status == 200 and len(assistant.messages) == 1


def test_forgeries_from_one_address_are_slowed_down(monkeypatch):
    monkeypatch.setattr(limits.forgeries, "limit", lambda: 3)
    statuses = [post_twilio(twilio_channel(), FIELDS, signature="forged")[0].status for _ in range(5)]
    assert statuses == [403, 403, 403, 429, 429]


def test_a_replayed_signed_message_is_answered_once():
    assistant = Assistant()
    first, _, _ = post_twilio(twilio_channel(), FIELDS, assistant=assistant)
    again, _, _ = post_twilio(twilio_channel(), FIELDS, assistant=assistant)
    assert first.status == again.status == 200 and len(assistant.messages) == 1


def test_a_channel_without_settings_is_off():
    channel = WhatsAppInput(auth_token="", number="+15550001111", public_url=PUBLIC_URL)
    answer, assistant, _ = post_twilio(channel, FIELDS)
    assert answer.status == 404 and assistant.messages == []


def test_sms_location_and_profile_fields_are_dropped_before_anything_sees_them():
    fields = {**FIELDS, "From": "+40721234567", "FromCity": "Constanta", "FromZip": "900001",
              "ProfileName": "Ana Popescu", "Body": "hello"}
    answer, assistant, _ = post_twilio(twilio_channel(SmsInput), fields)
    assert answer.status == 200
    [message] = assistant.messages
    seen = json.dumps([message.text, message.sender_id, message.metadata], default=str)
    assert "Constanta" not in seen and "900001" not in seen and "Popescu" not in seen


# Signed fuzzing: every body below carries a valid signature for its fields, so it reaches what is
# behind the check. Whatever the fields, the answer is 200 or 400, and a 400 stores nothing.
FIELD_NAMES = ["From", "Body", "NumMedia", "MessageSid", "SmsSid", "To", "FromCity", "ProfileName", "WaId", "x"]
VALUES = st.one_of(st.text(max_size=40), st.sampled_from(["", " ", "0", "-1", "many", "٣", "1e3", "99999999999999999999",
                                                          "whatsapp:", "+", "\x00", "%ZZ", "1", "MORE"]))


def _expected_bad(fields: dict[str, str]) -> bool:
    if not fields.get("From"):
        return True
    try:
        int(fields.get("NumMedia") or 0)
    except ValueError:
        return True
    return False


@settings(max_examples=100, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(FIELD_NAMES), VALUES, max_size=7), st.sampled_from([WhatsAppInput, SmsInput]))
def test_signed_fuzzed_fields_answer_200_or_400_and_a_400_stores_nothing(fields, kind):
    for window in (limits.forgeries, limits.by_conversation):
        window._hits.clear()
    fields.pop("MessageSid", None)  # each example new to the replay guard
    answer, assistant, store = post_twilio(twilio_channel(kind), fields)
    assert answer.status in (200, 400), (answer.status, fields)
    if _expected_bad(fields):
        assert answer.status == 400 and assistant.messages == [] and store.reads == [], fields
    else:
        assert answer.status == 200, fields


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300))
def test_signed_or_not_a_body_that_is_no_form_is_a_400(raw):
    try:
        fields = dict(twilio_messaging.parse_form(raw))
    except Exception:
        fields = None
    if fields is not None:
        return  # a well-formed form: the test above covers it
    # Signed over the fields Twilio would have sent (none could be read): still 400, before any use.
    answer, assistant, store = post_twilio(twilio_channel(), {}, body=raw)
    assert answer.status == 400 and assistant.messages == [] and store.reads == []


def test_repeated_fields_and_oversized_bodies_are_refused_before_the_signature():
    for raw in (b"From=%2B1&From=%2B2&Body=hi", b"Body=" + b"x" * (twilio_messaging.MAX_BODY_BYTES + 1)):
        answer, assistant, store = post_twilio(twilio_channel(), {}, body=raw)
        assert answer.status == 400 and assistant.messages == [] and store.reads == []


# Telegram: the secret token header, compared in constant time.
_TELEGRAM: list = []


def telegram_channel():
    """One channel for all tests: making its Bot client is most of a request's cost here."""
    if not _TELEGRAM:
        _TELEGRAM.append(telegram.TelegramInput(secret_token=SECRET, bot_token="123456:unit-test-token"))
    return _TELEGRAM[0]


def post_telegram(channel, update: dict | bytes, headers: dict[str, str], assistant: Assistant | None = None):
    assistant = assistant if assistant is not None else Assistant()
    body = update if isinstance(update, bytes) else json.dumps(update).encode()
    answer = asyncio.run(handler(channel, assistant)(request("/webhooks/telegram/webhook", body, headers, TrackerStore())))
    return answer, assistant


UPDATE = {"update_id": 7, "message": {"message_id": 7, "date": 1764500000, "text": "they took my passport",
                                      "from": {"id": 424242, "is_bot": False, "first_name": "Ana"},
                                      "chat": {"id": 424242, "type": "private", "first_name": "Ana"}}}


def test_telegram_with_the_secret_reaches_the_assistant_under_a_pseudonym():
    answer, assistant = post_telegram(telegram_channel(), UPDATE, {telegram.SECRET_HEADER: SECRET})
    assert answer.status == 200
    [message] = assistant.messages
    assert message.text == "they took my passport" and "424242" not in message.sender_id
    assert message.input_channel == "telegram"


@pytest.mark.parametrize("headers", [{}, {telegram.SECRET_HEADER: ""}, {telegram.SECRET_HEADER: SECRET[:-1]},
                                     {telegram.SECRET_HEADER: SECRET + "x"}, {telegram.SECRET_HEADER: SECRET.upper()},
                                     {"X-Other-Header": SECRET}])
def test_telegram_without_the_right_secret_is_refused_and_nothing_runs(headers):
    answer, assistant = post_telegram(telegram_channel(), UPDATE, headers)
    assert answer.status == 403 and assistant.messages == []


def test_telegram_malformed_updates_with_the_secret_are_a_400():
    for body in (b"{", b"[]", b'{"update_id": "7"}', b"\xff", json.dumps({"update_id": 7, "message": 5}).encode()):
        answer, assistant = post_telegram(telegram_channel(), body, {telegram.SECRET_HEADER: SECRET})
        assert answer.status == 400 and assistant.messages == [], body


def test_telegram_without_settings_is_off():
    channel = telegram.TelegramInput(secret_token="", bot_token="123456:unit-test-token")
    answer, assistant = post_telegram(channel, UPDATE, {telegram.SECRET_HEADER: ""})
    assert answer.status == 404 and assistant.messages == []


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=string.printable, max_size=60))
def test_telegram_refuses_every_secret_but_its_own(given_secret):
    limits.forgeries._hits.clear()
    limits.by_conversation._hits.clear()
    answer, assistant = post_telegram(telegram_channel(), UPDATE, {telegram.SECRET_HEADER: given_secret})
    if given_secret == SECRET:
        assert answer.status == 200
    else:
        assert answer.status == 403 and assistant.messages == []


# Behind the checks: what each channel reads of a request and how it answers.
class FakeBot:
    """The Bot API calls a channel makes, recorded instead of sent."""

    def __init__(self, fail: Exception | None = None) -> None:
        self.calls: list[tuple] = []
        self.fail = fail

    async def send_message(self, chat_id, text, reply_markup=None, reply_to_message_id=None):
        self.calls.append(("send_message", chat_id, text, reply_markup, reply_to_message_id))
        if self.fail:
            raise self.fail

    async def answer_callback_query(self, query_id):
        self.calls.append(("answer_callback_query", query_id))
        if self.fail:
            raise self.fail


def _update(data: dict):
    from telegram import Update

    return Update.de_json(data, None)


def test_telegram_updates_are_read_into_what_the_assistant_needs():
    from bot.channels import intake

    chat = {"id": 5, "type": "private"}
    read = telegram.read_update
    assert read(_update({"update_id": 1, "message": {"message_id": 1, "date": 1, "chat": chat, "text": "salut"}})) == \
        telegram.Incoming(5, "salut")
    assert read(_update({"update_id": 2, "message": {"message_id": 2, "date": 1, "chat": chat, "sticker": None}})) == \
        telegram.Incoming(5, intake.UNSUPPORTED)
    assert read(_update({"update_id": 3, "edited_message": {"message_id": 3, "date": 1, "chat": chat, "text": "x"}})) == \
        telegram.Incoming(5, intake.UNSUPPORTED)
    press = {"id": "q1", "from": {"id": 9, "is_bot": False, "first_name": "A"}, "chat_instance": "c", "data": "/affirm",
             "message": {"message_id": 4, "date": 1, "chat": chat}}
    assert read(_update({"update_id": 4, "callback_query": press})) == telegram.Incoming(5, "/affirm", callback_query_id="q1")
    without_message = {**press, "message": None, "data": None}
    assert read(_update({"update_id": 5, "callback_query": without_message})) == \
        telegram.Incoming(9, intake.UNSUPPORTED, callback_query_id="q1")
    assert read(_update({"update_id": 6})) is None


def test_buttons_whose_payload_telegram_cannot_carry_are_left_out():
    fits = {"title": "Yes", "payload": "/affirm"}
    too_long = {"title": "No", "payload": "/x" + "é" * 32}  # 66 bytes in UTF-8
    exactly = {"title": "Edge", "payload": "/" + "a" * 63}
    markup = telegram.keyboard([fits, too_long, exactly])
    rows = [[(b.text, b.callback_data) for b in row] for row in markup.inline_keyboard]
    assert rows == [[("Yes", "/affirm")], [("Edge", "/" + "a" * 63)]]
    assert telegram.keyboard([too_long]) is None and telegram.keyboard([]) is None


def test_telegram_output_sends_to_its_own_chat_only():
    bot = FakeBot()
    output = telegram.TelegramOutput(bot, 777)
    assert output.name() == "telegram"
    asyncio.run(output.send_text_message("pseudonym", "hello"))
    asyncio.run(output.send_text_with_buttons("pseudonym", "choose", [{"title": "Yes", "payload": "/affirm"}]))
    assert [c[:3] for c in bot.calls] == [("send_message", 777, "hello"), ("send_message", 777, "choose")]
    assert bot.calls[0][3] is None and bot.calls[1][3].inline_keyboard[0][0].callback_data == "/affirm"


def test_a_pressed_button_is_acknowledged_and_reaches_the_assistant():
    channel = telegram_channel()
    bot = FakeBot()
    original, channel.bot = channel.bot, bot
    try:
        press = {"update_id": 8, "callback_query": {
            "id": "q8", "from": {"id": 31, "is_bot": False, "first_name": "A"}, "chat_instance": "c", "data": "/affirm",
            "message": {"message_id": 1, "date": 1, "chat": {"id": 31, "type": "private"}}}}
        answer, assistant = post_telegram(channel, press, {telegram.SECRET_HEADER: SECRET})
    finally:
        channel.bot = original
    assert answer.status == 200 and bot.calls == [("answer_callback_query", "q8")]
    assert [m.text for m in assistant.messages] == ["/affirm"]


def test_telegram_api_failures_still_answer_200_so_telegram_does_not_resend():
    from telegram.error import NetworkError

    channel = telegram_channel()
    original, channel.bot = channel.bot, FakeBot(fail=NetworkError("down"))
    try:
        press = {"update_id": 9, "callback_query": {
            "id": "q9", "from": {"id": 32, "is_bot": False, "first_name": "A"}, "chat_instance": "c", "data": "/affirm",
            "message": {"message_id": 1, "date": 1, "chat": {"id": 32, "type": "private"}}}}
        answer, assistant = post_telegram(channel, press, {telegram.SECRET_HEADER: SECRET})
    finally:
        channel.bot = original
    assert answer.status == 200 and assistant.messages == []


def test_a_person_over_the_limit_is_told_once_and_the_assistant_hears_nothing(monkeypatch):
    channel = telegram_channel()
    bot = FakeBot()
    original, channel.bot = channel.bot, bot
    monkeypatch.setattr(limits.by_conversation, "limit", lambda: 1)
    try:
        update = {**UPDATE, "message": {**UPDATE["message"], "chat": {"id": 515151, "type": "private"}}}
        statuses = [post_telegram(channel, {**update, "update_id": 20 + i}, {telegram.SECRET_HEADER: SECRET})[0].status
                    for i in range(3)]
    finally:
        channel.bot = original
    assert statuses == [200, 200, 200]
    told = [c for c in bot.calls if c[0] == "send_message"]
    assert len(told) == 1 and told[0][1] == 515151  # once, to the person's chat


def test_messages_in_a_partners_group_go_to_the_case_never_to_the_assistant(monkeypatch):
    from bot.cases import partner_group, replies

    seen = []

    async def from_group(code, partner, group, text):
        seen.append((code, group, text))
        assert partner == {"id": "p"}
        return "stored"

    found = partner_group.GroupMessage(group=-100, message_id=3, partner={"id": "p"}, codes=["K7QM-4XRT-9PWA"],
                                       text="we can meet")
    read = []
    monkeypatch.setattr(partner_group, "read_message", lambda update: read.append(update) or found)
    monkeypatch.setattr(replies, "from_group", from_group)
    bot = FakeBot()
    group_update = {"update_id": 30, "message": {"message_id": 3, "date": 1, "text": "K7QM-4XRT-9PWA we can meet",
                                                 "chat": {"id": -100, "type": "supergroup", "title": "Partner"}}}
    channel = telegram_channel()
    original, channel.bot = channel.bot, bot
    try:
        answer, assistant = post_telegram(channel, group_update, {telegram.SECRET_HEADER: SECRET})
    finally:
        channel.bot = original
    assert answer.status == 200 and assistant.messages == []
    assert seen == [("K7QM-4XRT-9PWA", -100, "we can meet")]
    assert [u.update_id for u in read] == [30]
    from bot.language import catalogs

    saved = catalogs.text("partner_reply_saved", "en", catalogs.PARTNERS)
    assert saved != "partner_reply_saved"
    assert [c[:3] for c in bot.calls] == [("send_message", -100, saved)] and bot.calls[0][4] == 3  # "saved", as a reply


@pytest.mark.parametrize("outcome", ["refused", "relayed", KeyError])
def test_a_group_answer_that_is_refused_relayed_or_for_no_case_gets_no_confirmation(monkeypatch, outcome):
    from bot.cases import partner_group, replies

    async def from_group(code, partner, group, text):
        if outcome is KeyError:
            raise KeyError(code)
        return outcome

    found = partner_group.GroupMessage(group=-100, message_id=3, partner={"id": "p"}, codes=["K7QM-4XRT-9PWA"], text="x")
    monkeypatch.setattr(partner_group, "read_message", lambda update: found)
    monkeypatch.setattr(replies, "from_group", from_group)
    bot = FakeBot()
    asyncio.run(telegram.partner_answered(None, bot))
    assert bot.calls == []
    monkeypatch.setattr(partner_group, "read_message", lambda update: None)
    asyncio.run(telegram.partner_answered(None, bot))
    assert bot.calls == []


def test_twilio_output_keeps_whole_messages_with_text_or_buttons():
    output = twilio_messaging.TwilioOutput("sms")
    assert output.name() == "sms"
    asyncio.run(output.send_response("p", {"text": "hello", "language": "ro"}))
    asyncio.run(output.send_response("p", {"buttons": [{"title": "Da", "payload": "/affirm"}]}))
    asyncio.run(output.send_response("p", {"image": "x.png"}))
    assert output.messages == [{"recipient_id": "p", "text": "hello", "language": "ro"},
                               {"recipient_id": "p", "buttons": [{"title": "Da", "payload": "/affirm"}]}]


def test_a_turn_is_in_the_language_it_ended_in():
    assert twilio_messaging.language_of([{"text": "a", "language": "en"}, {"text": "b", "language": "ro"}, {"text": "c"}]) == "ro"
    assert twilio_messaging.language_of([{"text": "a"}]) == "en"


def test_a_replay_guard_forgets_after_a_day_and_keeps_a_bounded_memory():
    seen = twilio_messaging.SeenMessages(keep=100.0, most=3)
    assert seen.first_time("a", now=0.0) and not seen.first_time("a", now=50.0)
    assert seen.first_time("a", now=150.0)  # a day later (here 100 s): new again
    for sid in "bcd":
        assert seen.first_time(sid, now=160.0)
    assert len(seen._seen) == 3 and "a" not in seen._seen  # the oldest went first


def test_an_empty_whatsapp_message_is_the_help_menu_or_a_text_only_reply():
    from bot.channels import intake

    answer, assistant, _ = post_twilio(twilio_channel(), {**FIELDS, "Body": "", "NumMedia": "0"})
    answer2, assistant2, _ = post_twilio(twilio_channel(), {**FIELDS, "MessageSid": "SM2", "Body": " ", "NumMedia": "1"})
    assert [m.text for m in assistant.messages] == ["/help_menu"]
    assert [m.text for m in assistant2.messages] == [intake.UNSUPPORTED]


def test_twilio_answers_with_twiml_per_channel(monkeypatch):
    whatsapp, sms = twilio_channel(), twilio_channel(SmsInput)
    turn = [{"text": "Hello", "language": "en", "buttons": [{"title": "Yes", "payload": "/affirm"}]}]
    # Nothing to say (a replay, a second message over the limit): no <Message> at all, which on SMS
    # would be an empty text Twilio refuses.
    assert whatsapp.twiml([]) == sms.twiml([]) == '<?xml version="1.0" encoding="UTF-8"?><Response />'
    assert whatsapp.twiml(turn).count("<Message>") == 1 and "1" in whatsapp.twiml(turn) and "Yes" in whatsapp.twiml(turn)
    monkeypatch.setattr(twilio_messaging, "max_sms_segments", lambda: 1)
    long_turn = [{"text": "Hello " * 100, "language": "en"}]
    assert sms.twiml(long_turn).count("<Message>") == 1 and len(sms.twiml(long_turn)) < len(whatsapp.twiml(long_turn))


def test_a_refused_group_answer_and_a_failed_confirmation_are_logged_not_raised(monkeypatch, caplog):
    import logging

    from telegram.error import NetworkError

    from bot.cases import partner_group, replies

    found = partner_group.GroupMessage(group=-100, message_id=3, partner={"id": "p"}, codes=["K7QM-4XRT-9PWA"], text="x")
    monkeypatch.setattr(partner_group, "read_message", lambda update: found)
    outcomes = iter(["refused", "stored"])

    async def from_group(code, partner, group, text):
        return next(outcomes)

    monkeypatch.setattr(replies, "from_group", from_group)
    with caplog.at_level(logging.WARNING, logger="bot.channels.telegram"):
        asyncio.run(telegram.partner_answered(None, FakeBot()))
        asyncio.run(telegram.partner_answered(None, FakeBot(fail=NetworkError("down"))))
    assert [r.getMessage() for r in caplog.records] == [
        "a partner's group answered a case that was not sent to it: ignored", "telegram API call failed: NetworkError"]


def test_set_webhook_tells_telegram_the_url_the_secret_and_the_updates_wanted(monkeypatch):
    from bot import config
    from bot.cases import partner_group

    calls = []

    class Bot:
        async def __aenter__(self):
            return self

        async def __aexit__(self, *exc):
            return False

        async def set_webhook(self, url, secret_token=None, allowed_updates=None):
            calls.append((url, secret_token, allowed_updates))

    monkeypatch.setenv("TELEGRAM_SECRET_TOKEN", "the-secret")
    config.reload()
    monkeypatch.setattr(partner_group, "make_bot", Bot)
    asyncio.run(telegram.set_webhook("https://bot.example.org/webhooks/telegram/webhook"))
    assert calls == [("https://bot.example.org/webhooks/telegram/webhook", "the-secret",
                      ["message", "edited_message", "callback_query"])]


def test_a_live_chat_asked_by_an_action_gets_a_way_back_to_this_chat_only(monkeypatch):
    from bot.cases import live_chat

    started = []

    async def start_asked(asked, person, send):
        started.append((asked, person))
        await send("connected", [{"title": "End", "payload": "/end_chat"}])
        await send("plain", [])

    monkeypatch.setattr(live_chat, "start_asked", start_asked)
    bot = FakeBot()
    output = telegram.TelegramOutput(bot, 4242)
    asyncio.run(output.send_custom_json("pseudonym", {"live_chat": {"contact_id": "x"}}))
    asyncio.run(output.send_custom_json("pseudonym", {}))
    assert started == [({"contact_id": "x"}, "pseudonym"), ({}, "pseudonym")]
    assert [c[1:3] for c in bot.calls[:2]] == [(4242, "connected"), (4242, "plain")]
    assert bot.calls[0][3].inline_keyboard[0][0].callback_data == "/end_chat" and bot.calls[1][3] is None


def test_the_bot_talks_to_the_configured_api(monkeypatch):
    from bot import config

    monkeypatch.setenv("TELEGRAM_API_BASE_URL", "http://127.0.0.1:9/bot")
    config.reload()
    channel = telegram.TelegramInput(secret_token=SECRET, bot_token="1:x")
    assert channel.bot.base_url == "http://127.0.0.1:9/bot1:x"
    assert telegram.TelegramInput(secret_token="", bot_token="1:x").bot is None
    assert telegram.TelegramInput(secret_token=SECRET, bot_token="").bot is None


class StoredTracker:
    """A conversation as the tracker store keeps it: the last turn's messages and the language."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.events = [SimpleNamespace(type_name="user", text="salut", data={}),
                       SimpleNamespace(type_name="bot", text="Did they take your passport? " + "More words. " * 30,
                                       data={"buttons": [{"title": "Yes", "payload": "/affirm"},
                                                         {"title": "No", "payload": "/deny"}]})]

    def get_slot(self, name):
        return {"language": self.language}.get(name)


class StoreWithTracker(TrackerStore):
    def __init__(self, tracker) -> None:
        super().__init__()
        self.tracker = tracker

    async def retrieve(self, sender_id: str):
        self.reads.append(sender_id)
        return self.tracker


def test_a_numbered_reply_becomes_the_button_it_names_in_the_stored_turn():
    store = StoreWithTracker(StoredTracker("en"))
    for body, expected in (("2", "/deny"), (" 1. ", "/affirm"), ("7", "7"), ("12 hours", "12 hours")):
        assistant = Assistant()
        answer, _, _ = post_twilio(twilio_channel(), {**FIELDS, "MessageSid": f"SM{body}", "Body": body},
                                   assistant=assistant, store=store)
        assert answer.status == 200 and [m.text for m in assistant.messages] == [expected], body
    assert store.reads and all(read == assistant.messages[0].sender_id for read in store.reads)


def test_more_on_sms_sends_the_stored_details_in_the_persons_language_and_nothing_reaches_the_assistant():
    from twilio.twiml.messaging_response import MessagingResponse

    from bot.channels import numbered, sms_reply
    from bot.language import catalogs

    for code in ("en", "ro"):
        tracker = StoredTracker(code)
        word = catalogs.text("sms_more_word", code)
        store, assistant = StoreWithTracker(tracker), Assistant()
        answer, _, _ = post_twilio(twilio_channel(SmsInput), {**FIELDS, "MessageSid": f"SM-more-{code}", "Body": word},
                                   assistant=assistant, store=store)
        expected = MessagingResponse()
        expected.message(sms_reply.compose(numbered.latest_turn(tracker), code, twilio_messaging.max_sms_segments(), details=True))
        assert answer.status == 200 and answer.body.decode() == str(expected), code
        assert assistant.messages == [] and len(store.reads) == 1
    # On WhatsApp, or as part of a longer message, MORE is words for the assistant.
    for kind, body in ((WhatsAppInput, "MORE"), (SmsInput, "MORE " + "please tell me " * 3)):
        assistant = Assistant()
        post_twilio(twilio_channel(kind), {**FIELDS, "MessageSid": f"SM-{kind.channel}-{len(body)}", "Body": body},
                    assistant=assistant, store=StoreWithTracker(StoredTracker("en")))
        assert [m.text for m in assistant.messages] == [body.strip()]


def test_more_with_nothing_stored_goes_to_the_assistant():
    assistant = Assistant()
    post_twilio(twilio_channel(SmsInput), {**FIELDS, "MessageSid": "SM-more-none", "Body": "MORE"}, assistant=assistant)
    assert [m.text for m in assistant.messages] == ["MORE"]


def test_bad_fields_are_explained():
    from bot.channels import intake

    with pytest.raises(intake.BadRequest, match="^From is missing$"):
        twilio_messaging.wanted({"Body": "hi"})
    with pytest.raises(intake.BadRequest, match="^NumMedia must be a number$"):
        twilio_messaging.wanted({"From": "+1", "NumMedia": "x"})
    assert twilio_messaging.wanted({"From": "+1"}) == ("+1", "", 0)
    assert twilio_messaging.wanted({"From": "+1", "NumMedia": "2", "Body": "hi"}) == ("+1", "hi", 2)


def test_no_signature_header_is_never_signed():
    channel = twilio_channel()
    bare = request("/webhooks/whatsapp/webhook", b"", {}, TrackerStore())
    assert channel.signed(bare, FIELDS) is False


def test_twilio_settings_come_from_credentials_before_the_environment():
    channel = WhatsAppInput.from_credentials({"auth_token": "yaml-token", "number": "+1555", "public_url": "https://x.example/"})
    assert (channel.token, channel.number, channel.public_url, channel.enabled) == ("yaml-token", "+1555", "https://x.example", True)


def test_a_whatsapp_turn_is_numbered_in_its_language():
    from bot.channels import numbered

    turn = [{"text": "Salut", "language": "ro", "buttons": [{"title": "Da", "payload": "/affirm"}]}]
    xml = twilio_channel().twiml(turn)
    for text in numbered.for_whatsapp(turn, "ro"):
        assert text.replace("\n", "") in xml.replace("\n", "")


def test_an_sms_over_its_conversations_limit_is_answered_without_reading_the_store(monkeypatch):
    """A flood of short SMS from one number: once over the limit, each is answered from memory.
    (Before, every SMS of 40 characters or less read the whole conversation to see whether it was
    MORE, and a numbered reply read it again, before the limit was even looked at.)"""
    from bot import config

    monkeypatch.setenv("BOT_RATE_PER_CONVERSATION", "2")
    config.reload()
    store, assistant = TrackerStore(), Assistant()
    channel = twilio_channel(SmsInput)
    statuses = []
    for n in range(6):
        fields = {**FIELDS, "MessageSid": f"SM{n:032d}", "From": "+40721234567", "To": "+15550001111", "Body": "hello"}
        answer, _, _ = post_twilio(channel, fields, assistant=assistant, store=store, path="/webhooks/sms/webhook")
        statuses.append((answer.status, answer.headers.get("Retry-After")))
    assert len(assistant.messages) == 2  # within the limit: on to the assistant
    assert len(store.reads) == 2  # MORE looked for in those two only; the four over the limit read nothing
    assert statuses[2:] == [(200, "60")] * 4
