"""Custom actions, run as the action server runs them: a Tracker in, events and messages out."""

import asyncio
import json

import pytest
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import cases, conversation, referral, screening
from actions import wage as wage_actions
from bot.cases import case_codes, reports
from bot.language import catalogs, languages


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, {})
    if asyncio.iscoroutine(events):
        events = asyncio.run(events)
    return events, dispatcher.messages


def test_first_message_sets_the_language_and_a_later_one_keeps_or_moves_it(tracker_factory):
    events, _ = run(conversation.ListenClosely(), tracker_factory("nu am primit salariul de doua luni", "report_unpaid_wages"))
    assert SlotSet("language", "ro") in events
    # A short word many languages share stays in the conversation's language...
    events, _ = run(conversation.ListenClosely(), tracker_factory("ok", "affirm", slots={"language": "ro"}))
    assert not [e for e in events if e["name"] == "language"]
    # ...a whole message in another language moves it: every answer in the language they wrote in.
    events, _ = run(conversation.ListenClosely(), tracker_factory("the boss took my passport and keeps it", "report_documents_taken",
                                                              slots={"language": "ro"}))
    assert SlotSet("language", "en") in events


def test_romanised_first_messages_are_answered_in_their_language_never_english(tracker_factory):
    for text, code in (("mne ne platyat uzhe dva mesyaca", "ru"), ("mere malik ne paisa nahi diya", "hi"),
                       ("chu khong tra luong hai thang roi", "vi")):
        events, _ = run(conversation.ListenClosely(), tracker_factory(text, "report_unpaid_wages"))
        assert SlotSet("language", code) in events, text


def test_a_chosen_language_is_kept_whatever_the_person_types(tracker_factory):
    events, _ = run(conversation.ListenClosely(), tracker_factory(
        "what is the minimum wage here", "ask_minimum_wage", slots={"language": "ar", "language_chosen": True}))
    assert not [e for e in events if e["name"] == "language"]


def test_the_page_language_decides_a_greeting_every_language_shares(tracker_factory):
    tracker = tracker_factory("ok", "affirm")
    tracker.latest_message["metadata"] = {"language_hint": "pl"}
    events, _ = run(conversation.ListenClosely(), tracker)
    assert SlotSet("language", "pl") in events


def test_an_emergency_the_understanding_is_sure_of_gets_the_number_at_once(tracker_factory):
    events, messages = run(conversation.Emergency(), tracker_factory("help they are beating me", "emergency"))
    assert [m["response"] for m in messages] == ["utter_emergency"] and SlotSet("danger_asked", False) in events


def test_a_less_certain_emergency_is_asked_about_first(tracker_factory):
    tracker = tracker_factory("i am scared of him", "emergency")
    tracker.latest_message["intent"]["confidence"] = 0.55
    events, messages = run(conversation.Emergency(), tracker)
    assert [m["response"] for m in messages] == ["utter_ask_danger"] and SlotSet("danger_asked", True) in events


def test_a_message_not_understood_that_may_be_danger_is_asked_about(tracker_factory):
    tracker = tracker_factory("he is outside the door with the others", "nlu_fallback", slots={"language": "en"})
    tracker.latest_message["intent_ranking"] = [{"name": "nlu_fallback", "confidence": 0.35},
                                                {"name": "emergency", "confidence": 0.3}]
    events, messages = run(conversation.NotUnderstood(), tracker)
    assert [m["response"] for m in messages] == ["utter_ask_danger"] and SlotSet("danger_asked", True) in events
    # A later message not understood closes the question: its "yes" must not call for help by mistake.
    tracker = tracker_factory("blue", "nlu_fallback", slots={"language": "en", "danger_asked": True})
    events, messages = run(conversation.NotUnderstood(), tracker)
    assert "utter_ask_danger" not in [m["response"] for m in messages] and SlotSet("danger_asked", False) in events


def test_a_message_not_understood_whose_signs_add_up_gets_what_they_mean(tracker_factory):
    slots = {"language": "en", "risk_level": "forced_labour_signs",
             "indicators": ["retention_of_identity_documents", "intimidation_threats"]}
    tracker = tracker_factory("the boss said if we leave he will report us to immigration", "nlu_fallback", slots=slots)
    events, messages = run(conversation.NotUnderstood(), tracker)
    said = [m["response"] for m in messages]
    assert said[:2] == ["utter_signs_noticed", "utter_signs_forced_labour"] and "utter_default" not in said
    assert SlotSet("signs_explained", True) in events and SlotSet("danger_asked", False) in events
    tracker = tracker_factory("blue", "nlu_fallback", slots={**slots, "signs_explained": True})
    assert "utter_default" in [m["response"] for m in run(conversation.NotUnderstood(), tracker)[1]]


def test_report_intents_raise_the_risk_level_step_by_step(tracker_factory):
    events, _ = run(conversation.ListenClosely(), tracker_factory("they keep my passport", "report_documents_taken",
                                                              slots={"language": "en"}))
    assert SlotSet("indicators", ["retention_of_identity_documents"]) in events
    assert SlotSet("risk_level", "rights_concern") in events
    events, _ = run(conversation.ListenClosely(), tracker_factory(
        "they lock the door at night", "report_cannot_leave",
        slots={"language": "en", "indicators": ["retention_of_identity_documents"], "risk_level": "rights_concern"}))
    assert SlotSet("risk_level", "forced_labour_signs") in events


def test_the_signs_noticed_are_said_in_plain_words_in_the_persons_language(tracker_factory):
    slots = {"risk_level": "forced_labour_signs", "language": "pl",
             "indicators": ["retention_of_identity_documents", "intimidation_threats"]}
    _, messages = run(conversation.ReflectSigns(), tracker_factory(slots=slots))
    assert [m["response"] for m in messages][:2] == ["utter_signs_noticed", "utter_signs_forced_labour"]
    signs = messages[0]["signs"].split("; ")
    assert signs == [catalogs.text("sign_retention_of_identity_documents", "pl"),
                     catalogs.text("sign_intimidation_threats", "pl")]
    assert all(sign and sign != catalogs.text(f"sign_{i}", "en") for sign, i in zip(signs, slots["indicators"]))


def test_signs_are_explained_once(tracker_factory):
    slots = {"risk_level": "forced_labour_signs"}
    events, messages = run(conversation.ReflectSigns(), tracker_factory(slots=slots))
    assert [m["response"] for m in messages] == ["utter_signs_forced_labour"]
    assert SlotSet("signs_explained", True) in events
    events, messages = run(conversation.ReflectSigns(), tracker_factory(slots={**slots, "signs_explained": True}))
    assert messages == [] and events == []


def test_choose_language_by_name_or_menu(tracker_factory):
    events, messages = run(conversation.ChooseLanguage(), tracker_factory("in romana pls", "choose_language"))
    assert events == [SlotSet("language", "ro"), SlotSet("language_chosen", True)]
    assert messages[0]["response"] == "utter_language_set"
    events, messages = run(conversation.ChooseLanguage(), tracker_factory("change language", "choose_language"))
    assert events == [] and messages[0]["response"] == "utter_language_menu"
    assert [b["title"] for b in messages[0]["buttons"]] == [lang.autonym for lang in languages.SUPPORTED]
    assert len(messages[0]["buttons"]) == 12


def test_region_question_can_be_skipped(tracker_factory):
    validate = referral.ValidateReferralForm()
    assert validate.validate_region("/deny", CollectingDispatcher(), tracker_factory("/deny", "deny"), {}) == {"region": "unknown"}
    assert validate.validate_region(" Berlin ", CollectingDispatcher(), tracker_factory("Berlin", "out_of_scope"), {}) == {"region": "Berlin"}


def test_sector_from_button_typed_title_or_skip(tracker_factory):
    validate = cases.ValidateReportForm()

    def check(value, text, intent, lang="en"):
        tracker = tracker_factory(text, intent, slots={"language": lang})
        return validate.validate_sector(value, CollectingDispatcher(), tracker, {})["sector"]

    assert check("agriculture", "/affirm", "affirm") == "agriculture"
    assert check("Fabrica", "Fabrica", "out_of_scope", "ro") == "factory"
    assert check("/deny", "/deny", "deny") == "unknown"
    assert check("I pick apples", "I pick apples", "out_of_scope") == "other"


def test_contacts_for_the_place_with_hours_in_the_persons_language(tracker_factory):
    _, messages = run(referral.OfferContacts(), tracker_factory(slots={"region": "Zzyzx Springs", "language": "ro"}))
    assert messages[0]["response"] == "utter_contacts_fallback"  # no country known: the nationwide helpline
    helpline = messages[1]
    assert helpline["response"] == "utter_contact_firewall"  # it says it shares nothing with immigration
    assert "lun." in helpline["hours"]
    assert helpline["why"].count("•") >= 2  # reasons, one a line


def test_each_contact_says_why_it_fits(tracker_factory):
    slots = {"region": "Berlin", "language": "en", "indicators": ["withholding_of_wages"]}
    _, messages = run(referral.OfferContacts(), tracker_factory(slots=slots))
    first = messages[1]
    assert first["name"].startswith("Arbeit und Leben")
    helps = next(line for line in first["why"].splitlines() if "Helps with" in line)
    assert "getting unpaid wages" in helps  # wage_claims, for unpaid wages
    assert "Works in your area" in first["why"] and "Free of charge" in first["why"]


def test_a_written_summary_is_scrubbed_and_a_skip_is_skipped(tracker_factory):
    validate = cases.ValidateReportForm()
    dispatcher = CollectingDispatcher()
    words = "they keep 200 euro of my pay for the bed, my name is Ion Popescu, call +40 712 345 678"
    kept = validate.validate_summary(words, dispatcher, tracker_factory(words, "report_unpaid_wages"), {})["summary"]
    assert "bed" in kept and "Popescu" not in kept and "712" not in kept
    assert validate.validate_summary("/deny", dispatcher, tracker_factory("/deny", "deny"), {}) == {"summary": "skipped"}
    assert validate.validate_summary("no", dispatcher, tracker_factory("no", "deny"), {}) == {"summary": "skipped"}


def test_report_stores_only_what_it_may_and_returns_a_valid_code(tracker_factory):
    slots = {"region": "Berlin", "language": "en", "sector": "agriculture",
             "indicators": ["retention_of_identity_documents"], "risk_level": "rights_concern"}
    offered = [{"event": "action", "name": "action_offer_contacts"}]
    events, messages = run(cases.MakeReport(), tracker_factory(slots=slots, events=offered))
    assert [m["response"] for m in messages] == ["utter_case_code"]
    code = messages[0]["code"]
    assert case_codes.is_valid(code)
    row = reports.find(code)
    assert set(row) == {"code", "region", "language", "sector", "indicators", "risk_level", "needs", "summary",
                        "contact_id", "prune_after", "delivered"}
    assert row["region"] == "Berlin" and json.loads(row["indicators"]) == ["retention_of_identity_documents"]
    assert row["contact_id"] == "arbeit-und-leben-berlin"
    assert SlotSet("sector", None) in events and SlotSet("summary", None) in events


def test_report_carries_the_persons_summary(tracker_factory):
    slots = {"region": "Berlin", "language": "en", "sector": "care", "summary": "no pay since March, they keep my passport"}
    offered = [{"event": "action", "name": "action_offer_contacts"}]
    _, messages = run(cases.MakeReport(), tracker_factory(slots=slots, events=offered))
    assert reports.find(messages[0]["code"])["summary"] == "no pay since March, they keep my passport"


def test_report_without_earlier_contacts_gives_them_too(tracker_factory):
    _, messages = run(cases.MakeReport(), tracker_factory(slots={"region": "unknown", "language": "ar"}))
    responses = [m["response"] for m in messages]
    assert responses[0] == "utter_contacts_fallback" and responses[-1] == "utter_case_code"


def test_delete_my_data_confirms_and_ends_an_open_question(tracker_factory):
    events, messages = run(conversation.DeleteMyData(), tracker_factory(
        "delete everything i wrote", "delete_my_data", active_loop="referral_form"))
    assert messages[0]["response"] == "utter_data_deleted" and events == [SlotSet("delete_asked", False), ActiveLoop(None)]


def test_a_delete_the_understanding_is_unsure_of_is_asked_first_in_the_persons_language(tracker_factory):
    tracker = tracker_factory("el encargado esta borracho otra vez", "delete_my_data", slots={"language": "es"},
                              confidence=0.61)
    events, messages = run(conversation.DeleteMyData(), tracker)
    assert [m["response"] for m in messages] == ["utter_ask_delete"] and SlotSet("delete_asked", True) in events
    # The question is in the catalog of every language, and means what it says in Spanish.
    assert "conversación" in catalogs.text("utter_ask_delete", "es")
    # A no is not a yes: only an affirm after the question erases.
    tracker = tracker_factory("no", "deny", slots={"delete_asked": True})
    assert [m["response"] for m in run(conversation.DeleteMyData(), tracker)[1]] == ["utter_ask_delete"]
    tracker = tracker_factory("sí", "affirm", slots={"delete_asked": True})
    events, messages = run(conversation.DeleteMyData(), tracker)
    assert [m["response"] for m in messages] == ["utter_data_deleted"] and SlotSet("delete_asked", False) in events


def test_a_place_that_looks_like_a_language_request_is_taken_as_the_place(tracker_factory):
    validate = referral.ValidateReferralForm()
    dispatcher = CollectingDispatcher()
    assert validate.validate_region("Berlin", dispatcher, tracker_factory("Berlin", "choose_language"), {}) == {"region": "Berlin"}
    assert dispatcher.messages == []


def test_a_language_asked_for_mid_question_switches_and_asks_again(tracker_factory):
    validate = referral.ValidateReferralForm()
    dispatcher = CollectingDispatcher()
    result = validate.validate_region("in romana pls", dispatcher, tracker_factory("in romana pls", "choose_language"), {})
    assert result == {"region": None, "language": "ro", "language_chosen": True}
    assert dispatcher.messages[0]["response"] == "utter_language_set"


def screening_tracker(tracker_factory, requested, text, intent, slots=None):
    return tracker_factory(text, intent, slots={"requested_slot": requested, requested: text, **(slots or {})},
                           active_loop="screening_form", events=[{"event": "user"}] * 3)


def test_screening_yes_adds_the_indicator_with_its_turn(tracker_factory):
    validate = screening.ValidateScreeningForm()
    slot = "screen_retention_of_identity_documents"
    events = asyncio.run(validate.validate(CollectingDispatcher(), screening_tracker(tracker_factory, slot, "/affirm", "affirm"), {}))
    assert SlotSet(slot, "yes") in events
    assert SlotSet("indicators", ["retention_of_identity_documents"]) in events
    assert SlotSet("indicator_turns", {"retention_of_identity_documents": 3}) in events


def test_screening_questions_can_be_skipped_or_answered_no(tracker_factory):
    validate = screening.ValidateScreeningForm()
    slot = "screen_isolation"
    for text, intent, answer in (("/skip_question", "skip_question", "skipped"), ("no", "deny", "no"), ("skip", "deny", "no")):
        events = asyncio.run(validate.validate(CollectingDispatcher(), screening_tracker(tracker_factory, slot, text, intent), {}))
        assert events == [SlotSet(slot, answer)]


def test_screening_stops_on_the_button_or_the_word_in_any_language(tracker_factory):
    validate = screening.ValidateScreeningForm()
    slot = "screen_deception"
    for text, intent in (("/stop_screening", "stop_screening"), ("stop", "deny"), ("Стоп", "out_of_scope"), ("gata!", "deny")):
        tracker = screening_tracker(tracker_factory, slot, text, intent, slots={"screen_abuse_of_vulnerability": "no"})
        events = asyncio.run(validate.validate(CollectingDispatcher(), tracker, {}))
        assert SlotSet("screen_abuse_of_vulnerability", "no") in events  # earlier answers stay
        assert all(e["value"] in ("no", "stopped") for e in events) and len(events) == 11


def test_a_message_that_is_no_answer_asks_again(tracker_factory):
    validate = screening.ValidateScreeningForm()
    slot = "screen_debt_bondage"
    events = asyncio.run(validate.validate(CollectingDispatcher(), screening_tracker(tracker_factory, slot, "what?", "out_of_scope"), {}))
    assert events == [SlotSet(slot, None)]


def test_the_screening_is_offered_once_when_signs_appear(tracker_factory):
    events, messages = run(conversation.ReflectSigns(), tracker_factory(slots={"indicators": ["withholding_of_wages"],
                                                                         "risk_level": "rights_concern"}))
    assert [m["response"] for m in messages] == ["utter_offer_screening"]
    events, messages = run(conversation.ReflectSigns(), tracker_factory(slots={"indicators": ["withholding_of_wages"],
                                                                         "screening_offered": True}))
    assert messages == []


def test_a_child_hears_about_child_protection_not_the_adult_text(tracker_factory):
    slots = {"risk_level": "forced_labour_signs", "minor": True, "indicators": ["excessive_overtime"], "screening_offered": True}
    _, messages = run(conversation.ReflectSigns(), tracker_factory(slots=slots))
    assert [m["response"] for m in messages] == ["utter_signs_noticed", "utter_minor"]


def test_wage_check_reads_the_first_message_and_answers_with_the_gap(tracker_factory):
    events, _ = run(wage_actions.WagePrefill(), tracker_factory("I get 900 euros a month for 60 hours a week in Germany", "ask_minimum_wage"))
    wage = next(e["value"] for e in events if e["name"] == "wage")
    assert SlotSet("wage_country", "given") in events and SlotSet("wage_hours", "given") in events
    _, messages = run(wage_actions.WageAnswer(), tracker_factory(slots={"wage": wage, "language": "en"}))
    assert messages[0]["response"] == "utter_wage_below"
    assert messages[0]["country"] == "Germany" and messages[0]["gap"].startswith("€")


def test_asking_whether_reporting_is_safe_marks_firewalled_contacts_first(tracker_factory):
    events, _ = run(conversation.ListenClosely(), tracker_factory("i have no papers, will police find out", "ask_safe_reporting",
                                                              slots={"language": "en"}))
    assert SlotSet("undocumented", True) in events


def test_reports_beyond_the_cap_are_refused_politely_and_reach_no_partner(tracker_factory, monkeypatch):
    from bot import config
    from bot.cases import report_cap
    from bot.channels.limits import SlidingWindow

    monkeypatch.setenv("BOT_REPORTS_PER_CONVERSATION", "2")
    config.reload()
    monkeypatch.setattr(report_cap, "per_conversation", SlidingWindow(lambda: config.get().reports_per_conversation, window=86400))
    monkeypatch.setattr(report_cap, "per_hour", SlidingWindow(lambda: config.get().reports_per_hour, window=3600))
    slots = {"region": "Berlin", "language": "ro", "sector": "care"}
    offered = [{"event": "action", "name": "action_offer_contacts"}]
    made = [run(cases.MakeReport(), tracker_factory(slots=slots, events=offered))[1] for _ in range(3)]
    assert [m[-1]["response"] for m in made] == ["utter_case_code", "utter_case_code", "utter_report_limit"]
    # the whole service's hourly cap too, for any conversation
    monkeypatch.setenv("BOT_REPORTS_PER_HOUR", "2")
    config.reload()
    monkeypatch.setattr(report_cap, "per_conversation", SlidingWindow(lambda: 100, window=86400))
    assert not report_cap.allow("someone-else")


@pytest.mark.parametrize("text, language, minor", [
    ("I am 16 years old and they keep my passport", "en", True),
    ("am 16 ani si nu ma lasa sa plec", "ro", True),
    ("мне 15 лет, работаю без выходных", "ru", True),
    ("tengo 17 años y no me pagan", "es", True),
    ("I am 25 years old and they keep my passport", "en", False),
    ("I am 18 years old and they keep my passport", "en", False),
    ("we work 16 hours a day", "en", False),  # hours, not an age
])
def test_a_stated_age_under_18_becomes_the_minor_flag_and_never_the_age(tracker_factory, text, language, minor):
    events, _ = run(conversation.ListenClosely(), tracker_factory(text, "inform", slots={"language": language}))
    flags = [e for e in events if e["name"] == "minor"]
    assert flags == ([SlotSet("minor", True)] if minor else [])
    assert not any(e.get("name") == "age" for e in events)  # the fact is kept, never the number


def test_a_person_already_known_to_be_a_minor_is_not_flagged_twice(tracker_factory):
    events, _ = run(conversation.ListenClosely(), tracker_factory("I am 16 years old", "inform",
                                                                  slots={"language": "en", "minor": True}))
    assert not [e for e in events if e["name"] == "minor"]


def test_people_without_papers_are_offered_the_contact_that_shares_nothing_with_immigration_first(tracker_factory, monkeypatch):
    """The slot set when someone asks whether reporting is safe reaches the ordering of contacts."""
    from bot.referral import directory

    entries = [
        {"id": "speaks-english", "name": "Speaks English", "kind": "ngo", "regions": ["Berlin"], "languages": ["en"],
         "services": ["legal_advice"], "shares_with_immigration": None, "contact": {"phone": "+49 30 1111111"}},
        {"id": "firewalled", "name": "Firewalled", "kind": "ngo", "regions": ["Berlin"], "languages": ["ro"],
         "services": [], "shares_with_immigration": False, "contact": {"phone": "+49 30 2222222"}},
    ]
    monkeypatch.setattr(directory, "contacts", lambda: entries)
    slots = {"region": "Berlin", "language": "en", "country": "DE"}
    _, with_papers = run(referral.OfferContacts(), tracker_factory(slots=slots))
    assert [m.get("name") for m in with_papers[1:]] == ["Speaks English", "Firewalled"]

    events, _ = run(conversation.ListenClosely(), tracker_factory("i have no papers, will police find out",
                                                                  "ask_safe_reporting", slots=slots))
    slots.update({e["name"]: e["value"] for e in events if e["event"] == "slot"})
    assert slots.get("undocumented") is True
    _, without_papers = run(referral.OfferContacts(), tracker_factory(slots=slots))
    assert [m.get("name") for m in without_papers[1:]] == ["Firewalled", "Speaks English"]
    assert without_papers[1]["response"] == "utter_contact_firewall"


def test_a_sign_taken_back_later_is_withdrawn(tracker_factory):
    """'HELP my boss took my passport!!' then 'lol jk, he gave it back': no sign stays, no risk."""
    tracker = tracker_factory("lol jk he just needed a copy for HR, gave it back in 5 min", "chitchat", slots={
        "language": "en", "indicators": ["retention_of_identity_documents"],
        "indicator_turns": {"retention_of_identity_documents": 1}, "risk_level": "rights_concern"})
    events, _ = run(conversation.ListenClosely(), tracker)
    assert SlotSet("indicators", None) in events and SlotSet("risk_level", "none") in events


def test_the_language_before_a_close_language_guess_keeps_its_cues(tracker_factory, monkeypatch):
    """A Bulgarian conversation whose next message is guessed Russian: the Bulgarian cues still read it."""
    monkeypatch.setattr(conversation.detection, "guess", lambda *a, **k: conversation.detection.Guess("ru", ()))
    tracker = tracker_factory("не я пускат да излиза от хотела", "inform", slots={"language": "bg"})
    events, _ = run(conversation.ListenClosely(), tracker)
    found = next(e["value"] for e in events if e.get("name") == "indicators")
    assert "restriction_of_movement" in found


def test_a_joke_taken_back_withdraws_what_the_message_before_showed(tracker_factory):
    """'мене тут тримають силою!' (the message before, turn 1) then 'жартую 😅 ...' (turn 2): the sign
    turn 1 showed is gone, even though this message names no sign it denies; a sign of an earlier
    turn stays."""
    user = [{"event": "user", "text": "..."}, {"event": "user", "text": "..."}]
    tracker = tracker_factory("жартую 😅 просто контракт на пів року, бонус якщо не піду раніше", "chitchat", events=user, slots={
        "language": "uk", "indicators": ["withholding_of_wages", "restriction_of_movement"],
        "indicator_turns": {"withholding_of_wages": 0, "restriction_of_movement": 1}, "risk_level": "forced_labour_signs"})
    events, _ = run(conversation.ListenClosely(), tracker)
    assert SlotSet("indicators", ["withholding_of_wages"]) in events and SlotSet("risk_level", "rights_concern") in events


def test_a_laughing_threat_is_a_figure_of_speech_but_a_stated_sign_stays(tracker_factory):
    events, _ = run(conversation.ListenClosely(), tracker_factory(
        "hej szef mnie zabije jak sie znowu spoznie haha", "report_threats_violence", slots={"language": "pl"}))
    assert not [e for e in events if e.get("name") == "indicators"]
    events, _ = run(conversation.ListenClosely(), tracker_factory(
        "haha szef zabral mi paszport", "report_documents_taken", slots={"language": "pl"}))
    assert SlotSet("indicators", ["retention_of_identity_documents"]) in events
