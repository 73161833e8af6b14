"""Every response and button has its words in every language, with the same placeholders."""

import string
from pathlib import Path

import pytest
import yaml

from bot import catalogs, facts, language, nlg

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
# Values that actions pass to responses (see actions/actions.py) and settings the NLG adds.
ACTION_VALUES = {"name", "ways", "hours", "code", "retention_days"}


def keys_in_domain() -> set[str]:
    keys = set()
    for name, variations in DOMAIN["responses"].items():
        for variation in variations:
            keys.add(variation["text"])
            keys.update(button["title"] for button in variation.get("buttons", []))
    return keys


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


@pytest.mark.parametrize("code", language.CODES)
def test_every_response_and_button_is_translated(code):
    catalog = {m.id: m.string for m in catalogs.read(code) if m.id}
    missing = sorted(k for k in keys_in_domain() if not catalog.get(k))
    assert not missing, f"{code} lacks {missing}"


@pytest.mark.parametrize("code", [c for c in language.CODES if c != language.DEFAULT])
def test_translations_keep_the_placeholders(code):
    source = {m.id: m.string for m in catalogs.read(language.DEFAULT) if m.id}
    for message in catalogs.read(code):
        if message.id:
            assert placeholders(message.string) == placeholders(source[message.id]), message.id


def test_every_placeholder_has_a_value_source():
    known = set(facts.placeholders()) | ACTION_VALUES | set(DOMAIN["slots"])
    for message in catalogs.read(language.DEFAULT):
        if message.id:
            assert placeholders(message.string) <= known, message.id


@pytest.mark.parametrize("code", language.CODES)
def test_rendered_answers_show_facts_in_each_language(code):
    values = dict(facts.placeholders())
    message = nlg.render("utter_working_hours", code, values)
    assert "48" in message["text"] and "{" not in message["text"]
    menu = nlg.render("utter_help_menu", code, values, DOMAIN["responses"]["utter_help_menu"][0]["buttons"])
    titles = [b["title"] for b in menu["buttons"]]
    assert titles == [catalogs.text(b["title"], code) for b in DOMAIN["responses"]["utter_help_menu"][0]["buttons"]]
    assert not any(t.startswith("button_") for t in titles)


def test_emergency_number_comes_first_in_every_language():
    number = facts.placeholders()["emergency_number"]
    for code in language.CODES:
        text = nlg.render("utter_emergency", code, facts.placeholders())["text"]
        first_sentence = text.split(".")[0]
        assert number in first_sentence, (code, text)
