import asyncio
import json

import pytest

from bot.cases import live_state
from bot.channels import intake, webchat


@pytest.mark.parametrize("body, reason", [
    (b"{", "JSON"),
    (b"\xff\xfe", "JSON"),
    (b"[]", "object"),
    (b'{"message": "hi"}', "sender"),
    (b'{"sender": "short", "message": "hi"}', "sender"),
    (b'{"sender": "abcdefgh", "message": ""}', "message"),
    (b'{"sender": "abcdefgh", "message": 5}', "message"),
    (json.dumps({"sender": "abcdefgh", "message": "x" * 2001}).encode(), "2000"),
])
def test_bad_bodies_are_refused_with_a_reason(body, reason):
    with pytest.raises(intake.BadRequest, match=reason):
        webchat.parse_body(body)


def test_good_body_is_taken_as_is():
    assert webchat.parse_body(b'{"sender": "abcdefgh", "message": "salut"}') == ("abcdefgh", "salut")


def test_page_is_right_to_left_for_arabic_and_escapes_catalog_text():
    page = webchat.render_page("ar")
    assert '<html lang="ar" dir="rtl">' in page
    assert "$" + "webchat_" not in page
    english = webchat.render_page("en")
    assert '<html lang="en" dir="ltr">' in english
    # Each language of the picker is laid out in its own direction, whatever the page's.
    assert '<a href="?lang=ar" lang="ar" dir="rtl">العربية</a>' in english
    assert 'lang="ar" dir="rtl" aria-current="page">العربية</a>' in page


def test_a_web_conversation_is_a_pseudonym_never_the_token_nor_another_channels(monkeypatch):
    import hashlib
    import hmac

    from bot import config

    monkeypatch.setenv("BOT_PSEUDONYM_KEY", "key-for-this-test")
    config.reload()
    intake.pseudonyms.pseudonym_key.cache_clear()
    try:
        token = "page-token-0123456789"
        person = intake.conversation_id("rest", token)
        assert person == hmac.new(b"key-for-this-test", f"web:{token}".encode(), hashlib.sha256).hexdigest()
        assert token not in person
        # A caller who knows a Telegram person's pseudonym and posts it as a web token reaches a
        # different conversation, never theirs.
        telegram = intake.conversation_id("telegram", "424242")
        assert intake.conversation_id("rest", telegram) != telegram
        assert intake.conversation_id("rest", "424242") != telegram
    finally:
        intake.pseudonyms.pseudonym_key.cache_clear()


def test_waiting_messages_of_a_closed_tab_are_freed_after_a_while():
    now = [0.0]
    state = live_state.Memory(clock=lambda: now[0])

    async def scenario():
        await state.keep_waiting("closed-tab", {"text": "hello"})
        now[0] = live_state.WAITING_SECONDS
        await state.keep_waiting("open-tab", {"text": "hi"})
        now[0] = live_state.WAITING_SECONDS + 1
        return await state.take_waiting("open-tab")

    assert asyncio.run(scenario()) == [{"text": "hi"}]
    assert state._waiting == {}  # the closed tab's queue is gone with its message


def test_the_pages_language_is_a_hint_not_a_voice_note(monkeypatch):
    # The page sends its language with every message; handed on by position it once became the
    # Arrival's voice note, and every web message got "I could not understand your voice message".
    import asyncio

    from bot.channels import intake

    arrival = intake.Arrival("rest", "page-token-0001", "how many hours", None, language_hint="en")
    assert arrival.voice is None and intake.hint_of(arrival) == "en"
    seen = []

    async def on_new_message(message):
        seen.append(message)

    asyncio.run(intake.take(arrival, None, on_new_message))
    assert seen[0].text == "how many hours" and seen[0].metadata == {"language_hint": "en"}
