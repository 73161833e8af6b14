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


def test_in_memory_a_silent_chat_gives_its_case_to_the_next_holder_and_is_ended_once():
    import time

    state = live_state.Memory()

    async def scenario():
        silent = state.owned(live_state.Chat("CODE-0002", "person-1", "partner", "en", last_message=time.time() - 61), None)
        await state.claim(silent, 60.0)
        taking = state.owned(live_state.Chat("CODE-0002", "person-2", "partner", "en"), None)
        taken = await state.claim(taking, 60.0)
        return [taken, await state.of_code("CODE-0002"), await state.release(silent), await state.release(silent),
                await state.of_code("CODE-0002")]

    taken, held, first_end, second_end, still_held = asyncio.run(scenario())
    assert taken and held.person == "person-2"
    assert first_end and not second_end  # the silent chat ends once ...
    assert still_held is not None and still_held.person == "person-2"  # ... and its end leaves the new one open
