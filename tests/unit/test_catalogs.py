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


PLURAL_SAMPLE = [0, 1, 2, 3, 4, 5, 10, 11, 12, 14, 19, 20, 21, 22, 25, 48, 100, 101, 102, 103, 111, 112, 1000, 1_000_000]


@pytest.mark.parametrize("code", languages.CODES)
def test_every_plural_form_of_every_count_is_chosen_by_the_catalogs_rule(code):
    """Each count_* entry has one non-empty form per plural form of its catalog, each form is reached
    by some number, and counted() picks the one the catalog's Plural-Forms rule names."""
    import gettext

    from babel.messages.pofile import read_po
    from babel.numbers import format_decimal

    with open(catalogs.po_path(code, catalogs.DOMAIN), encoding="utf-8") as handle:
        catalog = read_po(handle, locale=code)
    forms_count = catalog.num_plurals
    rule = gettext.c2py(catalog.plural_expr)
    units = [m for m in catalog if isinstance(m.id, tuple) and m.id[0].startswith("count_")]
    assert {m.id[0] for m in units} == {"count_hours", "count_days", "count_weeks", "count_months", "count_countries"}
    assert {rule(n) for n in PLURAL_SAMPLE} == set(range(forms_count))  # the sample reaches every form
    for message in units:
        forms = list(message.string)
        assert len(forms) == forms_count and all(f.strip() and "{n}" in f for f in forms), (code, message.id, forms)
        for n in PLURAL_SAMPLE:
            expected = forms[rule(n)].replace("{n}", format_decimal(n, locale=code))
            assert catalogs.counted(message.id[0].removeprefix("count_"), n, code) == expected, (code, n)


@pytest.mark.parametrize("code, counts", [
    ("ru", {1: "1 час", 2: "2 часа", 5: "5 часов", 11: "11 часов", 21: "21 час", 22: "22 часа", 112: "112 часов"}),
    ("uk", {1: "1 година", 3: "3 години", 12: "12 годин", 21: "21 година", 24: "24 години"}),
    ("pl", {1: "1 godzina", 2: "2 godziny", 5: "5 godzin", 12: "12 godzin", 22: "22 godziny", 21: "21 godzin"}),
    ("ro", {1: "1 oră", 5: "5 ore", 19: "19 ore", 20: "20 de ore", 48: "48 de ore", 101: "101 ore"}),
    ("bg", {1: "1 час", 2: "2 часа", 48: "48 часа"}),
    ("fr", {0: "0 heure", 1: "1 heure", 2: "2 heures"}),
    ("en", {1: "1 hour", 0: "0 hours", 48: "48 hours"}),
])
def test_hours_are_counted_as_a_speaker_would_say_them(code, counts):
    """Known forms, checked by hand against each language's grammar (not read from the catalogs)."""
    assert {n: catalogs.counted("hours", n, code) for n in counts} == counts


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


