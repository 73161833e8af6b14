"""The safe-reporting path: a report delivered by e-mail, Telegram group or signed webhook; the
partner's answer read back by whoever holds the code; nothing linking the code to the conversation."""

import email
import email.policy
import hashlib
import hmac
import json

from bot.cases import case_codes
from tests.helpers.channels import SECRET, TELEGRAM, message, partner_reply, report_from, texts
from tests.helpers.servers import PARTNER_GROUP, WEBHOOK_SECRET


def test_report_by_email_answer_read_back_by_code_and_never_linked(assistant, mailbox):
    sender = "report-email-000001"
    code = report_from(assistant, sender, "Berlin", summary="they keep our passports in the office, call me on +49 151 2345 6789")
    mails = [email.message_from_string(m, policy=email.policy.default) for m in mailbox.messages]
    mail = next(f"To: {m['To']}\n" + m.get_content() for m in mails if code in m["Subject"])
    assert "Region: Berlin" in mail and "retention_of_identity_documents" in mail
    assert "keep our passports in the office" in mail and "2345" not in mail  # their words, scrubbed
    assert "cases@arbeit-und-leben.example" in mail

    result = partner_reply(assistant, code, "We can meet you on Tuesday at 10, call +49 30 1234567 first")
    assert result.returncode == 0, result.stderr
    replies = assistant.say("someone-else-0002", f"check {code.lower()}")
    assert "We can meet you on Tuesday" in texts(replies) and "Arbeit und Leben" in texts(replies)
    assert "1234567" not in texts(replies)  # the partner's number was scrubbed too

    stored = json.dumps(assistant.stored_events(sender) + assistant.stored_events("someone-else-0002"), ensure_ascii=False)
    assert code not in stored and code.replace("-", "") not in stored
    assert "Tuesday" not in stored  # the answer is shown, not kept beside the conversation


def test_a_mistyped_code_is_caught_by_its_check_character(assistant):
    code = case_codes.new_code()
    wrong = code[:-1] + ("2" if code[-1] != "2" else "3")
    assert "does not look right" in texts(assistant.say("typo-check-00001", f"check {wrong}"))
    assert "do not know this case code" in texts(assistant.say("typo-check-00001", f"check {code}"))


def test_report_to_a_telegram_group_and_the_groups_answer(assistant, fake_telegram):
    fake_telegram.take()
    # Nobody local, and only the helpline speaks Romanian: the report goes to its group.
    code = report_from(assistant, "report-telegram-01", "Bucuresti", "seful mi-a luat pasaportul si nu pot pleca de la ferma")
    posted = [p for m, p in fake_telegram.take() if m == "sendMessage" and int(p["chat_id"]) == PARTNER_GROUP]
    assert posted and code in posted[0]["text"]

    answer = {"update_id": 900, "message": {
        "message_id": 77, "date": 1764500000, "chat": {"id": PARTNER_GROUP, "type": "supergroup", "title": "Helpline"},
        "from": {"id": 4242, "is_bot": False, "first_name": "Maria"}, "text": "Please come to our office, it is safe.",
        "reply_to_message": {"message_id": 50, "date": 1764499000, "chat": {"id": PARTNER_GROUP, "type": "supergroup"},
                             "text": posted[0]["text"]}}}
    assert assistant.post(TELEGRAM, json.dumps(answer).encode(), headers=SECRET)[0] == 200
    assert any(int(p["chat_id"]) == PARTNER_GROUP for m, p in fake_telegram.take() if m == "sendMessage")  # acknowledged
    assert "Please come to our office" in texts(assistant.say("report-telegram-02", code))
    # "check <code>" on Telegram reads it too: the code reaches the action, not the store.
    fake_telegram.take()
    assert assistant.post(TELEGRAM, json.dumps(message(901, chat_id=3131, text=f"check {code}")).encode(), headers=SECRET)[0] == 200
    read = [p["text"] for m, p in fake_telegram.take() if m == "sendMessage" and int(p["chat_id"]) == 3131]
    assert any("Please come to our office" in t for t in read), read


def test_report_to_a_signed_webhook(assistant, partner_webhook):
    code = report_from(assistant, "report-webhook-001", "Wien")
    body, signature = next((b, s) for b, s in partner_webhook.requests if code.encode() in b)
    # Computed here as a partner would, not with the code under test: sha256=HMAC-SHA256(secret, body).
    expected = "sha256=" + hmac.new(WEBHOOK_SECRET.encode("utf-8"), body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(signature, expected)
    case = json.loads(body)
    assert case["case"]["code"] == code and case["case"]["region"] == "Wien"
    assert set(case["case"]) == {"code", "region", "language", "sector", "risk_level", "made_on", "summary"}


def test_a_reply_to_an_unknown_or_mistyped_code_is_refused(assistant):
    code = case_codes.new_code()
    assert partner_reply(assistant, code, "hello").returncode == 1
    assert partner_reply(assistant, code[:-1] + ("2" if code[-1] != "2" else "3"), "hello").returncode == 2
