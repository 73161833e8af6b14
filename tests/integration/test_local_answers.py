"""Through the running assistant: the rules of the country the person names, and its contacts."""

from __future__ import annotations

from bot.assessment import local_rules
from bot.language import catalogs
from tests.helpers.channels import texts


def test_working_hours_in_the_netherlands_are_the_dutch_rule(assistant):
    reply = texts(assistant.say("local-nl-hours-01", "How many hours can I legally work per week in the Netherlands?"))
    assert local_rules.rule("NL", "working_time").citation in reply
    assert "In the EU, work may not be more than" not in reply


def test_the_minimum_wage_in_germany_is_said_not_asked_for(assistant):
    reply = texts(assistant.say("local-de-wage-001", "what is the minimum wage in Germany"))
    hourly = local_rules.rule("DE", "minimum_wage").values["hourly"]
    assert f"{hourly:.2f}" in reply.replace(",", ".") and "How much" not in reply


def test_a_greenhouse_in_westland_is_offered_a_dutch_contact(assistant):
    sender = "local-westland-001"
    assistant.say(sender, "I work in a greenhouse in the Netherlands and the boss took my passport")
    assistant.say(sender, "/request_human")
    reply = texts(assistant.say(sender, "Westland"))
    assert "Comensha" in reply  # the test directory's contact for the Netherlands
    assert "EXAMPLE" not in reply and "FAIRwork" not in reply  # never a placeholder, never another country's


def test_the_country_is_asked_once_and_a_skip_is_kept(assistant):
    sender = "local-ask-once-001"
    question = catalogs.text("utter_ask_country", "en")
    replies = assistant.say(sender, "how many hours a week can they make me work")
    assert question in texts(replies)
    skip = next(b for r in replies for b in r.get("buttons") or [] if b["payload"] == "/skip_country")
    assert skip["title"] == catalogs.text("button_skip", "en")
    assert catalogs.text("utter_country_skipped", "en") in texts(assistant.say(sender, skip["payload"]))
    later = texts(assistant.say(sender, "what must my work contract say"))
    assert question not in later and catalogs.text("country_pointer", "en") in later
