"""The one-tap change to a close language, offered with the first answer after a close guess."""

from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_plugins import nlg


def tracker(*events) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("offer-test", [ActionExecuted("action_listen"), *events])


def test_the_first_answer_after_a_close_guess_offers_the_alternatives_in_their_own_names():
    state = tracker(UserUttered("pasport"), SlotSet("language", "ru"), SlotSet("language_alternatives", ["uk", "bg"]))
    assert nlg.alternatives_to_offer(state) == ["uk", "bg"]
    message = nlg.with_alternatives({"text": "...", "buttons": [{"title": "Да", "payload": "/affirm"}]}, ["uk", "bg"])
    assert [b["title"] for b in message["buttons"]] == ["Да", "Українська", "Български"]
    assert message["buttons"][1]["payload"] == '/choose_language{"language":"uk"}'


def test_it_is_offered_once():
    state = tracker(UserUttered("pasport"), SlotSet("language_alternatives", ["uk"]), BotUttered("first answer"))
    assert nlg.alternatives_to_offer(state) == []  # a later answer of the same turn
    state = tracker(UserUttered("pasport"), SlotSet("language_alternatives", ["uk"]), BotUttered("answer"),
                    ActionExecuted("action_listen"), UserUttered("dyakuyu"))
    assert nlg.alternatives_to_offer(state) == []  # the next turn


def test_no_offer_without_a_close_guess():
    assert nlg.alternatives_to_offer(tracker(UserUttered("the boss took my passport"), SlotSet("language", "en"))) == []
    assert nlg.with_alternatives({"text": "x"}, []) == {"text": "x"}
