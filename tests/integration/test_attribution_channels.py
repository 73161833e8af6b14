"""Campaign attribution through the running channels: Telegram payloads, prefilled WhatsApp/SMS text, the web chat link."""

import hashlib
import hmac
import json
import shutil
import sqlite3
from urllib.parse import parse_qs, urlsplit

import pytest

from bot.outreach import campaigns
from bot.stats import visits
from tests.helpers.browser import FLAGS
from tests.helpers.channels import inbound, message, telegram, twilio
from tests.helpers.servers import CHANNELS


def test_telegram_start_payload(assistant, fake_telegram, berry):
    fake_telegram.take()
    status, _ = telegram(assistant, message(801, chat_id=8001, text="/start BERRY24"))
    assert status == 200 and fake_telegram.take()
    assert campaign_of(assistant, pseudonym("telegram", "8001")) == "BERRY24"


def test_telegram_desktop_dropped_payload_then_the_code_typed(assistant, fake_telegram, berry):
    fake_telegram.take()
    telegram(assistant, message(802, chat_id=8002, text="/start"))
    assert campaign_of(assistant, pseudonym("telegram", "8002")) is None
    telegram(assistant, message(803, chat_id=8002, text="berry 24"))
    texts = [p["text"] for m, p in fake_telegram.take() if m == "sendMessage"]
    assert texts  # answered like a greeting
    assert campaign_of(assistant, pseudonym("telegram", "8002")) == "BERRY24"


def test_telegram_unknown_payload_gets_the_normal_greeting(assistant, fake_telegram, berry):
    fake_telegram.take()
    status, _ = telegram(assistant, message(804, chat_id=8003, text="/start NOPE99"))
    menus = [p for m, p in fake_telegram.take() if m == "sendMessage" and "reply_markup" in p]
    assert status == 200 and len(menus[0]["reply_markup"]["inline_keyboard"]) == 13  # the language menu, and Listen
    assert campaign_of(assistant, pseudonym("telegram", "8003")) is None


def test_whatsapp_prefilled_text_partly_edited(assistant, berry):
    sender = "whatsapp:+40721000801"
    status, xml = twilio(assistant, "whatsapp", inbound(sender, "hello i saw poster. code BERY24",
                                                        to=CHANNELS["TWILIO_WHATSAPP_NUMBER"]))
    assert status == 200 and "<Message>" in xml
    assert campaign_of(assistant, pseudonym("whatsapp", sender)) == "BERRY24"


def test_sms_prefilled_text_with_a_question_added(assistant, berry):
    sender = "+40721000802"
    status, xml = twilio(assistant, "sms", inbound(sender, "Hello, I saw the poster. My code: BERRY24 my boss took my passport"))
    assert status == 200
    assert campaign_of(assistant, pseudonym("sms", sender)) == "BERRY24"
    found = [v for v in visits.from_tracker(sqlite3.connect(assistant.var_dir / "tracker.db")) if v.campaign == "BERRY24"]
    # The question was understood beside the code: the visit joins the campaign with the indicator.
    assert any(v.indicators == ["retention_of_identity_documents"] and v.topics == ["report_documents_taken"] for v in found)


def test_unknown_typed_code_gets_the_normal_answer(assistant, berry):
    sender = "+40721000803"
    status, xml = twilio(assistant, "sms", inbound(sender, "ZZZ999 how many hours can they make me work"))
    assert status == 200 and "48" in xml
    assert campaign_of(assistant, pseudonym("sms", sender)) is None


def test_web_chat_metadata_from_the_poster_link(assistant, berry):
    body = {"sender": "poster-visitor-0001", "message": "hello", "metadata": {"campaign": "BERRY24"}}
    status, replies = assistant.post("/webhooks/rest/webhook", json.dumps(body).encode())
    assert status == 200 and replies
    assert campaign_of(assistant, "poster-visitor-0001") == "BERRY24"
    # A made-up campaign in the metadata is ignored, and the person still gets an answer.
    body = {"sender": "poster-visitor-0002", "message": "hello", "metadata": {"campaign": "<script>"}}
    status, replies = assistant.post("/webhooks/rest/webhook", json.dumps(body).encode())
    assert status == 200 and replies and campaign_of(assistant, "poster-visitor-0002") is None


def test_the_first_campaign_stays(assistant, berry):
    db = campaigns.database(str(assistant.var_dir / "campaigns.db"))
    if not campaigns.get("SITE77", db):
        campaigns.add("SITE77", "Building site, Espoo", "construction", db=db)
    assistant.say("poster-visitor-0003", "SITE77")
    assistant.say("poster-visitor-0003", "BERRY24")
    assert campaign_of(assistant, "poster-visitor-0003") == "SITE77"


def test_web_chat_page_passes_the_code_from_its_address(assistant, berry):
    from playwright.sync_api import sync_playwright

    url = assistant.base + "/webchat?lang=en&c=BERRY24"
    assert parse_qs(urlsplit(url).query)["c"] == ["BERRY24"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                             headless=True, args=FLAGS)
        try:
            page = browser.new_page()
            page.goto(url)
            page.fill("#text", "how many hours can they make me work")
            page.click("#send")
            page.wait_for_selector(".msg.bot >> nth=1", timeout=60_000)  # the first is the page's own greeting
            sender = page.evaluate("sessionStorage.getItem('chat-token')")
        finally:
            browser.close()
    assert campaign_of(assistant, sender) == "BERRY24"


@pytest.fixture(scope="module")
def berry(assistant):
    db = campaigns.database(str(assistant.var_dir / "campaigns.db"))
    if not campaigns.get("BERRY24", db):
        campaigns.add("BERRY24", "Berry farm, Kuopio", "agriculture", "FI-15", db=db)
    return "BERRY24"


def pseudonym(channel: str, raw: str) -> str:
    return hmac.new(CHANNELS["BOT_PSEUDONYM_KEY"].encode(), f"{channel}:{raw}".encode(), hashlib.sha256).hexdigest()


def campaign_of(assistant, sender: str) -> str | None:
    values = [e["value"] for e in assistant.stored_events(sender) if e.get("event") == "slot" and e.get("name") == "campaign"]
    return values[-1] if values else None
