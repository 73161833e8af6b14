"""The directory: validation that names line and field, and matching that never leaves anyone alone."""

from pathlib import Path

import pytest

from bot import directory

ROOT = Path(__file__).resolve().parent.parent
GOOD = (ROOT / "referral_directory.yaml").read_text(encoding="utf-8")


def problems(text: str) -> list[directory.Problem]:
    with pytest.raises(directory.DirectoryError) as caught:
        directory.validate_text(text, Path("referral_directory.yaml"))
    return caught.value.problems


def line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_the_shipped_directory_is_valid():
    assert len(directory.validate_text(GOOD)["contacts"]) >= 5


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
    contacts, local = directory.match("BERLIN", "en")
    assert local and contacts[0]["id"] == "arbeit-und-leben-berlin"
    contacts, local = directory.match("برلين", "ar")
    assert local and contacts[0]["id"] == "arbeit-und-leben-berlin"


@pytest.mark.parametrize("region", ["Bucuresti", "unknown", None])
def test_nobody_local_still_gets_at_most_three_contacts(region):
    contacts, local = directory.match(region, "ro")
    assert not local and 1 <= len(contacts) <= directory.MAX_CONTACTS
    assert contacts[0]["id"] == "example-helpline"  # the only one speaking Romanian
