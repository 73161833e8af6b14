"""Telegram, WhatsApp and SMS end to end: real client libraries, signed and forged requests."""

import hashlib
import hmac
import re
import uuid
from urllib.parse import urlencode

import pytest
from twilio.request_validator import RequestValidator

from bot.channels import sms_segments
from bot.language import catalogs
from tests.helpers.channels import CHAT_ID, PHONE, inbound, message, sent_texts, telegram, twilio, twiml_messages, user
from tests.helpers.servers import CHANNELS


def test_telegram_text_is_answered_through_the_bot_api(assistant, fake_telegram):
    fake_telegram.take()
    status, _ = telegram(assistant, message(1, text="how many hours can they make me work"))
    assert status == 200
    calls = fake_telegram.take()
    assert calls and all(int(p["chat_id"]) == CHAT_ID for m, p in calls if m == "sendMessage")
    texts = [p["text"] for m, p in calls if m == "sendMessage"]
    assert any("48" in t for t in texts)
    offer = [p for m, p in calls if m == "sendMessage" and "reply_markup" in p][-1]
    *choices, listen = [row[0]["callback_data"] for row in offer["reply_markup"]["inline_keyboard"]]
    assert choices == ["/request_human", "/deny"] and re.fullmatch(r"/listen [0-9a-f]{16}", listen)  # the turn's Listen


def test_telegram_start_with_campaign_payload_greets_with_the_language_menu(assistant, fake_telegram):
    fake_telegram.take()
    status, _ = telegram(assistant, message(2, chat_id=1111, text="/start farm-kuopio-01",
                                            entities=[{"type": "bot_command", "offset": 0, "length": 6}]))
    assert status == 200
    calls = fake_telegram.take()
    menu = [p for m, p in calls if m == "sendMessage" and "reply_markup" in p]
    # Nothing tells the language yet: the menu offers the twelve, each in its own name.
    *titles, listen = [row[0]["text"] for row in menu[0]["reply_markup"]["inline_keyboard"]]
    assert len(titles) == 12 and "Română" in titles and "العربية" in titles and listen == catalogs.text("button_listen", "en")


def test_telegram_button_press_is_understood_and_acknowledged(assistant, fake_telegram):
    fake_telegram.take()
    press = {"update_id": 3, "callback_query": {
        "id": "4382bfdwdsb323b2d9", "from": user(2222), "chat_instance": "-12345", "data": "/request_human",
        "message": {"message_id": 9, "date": 1764500000, "chat": {"id": 2222, "type": "private"}, "text": "?"}}}
    status, _ = telegram(assistant, press)
    assert status == 200
    calls = fake_telegram.take()
    assert ("answerCallbackQuery", {"callback_query_id": "4382bfdwdsb323b2d9"}) in calls
    assert any("city or region" in p["text"] for m, p in calls if m == "sendMessage")


@pytest.mark.parametrize("content", [  # voice notes are heard: tests/integration/test_voice.py
    {"photo": [{"file_id": "AgACAgIAAxkBAAIC", "file_unique_id": "AQADs", "width": 90, "height": 67}]},
    {"sticker": {"file_id": "CAACAgIAAxkBAAID", "file_unique_id": "AgADt", "type": "regular", "width": 512,
                 "height": 512, "is_animated": False, "is_video": False}},
    {"location": {"latitude": 52.52, "longitude": 13.40}},
])
def test_telegram_media_gets_a_text_only_reply(assistant, fake_telegram, content):
    fake_telegram.take()
    status, _ = telegram(assistant, message(4, chat_id=3333, **content))
    assert status == 200
    assert sent_texts(fake_telegram) == ["I can only read text. Please write your question in words."]


def test_telegram_edited_message_gets_a_text_only_reply(assistant, fake_telegram):
    fake_telegram.take()
    edited = message(5, chat_id=4444, text="hello again", edit_date=1764500100)
    edited["edited_message"] = edited.pop("message")
    status, _ = telegram(assistant, edited)
    assert status == 200 and sent_texts(fake_telegram) == ["I can only read text. Please write your question in words."]


@pytest.mark.parametrize("headers", [{}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"},
                                     {"X-Telegram-Bot-Api-Secret-Token": ""}])
def test_telegram_without_the_secret_is_forbidden(assistant, fake_telegram, headers):
    fake_telegram.take()
    status, _ = telegram(assistant, message(6, text="hello"), headers=headers)
    assert status == 403 and fake_telegram.take() == []


def test_whatsapp_answers_inline_with_numbered_choices(assistant):
    sender = "whatsapp:" + PHONE
    status, xml = twilio(assistant, "whatsapp", inbound(sender, "the agency want 500 euro for the job",
                                                        to=CHANNELS["TWILIO_WHATSAPP_NUMBER"]))
    assert status == 200, xml
    messages = twiml_messages(xml)
    assert any("employer pays" in m for m in messages)
    yes = choice_number(messages[-1], "Yes")
    assert f"{yes + 1}. No" in messages[-1] and "Reply with a number" in messages[-1]
    # Numbers run on across the turn: each names one choice, so "1" cannot also mean Yes here.
    assert sorted(choice_numbers("\n".join(messages))) == list(range(1, yes + 3))
    assert f"{yes + 2}. {catalogs.text('button_listen', 'en')}" in messages[-1]  # the last choice: hear the turn
    status, xml = twilio(assistant, "whatsapp", inbound(sender, str(yes), to=CHANNELS["TWILIO_WHATSAPP_NUMBER"]))
    assert any("city or region" in m for m in twiml_messages(xml))


def choice_numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"^(\d+)\. ", text, re.MULTILINE)]


def choice_number(text: str, title: str) -> int:
    (number,) = re.findall(rf"^(\d+)\. {title}$", text, re.MULTILINE)
    return int(number)


def test_sms_keeps_the_offer_of_help_and_maps_numbers_to_what_was_sent(assistant):
    """The issue's case: passport taken and two months unpaid, in 3 segments, nothing of the offer lost."""
    sender = "+40723000444"
    status, xml = twilio(assistant, "sms", inbound(sender, "the boss took my passport and has not paid me for two months"))
    assert status == 200
    (answer,) = twiml_messages(xml)
    assert sms_segments.segments(answer) <= 3
    assert "Would you like" in answer and "Reply MORE for details." in answer
    numbers = choice_numbers(answer)
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 2
    # A number the person was not sent is not a choice: it goes on as the words it is.
    status, xml = twilio(assistant, "sms", inbound(sender, str(len(numbers) + 5)))
    assert "city or region" not in twiml_messages(xml)[0]
    status, xml = twilio(assistant, "sms", inbound(sender, "the boss took my passport and has not paid me for two months",))
    (answer,) = twiml_messages(xml)
    status, xml = twilio(assistant, "sms", inbound(sender, str(choice_number(answer, "Yes"))))
    assert "city or region" in twiml_messages(xml)[0]


def test_sms_more_sends_the_details_that_were_left_out(assistant):
    sender = "+40723000555"
    status, xml = twilio(assistant, "sms", inbound(sender, "the boss took my passport and wont give it back"))
    (short,) = twiml_messages(xml)
    assert "Reply MORE for details." in short
    status, xml = twilio(assistant, "sms", inbound(sender, "more"))
    (details,) = twiml_messages(xml)
    assert status == 200 and "Reply MORE" not in details and details != short
    assert "An employer or agent should not keep them." in details  # the full answer, left out before
    assert sms_segments.segments(details) <= 3
    # MORE did not reach the conversation: the numbers still name the turn's choices.
    status, xml = twilio(assistant, "sms", inbound(sender, str(choice_number(short, "Yes"))))
    assert "city or region" in twiml_messages(xml)[0]


def test_whatsapp_media_without_text_gets_a_text_only_reply(assistant):
    status, xml = twilio(assistant, "whatsapp", inbound("whatsapp:+40722000111", "", media=1,
                                                        to=CHANNELS["TWILIO_WHATSAPP_NUMBER"]))
    assert status == 200 and twiml_messages(xml) == ["I can only read text. Please write your question in words.\n\n"
                                                     f"Reply with a number:\n1. {catalogs.text('button_listen', 'en')}"]


def test_sms_answer_is_one_message_within_three_segments(assistant):
    status, xml = twilio(assistant, "sms", inbound("+40723000222", "nu am primit salariul de doua luni"))
    assert status == 200
    (answer,) = twiml_messages(xml)
    assert sms_segments.segments(answer) <= 3
    assert sms_segments.is_gsm7(answer)  # Romanian accents dropped so it stays GSM-7


def test_sms_media_only_is_answered(assistant):
    status, xml = twilio(assistant, "sms", inbound("+40723000333", "", media=1))
    assert status == 200 and "only read text" in twiml_messages(xml)[0]


@pytest.mark.parametrize("channel", ["whatsapp", "sms"])
@pytest.mark.parametrize("signature", [None, "", "forged+signature=", "sign-with-another-token"])
def test_twilio_forged_or_unsigned_is_forbidden(assistant, channel, signature):
    fields = inbound(f"+40724{uuid.uuid4().int % 10**6:06d}", "my name is Ana, call me")  # a number of its own
    if signature == "sign-with-another-token":
        signature = RequestValidator("not-our-token").compute_signature(
            CHANNELS["BOT_PUBLIC_URL"] + f"/webhooks/{channel}/webhook", fields)
    status, answer = twilio(assistant, channel, fields, signature=signature)
    assert status == 403 and b"<Message>" not in answer  # an error body, no TwiML answer
    refused_nothing_processed(assistant, channel, fields)


def pseudonym(channel: str, sender: str) -> str:
    return hmac.new(CHANNELS["BOT_PSEUDONYM_KEY"].encode(), f"{channel}:{sender}".encode(), hashlib.sha256).hexdigest()


def refused_nothing_processed(assistant, channel: str, fields: dict) -> None:
    """Nothing of a refused request was stored, and its MessageSid was not taken as seen: the same
    message, properly signed, is then answered as a first message."""
    assert assistant.stored_events(pseudonym(channel, fields["From"])) == []
    status, xml = twilio(assistant, channel, {**fields, "Body": "hello"})
    assert status == 200 and twiml_messages(xml), xml
    assert assistant.stored_events(pseudonym(channel, fields["From"])) != []


def test_tampered_body_breaks_the_signature(assistant):
    fields = inbound(f"+40724{uuid.uuid4().int % 10**6:06d}", "hello")
    path = "/webhooks/sms/webhook"
    signature = RequestValidator(CHANNELS["TWILIO_AUTH_TOKEN"]).compute_signature(CHANNELS["BOT_PUBLIC_URL"] + path, fields)
    fields["Body"] = "delete my data"
    status, _ = assistant.post(path, urlencode(fields).encode(), "application/x-www-form-urlencoded",
                               {"X-Twilio-Signature": signature})
    assert status == 403
    fields["Body"] = "hello"
    refused_nothing_processed(assistant, "sms", fields)


def test_set_webhook_registers_url_and_secret(fake_telegram):
    import os
    import subprocess
    import sys

    env = dict(os.environ, TELEGRAM_BOT_TOKEN=CHANNELS["TELEGRAM_BOT_TOKEN"], BOT_PUBLIC_URL="https://help.example.org/",
               TELEGRAM_SECRET_TOKEN=CHANNELS["TELEGRAM_SECRET_TOKEN"], TELEGRAM_API_BASE_URL=fake_telegram.base_url)
    fake_telegram.take()
    result = subprocess.run([sys.executable, "-m", "bot", "telegram", "set-webhook"], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    (params,) = [p for m, p in fake_telegram.take() if m == "setWebhook"]
    assert params["url"] == "https://help.example.org/webhooks/telegram/webhook"
    assert params["secret_token"] == CHANNELS["TELEGRAM_SECRET_TOKEN"]


def test_set_webhook_says_what_is_missing():
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_PUBLIC"))}
    result = subprocess.run([sys.executable, "-m", "bot", "telegram", "set-webhook"], env=env, capture_output=True, text=True)
    assert result.returncode == 2 and "TELEGRAM_BOT_TOKEN" in result.stderr
