"""Campaign attribution from every entry path: deep links, prefilled text (edited), ?c=, typed codes."""

import hashlib
import hmac
import json
import shutil
import sqlite3
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import CHANNELS
from test_channels import inbound, message, telegram, twilio

from bot import attribution, campaigns, catalogs, language, visits

KNOWN = ["BERRY24", "KUO-3", "SITE77"]


@pytest.mark.parametrize("lang", language.CODES)
def test_the_prefilled_message_in_every_language_is_the_campaign_and_a_greeting(lang):
    text = catalogs.fill(catalogs.text(attribution.PREFILL, lang, catalogs.OUTREACH), {"code": "BERRY24"})
    assert attribution.read(text, KNOWN) == attribution.Attributed("/greet", "BERRY24")


@pytest.mark.parametrize("edited", [
    "Hello, I saw the poster. My code: BERY24",  # a letter lost
    "hello i saw the poster my code berry 24",  # case and punctuation gone, a space in the code
    "I saw the poster BERRY42",  # two digits swapped
    "poster code: BERRY2",  # a digit lost, words deleted
    "Здравствуйте, пишу по плакату. Мой код: ВЕRRY24",  # Cyrillic В and Е typed for B and E
    "مرحبًا، رأيت الملصق. رمزي: BERRY٢٤",  # Arabic-Indic digits
])
def test_an_edited_prefilled_message_still_names_the_campaign(edited):
    assert attribution.read(edited, KNOWN) == attribution.Attributed("/greet", "BERRY24")


def test_a_question_typed_into_the_prefilled_message_goes_on_without_the_code():
    read = attribution.read("Hello, I saw the poster. My code: BERRY24. the boss took my passport", KNOWN)
    assert read.campaign == "BERRY24"
    assert read.text.startswith("Hello, I saw the poster. My code:") and read.text.endswith(". the boss took my passport")
    assert "BERRY" not in read.text


@pytest.mark.parametrize("typed", ["KUO-3", "kuo3", "KUO 3", "KU03", "kuo-3 "])
def test_the_short_code_typed_by_hand_is_recognised(typed):
    assert attribution.read(typed, KNOWN) == attribution.Attributed("/greet", "KUO-3")


@pytest.mark.parametrize("text", [
    "KUO4",  # a short code one digit off is another code, not a typo
    "ZZZ999", "NOPE-1",  # unknown codes
    "I work 60 hours for 900 euro",
    "my passport number is AB1234567",
    "check K7QM-4XRT-9PWE",
])
def test_anything_else_is_no_campaign_and_left_as_it_is(text):
    assert attribution.read(text, KNOWN) == attribution.Attributed(text, None)


def test_two_codes_equally_close_are_no_campaign():
    assert attribution.find("BERRY25", ["BERRY24", "BERRY26"]) is None
    assert attribution.find("BERRY25", ["BERRY24", "BERRY25"])[0] == "BERRY25"


def test_payloads_resolve_only_to_known_codes():
    assert attribution.resolve("berry24", KNOWN) == "BERRY24"
    assert attribution.resolve("farm-kuopio-01", KNOWN) is None
    assert attribution.resolve(None, KNOWN) is None
    assert attribution.read("/greet", KNOWN) == attribution.Attributed("/greet", None)


# End to end: the running assistant, each channel as a person reaches it from a poster.

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
    assert status == 200 and len(menus[0]["reply_markup"]["inline_keyboard"]) == 12  # the language menu
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
    from test_browser import FLAGS

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
            page.wait_for_selector(".msg.bot", timeout=60_000)
            sender = page.evaluate("sessionStorage.getItem('chat-token')")
        finally:
            browser.close()
    assert campaign_of(assistant, sender) == "BERRY24"


def test_listen_closely_keeps_the_first_campaign_named_in_the_metadata():
    from rasa_sdk import Tracker
    from rasa_sdk.events import SlotSet
    from rasa_sdk.executor import CollectingDispatcher

    from actions.actions import ListenClosely

    def tracker(slots: dict) -> Tracker:
        return Tracker.from_dict({"sender_id": "t", "slots": {"language": "en", **slots}, "events": [],
                                  "latest_message": {"text": "/greet", "intent": {"name": "greet"}, "entities": [],
                                                     "metadata": {"campaign": "BERRY24"}}})

    assert SlotSet("campaign", "BERRY24") in ListenClosely().run(CollectingDispatcher(), tracker({}), {})
    kept = ListenClosely().run(CollectingDispatcher(), tracker({"campaign": "SITE77"}), {})
    assert not any(e["event"] == "slot" and e["name"] == "campaign" for e in kept)


def test_web_chat_reads_the_campaign_from_well_formed_metadata_only():
    from bot.channels import webchat

    assert webchat.requested_campaign(b'{"sender": "abcdefgh", "message": "hi", "metadata": {"campaign": "BERRY24"}}') == "BERRY24"
    for body in (b'{"sender": "abcdefgh", "message": "hi"}', b'{"metadata": ["BERRY24"]}',
                 b'{"metadata": {"campaign": 24}}', b"not json", b"[1]"):
        assert webchat.requested_campaign(body) is None


def test_reading_codes_never_creates_the_file_and_sees_new_campaigns(tmp_path, monkeypatch):
    # Every message reads the codes in every Rasa replica: two replicas creating the file at once
    # once answered a message with a 500 ("database is locked").
    monkeypatch.setattr(campaigns, "var_path", lambda *parts: tmp_path.joinpath(*parts))
    monkeypatch.setattr(campaigns, "_known", None)
    assert campaigns.codes() == [] and not (tmp_path / "campaigns.db").exists()
    campaigns.add("BERRY24", "Berry farm, Kuopio", "agriculture", db=campaigns.database(str(tmp_path / "campaigns.db")))
    assert campaigns.codes() == ["BERRY24"]
    campaigns.add("KUO-3", "Bus station, Kuopio", "other", db=campaigns.database(str(tmp_path / "campaigns.db")))
    assert campaigns.codes() == ["BERRY24", "KUO-3"]
