"""A person's view: headless Chromium opens the web chat, sends a message and sees the reply."""


import pytest
from playwright.sync_api import sync_playwright

from bot.assessment import facts
from bot.language import catalogs, languages
from bot.rasa_plugins import nlg
from tests.helpers.browser import CHROMIUM, FLAGS
from tests.helpers.servers import NEUTRAL_PAGE


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
    page.wait_for_selector(".msg.bot >> nth=1", timeout=60_000)  # the first is the page's own greeting
    return page


def test_english_message_gets_an_english_reply(assistant, browser):
    page = chat(browser, assistant.base + "/webchat?lang=en", "how many hours can they make me work")
    reply = page.inner_text(".msg.bot >> nth=1")
    assert "48" in reply and "hours" in reply
    assert page.evaluate("getComputedStyle(document.body).direction") == "ltr"
    page.close()


def test_arabic_message_gets_an_arabic_reply_shown_right_to_left(assistant, browser):
    page = chat(browser, assistant.base + "/webchat?lang=ar", "الكفيل اخذ جواز سفري")
    reply = page.locator(".msg.bot").nth(1)
    # The Arabic catalog's answer about taken documents, not just some Arabic letters.
    expected = nlg.render("utter_documents_taken", "ar", facts.placeholders())["text"]
    assert " ".join(reply.inner_text().split()) == " ".join(expected.split()), reply.inner_text()
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # dir="auto" resolves from the text itself: an Arabic bubble is laid out right to left.
    assert reply.evaluate("el => el.matches(':dir(rtl)')")
    page.screenshot(path=str(assistant.var_dir / "webchat-ar.png"))
    page.close()


def test_first_screen_greets_offers_topics_and_every_language_in_its_own_name(assistant, browser):
    page = browser.new_page(viewport={"width": 360, "height": 740}, is_mobile=True)
    page.goto(assistant.base + "/webchat?lang=ro")
    assert catalogs.text("utter_greet", "ro") in page.inner_text("#greeting")
    topics = page.locator("#topics button")
    assert topics.count() == 9 and topics.first.inner_text() == catalogs.text("button_pay", "ro")
    names = page.locator("#langs a").all_inner_texts()
    assert names == [lang.autonym for lang in languages.SUPPORTED]
    # Readable on a small phone: nothing wider than the screen, every control big enough for a thumb.
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
    heights = page.evaluate("Array.from(document.querySelectorAll('button, #langs a'))"
                            ".map(el => el.getBoundingClientRect().height)")
    assert min(heights) >= 44, heights
    topics.nth(2).click()  # "Working hours", answered in Romanian
    page.wait_for_selector(".msg.bot >> nth=1", timeout=60_000)
    assert "48" in page.inner_text(".msg.bot >> nth=1")
    page.locator("#langs a", has_text="العربية").click()
    page.wait_for_url("**/webchat?lang=ar*")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert catalogs.text("utter_greet", "ar") in page.inner_text("#greeting")
    page.close()


def test_leave_quickly_replaces_the_chat_and_back_does_not_return_to_it(assistant, browser):
    page = browser.new_page(viewport={"width": 360, "height": 740}, is_mobile=True)
    before = assistant.base + "/webhooks/rest"  # whatever the phone showed before the chat
    page.goto(before)
    page.goto(assistant.base + "/webchat?lang=en")
    page.fill("#text", "how many hours can they make me work")
    page.click("#send")
    page.wait_for_selector(".msg.bot >> nth=1", timeout=60_000)
    assert page.evaluate("sessionStorage.getItem('chat-token')")
    page.click("#leave")
    page.wait_for_url("**" + NEUTRAL_PAGE)
    page.go_back()
    assert page.url == before  # the chat is gone from the tab's history
    assert page.evaluate("sessionStorage.length") == 0  # and its token with it
    page.go_forward()
    assert "/webchat" not in page.url
    page.close()


def test_the_play_control_plays_the_answer(assistant, browser):
    page = chat(browser, assistant.base + "/webchat?lang=ro", "cate ore pot sa ma puna sa lucrez")
    play = page.locator(".play").last
    assert play.inner_text() == catalogs.text("button_listen", "ro")
    assert play.bounding_box()["height"] >= 44  # big enough for a thumb
    play.click()
    # The audio element really plays: OGG/Opus from the server, decoded by the browser, time running on.
    page.wait_for_function("() => { const p = document.getElementById('player');"
                           " return !p.paused && p.currentTime > 0.5; }", timeout=30_000)
    assert page.evaluate("document.getElementById('player').error") is None
    assert "/webchat/audio/" in page.evaluate("document.getElementById('player').currentSrc")
    page.close()


def test_the_first_screen_can_be_heard_before_anything_is_typed(assistant, browser):
    page = browser.new_page(viewport={"width": 360, "height": 740}, is_mobile=True)
    page.goto(assistant.base + "/webchat?lang=ar")
    page.locator(".play").first.click()
    page.wait_for_function("() => { const p = document.getElementById('player'); return !p.paused && p.currentTime > 0.5; }",
                           timeout=30_000)
    page.close()
