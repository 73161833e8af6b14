import pytest

from bot.assessment import indicators


@pytest.mark.parametrize("found, level", [
    ([], "none"),
    (["withholding_of_wages"], "rights_concern"),
    (["retention_of_identity_documents"], "rights_concern"),  # one sign, even if it counts for both dimensions
    (["restriction_of_movement", "isolation"], "rights_concern"),  # involuntariness without penalty
    (["retention_of_identity_documents", "restriction_of_movement"], "forced_labour_signs"),
    (["debt_bondage", "intimidation_threats"], "forced_labour_signs"),
    (["excessive_overtime", "physical_sexual_violence"], "forced_labour_signs"),
])
def test_risk_needs_involuntariness_and_penalty(found, level):
    assert indicators.risk_level(found) == level


def test_report_intents_add_their_indicator_once():
    found = indicators.merge([], indicators.from_intent("report_documents_taken"))
    found = indicators.merge(found, indicators.from_intent("report_documents_taken"))
    assert found == ["retention_of_identity_documents"]
    assert indicators.from_intent("greet") == []


def test_every_indicator_named_in_the_data_is_one_of_the_eleven():
    ids = set(indicators.all_ids())
    assert len(ids) == 11
    assert set(indicators.needs(ids)) <= {"legal_advice", "wage_claims", "shelter", "psychological", "medical",
                                          "interpretation", "documents", "safe_reporting"}


@pytest.mark.parametrize("text, indicator", [
    ("the boss keeps our passports", "retention_of_identity_documents"),
    ("they took our phones", "isolation"),
    ("we owe for the flight and the debt keeps growing", "debt_bondage"),
    ("they lock us in the house at night", "restriction_of_movement"),
])
def test_indicators_are_noticed_in_the_words_whatever_the_intent(text, indicator):
    assert indicator in indicators.from_text(text, ["en"])


def test_a_negation_before_the_cue_cancels_it():
    assert "retention_of_identity_documents" not in indicators.from_text("they did not take my passport", ["en"])


def test_each_language_file_names_only_the_eleven_indicators():
    for path in sorted(indicators.CUES.glob("*.yml")):
        table = indicators._cue_file(path.stem)
        assert set(table["cues"]) <= set(indicators.all_ids()), path.name
        assert table.get("minor_age"), path.name


@pytest.mark.parametrize("text, codes, age", [
    ("i am 16 and work in the fields", ["en"], 16),
    ("tengo 15 anos", ["es"], 15),
    ("i work 16 hours a day", ["en"], None),
])
def test_a_stated_age_is_read(text, codes, age):
    assert indicators.stated_age(text, codes) == age


def test_for_a_child_any_sign_of_exploitation_is_enough():
    assert indicators.risk_level(["excessive_overtime"]) == "rights_concern"
    assert indicators.risk_level(["excessive_overtime"], minor=True) == "forced_labour_signs"
    assert indicators.risk_level([], minor=True) == "none"
