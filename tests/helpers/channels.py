"""Requests as Telegram and Twilio send them, and reading what came back."""

import json
import os
import re
import subprocess
import sys
import uuid
from urllib.parse import urlencode

from twilio.request_validator import RequestValidator

from bot.cases import case_codes
from tests.helpers.servers import CHANNELS, PARTNER_GROUP, ROOT

TELEGRAM = "/webhooks/telegram/webhook"


SECRET = {"X-Telegram-Bot-Api-Secret-Token": CHANNELS["TELEGRAM_SECRET_TOKEN"]}


CHAT_ID = 987654321


PHONE = "+40721234567"


def user(chat_id: int = CHAT_ID) -> dict:
    return {"id": chat_id, "is_bot": False, "first_name": "Ana", "language_code": "ro"}


def message(update_id: int, chat_id: int = CHAT_ID, **content) -> dict:
    """A message update in the shape of the Bot API docs (https://core.telegram.org/bots/api#message)."""
    return {"update_id": update_id, "message": {
        "message_id": update_id, "from": user(chat_id), "date": 1764500000,
        "chat": {"id": chat_id, "type": "private", "first_name": "Ana"}, **content}}


def callback(update_id: int, data: str, chat_id: int = CHAT_ID) -> dict:
    """A button press, as the Bot API posts it."""
    who = {"id": chat_id, "is_bot": False, "first_name": "Ana"}
    return {"update_id": update_id, "callback_query": {
        "id": f"cb{update_id}", "from": who, "chat_instance": "1", "data": data,
        "message": {"message_id": update_id, "date": 1764500000, "chat": {"id": chat_id, "type": "private"}}}}


def in_group(update_id: int, text: str, quoted: str = "", group: int = PARTNER_GROUP) -> dict:
    """A partner writing in their group, optionally replying to one of the relayed messages."""
    update = {"update_id": update_id, "message": {
        "message_id": update_id, "date": 1764500000, "text": text,
        "chat": {"id": group, "type": "supergroup", "title": "Helpline"},
        "from": {"id": 4242, "is_bot": False, "first_name": "Maria"}}}
    if quoted:
        update["message"]["reply_to_message"] = {"message_id": 1, "date": 1764499000, "text": quoted,
                                                 "chat": {"id": group, "type": "supergroup"}}
    return update


def telegram(assistant, update: dict, headers: dict = SECRET):
    return assistant.post(TELEGRAM, json.dumps(update).encode(), headers=headers)


def sent_texts(fake) -> list[str]:
    return [params["text"] for method, params in fake.take() if method == "sendMessage"]


def twilio(assistant, channel: str, fields: dict, signature: str | None = "sign"):
    path = f"/webhooks/{channel}/webhook"
    headers = {}
    if signature == "sign":
        signature = RequestValidator(CHANNELS["TWILIO_AUTH_TOKEN"]).compute_signature(CHANNELS["BOT_PUBLIC_URL"] + path, fields)
    if signature is not None:
        headers["X-Twilio-Signature"] = signature
    return assistant.post(path, urlencode(fields).encode(), "application/x-www-form-urlencoded", headers)


def inbound(sender: str, body: str, media: int = 0, to: str = CHANNELS["TWILIO_SMS_NUMBER"]) -> dict:
    """A Twilio messaging webhook (https://www.twilio.com/docs/messaging/guides/webhook-request)."""
    # Each message its own MessageSid, as Twilio gives: a repeated one is a replay, answered once.
    fields = {"MessageSid": "SM" + uuid.uuid4().hex, "AccountSid": "AC" + "b" * 32, "From": sender, "To": to,
              "Body": body, "NumMedia": str(media), "NumSegments": "1", "FromCity": "BUCURESTI",
              "FromState": "B", "FromZip": "010011", "FromCountry": "RO", "ApiVersion": "2010-04-01"}
    if media:
        fields.update(MediaUrl0="https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME",
                      MediaContentType0="image/jpeg")
    return fields


def twiml_messages(xml: str) -> list[str]:
    import html

    return [html.unescape(m) for m in re.findall(r"<Message>(.*?)</Message>", xml, re.DOTALL)]


def texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text") or "" for r in replies)


def report_from(assistant, sender: str, place: str, first: str = "my boss keeps my passport and i cannot leave the farm",
                summary: str = "/deny") -> str:
    """Walk the path to a report for a place and return the case code the person is given."""
    assistant.say(sender, first)
    assistant.say(sender, "/request_human")
    assistant.say(sender, place)
    assistant.say(sender, "/want_to_report")
    assistant.say(sender, '/affirm{"sector":"agriculture"}')
    (code,) = set(case_codes.find(texts(assistant.say(sender, summary))))
    return code


def partner_reply(assistant, code: str, text: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, BOT_VAR_DIR=str(assistant.var_dir), BOT_DIRECTORY_FILE=str(assistant.var_dir / "directory.yaml"))
    return subprocess.run([sys.executable, "-m", "bot", "cases", "reply", code, text], cwd=ROOT, env=env,
                          capture_output=True, text=True)
