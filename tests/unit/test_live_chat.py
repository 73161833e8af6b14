"""A case holds one live chat, and a partner's group answers only the cases sent to it."""

import asyncio

import pytest

from bot.cases import live_chat, live_state, replies, reports

GROUP, OTHER_GROUP = -100111, -100222
PARTNER = {"id": "partner-a", "name": "Partner A", "handoff": {"delivery": "telegram", "telegram_chat_id": str(GROUP)}}
OTHER = {"id": "partner-b", "name": "Partner B", "handoff": {"delivery": "telegram", "telegram_chat_id": str(OTHER_GROUP)}}


@pytest.fixture(autouse=True)
def quiet_groups(monkeypatch):
    posted = []

    async def send(group, text, reply_to=None, bot=None):
        posted.append((group, text))

    monkeypatch.setattr(live_chat.partner_group, "send", send)
    live_state.get.cache_clear()  # a fresh keeper (in memory: no BOT_REDIS_HOST here) for each test
    monkeypatch.setattr(live_chat.directory, "by_id", {p["id"]: p for p in (PARTNER, OTHER)}.get)
    yield posted
    live_state.get.cache_clear()


def inbox() -> tuple[list, live_chat.Send]:
    got: list = []

    async def send(text, buttons):
        got.append(text)

    return got, send


def test_a_second_holder_of_the_code_cannot_take_over_the_live_chat():
    code = reports.make_report("Berlin", "en", "care", [], "none", PARTNER["id"])
    first, to_first = inbox()
    second, to_second = inbox()

    async def scenario():
        await live_chat.start(code, "person-1", PARTNER, "en", to_first)
        await live_chat.start(code, "person-2", PARTNER, "en", to_second)
        session = await live_chat.for_code(code)
        await replies.from_group(code, PARTNER, GROUP, "hello, we are here")
        return session, await live_chat.for_person("person-2")

    session, second_session = asyncio.run(scenario())
    assert session.person == "person-1" and second_session is None
    assert any("we are here" in text for text in first) and not any("we are here" in text for text in second)
    assert second and "Nobody can chat right now" in second[0]


def test_a_group_can_answer_only_the_cases_sent_to_it():
    code = reports.make_report("Berlin", "en", "care", [], "none", PARTNER["id"])
    assert asyncio.run(replies.from_group(code, OTHER, OTHER_GROUP, "answer from the wrong group")) == "refused"
    assert reports.replies(code) == []
    assert asyncio.run(replies.from_group(code, PARTNER, GROUP, "our answer")) == "stored"
    assert [r["text"] for r in reports.replies(code)] == ["our answer"]
