"""Rasa NLG (endpoints.yml `nlg: type: bot.rasa_plugins.nlg.CatalogNLG`): a response name + values -> text in the
conversation's language, from the gettext catalogs under locales/."""

from __future__ import annotations

import logging
from typing import Any

from babel.dates import format_date
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.events import BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import config
from bot.assessment import facts, local_answers, local_rules
from bot.language import catalogs, languages
from bot.language.catalogs import fill
from bot.places import names

logger = logging.getLogger(__name__)


def with_counts(values: dict[str, Any], code: str) -> dict[str, Any]:
    """Values plus `<name>_counted` for each value that counts something: "48 hours", "48 de ore"."""
    counted = dict(values)
    for key, unit in {**facts.units(), **config.UNITS}.items():
        if isinstance(values.get(key), (int, float)):
            counted[f"{key}_counted"] = catalogs.counted(unit, values[key], code)
    return counted


def local_text(name: str, code: str, values: dict[str, Any]) -> str:
    """A response that depends on the country of work (data/facts/answers.yml): that country's rules
    with their sources and dates when known, else the EU rule with what to do next."""
    country = values.get("country") if local_rules.covered(values.get("country")) else None
    found = local_answers.answer(name, country)
    assert found is not None  # only called for local responses
    say = lambda key, extra=None: fill(catalogs.text(key, code), with_counts({**values, **(extra or {})}, code))  # noqa: E731
    parts = [say(found.replaces or name)] if catalogs.text(found.replaces or name, code) else []
    named = {"country": names.country_name(country, code)} if country else {}
    if not country:
        parts.append(say("country_pointer"))
    elif not found.lines:
        inspectorate = local_answers.inspectorate(country)
        parts.append(say("fact_no_local_rule_inspectorate" if inspectorate else "fact_no_local_rule",
                         {**named, "name": inspectorate or ""}))
    else:
        for key, line_values in found.lines:
            counted = {f"{k}_counted": catalogs.counted(unit, n, code)
                       for k, (unit, n) in local_answers.counted_values(line_values).items()}
            parts.append(say(key, {**named, **line_values, **counted}))
        cited = "; ".join(f"{rule.citation}, {format_date(rule.as_of, 'medium', locale=code)}" if rule.as_of
                          else rule.citation for rule in found.sources)
        parts.append(say("fact_sources", {"sources": cited}))
        if local_answers.stale(found.sources):
            inspectorate = local_answers.inspectorate(country)
            parts.append(say("fact_may_have_changed_inspectorate" if inspectorate else "fact_may_have_changed",
                             {**named, "name": inspectorate or ""}))
    return "\n".join(parts)


def render(name: str, code: str, values: dict[str, Any], buttons: list | None = None) -> dict:
    """The message for response `name` in language `code`: text, and buttons with translated titles."""
    text = (local_text(name, code, values) if local_answers.is_local(name)
            else fill(catalogs.text(name, code), with_counts(values, code)))
    message: dict[str, Any] = {"text": text}
    if buttons:
        message["buttons"] = [
            {**button, "title": catalogs.text(button["title"], code)} for button in buttons
        ]
    return message


# Channels without buttons: the channel numbers the choices of a whole turn itself
# (bot/channels/numbered.py), so one number never means two things; the NLG hands it the language and,
# for SMS, the short variant of a long answer (msgid "<response>_sms").
NUMBERED_CHANNELS = ("whatsapp", "sms")
# Responses that must stay exactly as they are: danger first, and the menus that already list languages.
NO_LANGUAGE_OFFER = ("utter_emergency", "utter_language_menu", "utter_language_set")
SHORT_SUFFIX = "_sms"


def short_variant(key: str, code: str, values: dict[str, Any]) -> str | None:
    """The short SMS wording of a response, filled, or None when the catalogs have none."""
    short_key = key + SHORT_SUFFIX
    if not catalogs.has(short_key):
        return None
    return fill(catalogs.text(short_key, code), with_counts(values, code))


def shaped(key: str, code: str, values: dict[str, Any], buttons: list | None, channel: str) -> dict:
    """A response as the channel gets it: rendered, and on the channels without buttons with the
    language (and for SMS the short variant) the channel needs to number and fit the turn."""
    message = render(key, code, values, buttons)
    # Every channel: numbering and the SMS fit need the language, and so does speaking the answer.
    message["language"] = code
    # A short SMS variant is the EU wording: not for an answer that gives the country's own rules.
    if channel == "sms" and not (local_answers.is_local(key) and local_rules.covered(values.get("country"))):
        short = short_variant(key, code, values)
        if short:
            message["short"] = short
    return message


def values_for(tracker: DialogueStateTracker, extra: dict[str, Any]) -> dict[str, Any]:
    """What a response may name: facts, settings, the conversation's slots, then action values."""
    values: dict[str, Any] = dict(facts.placeholders())
    values["retention_days"] = config.retention_days()
    values.update({k: v for k, v in tracker.current_slot_values().items() if v is not None})
    values.update({k: v for k, v in extra.items() if v is not None})
    return values


def alternatives_to_offer(tracker: DialogueStateTracker) -> list[str]:
    """Close languages to offer with this response: those the language guess of the person's latest
    message competed with, on the turn's first response only (once is enough, and later messages
    correct the guess by themselves)."""
    for event in reversed(tracker.events):
        if isinstance(event, (UserUttered, BotUttered)):
            return []
        if isinstance(event, SlotSet) and event.key == "language_alternatives":
            return [code for code in event.value or [] if languages.is_supported(code)]
    return []


def with_alternatives(message: dict[str, Any], alternatives: list[str]) -> dict[str, Any]:
    """The message with one button per close language, in its own name."""
    if not alternatives:
        return message
    offered = [{"title": languages.get(code).autonym, "payload": f'/choose_language{{"language":"{code}"}}'}
               for code in alternatives]
    return {**message, "buttons": [*(message.get("buttons") or []), *offered]}


VOICE_SLOT = "voice_replies"


def spoken_too(tracker: DialogueStateTracker) -> bool:
    """Answers come as audio too when the person asked for it ("answer me by voice", kept in a slot)
    or when the message being answered was a voice note."""
    latest = tracker.latest_message
    return bool(tracker.get_slot(VOICE_SLOT)) or bool(latest and (latest.metadata or {}).get("voice_note"))


class CatalogNLG(TemplatedNaturalLanguageGenerator):
    """A templated NLG whose texts come from the catalogs.

    Subclassing Rasa's templated NLG matters: the agent hands it the model's domain responses once
    the model is loaded (`Agent.load_model`), which it does for no other NLG class.
    """

    def __init__(self, endpoint_config: Any = None, domain: Any = None, **_: Any) -> None:
        super().__init__(domain.responses if domain is not None else {})
        catalogs.compile_all()

    async def generate(
        self,
        utter_action: str,
        tracker: DialogueStateTracker,
        output_channel: str,
        **kwargs: Any,
    ) -> dict[str, Any] | None:
        variations = self.responses.get(utter_action)
        if not variations:
            logger.error("no response named %s in domain.yml", utter_action)
            return None
        chosen = next((v for v in variations if v.get("channel") == output_channel), variations[0])
        # An action that switches the language names it: its SlotSet reaches the tracker only after
        # its messages are rendered.
        code = languages.get(kwargs.get("language") or tracker.get_slot("language")).code
        # Buttons an action builds (the language menu) are added by Rasa after this returns.
        kwargs.pop("buttons", None)
        message = shaped(chosen.get("text") or utter_action, code, values_for(tracker, kwargs), chosen.get("buttons"),
                         output_channel)
        if spoken_too(tracker):
            message["voice"] = True  # the channel sends the turn as audio as well (bot/channels/listen.py)
        return with_alternatives(message, [] if utter_action in NO_LANGUAGE_OFFER else alternatives_to_offer(tracker))
