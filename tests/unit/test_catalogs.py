"""Every response and button has its words in every language, with the same placeholders."""

import string

import pytest
import yaml

from bot import config
from bot.assessment import facts, local_answers
from bot.channels import numbered
from bot.config import ROOT
from bot.language import catalogs, languages
from bot.rasa_plugins import nlg

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
# Values that actions pass to responses (see actions/actions.py) and settings the NLG adds.
ACTION_VALUES = {"name", "ways", "hours", "code", "retention_days", "country", "wage_source", "wage_as_of",
                 "minimum_hourly", "paid_hourly", "gap", "reply", "why", "services", "day", "time", "signs"}


def keys_in_domain() -> set[str]:
    keys = set()
    for variations in DOMAIN["responses"].values():
        for variation in variations:
            keys.add(variation["text"])
            keys.update(button["title"] for button in variation.get("buttons", []))
    return keys


def placeholders(text) -> set[str]:
    """Placeholder names of a catalog string, or of every plural form together."""
    forms = text if isinstance(text, (tuple, list)) else (text,)
    return {field for form in forms for _, field, _, _ in string.Formatter().parse(form) if field}


@pytest.mark.parametrize("code", languages.CODES)
def test_every_response_and_button_is_translated(code):
    catalog = {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in catalogs.read(code) if m.id}
    missing = sorted(k for k in keys_in_domain() if not catalog.get(k))
    assert not missing, f"{code} lacks {missing}"


@pytest.mark.parametrize("code", [c for c in languages.CODES if c != languages.DEFAULT])
def test_translations_keep_the_placeholders(code):
    source = {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in catalogs.read(languages.DEFAULT) if m.id}
    for message in catalogs.read(code):
        if message.id:
            key = message.id if isinstance(message.id, str) else message.id[0]
            assert placeholders(message.string) == placeholders(source[key]), key
            if message.pluralizable:
                assert all("{n}" in form for form in message.string), key


def test_every_placeholder_has_a_value_source():
    counted = {f"{key}_counted" for key in {**facts.units(), **config.UNITS}}
    known = set(facts.placeholders()) | ACTION_VALUES | set(DOMAIN["slots"]) | counted | {"n"} | local_answers.placeholders()
    for message in catalogs.read(languages.DEFAULT):
        if message.id:
            assert placeholders(message.string) <= known, message.id


@pytest.mark.parametrize("code", languages.CODES)
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
    for code in languages.CODES:
        text = nlg.render("utter_emergency", code, facts.placeholders())["text"]
        first_sentence = text.split(".")[0]
        assert number in first_sentence, (code, text)


@pytest.mark.parametrize("code", languages.CODES)
def test_counted_values_use_each_languages_plural_forms(code):
    one, many = catalogs.counted("hours", 1, code), catalogs.counted("hours", 48, code)
    assert one.startswith("1") or ("1" in one and "48" in many)
    if code == "ro":
        assert catalogs.counted("hours", 48, "ro") == "48 de ore" and catalogs.counted("hours", 5, "ro") == "5 ore"
    if code == "en":
        assert (one, many) == ("1 hour", "48 hours")


ACTION_EXAMPLES = {"name": "Arbeit und Leben", "ways": "https://example.org", "hours": "Mo-Fr 09:00-17:00",
                   "code": "K7QM-4XRT-9PWE", "country": "Deutschland", "wage_source": "MiLoG", "wage_as_of": "2025",
                   "minimum_hourly": "12,82 €", "paid_hourly": "3,46 €", "gap": "9,36 €",
                   "reply": "We can meet you on Tuesday.", "why": "• Open now", "signs": "your pay is held back"}


@pytest.mark.parametrize("code", languages.CODES)
def test_every_response_and_menu_renders_in_each_language(code):
    """Every response of domain.yml, with its buttons, as the person would see it in this language."""
    values = {**facts.placeholders(), **ACTION_EXAMPLES, "retention_days": config.retention_days()}
    english = {}
    for name, variations in DOMAIN["responses"].items():
        for variation in variations:
            message = nlg.render(variation["text"], code, values, variation.get("buttons"))
            assert message["text"].strip() and "{" not in message["text"], (name, message["text"])
            assert not message["text"].startswith(("utter_", "button_")), name
            for button in message.get("buttons", []):
                assert button["title"] and not button["title"].startswith(("button_", "sector_")), (name, button)
            english[variation["text"]] = nlg.render(variation["text"], "en", values)["text"]
            if code != "en" and variation["text"] not in {"utter_contact", "utter_contact_firewall"}:
                assert message["text"] != english[variation["text"]], f"{name} is still English in {code}"
    menu = nlg.render("utter_help_menu", code, values, DOMAIN["responses"]["utter_help_menu"][0]["buttons"])
    (shown,) = numbered.for_whatsapp([menu], code)
    assert "\n1. " in shown and "\n8. " in shown


