"""A person's view: headless Chromium opens the web chat, sends a message and sees the reply."""


import pytest
from playwright.sync_api import sync_playwright

from tests.helpers.browser import CHROMIUM, FLAGS


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield launched
        launched.close()


def chat(browser, url: str, message: str):
    page = browser.new_page(viewport={"width": 360, "height": 740}, is_mobile=True)  # a small phone
    page.goto(url)
    page.fill("#text", message)
    page.click("#send")
    page.wait_for_selector(".msg.bot", timeout=60_000)
    return page


def test_english_message_gets_an_english_reply(assistant, browser):
    page = chat(browser, assistant.base + "/webchat?lang=en", "how many hours can they make me work")
    reply = page.inner_text(".msg.bot >> nth=0")
    assert "48" in reply and "hours" in reply
    assert page.evaluate("getComputedStyle(document.body).direction") == "ltr"
    page.close()


def test_arabic_message_gets_an_arabic_reply_shown_right_to_left(assistant, browser):
    page = chat(browser, assistant.base + "/webchat?lang=ar", "الكفيل اخذ جواز سفري")
    reply = page.locator(".msg.bot").first
    assert any("\u0600" <= ch <= "\u06ff" for ch in reply.inner_text())
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # dir="auto" resolves from the text itself: an Arabic bubble is laid out right to left.
    assert reply.evaluate("el => el.matches(':dir(rtl)')")
    page.screenshot(path=str(assistant.var_dir / "webchat-ar.png"))
    page.close()
