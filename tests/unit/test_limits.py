"""Rate limits on the webhooks and a bounded, off-the-loop scrubber."""

import asyncio
import threading

import phonenumbers
import pytest
from rasa.core.channels.channel import CollectingOutputChannel

from bot import config
from bot.channels import intake, limits, twilio_messaging
from bot.privacy import scrubber


def test_a_sliding_window_counts_per_key_and_forgets():
    now = [0.0]
    window = limits.SlidingWindow(lambda: 3, window=60, clock=lambda: now[0])
    assert [window.allow("a") for _ in range(4)] == [True, True, True, False]
    assert window.allow("b")  # another key has its own count
    now[0] = 61
    assert window.allow("a")  # a minute later the count starts again
    now[0] = 200
    window.allow("c")
    assert len(window) == 1  # idle keys are dropped: memory follows the last minute's traffic


def test_a_conversation_over_its_limit_is_told_politely_in_its_language_and_nothing_reaches_rasa(monkeypatch):
    monkeypatch.setenv("BOT_RATE_PER_CONVERSATION", "2")
    config.reload()
    monkeypatch.setattr(limits, "by_conversation", limits.SlidingWindow(lambda: config.get().rate_per_conversation))
    monkeypatch.setattr(intake, "_told", limits.SlidingWindow(lambda: 1))
    handed = []

    async def on_new_message(message):
        handed.append(message.text)

    async def say(text):
        return await intake.take(intake.Arrival("rest", "flooding-page-token", text), CollectingOutputChannel(), on_new_message)

    async def scenario():
        await say("bonjour, mon patron garde mon passeport")
        await say("je ne peux pas partir de la ferme")
        with pytest.raises(intake.Limited) as first:
            await say("je travaille seize heures par jour sans pause")
        with pytest.raises(intake.Limited) as second:
            await say("et il ne me paie pas depuis trois mois")
        return first.value, second.value

    first, second = asyncio.run(scenario())
    assert len(handed) == 2
    assert first.first and not second.first  # told once, not on every message
    assert "minute" in first.text and first.text != config_text("en")


def config_text(lang: str) -> str:
    from bot.language import catalogs

    return catalogs.text("rate_limited", lang)


def test_scrubbing_runs_off_the_event_loop(monkeypatch):
    threads = []
    real = intake.for_assistant

    def for_assistant(text, campaign=None):
        threads.append(threading.current_thread())
        return real(text, campaign)

    monkeypatch.setattr(intake, "for_assistant", for_assistant)

    async def on_new_message(message):
        pass

    asyncio.run(intake.take(intake.Arrival("rest", "off-the-loop-token", "hello there"), CollectingOutputChannel(), on_new_message))
    assert threads and threads[0] is not threading.main_thread()


def test_the_phone_matcher_never_gets_more_than_a_piece(monkeypatch):
    """The matcher's cost grows faster than its input: a 4,096-character flood reaches it in pieces,
    and past the time budget not at all."""
    lengths = []
    real = phonenumbers.PhoneNumberMatcher

    def matcher(text, region, **kwargs):
        lengths.append(len(text))
        return real(text, region, **kwargs)

    monkeypatch.setattr(scrubber.phonenumbers, "PhoneNumberMatcher", matcher)
    flood = ". ".join(f"{n:04d}" for n in range(1000))[:4096]
    scrubber.scrub(flood)
    assert lengths and max(lengths) <= scrubber.PIECE
    lengths.clear()
    clock = iter(range(0, 10_000, 1))
    monkeypatch.setattr(scrubber.time, "monotonic", lambda: float(next(clock)))  # every piece "takes" a second
    scrubbed = scrubber.scrub("Hello. " + "my number is +40 712 345 678. " * 40)
    assert "712" not in scrubbed  # what skips the matcher is still taken out, more bluntly
    assert len(lengths) <= len(scrubber.PHONE_REGIONS) + 1  # only the first piece met the matcher


def test_a_replayed_twilio_message_is_answered_once():
    seen = twilio_messaging.SeenMessages(keep=60, most=3)
    assert seen.first_time("SM1", now=0) and not seen.first_time("SM1", now=1)
    assert seen.first_time("SM1", now=100)  # forgotten after the window: memory stays bounded
    for sid in ("SM2", "SM3", "SM4", "SM5"):
        seen.first_time(sid, now=101)
    assert len(seen._seen) <= 3
