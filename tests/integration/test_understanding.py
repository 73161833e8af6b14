"""Understanding, through the running assistant, in several languages: informal and romanised first
messages answered in their language, a negated sign left out, signs told across three messages
adding up (and explained in the person's language), and the question "are you in danger now?"."""

import pytest

from bot.assessment import facts
from bot.language import catalogs, detection

NUMBER = str(facts.placeholders()["emergency_number"])
SCRIPTS = {"ru": ("\u0400", "\u04ff"), "uk": ("\u0400", "\u04ff"), "bg": ("\u0400", "\u04ff"),
           "hi": ("\u0900", "\u097f"), "ar": ("\u0600", "\u06ff")}


def texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text") or "" for r in replies)


def slots(assistant, sender: str) -> dict:
    """The conversation's slots as stored: the last value each slot was set to."""
    found = {}
    for event in assistant.stored_events(sender):
        if event.get("event") == "slot":
            found[event["name"]] = event["value"]
    return found


def before_placeholder(key: str, code: str) -> str:
    """The fixed opening of a catalog text, up to its first {placeholder}."""
    return catalogs.text(key, code).split("{")[0].strip()


@pytest.mark.parametrize("code, text", [
    ("ru", "mne ne platyat uzhe dva mesyaca chto delat"),
    ("uk", "meni ne platyat vzhe dva misyatsi shcho robyty"),
    ("hi", "mere malik ne teen mahine se paisa nahi diya kya karu"),
    ("bg", "shefa ne mi plashta veche dva meseca kakvo da pravya"),
    ("ar", "lmo3allim ma khallasnich had chhar kamel chno ndir"),
    ("vi", "chu khong tra luong cho em 2 thang roi em phai lam sao"),
    ("ro", "seful nu ne-a platit de doua luni ce pot face"),
])
def test_informal_and_romanised_first_messages_are_answered_in_their_language(assistant, code, text):
    sender = f"understand-lang-{code}"
    replies = assistant.say(sender, text)
    assert slots(assistant, sender)["language"] == code
    said = texts(replies)
    if code in SCRIPTS:  # answered in the language's usual script, not in Latin letters
        low, high = SCRIPTS[code]
        assert sum(low <= ch <= high for ch in said) > len(said) / 3, said
    # Nothing of the reply is the English text of the same answer.
    assert not any(reply.get("text") and catalogs.text(key, "en") == reply["text"]
                   for reply in replies for key in ("utter_unpaid_wages", "utter_help_menu", "utter_default"))


@pytest.mark.parametrize("code, text, negated", [
    ("en", "they did not take my passport and i can leave whenever i want, but we do 14 hour shifts every day",
     {"retention_of_identity_documents", "restriction_of_movement"}),
    ("es", "el jefe no se quedo con mi pasaporte y me puedo ir cuando quiera, pero trabajo 12 horas al dia sin descanso",
     {"retention_of_identity_documents", "restriction_of_movement"}),
    ("pl", "szef krzyczy ale placi zawsze na czas, pytam tylko o nadgodziny",
     {"intimidation_threats", "withholding_of_wages"}),
])
def test_a_negated_or_denied_sign_is_not_counted(assistant, code, text, negated):
    sender = f"understand-negated-{code}"
    assistant.say(sender, text)
    found = set(slots(assistant, sender).get("indicators") or [])
    assert not found & negated, found
    assert slots(assistant, sender).get("risk_level") != "forced_labour_signs"


@pytest.mark.parametrize("code, messages, signs", [
    ("pl", ["pracuje na farmie w holandii", "szef zabral nam wszystkim paszporty",
            "mowi ze jak uciekniemy to zadzwoni na policje"],
     ["retention_of_identity_documents", "intimidation_threats"]),
    ("en", ["i work in a meat plant in germany", "the agency keeps our passports in the office",
            "the boss said if we leave he will report us to immigration"],
     ["retention_of_identity_documents", "intimidation_threats"]),
    ("ro", ["lucrez la o ferma in spania", "patronul ne-a luat pasapoartele",
            "seful zice ca daca plecam suna la politie"],
     ["retention_of_identity_documents", "intimidation_threats"]),
])
def test_signs_told_across_three_messages_add_up_and_are_explained(assistant, code, messages, signs):
    sender = f"understand-three-{code}"
    for text in messages[:-1]:
        assistant.say(sender, text)
    assert slots(assistant, sender).get("risk_level") != "forced_labour_signs"  # not yet
    replies = assistant.say(sender, messages[-1])
    state = slots(assistant, sender)
    assert set(signs) <= set(state["indicators"]) and state["risk_level"] == "forced_labour_signs"
    said = texts(replies)
    # What was noticed, in plain words in the person's language, then why it matters.
    assert before_placeholder("utter_signs_noticed", code) in said
    assert all(catalogs.text(f"sign_{sign}", code) in said for sign in signs)
    assert "victim" not in said.lower()


# Messages that sound like danger but not surely danger now: each is answered either at once with
# the emergency number or with the question; at least one of them must get the question, and a yes
# to it the emergency answer at once.
UNCERTAIN = [
    ("en", "i am scared he is coming back tonight"),
    ("es", "el encargado esta borracho otra vez"),
    ("ar", "ana khayfa mnno"),
    ("ru", "мне страшно он опять пьяный ходит по коридору"),
    ("fr", "j'ai peur il tape sur la porte de la caravane"),
    ("pl", "boje sie on stoi pod oknem i krzyczy"),
]
YES = {"en": "yes", "es": "si", "ar": "نعم", "ru": "да", "fr": "oui", "pl": "tak"}


def test_a_less_certain_danger_is_asked_about_and_a_yes_gets_the_emergency_answer(assistant):
    asked = 0
    for code, text in UNCERTAIN:
        sender = f"understand-danger-{code}"
        replies = assistant.say(sender, text)
        question = catalogs.text("utter_ask_danger", code)
        if question in texts(replies):
            asked += 1
            assert NUMBER not in texts(replies)  # asked, not alarmed
            assert [b["payload"] for b in replies[-1]["buttons"]][:2] == ["/affirm", "/deny"]
            answer = assistant.say(sender, YES[code])
            assert NUMBER in answer[0]["text"].split(".")[0]
    assert asked >= 1, "no message of UNCERTAIN got the question"


def test_no_to_the_danger_question_gets_calm_words_and_the_topics(assistant):
    for code, text in UNCERTAIN:
        sender = f"understand-nodanger-{code}"
        replies = assistant.say(sender, text)
        if catalogs.text("utter_ask_danger", code) in texts(replies):
            answer = assistant.say(sender, "/deny")
            assert before_placeholder("utter_not_in_danger", code) in texts(answer)
            assert any(b["payload"] == "/ask_minimum_wage" for r in answer for b in r.get("buttons") or [])
            return
    pytest.fail("no message of UNCERTAIN got the question")


def test_a_close_language_is_offered_with_one_tap(assistant):
    # A message whose language competes with close ones (the same guess the assistant makes).
    text = next(t for t in ("паспорт забрали", "pasport", "salut", "так", "obrigado gracias")
                if detection.guess(t).alternatives)
    guess = detection.guess(text)
    sender = "understand-close-0001"
    replies = assistant.say(sender, text)
    assert slots(assistant, sender)["language"] == guess.code
    offered = [b["payload"] for r in replies for b in r.get("buttons") or [] if b["payload"].startswith("/choose_language")]
    assert [p.split('"language":"')[1].split('"')[0] for p in offered] == list(guess.alternatives)
    assert len([r for r in replies if any(b["payload"] in offered for b in r.get("buttons") or [])]) == 1  # once
    assistant.say(sender, offered[0])
    assert slots(assistant, sender)["language"] == guess.alternatives[0]
    assert slots(assistant, sender)["language_chosen"] is True
