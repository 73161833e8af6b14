"""The tracker store forgets what it must: personal details, case codes, and whole conversations."""

import asyncio
import json

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.cases import case_codes
from bot.config import ROOT
from bot.rasa_plugins import tracker_store as module
from bot.rasa_plugins.tracker_store import PrivateSQLTrackerStore


def store(tmp_path) -> PrivateSQLTrackerStore:
    return PrivateSQLTrackerStore(domain=Domain.load(str(ROOT / "domain.yml")), dialect="sqlite", db=str(tmp_path / "t.db"))


def rows(tracker_store: PrivateSQLTrackerStore, sender: str) -> list[str]:
    with tracker_store.session_scope() as session:
        found = session.query(tracker_store.SQLEvent).filter(tracker_store.SQLEvent.sender_id == sender).all()
        return [row.data for row in found]


def test_case_codes_and_action_values_never_reach_the_store(tmp_path):
    tracker_store = store(tmp_path)
    code = case_codes.new_code()
    tracker = DialogueStateTracker("abc", tracker_store.domain.slots)
    tracker.update(UserUttered("check " + code.lower(), {"name": "out_of_scope"}))
    tracker.update(BotUttered(f"Your case code is {code}.", metadata={"utter_action": "utter_case_code", "code": code}))
    asyncio.run(tracker_store.save(tracker))
    stored = "\n".join(rows(tracker_store, "abc"))
    assert code not in stored and code.lower() not in stored and "[CASE_CODE]" in stored
    assert json.loads(rows(tracker_store, "abc")[-1])["metadata"] == {"utter_action": "utter_case_code"}


def test_only_new_events_are_added(tmp_path):
    tracker_store = store(tmp_path)
    tracker = DialogueStateTracker("abc", tracker_store.domain.slots)
    tracker.update(UserUttered("hi", {"name": "greet"}))
    asyncio.run(tracker_store.save(tracker))
    tracker.update(ActionExecuted("utter_greet"))
    asyncio.run(tracker_store.save(tracker))
    assert len(rows(tracker_store, "abc")) == 2


def test_delete_my_data_erases_the_conversation_and_only_it(tmp_path):
    tracker_store = store(tmp_path)
    for sender in ("abc", "other"):
        tracker = DialogueStateTracker(sender, tracker_store.domain.slots)
        tracker.update(UserUttered("my boss keeps my passport", {"name": "report_documents_taken"}))
        asyncio.run(tracker_store.save(tracker))
    tracker = asyncio.run(tracker_store.retrieve("abc"))
    tracker.update(UserUttered("delete my data", {"name": "delete_my_data"}))
    tracker.update(ActionExecuted("action_delete_my_data"))
    tracker.update(BotUttered("Your messages are deleted."))
    asyncio.run(tracker_store.save(tracker))
    assert rows(tracker_store, "abc") == []
    assert len(rows(tracker_store, "other")) == 1


def test_rasas_own_ids_skip_the_scrubber_and_nothing_else_does(tmp_path, monkeypatch):
    monkeypatch.setattr(module.scrubber, "scrub", lambda text: "[SCRUBBED]")
    model_id, message_id = "358fdae3a16848aaaa56117130ab0f79", "5c419e5d92fb4c67911c0a00d4e11c83"
    event = UserUttered("call me on +4915123456789", {"name": "greet"}, message_id=message_id,
                        metadata={"model_id": model_id, "note": model_id})
    stored = module._stored_form(event)
    assert stored["message_id"] == message_id and stored["metadata"]["model_id"] == model_id
    assert stored["text"] == "[SCRUBBED]" and stored["metadata"]["note"] == "[SCRUBBED]"
    # Under the same keys, anything but Rasa's hex id (a channel's own id, a number) is scrubbed.
    other = module._stored_form(UserUttered("hi there", message_id="+4915123456789"))
    assert other["message_id"] == "[SCRUBBED]"
