"""The wage check: units, periods, currencies, countries, missing pieces, and the comparison."""

import pytest

from bot.assessment import local_rules, wage_check
from bot.assessment.wage_check import Pay


@pytest.mark.parametrize("text, expected", [
    ("I get 900 euros a month for 60 hours a week in Germany, is that legal?",
     Pay(900, "EUR", "month", 60, "DE")),
    ("primesc 3000 lei pe luna, lucrez 10 ore pe zi in Romania", Pay(3000, "RON", "month", 50, "RO")),
    ("6,50 € per hour in Spain", Pay(6.5, "EUR", "hour", None, "ES")),
    ("they pay 1.400 eur a month, poland, 48 hours a week", Pay(1400, "EUR", "month", 48, "PL")),
    ("4500 zł miesięcznie, 40 godzin tygodniowo", Pay(4500, "PLN", "month", 40, None)),
    ("primesc 3000 de lei pe luna in romania", Pay(3000, "RON", "month", None, "RO")),
    ("£1500 a month in the uk, 45 hours a week", Pay(1500, "GBP", "month", 45, "GB")),
    ("mujhe 6 euro प्रति घंटा milta hai germany me", Pay(6, "EUR", "hour", None, "DE")),
    ("em lam 12 tieng mot ngay duoc 1000 euro mot thang o ba lan", Pay(1000, "EUR", "month", 60, "PL")),
])
def test_extracts_pay_hours_and_country(text, expected):
    assert wage_check.extract(text) == expected


def test_what_is_missing_is_asked_in_order():
    assert Pay().missing() == ["country", "pay"]
    assert Pay(country="DE").missing() == ["pay"]
    assert Pay(900, "EUR", "month", None, "DE").missing() == ["hours"]
    assert Pay(7, "EUR", "hour", None, "DE").missing() == []  # an hourly rate needs no hours


def test_later_answers_add_to_what_was_known():
    known = wage_check.extract("what is the minimum in germany")
    assert known == Pay(country="DE")
    known = wage_check.extract("900 euro a month", known)
    assert known == Pay(900, "EUR", "month", None, "DE")


@pytest.mark.parametrize("text, value", [("1.400", 1400), ("1 400", 1400), ("6,50", 6.5), ("6.50", 6.5),
                                         ("12,000", 12000), ("900", 900)])
def test_numbers_with_local_separators(text, value):
    assert wage_check.parse_number(text) == value


def test_pay_below_the_german_minimum_gives_the_gap():
    minimum, _ = wage_check.minimum_hourly("DE")
    verdict = wage_check.check(Pay(900, "EUR", "month", 60, "DE"))
    assert verdict.kind == "below"
    assert verdict.paid_hourly == pytest.approx(900 * 12 / 52 / 60, abs=0.01)
    assert verdict.gap == pytest.approx(minimum - verdict.paid_hourly, abs=0.01)


def test_pay_above_the_minimum_is_ok():
    minimum, _ = wage_check.minimum_hourly("DE")
    assert wage_check.check(Pay(minimum + 2, "EUR", "hour", None, "DE")).kind == "ok"


def test_monthly_minimums_are_compared_per_hour_with_their_payments_a_year():
    hourly, record = wage_check.minimum_hourly("ES")
    monthly = local_rules.rule("ES", "minimum_wage").values["monthly"]
    structure = wage_check.minimum_wages()["countries"]["ES"]
    expected = monthly * structure["payments_per_year"] / (52 * structure["standard_weekly_hours"])
    assert hourly == pytest.approx(expected) and record["currency"] == "EUR" and record["source"]


@pytest.mark.parametrize("country", ["IT", "AT", "DK", "SE", "FI"])
def test_countries_without_a_statutory_minimum_say_so(country):
    assert wage_check.check(Pay(5, "EUR", "hour", None, country)).kind == "no_statutory_minimum"


def test_another_currency_is_not_compared():
    assert wage_check.check(Pay(900, "EUR", "month", 40, "RO")).kind == "other_currency"


def test_without_pay_the_minimum_alone_is_given():
    verdict = wage_check.check(Pay(country="FR"))
    assert verdict.kind == "minimum_only" and verdict.minimum_hourly > 10


def test_every_country_with_rules_has_its_minimum_wage_topic():
    for country in local_rules.countries():
        assert (local_rules.rule(country, "minimum_wage") is not None
                or local_rules._document(country)["topics"]["minimum_wage"]["values"]["statutory"] is None), country
