"""The tracker store forgets what it must: personal details, case codes, and whole conversations."""

import asyncio
import json

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa_sdk.executor import CollectingDispatcher

from actions import conversation
from bot.cases import case_codes
from bot.config import ROOT
from bot.privacy import erasure
from bot.rasa_plugins import tracker_store as module
from bot.rasa_plugins.tracker_store import PrivateSQLTrackerStore
from tests.helpers.servers import make_tracker


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
    tracker.update(SlotSet("delete_asked", False))  # what the action returns when it erased
    tracker.update(BotUttered("Your messages are deleted."))
    asyncio.run(tracker_store.save(tracker))
    assert rows(tracker_store, "abc") == []
    assert len(rows(tracker_store, "other")) == 1


def turn(tracker_store, tracker, text: str, intent: str, confidence: float) -> list[str]:
    """One turn as Rasa runs it when the rules choose action_delete_my_data: the message, the action
    (the real one, as the action server runs it) and the events it returns, saved; the responses."""
    parse = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": []}
    tracker.update(UserUttered(text, parse["intent"], parse_data=parse))
    dispatcher = CollectingDispatcher()
    events = conversation.DeleteMyData().run(dispatcher, make_tracker(
        text, intent, slots={"delete_asked": tracker.get_slot("delete_asked")}, confidence=confidence), {})
    tracker.update(ActionExecuted("action_delete_my_data"))
    for event in events:
        tracker.update(Event.from_parameters(event))
    for said in dispatcher.messages:
        tracker.update(BotUttered(said["response"]))
    tracker.update(ActionExecuted("action_listen"))
    asyncio.run(tracker_store.save(tracker))
    return [m["response"] for m in dispatcher.messages]


def test_a_delete_the_understanding_is_unsure_of_erases_nothing_until_the_yes(tmp_path):
    tracker_store = store(tmp_path)
    tracker = DialogueStateTracker("abc", tracker_store.domain.slots)
    tracker.update(UserUttered("my boss keeps my passport", {"name": "report_documents_taken"}))
    asyncio.run(tracker_store.save(tracker))
    # Read as "delete my data" at 0.61, as it was: asked first, every row kept.
    said = turn(tracker_store, tracker, "el encargado esta borracho otra vez", "delete_my_data", 0.61)
    assert said == ["utter_ask_delete"]
    assert any("passport" in row for row in rows(tracker_store, "abc"))
    # The yes (the button's payload, or typed) erases it.
    assert turn(tracker_store, tracker, "/affirm", "affirm", 1.0) == ["utter_data_deleted"]
    assert rows(tracker_store, "abc") == []


def test_a_delete_surely_asked_for_erases_at_once(tmp_path):
    for number, (text, confidence) in enumerate((("borra todo lo que escribi", erasure.SURE), ("/delete_my_data", 1.0))):
        (tmp_path / str(number)).mkdir()
        tracker_store = store(tmp_path / str(number))
        tracker = DialogueStateTracker("abc", tracker_store.domain.slots)
        tracker.update(UserUttered("my boss keeps my passport", {"name": "report_documents_taken"}))
        asyncio.run(tracker_store.save(tracker))
        assert turn(tracker_store, tracker, text, "delete_my_data", confidence) == ["utter_data_deleted"]
        assert rows(tracker_store, "abc") == [], text


def test_a_yes_to_another_question_erases_nothing(tmp_path):
    # The delete question asked and ignored: a later yes belongs to something else.
    tracker_store = store(tmp_path)
    tracker = DialogueStateTracker("abc", tracker_store.domain.slots)
    turn(tracker_store, tracker, "el encargado esta borracho otra vez", "delete_my_data", 0.61)
    tracker.update(UserUttered("da", {"name": "affirm"}))
    tracker.update(ActionExecuted("utter_help_menu"))
    asyncio.run(tracker_store.save(tracker))
    assert len(rows(tracker_store, "abc")) > 2


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


def test_a_report_leaves_nothing_in_the_tracker_to_join_cases_db_on(tmp_path):
    """The conversation that made a report and the report: a join of tracker.db with cases.db on
    any report field, or on time, finds nothing."""
    import datetime as dt
    import sqlite3

    from rasa.shared.core.events import SessionStarted, SlotSet

    from bot.cases import reports

    tracker_store = PrivateSQLTrackerStore(domain=Domain.load(str(ROOT / "domain.yml")), dialect="sqlite",
                                           db=str(tmp_path / "tracker.db"))
    tracker = DialogueStateTracker("conversation-1", tracker_store.domain.slots)
    turns = [
        [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
         UserUttered("the boss took my passport", {"name": "report_documents_taken"}),
         SlotSet("screen_deception", "they promised 1500 and pay 400"),
         SlotSet("indicators", ["retention_of_identity_documents", "deception"]),
         SlotSet("risk_level", "likely_forced_labour")],
        [UserUttered("Neustadt am Rübenberge", {"name": "inform"}), SlotSet("region", "Neustadt am Rübenberge")],
        [UserUttered('/inform{"sector":"meat_processing"}', {"name": "inform"},
                     entities=[{"entity": "sector", "value": "meat_processing"}]),
         SlotSet("sector", "meat_processing")],
        [UserUttered("no", {"name": "deny"}), SlotSet("summary", "skipped"),
         ActionExecuted("action_make_report"), BotUttered("Your case code is ...", metadata={"utter_action": "utter_case_code"})],
    ]
    for turn in turns:
        for event in turn:
            tracker.update(event)
        asyncio.run(tracker_store.save(tracker))
    cases = reports.database(str(tmp_path / "cases.db"))
    reports.make_report("Neustadt am Rübenberge", "en", "meat_processing",
                        ["retention_of_identity_documents", "deception"], "likely_forced_labour",
                        "arbeit-und-leben-berlin", db=cases, today=dt.date(2026, 12, 10))

    db = sqlite3.connect(tmp_path / "tracker.db")
    db.execute("ATTACH DATABASE ? AS cases", (str(tmp_path / "cases.db"),))
    joined = db.execute(
        "SELECT r.code, e.data FROM events e JOIN cases.reports r ON "
        "instr(e.data, r.region) OR instr(e.data, '\"' || r.sector || '\"') OR instr(e.data, r.risk_level) "
        "OR instr(e.data, r.indicators) OR instr(e.data, 'retention_of_identity_documents') "
        "OR instr(e.data, r.code) OR instr(e.data, '1500')").fetchall()
    assert joined == []
    # Times: whole minutes in the tracker; in cases.db no time it was made, only a prune week, set
    # from the day it was made plus the retention plus up to four weeks at random.
    assert all(t % 60 == 0 for (t,) in db.execute("SELECT timestamp FROM events"))
    assert all(json.loads(d)["timestamp"] % 60 == 0 for (d,) in db.execute("SELECT data FROM events"))
    columns = [r[1] for r in db.execute("PRAGMA cases.table_info(reports)")]
    assert "made_on" not in columns
    (prune_week,) = db.execute("SELECT prune_after FROM cases.reports").fetchone()
    assert dt.date(2027, 6, 8) < dt.date.fromisoformat(prune_week) <= dt.date(2027, 7, 12)


def test_a_conversation_reads_back_whole_across_coarse_times(tmp_path):
    """Stored times are coarse, so the latest session is found by row order: nothing lost, nothing doubled."""
    from rasa.shared.core.events import SessionStarted

    tracker_store = store(tmp_path)
    tracker = DialogueStateTracker("abc", tracker_store.domain.slots)
    for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
                  UserUttered("hi", {"name": "greet"}), ActionExecuted("action_session_start"), SessionStarted(),
                  ActionExecuted("action_listen"), UserUttered("hello again", {"name": "greet"})):
        tracker.update(event)
    asyncio.run(tracker_store.save(tracker))
    again = asyncio.run(tracker_store.retrieve("abc"))
    assert [e.type_name for e in again.events] == ["session_started", "action", "user"]
    again.update(ActionExecuted("utter_greet"))
    asyncio.run(tracker_store.save(again))
    assert len(rows(tracker_store, "abc")) == 9


def _report_question(tracker_store, sender: str, made: bool) -> list[tuple]:
    """A conversation offered contacts and asked whether to make a report; it makes one, or declines.
    Returns its stored events as (type, action or intent name, slot name)."""
    from rasa.shared.core.events import ActiveLoop, SessionStarted, SlotSet

    tracker = DialogueStateTracker(sender, tracker_store.domain.slots)
    asked = [ActionExecuted("action_offer_contacts"), BotUttered("You can write to ...", metadata={"utter_action": "utter_offer_contacts"}),
             ActionExecuted("utter_ask_report"), BotUttered("Shall I pass it on?", metadata={"utter_action": "utter_ask_report"}),
             ActionExecuted("action_listen")]
    turns = [
        [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
         UserUttered("the boss took my passport", {"name": "report_documents_taken"}), *asked],
    ]
    if made:
        turns += [
            [UserUttered("yes", {"name": "affirm"}), ActionExecuted("report_form"), ActiveLoop("report_form"),
             SlotSet("requested_slot", "sector"), BotUttered("Which work?", metadata={"utter_action": "utter_ask_sector"}),
             ActionExecuted("action_listen")],
            [UserUttered("farm", {"name": "inform"}), SlotSet("sector", "agriculture"), ActionExecuted("report_form"),
             SlotSet("requested_slot", "summary"), ActionExecuted("action_listen")],
            [UserUttered("no", {"name": "deny"}), SlotSet("summary", "skipped"), ActionExecuted("report_form"),
             ActiveLoop(None), SlotSet("requested_slot", None), ActionExecuted("action_make_report"),
             BotUttered("Your case code is ...", metadata={"utter_action": "utter_case_code"}),
             BotUttered("Chat now?", metadata={"utter_action": "utter_offer_live"}),
             SlotSet("sector", None), SlotSet("summary", None), ActionExecuted("action_listen")],
        ]
    else:
        turns += [[UserUttered("no", {"name": "deny"}), ActionExecuted("utter_no_report"),
                   BotUttered("All right.", metadata={"utter_action": "utter_no_report"}), ActionExecuted("action_listen")]]
    turns += [[UserUttered("thanks", {"name": "thank"}), ActionExecuted("utter_welcome"), ActionExecuted("action_listen")]]
    for turn in turns:
        for event in turn:
            tracker.update(event)
        asyncio.run(tracker_store.save(tracker))
        tracker = asyncio.run(tracker_store.retrieve(sender))  # each turn starts from the store, as in Rasa
    shape = []
    for data in (json.loads(d) for d in rows(tracker_store, sender)):
        shape.append((data["event"], data.get("name") or (data.get("parse_data") or {}).get("intent", {}).get("name")))
    return shape


def test_the_tracker_keeps_no_event_that_shows_a_report_was_made(tmp_path):
    tracker_store = store(tmp_path)
    made = _report_question(tracker_store, "made", made=True)
    declined = _report_question(tracker_store, "declined", made=False)
    names = {name for _, name in made}
    assert not names & {"action_make_report", "report_form", "utter_ask_report", "affirm", "utter_case_code",
                        "utter_offer_live", "requested_slot", "sector", "summary", "utter_no_report"}
    # Made or declined, the stored conversation reads the same: the question is gone from both.
    assert made == declined
    assert made[-3:] == [("user", "thank"), ("action", "utter_welcome"), ("action", "action_listen")]
    # What stays is a conversation Rasa reads back whole: listening, no form active.
    tracker = asyncio.run(tracker_store.retrieve("made"))
    assert tracker.latest_action_name == "action_listen" and not tracker.active_loop_name


def test_a_report_asked_for_without_a_question_leaves_no_trace_either(tmp_path):
    from rasa.shared.core.events import ActiveLoop, SessionStarted, SlotSet

    tracker_store = store(tmp_path)
    tracker = DialogueStateTracker("asked", tracker_store.domain.slots)
    for turn in [
        [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
         UserUttered("hello", {"name": "greet"}), ActionExecuted("utter_greet"), ActionExecuted("action_listen")],
        [UserUttered("I want to report", {"name": "want_to_report"}), ActionExecuted("report_form"),
         ActiveLoop("report_form"), SlotSet("requested_slot", "summary"), ActionExecuted("action_listen")],
        [UserUttered("skip", {"name": "skip_question"}), ActionExecuted("report_form"), ActiveLoop(None),
         SlotSet("requested_slot", None), ActionExecuted("action_make_report"),
         BotUttered("Your case code is ...", metadata={"utter_action": "utter_case_code"}), ActionExecuted("action_listen")],
    ]:
        for event in turn:
            tracker.update(event)
        asyncio.run(tracker_store.save(tracker))
        tracker = asyncio.run(tracker_store.retrieve("asked"))
    stored = [json.loads(d) for d in rows(tracker_store, "asked")]
    assert [d["event"] for d in stored][-3:] == ["user", "action", "action"]
    assert stored[-1]["name"] == "action_listen" and stored[-2]["name"] == "utter_greet"
    assert not any("want_to_report" in json.dumps(d) or "make_report" in json.dumps(d) for d in stored)
