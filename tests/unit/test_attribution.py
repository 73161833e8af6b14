"""Campaign attribution from every entry path: deep links, prefilled text (edited), ?c=, typed codes."""


import pytest

from actions.conversation import ListenClosely
from bot.channels import webchat
from bot.language import catalogs, languages
from bot.outreach import attribution, campaigns

KNOWN = ["BERRY24", "KUO-3", "SITE77"]


@pytest.mark.parametrize("lang", languages.CODES)
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




def test_listen_closely_keeps_the_first_campaign_named_in_the_metadata():
    from rasa_sdk import Tracker
    from rasa_sdk.events import SlotSet
    from rasa_sdk.executor import CollectingDispatcher


    def tracker(slots: dict) -> Tracker:
        return Tracker.from_dict({"sender_id": "t", "slots": {"language": "en", **slots}, "events": [],
                                  "latest_message": {"text": "/greet", "intent": {"name": "greet"}, "entities": [],
                                                     "metadata": {"campaign": "BERRY24"}}})

    assert SlotSet("campaign", "BERRY24") in ListenClosely().run(CollectingDispatcher(), tracker({}), {})
    kept = ListenClosely().run(CollectingDispatcher(), tracker({"campaign": "SITE77"}), {})
    assert not any(e["event"] == "slot" and e["name"] == "campaign" for e in kept)


def test_web_chat_reads_the_campaign_from_well_formed_metadata_only():
    assert webchat.requested(b'{"sender": "abcdefgh", "message": "hi", "metadata": {"campaign": "BERRY24"}}', "campaign") == "BERRY24"
    for body in (b'{"sender": "abcdefgh", "message": "hi"}', b'{"metadata": ["BERRY24"]}',
                 b'{"metadata": {"campaign": 24}}', b"not json", b"[1]"):
        assert webchat.requested(body, "campaign") is None


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
