import pytest

from bot.language import detection, languages


@pytest.mark.parametrize("text, code", [
    ("the boss took my passport", "en"),
    ("nu am primit salariul de doua luni", "ro"),
    ("الكفيل اخذ جواز سفري", "ar"),
])
def test_detects_the_language_of_a_first_message(text, code):
    assert detection.detect_confident(text) == code


@pytest.mark.parametrize("text, code", [("hola", "es"), ("привіт", "uk"), ("nu", "ro"), ("cześć", "pl"),
                                        ("xin chao", "vi"), ("bonjour", "fr")])
def test_short_first_messages_are_recognised(text, code):
    assert detection.detect_confident(text) == code


@pytest.mark.parametrize("text", ["salut", "ok", "da", "привет"])  # shared by several languages: we ask
def test_short_ambiguous_messages_do_not_fix_the_language(text):
    assert detection.detect_confident(text) is None


def test_a_language_we_do_not_speak_is_recognised_as_such():
    assert detection.unsupported_language("ich wurde seit zwei monaten nicht bezahlt") == "de"
    assert detection.detect_confident("ich wurde seit zwei monaten nicht bezahlt") is None
    assert detection.unsupported_language("nu am primit salariul de doua luni") is None


@pytest.mark.parametrize("text, code", [("in romana pls", "ro"), ("Română", "ro"), ("بالعربية من فضلك", "ar"),
                                        ("english please", "en"), ("what time is it", None)])
def test_finds_a_language_named_in_a_message(text, code):
    assert languages.named_in(text) == code


def test_negotiates_the_web_page_language():
    assert languages.negotiate("ar-MA,fr;q=0.8") == "ar"
    assert languages.negotiate("de-DE,de;q=0.9") == "en"
