"""The directory: validation that names line and field, and matching that never leaves anyone alone."""

import datetime as dt
from pathlib import Path

import pytest

from bot.assessment import local_rules
from bot.config import ROOT
from bot.referral import directory, matching, wording

GOOD = (ROOT / "tests" / "data" / "directory.yaml").read_text(encoding="utf-8")  # the test directory
SHIPPED = (ROOT / "referral_directory.yaml").read_text(encoding="utf-8")


def problems(text: str) -> list[directory.Problem]:
    with pytest.raises(directory.DirectoryError) as caught:
        directory.validate_text(text, Path("referral_directory.yaml"))
    return caught.value.problems


def line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_the_shipped_directory_is_valid_and_real():
    contacts = directory.validate_text(SHIPPED)["contacts"]
    assert len(contacts) >= 32 and not [c["id"] for c in contacts if c.get("example")]
    assert directory.placeholders({"contacts": contacts}) == []


def test_every_covered_country_has_a_contact_of_its_own():
    contacts = directory.validate_text(SHIPPED)["contacts"]
    for country in local_rules.countries():
        assert any(country in c["regions"] or any(r.startswith(country + "-") for r in c["regions"]) for c in contacts), country


def test_wrong_kind_names_line_and_contact():
    broken = GOOD.replace("kind: union", "kind: church", 1)
    (problem,) = problems(broken)
    assert problem.line == line_of(broken, "kind: church")
    assert problem.field == "contact 'undok-vienna', kind"


def test_unknown_language_code_is_reported():
    broken = GOOD.replace("languages: [en, ro, ar]", "languages: [en, ro, qq]")
    (problem,) = problems(broken)
    assert "'qq'" in problem.message and "languages" in problem.field


def test_duplicate_id_points_at_both_lines():
    broken = GOOD.replace("id: undok-vienna", "id: fairwork-belgium")
    first, second = [i for i, line in enumerate(broken.splitlines(), 1) if "id: fairwork-belgium" in line]
    (problem,) = problems(broken)
    assert problem.line == second
    assert "duplicate" in problem.message and f"line {first}" in problem.message


def test_yaml_syntax_error_gives_the_line():
    broken = GOOD.replace("  - id: undok-vienna", "  - id: [undok-vienna")
    (problem,) = problems(broken)
    assert problem.field == "YAML syntax" and problem.line is not None


def test_bad_hours_are_reported():
    broken = GOOD.replace('open: "09:00"', 'open: "9 am"')
    (problem,) = problems(broken)
    assert "open" in problem.field and problem.line == line_of(broken, "9 am")


def test_local_contact_first_for_a_known_place_written_any_way():
    contacts, local = matching.match("BERLIN", "en")
    assert local and contacts[0]["id"] == "arbeit-und-leben-berlin"
    contacts, local = matching.match("برلين", "ar")
    assert local and contacts[0]["id"] == "arbeit-und-leben-berlin"


@pytest.mark.parametrize("region", ["Zzyzx Springs", "unknown", None])
def test_nobody_local_and_no_country_known_still_gets_at_most_three_contacts(region):
    contacts, local = matching.match(region, "ro")
    assert not local and 1 <= len(contacts) <= matching.MAX_CONTACTS
    assert contacts[0]["id"] == "example-helpline"  # the only one speaking Romanian


# Twenty and more ways NGOs break the file: (what is changed, into what, the field the error must name).
BROKEN = [
    ("kind: union", "kind: church", "kind"),
    ("kind: ngo", "kind: 5", "kind"),
    ("languages: [en, ro, ar]", "languages: [en, ro, qq]", "languages"),
    ("languages: [en, ro, ar]", "languages: english", "languages"),
    ("languages: [en, ro, ar]", "languages: [en, ROM]", "languages[1]"),
    ("languages: [en, ro, ar]", "languages: []", "languages"),
    ("services: [safe_reporting, legal_advice]", "services: [safe_reporting, lawyers]", "services[1]"),
    ("regions: [nationwide, RO]", "regions: []", "regions"),
    ("regions: [nationwide, RO]", "regions: nationwide", "regions"),
    ('open: "09:00"', 'open: "9 am"', "open"),
    ('close: "17:00"', 'close: "25:00"', "close"),
    ("days: [mon, tue, wed, thu, fri]", "days: [monday, tue]", "days[0]"),
    ("timezone: Europe/Berlin", "zone: Europe/Berlin", "opening_hours"),
    ("free_of_charge: true", "free_of_charge: yes please", "free_of_charge"),
    ("shares_with_immigration: false\n    contact: {web: \"https://example.org/helpline\"}",
     "shares_with_immigration: sometimes\n    contact: {web: \"https://example.org/helpline\"}", "shares_with_immigration"),
    ('contact: {web: "https://example.org/helpline"}', 'contact: {web: "example.org"}', "contact.web"),
    ('contact: {web: "https://example.org/helpline"}', 'contact: {email: "helpline at example.org"}', "contact.email"),
    ('contact: {web: "https://example.org/helpline"}', 'contact: {fax: "+40 21 000"}', "contact"),
    ("last_verified: null\n\n  - id: arbeit", "last_verified: 2025-02-30\n\n  - id: arbeit", "last_verified"),
    ("  - id: undok-vienna", "  - id: Undok Vienna", "id"),
    ("  - id: undok-vienna", "  - id: fairwork-belgium", "id"),
    ("    name: UNDOK\n", "", "name"),
    ("  - id: fairwork-belgium\n", "  - id: fairwork-belgium\n    example: maybe\n", "example"),
]


@pytest.mark.parametrize("old, new, field", BROKEN, ids=[f"{i:02d}-{b[2]}" for i, b in enumerate(BROKEN)])
def test_each_broken_file_names_the_line_and_the_field(old, new, field):
    assert old in GOOD, old
    broken = GOOD.replace(old, new, 1)
    found = problems(broken)
    assert any(field in p.field for p in found), [str(p) for p in found]
    assert all(p.line is None or 1 <= p.line <= len(broken.splitlines()) for p in found)
    assert any(p.line for p in found), [str(p) for p in found]


@pytest.mark.parametrize("text", ["contacts: [\n  {id: x", "contacts:\n  - id: a\n   name: b\n", "\tcontacts: []"])
def test_yaml_syntax_errors_give_a_line(text):
    (problem,) = problems(text)
    assert problem.field == "YAML syntax" and problem.line


def test_warnings_for_entries_not_verified_for_a_year():
    import datetime as dt

    document = directory.validate_text(GOOD.replace("    last_verified: null", "    last_verified: 2024-01-15", 1))
    found = directory.warnings(document, today=dt.date(2026, 11, 30))
    assert any("2024-01-15" in w and "12 months" in w for w in found)
    assert any("never been verified" in w for w in found)


def test_a_bad_file_never_replaces_the_loaded_directory(tmp_path):
    import sqlite_utils

    good, bad, db = tmp_path / "good.yaml", tmp_path / "bad.yaml", tmp_path / "directory.db"
    good.write_text(GOOD, encoding="utf-8")
    bad.write_text(GOOD.replace("kind: union", "kind: church", 1), encoding="utf-8")
    assert directory.load(good, db) == len(directory.validate_text(GOOD)["contacts"])
    with pytest.raises(directory.DirectoryError):
        directory.load(bad, db)
    loaded = sqlite_utils.Database(db)
    assert loaded["contacts"].count == len(directory.validate_text(GOOD)["contacts"])
    assert [r["id"] for r in loaded["contacts"].search("wage_claims")]  # full-text search works


def test_open_now_in_the_contacts_own_time_zone():
    import datetime as dt

    helpline = next(c for c in directory.contacts() if c["id"] == "example-helpline")  # Mon-Fri 09-17 Berlin
    assert matching.is_open(helpline, dt.datetime(2026, 11, 30, 9, 30, tzinfo=dt.timezone.utc))  # 10:30 Berlin, Monday
    assert not matching.is_open(helpline, dt.datetime(2026, 11, 30, 16, 30, tzinfo=dt.timezone.utc))  # 17:30 Berlin
    assert not matching.is_open(helpline, dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.timezone.utc))  # Sunday


def test_next_opening_is_the_next_slot_in_the_contacts_time_zone():
    helpline = next(c for c in directory.contacts() if c["id"] == "example-helpline")
    friday_evening = dt.datetime(2026, 12, 4, 18, 0, tzinfo=dt.timezone.utc)  # 19:00 Berlin
    opens = matching.next_opening(helpline, friday_evening)
    assert (opens.weekday(), opens.strftime("%H:%M"), str(opens.tzinfo)) == (0, "09:00", "Europe/Berlin")  # Monday
    assert matching.next_opening({**helpline, "opening_hours": None}, friday_evening) is None


def test_why_a_contact_fits_is_said_in_the_readers_language():
    helpline = next(c for c in directory.contacts() if c["id"] == "example-helpline")
    friday_evening = dt.datetime(2026, 12, 4, 18, 0, tzinfo=dt.timezone.utc)
    keys = [key for key, _ in wording.reasons(helpline, "ro", ["legal_advice"], local=False, now=friday_evening)]
    assert keys == ["fit_services", "fit_language", "fit_nationwide", "fit_opens", "fit_free"]
    assert [key for key, _ in wording.reasons(helpline, "vi", [], now=dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.timezone.utc))] == [
        "fit_nationwide", "fit_open_now", "fit_free"]  # no Vietnamese spoken, open on Monday 10:00
    why = wording.why_text(helpline, "en", ["legal_advice"], local=False, now=friday_evening)
    assert why.splitlines() == ["• Helps with: legal advice", "• Speaks your language", "• Works in the whole country",
                                "• Opens Monday at 09:00", "• Free of charge"]


def test_people_without_papers_get_the_firewalled_contact_first():
    entries = [
        {"id": "a", "name": "A", "kind": "ngo", "regions": ["Berlin"], "languages": ["en"], "services": ["legal_advice"],
         "shares_with_immigration": None, "contact": {}},
        {"id": "b", "name": "B", "kind": "ngo", "regions": ["Berlin"], "languages": ["ro"], "services": [],
         "shares_with_immigration": False, "contact": {}},
    ]
    assert matching.match("Berlin", "en", ["legal_advice"], entries=entries)[0][0]["id"] == "a"
    assert matching.match("Berlin", "en", ["legal_advice"], undocumented=True, entries=entries)[0][0]["id"] == "b"


def test_a_contact_written_with_a_withdrawn_region_code_still_serves_its_region():
    contact = {**directory.validate_text(GOOD)["contacts"][0], "id": "corsica", "regions": ["FR-COR"], "example": False}
    contacts, local = matching.match("Ajaccio", "fr", entries=[contact])
    assert local and contacts[0]["id"] == "corsica"
