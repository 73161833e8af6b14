"""The rules of the country someone works in: answers with that country's figures, their source and
date; a warning once the review date has passed; the EU rule and the inspectorate where the country's
rule is unknown; the country named in any of our languages; contacts of that country only."""

from __future__ import annotations

import datetime as dt

import pytest
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from rasa_sdk.executor import CollectingDispatcher

from actions import conversation
from actions import wage as wage_actions
from bot.assessment import facts, local_answers, local_rules, wage_check
from bot.language import catalogs
from bot.language.catalogs import fill
from bot.places import gazetteer, names, recognise
from bot.rasa_plugins import nlg
from bot.referral import directory, matching

# Ten and more countries, each topic, in several languages: (response, topic whose figure it shows).
TOPICS = [("utter_working_hours", "working_time", "max_weekly_hours"), ("utter_contract", "written_contract", "deadline_days"),
          ("utter_unpaid_wages", "wage_claim", "deadline_months"), ("utter_health_safety", "sick_pay", "employer_paid_days")]
COUNTRIES = ["DE", "NL", "FR", "ES", "PL", "RO", "IT", "BE", "AT", "GB", "IE", "PT", "CZ", "SE"]
LANGS = ["en", "ro", "ar", "pl", "vi", "es"]


def cases():
    for response, topic, value in TOPICS:
        for index, country in enumerate(COUNTRIES):
            rule = local_rules.rule(country, topic)
            if rule and value in rule.values:
                yield response, country, rule, value, LANGS[index % len(LANGS)]


@pytest.mark.parametrize(("response", "country", "rule", "value", "lang"), list(cases()))
def test_the_answer_gives_the_countrys_figure_with_its_source_and_date(response, country, rule, value, lang):
    text = nlg.render(response, lang, {**facts.placeholders(), "country": country})["text"]
    assert format_decimal(rule.values[value], locale=lang) in text, text
    assert rule.citation in text
    if rule.as_of:
        assert format_date(rule.as_of, "medium", locale=lang) in text
    said = local_answers.answer(response, country)
    warning = catalogs.text("fact_may_have_changed_inspectorate" if local_answers.inspectorate(country)
                            else "fact_may_have_changed", lang).split("(")[0]
    assert (warning in text) == bool(local_answers.stale(said.sources))
    assert "{" not in text


def test_enough_countries_and_topics_are_covered():
    covered = {(r, c) for r, c, *_ in cases()}
    assert len({c for _, c in covered}) >= 10 and len({r for r, _ in covered}) == len(TOPICS)


@pytest.mark.parametrize("lang", ["en", "fr", "uk"])
def test_the_netherlands_working_week_is_the_dutch_rule_not_the_eu_sentence(lang):
    text = nlg.render("utter_working_hours", lang, {"country": "NL", "max_weekly_hours": 48, "daily_rest_hours": 11,
                                                    "annual_leave_weeks": 4})["text"]
    eu_sentence = catalogs.text("utter_working_hours", lang).split("{")[0]
    assert eu_sentence not in text
    assert names.country_name("NL", lang) in text and local_rules.rule("NL", "working_time").citation in text


def test_without_a_country_the_eu_rule_and_an_invitation_to_name_it():
    text = nlg.render("utter_contract", "en", {"contract_info_days": 7})["text"]
    assert "7 days" in text and catalogs.text("country_pointer", "en") in text


def test_a_country_whose_rule_is_unknown_gets_the_eu_rule_and_its_inspectorate(monkeypatch):
    monkeypatch.setattr(local_rules, "rule", lambda country, topic: None if topic != "inspectorate" else
                        local_rules.Rule(country, topic, {"name": "Inspectia Muncii"}, "law", "https://x", None, None))
    text = nlg.render("utter_contract", "en", {"country": "RO", "contract_info_days": 7})["text"]
    assert "7 days" in text and "Inspectia Muncii" in text and "exact rule of Romania" in text


def test_a_figure_past_its_review_date_says_it_may_have_changed():
    rule = local_rules.Rule("DE", "working_time", {"max_weekly_hours": 48}, "ArbZG § 3", "https://x",
                            dt.date(2020, 1, 1), dt.date(2021, 1, 1))
    assert rule.stale() and local_answers.stale([rule]) == [rule]
    fresh = local_rules.Rule("DE", "working_time", {}, "c", "https://x", None, dt.date.today() + dt.timedelta(days=30))
    assert not fresh.stale()


def test_every_shipped_figure_has_a_source():
    assert local_rules.problems()["missing"] == []


def test_a_figure_without_a_source_is_an_error(tmp_path, monkeypatch):
    (tmp_path / "XX.yml").write_text("country: XX\ntopics:\n  working_time:\n    values: {max_weekly_hours: 50}\n"
                                     "    source: null\n    url: null\n    as_of: null\n    review_after: null\n")
    monkeypatch.setattr(local_rules, "COUNTRIES", tmp_path)
    local_rules._document.cache_clear()
    try:
        found = local_rules.problems()
        assert any("XX.yml working_time: figures without a source" in line for line in found["missing"])
        assert local_rules.rule("XX", "working_time") is None  # never said to a person
    finally:
        local_rules._document.cache_clear()


@pytest.mark.parametrize(("text", "country"), [
    ("lucrez in Olanda la sere", "NL"), ("работаю в Германии на складе", "DE"), ("pracuję w Polsce", "PL"),
    ("trabajo en un invernadero en Almería", "ES"), ("je travaille à Lyon", "FR"), ("اشتغل في ايطاليا", "IT"),
    ("tôi làm ở Đức", "DE"), ("main Portugal mein kaam karta hoon", "PT"), ("Westland", "NL"),
])
def test_the_country_is_found_in_any_language(text, country):
    assert recognise.where(text).country == country


def test_westland_is_south_holland():
    assert recognise.where("Westland").region == "NL-ZH"


@pytest.mark.parametrize("text", ["my boss shouts at me but pays", "claro que si", "y el jefe", "give me my money"])
def test_ordinary_words_are_not_places(text):
    assert recognise.where(text) is None


def test_listen_closely_keeps_the_country_of_work(tracker_factory):
    tracker = tracker_factory("how many hours can I legally work per week in the Netherlands", "ask_working_hours")
    events = conversation.ListenClosely().run(None, tracker, {})
    assert {"event": "slot", "name": "country", "value": "NL", "timestamp": None} in events


def test_the_minimum_wage_of_a_named_country_is_said_without_asking_for_pay(tracker_factory):
    tracker = tracker_factory("what is the minimum wage in Germany", "ask_minimum_wage")
    events = wage_actions.WagePrefill().run(None, tracker, {})
    slots = {e["name"]: e["value"] for e in events}
    assert slots["wage_pay"] == "skipped" and slots["wage_hours"] == "skipped" and slots["wage"]["country"] == "DE"
    verdict = wage_check.check(wage_check.Pay(**slots["wage"]))
    assert verdict.kind == "minimum_only"
    assert verdict.minimum_hourly == local_rules.rule("DE", "minimum_wage").values["hourly"]


SHIPPED = directory.validate_file(directory.config.ROOT / "referral_directory.yaml")["contacts"]


def test_a_town_in_a_covered_country_gets_a_contact_of_that_country():
    for town, country in [("Westland", "NL"), ("Huelva", "ES"), ("Foggia", "IT"), ("Kuopio", "FI"), ("Vechta", "DE")]:
        contacts, _ = matching.match(town, "en", entries=SHIPPED)
        assert contacts and all(matching._in_country(c, country) for c in contacts), town


def test_never_another_countrys_contact_and_never_an_example():
    example = {**SHIPPED[0], "id": "example-x", "example": True, "regions": ["RO", "nationwide"], "kind": "helpline"}
    others = [c for c in SHIPPED if not matching._in_country(c, "RO")]
    contacts, _ = matching.match("Bucuresti", "ro", entries=[example, *others])
    assert contacts == []
    contacts, _ = matching.match(None, "ro", entries=[example, *others], country="RO")
    assert contacts == []


# Fees, housing and paid leave in every covered country whose rule is known, rendered in turn in several
# languages: the expectation is read from the country's data file, and must appear in the answer.
LEAVE_UNITS = ("working_days", "working_days_6", "calendar_days")
COUNTRY_TOPICS = [("utter_recruitment_fees", "recruitment_fees"), ("utter_housing", "housing_deductions"),
                  ("utter_working_hours", "annual_leave")]
ALL_LANGS = ["en", "ro", "ar", "es", "fr", "pt", "bg", "pl", "uk", "ru", "hi", "vi"]


def country_topic_cases():
    n = 0
    for response, topic in COUNTRY_TOPICS:
        for country in gazetteer.COUNTRIES:
            rule = local_rules.rule(country, topic)
            v = rule.values if rule else {}
            if (topic == "recruitment_fees" and "fees_to_worker_banned" in v
                    or topic == "housing_deductions" and v.get("employer_housing_deduction_capped") is True
                    or topic == "annual_leave" and v.get("unit") in LEAVE_UNITS):
                yield response, country, rule, ALL_LANGS[n % len(ALL_LANGS)]
                n += 1


def expected_statement(rule, lang):
    """What the country's rule must make the answer say, from its values in data/facts/countries/."""
    v, named = rule.values, {"country": names.country_name(rule.country, lang)}
    if rule.topic == "recruitment_fees":
        key = "fact_fees_banned" if v["fees_to_worker_banned"] else "fact_fees_allowed"
        return fill(catalogs.text(key, lang), named)
    if rule.topic == "housing_deductions":
        if v.get("cap_percent"):
            return fill(catalogs.text("fact_housing_cap_percent", lang), {**named, "cap_percent": v["cap_percent"]})
        return fill(catalogs.text("fact_housing_capped", lang), named)
    return catalogs.counted("days", v["days"], lang)


@pytest.mark.parametrize(("response", "country", "rule", "lang"), list(country_topic_cases()))
def test_fees_housing_and_leave_give_the_countrys_rule_instrument_and_date(response, country, rule, lang):
    text = nlg.render(response, lang, {**facts.placeholders(), "country": country})["text"]
    assert expected_statement(rule, lang) in text, text
    assert rule.citation in text
    if rule.as_of:
        assert format_date(rule.as_of, "medium", locale=lang) in text
    assert "{" not in text


def test_fees_housing_and_leave_cover_enough_countries():
    covered = list(country_topic_cases())
    for response, _ in COUNTRY_TOPICS:
        assert len({c for r, c, *_ in covered if r == response}) >= 6
    assert len({c for _, c, *_ in covered}) >= 10 and len({lang for *_, lang in covered}) == len(ALL_LANGS)


def minimum_wage_cases():
    countries = [c for c in gazetteer.COUNTRIES if (local_rules.rule(c, "minimum_wage") or local_rules.Rule(
        c, "minimum_wage", {}, "", "", None, None)).values.get("hourly")]
    return [(country, ALL_LANGS[n % len(ALL_LANGS)]) for n, country in enumerate(countries)]


@pytest.mark.parametrize(("country", "lang"), minimum_wage_cases())
def test_the_minimum_wage_answer_gives_the_countrys_figure_instrument_and_date(tracker_factory, country, lang):
    rule = local_rules.rule(country, "minimum_wage")
    tracker = tracker_factory(slots={"language": lang, "wage": {"country": country}})
    dispatcher = CollectingDispatcher()
    wage_actions.WageAnswer().run(dispatcher, tracker, {})
    (message,) = dispatcher.messages
    assert message["response"] == "utter_wage_minimum_only"
    text = nlg.render(message["response"], lang, {k: v for k, v in message.items() if k != "response"})["text"]
    figure = format_currency(round(rule.values["hourly"], 2), local_rules.currency(country), locale=lang)
    assert figure in text and rule.citation in text, text
    assert format_date(rule.as_of, "long", locale=lang) in text
    assert names.country_name(country, lang) in text or Locale.parse(lang).territories[country] in text


def test_minimum_wages_cover_ten_countries_in_every_language():
    cases = minimum_wage_cases()
    assert len(cases) >= 10 and len({lang for _, lang in cases}) >= 10


@pytest.mark.parametrize(("text", "lang", "country"), [
    ("what is the minimum wage in Poland", "en", "PL"), ("cat e salariul minim in Olanda", "ro", "NL"),
    ("cuál es el salario mínimo en Francia", "es", "FR"), ("jaka jest płaca minimalna w Irlandii", "pl", "IE"),
])
def test_a_minimum_wage_question_in_the_persons_language_names_the_country(tracker_factory, text, lang, country):
    events = wage_actions.WagePrefill().run(None, tracker_factory(text, "ask_minimum_wage", slots={"language": lang}), {})
    slots = {e["name"]: e["value"] for e in events}
    assert slots["wage"]["country"] == country and slots["wage_pay"] == "skipped"


def _towns_of(country: str) -> list[str]:
    """From the gazetteer (kept data, not picked by hand): the country's largest town, and one of
    5,000 to 20,000 people, each a name that names that town first."""
    found = sorted(((places[0].population, name) for name, places in gazetteer.index().items()
                    if places[0].kind == gazetteer.TOWN and places[0].country == country and name.isascii()
                    and len(name) >= 5 and " " not in name), reverse=True)
    small = [name for people, name in found if 5_000 <= people <= 20_000]
    return [found[0][1], small[len(small) // 2]] if small else [found[0][1]]


@pytest.mark.parametrize("country", gazetteer.COUNTRIES)
def test_a_town_in_every_covered_country_gets_only_contacts_of_that_country(country):
    for town in _towns_of(country):
        assert recognise.where(town).country == country, town
        contacts, _ = matching.match(town, "en", entries=SHIPPED)
        assert contacts and all(matching._in_country(c, country) for c in contacts), (town, contacts)
        assert not any(c.get("example") for c in contacts)

