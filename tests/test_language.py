import pytest

from bot import language


@pytest.mark.parametrize("text, code", [
    ("the boss took my passport", "en"),
    ("nu am primit salariul de doua luni", "ro"),
    ("الكفيل اخذ جواز سفري", "ar"),
])
def test_detects_the_language_of_a_first_message(text, code):
    assert language.detect_confident(text) == code


def test_short_ambiguous_greetings_do_not_fix_the_language():
    assert language.detect_confident("hi") is None


@pytest.mark.parametrize("text, code", [("in romana pls", "ro"), ("Română", "ro"), ("بالعربية من فضلك", "ar"),
                                        ("english please", "en"), ("what time is it", None)])
def test_finds_a_language_named_in_a_message(text, code):
    assert language.named_in(text) == code


def test_negotiates_the_web_page_language():
    assert language.negotiate("ar-MA,fr;q=0.8") == "ar"
    assert language.negotiate("de-DE,de;q=0.9") == "en"
