import pytest

from bot import indicators


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
