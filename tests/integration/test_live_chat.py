"""Live handoff: after a report, a person chats with the partner's Telegram group through the
assistant, which stays silent until either side ends the chat or it times out, then answers again."""

import asyncio
import json
import sqlite3
import time

from bot.cases import case_codes, live_chat, live_state
from bot.channels import webchat
from bot.referral import directory
from tests.helpers.channels import callback, in_group, message, report_from, telegram, texts
from tests.helpers.servers import LIVE_TIMEOUT, PARTNER_GROUP

PERSON = 55501234
OTHER_PERSON = 55509876


def sent(fake_telegram, person: int = PERSON) -> tuple[list[dict], list[dict]]:
    """(to the person, to the partner's group) since last asked."""
    calls = [p for m, p in fake_telegram.take() if m == "sendMessage"]
    return ([p for p in calls if int(p["chat_id"]) == person], [p for p in calls if int(p["chat_id"]) == PARTNER_GROUP])


def buttons(payloads: list[dict]) -> list[str]:
    return [row[0]["callback_data"] for p in payloads if "reply_markup" in p for row in p["reply_markup"]["inline_keyboard"]]


def stored_anywhere(assistant, words: str) -> bool:
    with sqlite3.connect(assistant.var_dir / "tracker.db") as db:
        return any(words in data for (data,) in db.execute("select data from events"))


def test_a_live_chat_pauses_the_assistant_and_resumes_it_when_the_partner_ends_it(assistant, fake_telegram):
    say = iter(range(7000, 7100))
    fake_telegram.take()
    for text in ("seful mi-a luat pasaportul si nu pot pleca de la ferma", "/request_human", "Bucuresti",
                 "/want_to_report", '/affirm{"sector":"agriculture"}', "/deny"):
        assert telegram(assistant, message(next(say), chat_id=PERSON, text=text))[0] == 200
    to_person, to_group = sent(fake_telegram)
    (code,) = set(case_codes.find("\n".join(p["text"] for p in to_group)))  # the report went to the group
    offer = [b for b in buttons(to_person) if b.startswith("/live_chat")]
    assert offer == [f'/live_chat{{"code":"{code}"}}']  # the helpline can chat now: a live chat is offered

    assert telegram(assistant, callback(next(say), offer[0], chat_id=PERSON))[0] == 200
    to_person, to_group = sent(fake_telegram)
    assert any("LIVE CHAT" in p["text"] and code in p["text"] for p in to_group)
    assert "/end" in buttons(to_person)  # the person is told it started, with a button to end it

    # The person's words go to the group, scrubbed and tagged with the code only; the assistant is silent.
    telegram(assistant, message(next(say), chat_id=PERSON, text="ma numesc Ion Popescu, ajutati-ma va rog"))
    to_person, to_group = sent(fake_telegram)
    assert to_person == []
    (relayed,) = to_group
    assert relayed["text"].startswith(f"[{code}]") and "ajutati-ma" in relayed["text"] and "Popescu" not in relayed["text"]
    assert str(PERSON) not in relayed["text"]

    # The partner answers by replying to the relayed message; the person reads it from the partner.
    telegram(assistant, in_group(next(say), "Buna Ana, suntem aici. Unde esti acum?", quoted=relayed["text"]))
    to_person, _ = sent(fake_telegram)
    assert any("suntem aici" in p["text"] and "EXAMPLE national helpline" in p["text"] for p in to_person)
    assert not stored_anywhere(assistant, "ajutati-ma") and not stored_anywhere(assistant, "suntem aici")

    telegram(assistant, in_group(next(say), f"/end {code}"))
    to_person, to_group = sent(fake_telegram)
    assert to_person and to_group  # both sides are told

    # The assistant answers again.
    telegram(assistant, message(next(say), chat_id=PERSON, text="cat trebuie sa fiu platit pe ora?"))
    to_person, to_group = sent(fake_telegram)
    assert to_person and not to_group


def test_a_live_chat_ends_by_itself_after_the_time_out(assistant, fake_telegram):
    say = iter(range(7100, 7200))
    code = report_from(assistant, "live-timeout-0001", "Bucuresti", "seful mi-a luat pasaportul si nu pot pleca de la ferma")
    fake_telegram.take()
    telegram(assistant, callback(next(say), f'/live_chat{{"code":"{code}"}}', chat_id=OTHER_PERSON))
    telegram(assistant, message(next(say), chat_id=OTHER_PERSON, text="este cineva acolo?"))
    to_person, to_group = sent(fake_telegram, OTHER_PERSON)
    assert any("este cineva acolo" in p["text"] for p in to_group), (to_person, to_group)
    assert not [p for p in to_person if "/end" not in buttons([p])]  # only the start, with its end button

    deadline = time.monotonic() + LIVE_TIMEOUT * 3
    ended: list[dict] = []
    while not ended and time.monotonic() < deadline:
        time.sleep(0.5)
        to_person, to_group = sent(fake_telegram, OTHER_PERSON)
        ended = [p for p in to_person if "/end" not in buttons([p])]
    assert ended, "the person was not told the chat ended"
    telegram(assistant, message(next(say), chat_id=OTHER_PERSON, text="salut"))
    to_person, to_group = sent(fake_telegram, OTHER_PERSON)
    assert to_person and not any("salut" in p["text"] for p in to_group)  # answered by the assistant, not relayed


def test_the_person_ends_a_live_chat_on_the_web_chat(assistant, fake_telegram):
    sender = "live-webchat-00001"
    code = report_from(assistant, sender, "Bucuresti", "seful mi-a luat pasaportul si nu pot pleca de la ferma")
    fake_telegram.take()
    started = assistant.say(sender, f'/live_chat{{"code":"{code}"}}')
    assert "EXAMPLE national helpline" in texts(started) and started[-1]["buttons"][0]["payload"] == "/end"
    assert assistant.say(sender, "buna, este cineva acolo? sunati-ma la +40 721 234 567") == []  # silent
    _, to_group = sent(fake_telegram)
    assert any("este cineva acolo" in p["text"] and "234" not in p["text"] for p in to_group)

    telegram(assistant, in_group(7300, f"{code} Yes, we are here. What happened?"))
    status, body = assistant.post("/webhooks/rest/live", json.dumps({"sender": sender}).encode())
    answer = body
    assert status == 200 and answer["live"] is True and "we are here" in texts(answer["messages"])

    ended = assistant.say(sender, "/end")
    assert "EXAMPLE national helpline" in texts(ended) and not ended[-1].get("buttons")
    _, to_group = sent(fake_telegram)
    assert any("ended the live chat" in p["text"] for p in to_group)
    answer = assistant.post("/webhooks/rest/live", json.dumps({"sender": sender}).encode())[1]
    assert answer["live"] is False
    assert assistant.say(sender, "how many hours can they make me work")  # the assistant answers again


def test_no_live_chat_for_a_code_whose_partner_cannot_chat(assistant):
    code = report_from(assistant, "live-refused-00001", "Berlin")  # Arbeit und Leben: e-mail only
    replies = assistant.say("live-refused-00001", f'/live_chat{{"code":"{code}"}}')
    assert "Nobody can chat right now" in texts(replies)
    assert "Nobody can chat right now" in texts(assistant.say("live-refused-00002", '/live_chat{"code":"AAAA-AAAA-AAAA"}'))


def test_live_chat_polls_are_checked(assistant):
    assert assistant.post("/webhooks/rest/live", b"not json")[0] == 400
    assert assistant.post("/webhooks/rest/live", json.dumps({"sender": "x"}).encode())[0] == 400


def test_messages_waiting_for_a_page_that_never_asks_are_bounded(monkeypatch):
    opened = {}

    async def start(code, person, contact, lang, send):
        opened["send"] = send

    monkeypatch.setattr(live_chat, "start", start)
    monkeypatch.setattr(directory, "by_id", lambda contact_id: {"id": contact_id})
    monkeypatch.setattr(live_state, "get", lambda: state)
    state = live_state.Memory()
    asyncio.run(webchat.WebChatOutput().send_custom_json("closed-tab-0001", {"live_chat": {"code": "C", "contact_id": "partner"}}))
    assert opened["send"] is None  # the page is the way back: its messages wait in the keeper's queue
    chat = live_state.Chat("C", "closed-tab-0001", "partner", "en")
    for n in range(live_state.WAITING_LIMIT + 10):
        asyncio.run(state.deliver(chat, {"text": f"message {n}", "buttons": []}))
    waiting = asyncio.run(live_chat.take_waiting("closed-tab-0001"))
    assert len(waiting) == live_state.WAITING_LIMIT and waiting[-1]["text"] == f"message {live_state.WAITING_LIMIT + 9}"
