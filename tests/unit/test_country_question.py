"""The country of work asked once: after an answer that depends on it, skippable, never asked again,
never for more than a region; the answers without it give the EU rule and the national authority."""

from __future__ import annotations

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions import conversation, local
from bot.channels import numbered
from bot.config import ROOT
from bot.language import catalogs, languages
from bot.rasa_plugins import nlg

ANSWERED_FEES = [{"event": "user", "text": "the agency wants 500 euro"}, {"event": "action", "name": "utter_recruitment_fees"},
                 {"event": "action", "name": "action_reflect_signs"}]


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    return action.run(dispatcher, tracker, {}), [m["response"] for m in dispatcher.messages]


def test_asked_after_an_answer_that_depends_on_the_country(tracker_factory):
    events, said = run(local.AskCountry(), tracker_factory(events=ANSWERED_FEES))
    assert said == ["utter_ask_country"]
    assert {"event": "slot", "name": "country_question", "value": "asked", "timestamp": None} in events


@pytest.mark.parametrize("slots", [{"country_question": "asked"}, {"country_question": "skipped"}, {"country": "NL"}])
def test_not_asked_again_once_asked_or_skipped_nor_when_the_country_is_known(tracker_factory, slots):
    assert run(local.AskCountry(), tracker_factory(slots=slots, events=ANSWERED_FEES)) == ([], [])


@pytest.mark.parametrize("slot", ["signs_explained", "screening_offered"])
def test_not_asked_in_a_turn_that_explained_the_signs_or_offered_the_questions(tracker_factory, slot):
    heavy = [*ANSWERED_FEES, {"event": "slot", "name": slot, "value": True}]
    assert run(local.AskCountry(), tracker_factory(events=heavy)) == ([], [])
    # asked with the next answer that depends on it
    later = [*heavy, {"event": "user", "text": "and the hours?"}, {"event": "action", "name": "utter_working_hours"}]
    assert run(local.AskCountry(), tracker_factory(slots={slot: True}, events=later))[1] == ["utter_ask_country"]


def test_not_asked_after_an_answer_the_same_everywhere(tracker_factory):
    events = [{"event": "user", "text": "hi"}, {"event": "action", "name": "utter_greet"}]
    assert run(local.AskCountry(), tracker_factory(events=events)) == ([], [])


def test_a_skip_is_remembered(tracker_factory):
    events, said = run(local.CountrySkipped(), tracker_factory("/skip_country", "skip_country"))
    assert said == ["utter_country_skipped"]
    assert {"event": "slot", "name": "country_question", "value": "skipped", "timestamp": None} in events


def test_a_place_given_as_the_answer_gets_the_answer_again_with_its_rules(tracker_factory):
    asked = [*ANSWERED_FEES, {"event": "action", "name": "action_ask_country"},
             {"event": "slot", "name": "country_question", "value": "asked"}, {"event": "user", "text": "Westland"}]
    tracker = tracker_factory("Westland", "out_of_scope", slots={"country_question": "asked", "country": "NL",
                                                                 "language": "en"}, events=asked)
    assert run(conversation.NotUnderstood(), tracker)[1] == ["utter_recruitment_fees"]
    # not when the question was asked turns ago: then a message not understood is just that
    later = [*asked, {"event": "action", "name": "utter_default"}, {"event": "user", "text": "hmm"}]
    tracker = tracker_factory("hmm", "out_of_scope", slots={"country_question": "asked", "country": "NL",
                                                            "language": "en"}, events=later)
    assert "utter_recruitment_fees" not in run(conversation.NotUnderstood(), tracker)[1]


def domain_response(name):
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"][name][0]


def test_the_question_has_a_skip_choice_on_buttons_and_numbered_channels():
    response = domain_response("utter_ask_country")
    assert [b["payload"] for b in response["buttons"]] == ["/skip_country"]
    for code in languages.CODES:
        message = nlg.shaped("utter_ask_country", code, {}, response["buttons"], "whatsapp")
        (shown,) = numbered.for_whatsapp([message], code)
        assert f"1. {catalogs.text('button_skip', code)}" in shown
        assert numbered.chosen([message], 1)["payload"] == "/skip_country"


def test_the_rules_skip_the_question_and_every_local_answer_is_followed_by_it():
    rules = yaml.safe_load((ROOT / "data" / "rules.yml").read_text(encoding="utf-8"))["rules"]
    skip = [r for r in rules if {"intent": "skip_country"} in r["steps"]]
    assert skip and skip[0]["steps"][1] == {"action": "action_country_skipped"}
    for rule in rules:
        actions = [s.get("action") for s in rule["steps"]]
        if any(a in ("utter_working_hours", "utter_contract", "utter_recruitment_fees", "utter_housing",
                     "utter_unpaid_wages", "utter_health_safety", "utter_safe_reporting") for a in actions):
            assert "action_ask_country" in actions, rule["rule"]


@pytest.mark.parametrize("code", languages.CODES)
def test_without_a_country_the_answer_gives_the_eu_rule_and_the_national_authority_never_the_question(code):
    text = nlg.render("utter_recruitment_fees", code, {"recruitment_fees_source": "Directive 2008/104/EC"})["text"]
    assert "2008/104/EC" in text and catalogs.text("country_pointer", code) in text
    assert catalogs.text("utter_ask_country", code) not in text
