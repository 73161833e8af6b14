"""What a flood made every request pay, now paid once: each found with a profiler on the Rasa
process under bench/flood.py (the figures are the bench's; these tests hold the mechanisms)."""

from __future__ import annotations

import asyncio
import threading
import time

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.config import ROOT
from bot.rasa_plugins import event_types
from bot.rasa_plugins.tracker_store import PrivateSQLTrackerStore
from bot.voice import media


def test_an_events_class_is_looked_up_once_per_kind_and_unknown_kinds_still_fail(monkeypatch):
    walks = []
    real = event_types.all_subclasses
    monkeypatch.setattr(event_types, "all_subclasses", lambda cls: (walks.append(cls) if cls is Event else None) or real(cls))
    monkeypatch.setattr(event_types, "_by_name", {})
    monkeypatch.setattr(Event, "resolve_by_type", staticmethod(event_types.resolve_by_type))
    for _ in range(50):
        assert Event.resolve_by_type("user") is UserUttered
        assert Event.resolve_by_type("action") is ActionExecuted
    assert len(walks) == 1  # one walk fills the table of kinds: not once per event
    assert Event.resolve_by_type("no_such_event", default=SessionStarted) is SessionStarted
    try:
        Event.resolve_by_type("no_such_event")
    except ValueError:
        pass
    else:
        raise AssertionError("an unknown event kind must still fail")


def test_the_installed_lookup_reads_events_back_the_same():
    event_types.install()
    data = [ActionExecuted("action_session_start").as_dict(), SessionStarted().as_dict(),
            UserUttered("hello", {"name": "greet"}).as_dict()]
    assert [type(e) for e in (Event.from_parameters(d) for d in data)] == [ActionExecuted, SessionStarted, UserUttered]


def test_a_link_table_is_swept_at_most_once_a_second_and_never_serves_an_expired_entry(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(media.time, "monotonic", lambda: clock[0])
    table = media._Table(100_000)
    walks = []
    real = table._prune

    def prune(now, every_time=False):
        before = table._pruned
        real(now, every_time)
        if table._pruned != before:
            walks.append(now)

    monkeypatch.setattr(table, "_prune", prune)
    for n in range(5000):
        table.put(f"k{n}", n, seconds=10)
        clock[0] += 0.001  # 5,000 answers in five seconds
    assert len(walks) <= 6  # about once a second, not once per answer (5,000 walks of a growing table)
    table.put("short", "x", seconds=0.5)
    clock[0] += 0.6
    assert table.get("short") is None  # expired: not served, though no sweep ran since
    clock[0] += 20
    assert len(table) == 0  # a full sweep when asked for the size


def test_saving_a_conversation_leaves_the_event_loop_free(tmp_path, monkeypatch):
    """The commit (an fsync) made slow: other work on the loop goes on while a turn is saved."""
    tracker_store = PrivateSQLTrackerStore(domain=Domain.load(str(ROOT / "domain.yml")), dialect="sqlite",
                                           db=str(tmp_path / "tracker.db"))
    loop_threads = set()
    slow = threading.Event()
    real_write = tracker_store._write

    def write(tracker, new_events):
        loop_threads.add(threading.get_ident())
        time.sleep(0.3)
        slow.set()
        return real_write(tracker, new_events)

    monkeypatch.setattr(tracker_store, "_write", write)
    tracker = DialogueStateTracker("abc", tracker_store.domain.slots)
    tracker.update(UserUttered("hello", {"name": "greet"}))

    async def scenario() -> int:
        ticks = 0

        async def tick() -> None:
            nonlocal ticks
            while not slow.is_set():
                ticks += 1
                await asyncio.sleep(0.01)

        await asyncio.gather(tracker_store.save(tracker), tick())
        assert threading.get_ident() not in loop_threads  # saved off the loop's thread
        return ticks

    assert asyncio.run(scenario()) >= 10  # the loop kept running while the turn was saved
    read = asyncio.run(tracker_store.retrieve("abc"))
    assert read is not None and read.latest_message.text == "hello"
