import json

import pytest

from bot.channels import intake, webchat


@pytest.mark.parametrize("body, reason", [
    (b"{", "JSON"),
    (b"\xff\xfe", "JSON"),
    (b"[]", "object"),
    (b'{"message": "hi"}', "sender"),
    (b'{"sender": "short", "message": "hi"}', "sender"),
    (b'{"sender": "abcdefgh", "message": ""}', "message"),
    (b'{"sender": "abcdefgh", "message": 5}', "message"),
    (json.dumps({"sender": "abcdefgh", "message": "x" * 2001}).encode(), "2000"),
])
def test_bad_bodies_are_refused_with_a_reason(body, reason):
    with pytest.raises(intake.BadRequest, match=reason):
        webchat.parse_body(body)


def test_good_body_is_taken_as_is():
    assert webchat.parse_body(b'{"sender": "abcdefgh", "message": "salut"}') == ("abcdefgh", "salut")


def test_page_is_right_to_left_for_arabic_and_escapes_catalog_text():
    page = webchat.render_page("ar")
    assert '<html lang="ar" dir="rtl">' in page
    assert "$" + "webchat_" not in page
    english = webchat.render_page("en")
    assert '<html lang="en" dir="ltr">' in english
    # Each language of the picker is laid out in its own direction, whatever the page's.
    assert '<a href="?lang=ar" lang="ar" dir="rtl">العربية</a>' in english
    assert 'lang="ar" dir="rtl" aria-current="page">العربية</a>' in page
