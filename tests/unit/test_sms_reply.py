"""SMS keeps what matters: every turn the test stories produce, in every language, fits the segment
budget and carries every numbered choice of the turn, numbered as a reply is read back."""

from __future__ import annotations

import asyncio
import itertools
from functools import cache

import pytest
import yaml
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa_sdk.executor import CollectingDispatcher

from actions import common, referral
from bot import config
from bot.assessment import indicators
from bot.channels import numbered, sms_reply, sms_segments
from bot.channels.twilio_messaging import SmsInput, WhatsAppInput
from bot.config import ROOT
from bot.language import catalogs, languages
from bot.rasa_plugins import nlg
from tests.helpers.channels import twiml_messages
from tests.helpers.servers import make_tracker
from tests.unit.test_catalogs import ACTION_EXAMPLES

STORIES = sorted((ROOT / "tests" / "stories").glob("*.yml"))
FORMS = {"referral_form", "report_form", "screening_form", "wage_form"}


def language_menu(**values) -> list[tuple]:
    dispatcher = CollectingDispatcher()
    common.language_menu(dispatcher, **values)
    (said,) = dispatcher.messages
    return [("utter_language_menu", {}, said["buttons"])]


# The longest list of signs the explanation can name: two of them, in the story's language (LANG).
SIGNS = {"signs": "SIGNS"}

# What each custom action of the stories can say, every alternative (read from actions/): a new
# action in a story fails the test until it is listed here.
SAYS: dict[str, list[list[tuple]]] = {
    "action_reflect_signs": [[("utter_signs_noticed", SIGNS, None), ("utter_signs_forced_labour", {}, None),
                              ("utter_offer_screening", {}, None)],
                             [("utter_signs_noticed", SIGNS, None), ("utter_minor", {}, None),
                              ("utter_offer_screening", {}, None)],
                             [("utter_signs_noticed", SIGNS, None), ("utter_signs_forced_labour", {}, None)], []],
    "action_emergency": [[("utter_emergency", {}, None)],
                         [("utter_ask_danger", {}, None)]],
    "action_offer_menu": [[("utter_help_menu", {}, None)], language_menu()],
    "action_choose_language": [[("utter_language_set", {"language": "LANG"}, None)], language_menu()],
    "action_offer_contacts": [["CONTACTS"]],
    "action_make_report": [[("utter_case_code", {"code": ACTION_EXAMPLES["code"]}, None)]],
    "action_delete_my_data": [[("utter_data_deleted", {}, None)], [("utter_ask_delete", {}, None)]],
    "action_wage_prefill": [[]],
    "action_wage_answer": [[(name, ACTION_EXAMPLES, None)] for name in
                           ("utter_wage_below", "utter_wage_ok", "utter_wage_minimum_only", "utter_wage_no_minimum",
                            "utter_wage_other_currency", "utter_wage_unknown", "utter_minimum_wage")],
    "action_screening_done": [[("utter_screening_done", {}, None)], [("utter_screening_stopped", {}, None)]],
    "action_ask_country": [[("utter_ask_country", {}, None)], []],
    "action_country_skipped": [[("utter_country_skipped", {}, None)]],
    "action_check_case": [[("utter_case_no_reply", {"code": ACTION_EXAMPLES["code"]}, None)],
                          [("utter_case_reply", ACTION_EXAMPLES, None)], [("utter_case_unknown", {}, None)]],
}


def turns_of(story: dict) -> list[list[list[tuple]]]:
    """Each turn of a story as the alternatives of each step: lists of (response, values, buttons)."""
    turns, current = [], None
    steps = story["steps"]
    for index, step in enumerate(steps):
        if "user" in step:
            current = []
            turns.append(current)
        elif "action" in step and current is not None:
            action = step["action"]
            if action.startswith("utter_"):
                current.append([[(action, {}, None)]])
            elif action in FORMS:
                following = next((s for s in steps[index + 1:] if "action" in s or "user" in s
                                  or "requested_slot" in str(s.get("slot_was_set", ""))), {})
                asked = [list(s.values())[0] for s in following.get("slot_was_set", []) if "requested_slot" in s]
                if asked and asked[0]:
                    current.append([[(f"utter_ask_{asked[0]}", {}, None)]])
            else:
                assert action in SAYS, f"{action} (in a test story) is missing from SAYS"
                current.append(SAYS[action])
    return turns


@cache
def sequences() -> list[tuple]:
    """Every distinct sequence of responses a turn of the test stories can produce."""
    found = set()
    for path in STORIES:
        for story in yaml.safe_load(path.read_text(encoding="utf-8"))["stories"]:
            for turn in turns_of(story):
                for choice in itertools.product(*turn):
                    sequence = tuple(frozen(said) for step in choice for said in step)
                    if sequence and not asks_country_in_a_heavy_turn(sequence):
                        found.add(sequence)
    return sorted(found)


def asks_country_in_a_heavy_turn(sequence: tuple) -> bool:
    """action_ask_country does not ask in a turn that explained the signs or offered the questions
    (actions/local.py HEAVY_TURN, tests/unit/test_country_question.py): no such turn is sent."""
    said = [name for name, _, _ in sequence]
    return "utter_ask_country" in said and bool({"utter_signs_noticed", "utter_signs_forced_labour", "utter_minor",
                                                 "utter_offer_screening"} & set(said))


def frozen(said) -> tuple:
    if said == "CONTACTS":
        return ("CONTACTS", (), ())
    name, values, buttons = said
    return name, tuple(sorted(values.items())), tuple(tuple(sorted(b.items())) for b in buttons or ())


@cache
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


def contacts(code: str) -> list[tuple[str, dict, None]]:
    """What action_offer_contacts says, run for real on the shipped directory."""
    dispatcher = CollectingDispatcher()
    referral.say_contacts(dispatcher, make_tracker(slots={"region": "Berlin", "language": code,
                                                          "indicators": ["retention_of_identity_documents"]}))
    return [(m["response"], {k: v for k, v in m.items() if k in ("name", "ways", "hours", "why")}, None)
            for m in dispatcher.messages]


def longest_signs(code: str) -> str:
    """The two longest sign phrases of a language, as the explanation of the signs joins them."""
    phrases = sorted((catalogs.text(f"sign_{i}", code) for i in indicators.all_ids()), key=len, reverse=True)
    return "; ".join(phrases[:2])


def rendered(sequence: tuple, code: str, channel: str) -> list[dict]:
    """The messages of a turn as the NLG hands them to the channel, action buttons added as Rasa adds them."""
    generator = nlg.CatalogNLG(domain=domain())
    tracker = DialogueStateTracker.from_events("sms-test", [SlotSet("language", code)], slots=domain().slots)
    messages = []
    said_list = []
    for name, values, buttons in sequence:
        if name == "CONTACTS":
            said_list += contacts(code)
        else:
            said_list.append((name, {k: (code if v == "LANG" else longest_signs(code) if v == "SIGNS" else v)
                                     for k, v in values}, [dict(b) for b in buttons]))
    for name, values, buttons in said_list:
        message = asyncio.run(generator.generate(name, tracker, channel, **values, buttons=buttons))
        if buttons:
            message.setdefault("buttons", [])
            message["buttons"] = [*message["buttons"], *buttons]
        messages.append(message)
    return messages


def numbered_lines(messages: list[dict]) -> list[str]:
    return [f"{number}. {button['title']}" for number, button in enumerate(numbered.choices(messages), 1)]


def test_the_stories_give_turns_with_several_offers():
    """The check below is only worth something if the stories hold the turns that used to lose choices."""
    offers = [s for s in sequences() if sum(1 for name, _, buttons in s if buttons or name in
                                            ("utter_offer_screening", "utter_offer_human")) >= 2]
    assert len(sequences()) >= 20 and offers


@pytest.mark.parametrize("code", languages.CODES)
def test_every_story_turn_fits_the_sms_budget_with_every_numbered_choice(code):
    budget = config.get().sms_max_segments
    failures = []
    for sequence in sequences():
        messages = rendered(sequence, code, "sms")
        (answer,) = twiml_messages(SmsInput().twiml([dict(m) for m in messages]))
        missing = [line for line in numbered_lines(messages)
                   if line not in answer and sms_segments.to_gsm7_if_only_accents(line) not in answer]
        if sms_segments.segments(answer) > budget or missing:
            failures.append(([name for name, _, _ in sequence], sms_segments.segments(answer), missing))
    assert not failures, failures[:5]


def test_the_passport_turn_keeps_both_offers_and_says_more_is_available():
    """The issue's case: passport taken, then the signs, the screening offer and the offer of a contact."""
    sequence = (("utter_documents_taken", (), ()), ("utter_signs_forced_labour", (), ()),
                ("utter_offer_screening", (), ()), ("utter_offer_human", (), ()))
    for code in languages.CODES:
        messages = rendered(sequence, code, "sms")
        answer = sms_reply.compose(messages, code, 3)
        assert sms_segments.segments(answer) <= 3
        titles = [b["title"] for b in numbered.choices(messages)]
        assert len(titles) == 3
        for line in numbered_lines(messages):
            assert sms_segments.to_gsm7_if_only_accents(line) in answer or line in answer, (code, answer)
        assert sms_segments.to_gsm7_if_only_accents(catalogs.text("sms_more", code)) in answer \
            or catalogs.text("sms_more", code) in answer
        details = sms_reply.compose(messages, code, 3, details=True)
        assert catalogs.text("sms_more", code) not in details
        assert numbered_lines(messages)[-1] in details or sms_segments.to_gsm7_if_only_accents(
            numbered_lines(messages)[-1]) in details


def test_a_turn_that_fits_is_sent_whole_without_the_more_note():
    messages = rendered((("utter_offer_human", (), ()),), "en", "sms")
    answer = sms_reply.compose(messages, "en", 3)
    assert answer == "\n".join([catalogs.text("utter_offer_human", "en"), "Reply with a number:", "1. Yes", "2. No"])


def test_numbers_run_on_across_the_turn_and_are_read_back_from_it():
    messages = rendered((("utter_offer_screening", (), ()), ("utter_offer_human", (), ())), "en", "whatsapp")
    texts = numbered.for_whatsapp(messages, "en")
    assert "1. " in texts[0] and "2. Yes" in texts[1] and "3. No" in texts[1]
    assert numbered.chosen(messages, 1)["payload"] == "/start_screening"
    assert numbered.chosen(messages, 2)["payload"] == "/request_human"
    assert numbered.chosen(messages, 4) is None and numbered.chosen(messages, 0) is None
    assert len(twiml_messages(WhatsAppInput().twiml(messages))) == 2


@pytest.mark.parametrize("code", languages.CODES)
def test_more_is_understood_in_english_and_in_the_persons_language(code):
    assert sms_reply.is_more("more", code) and sms_reply.is_more(" MORE. ", code)
    assert sms_reply.is_more(catalogs.text("sms_more_word", code).lower(), code)
    assert catalogs.text("sms_more_word", code) in catalogs.text("sms_more", code)
    assert not sms_reply.is_more("1", code) and not sms_reply.is_more("more money please", code)


def test_every_long_answer_has_a_short_sms_variant():
    long = [v["text"] for variations in domain().responses.values() for v in variations
            if "channel" not in v and len(catalogs.text(v["text"], "en")) > 140]
    assert long and [key for key in long if not catalogs.has(key + nlg.SHORT_SUFFIX)] == []
    for key in long:
        for code in languages.CODES:
            assert len(catalogs.text(key + nlg.SHORT_SUFFIX, code)) < len(catalogs.text(key, code)), (key, code)
