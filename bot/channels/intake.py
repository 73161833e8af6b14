"""The one intake every channel calls, after it has verified the request and read its fields.

In order: the sender becomes a pseudonym; a voice note is fetched, heard and becomes its words (or
the payload of a kind answer, bot/channels/listen.py); a person in a live chat with a partner is relayed to it
(the assistant keeps quiet); slash commands become the intents they stand for; the poster's campaign
code is read (a deep link's payload, the web chat's `?c=`, or the code typed in the words) and taken
out of the text; everything else is scrubbed; Rasa gets the UserMessage. Channels differ only in
how they verify, read and answer (telegram.py, twilio_messaging.py, webchat.py).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import KW_ONLY, dataclass
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage

from bot.cases import live_chat
from bot.channels import limits, listen
from bot.channels.commands import for_rasa, read_command
from bot.language import catalogs, detection, languages
from bot.outreach import attribution
from bot.privacy import pseudonyms

logger = logging.getLogger(__name__)

UNSUPPORTED = "/unsupported_message"  # what a photo, sticker, location or document becomes
OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
FetchVoice = Callable[[], Awaitable[bytes]]


class BadRequest(ValueError):
    """A request answered with 400 and a plain reason: nothing of it is processed or stored."""


class Limited(Exception):
    """A conversation over its rate limit: nothing of the message is processed or stored. `text` asks
    the person, in their language, to wait and send it again; `first` is False when they were
    already told in this window (channels that cost the person money then stay silent)."""

    def __init__(self, person: str, text: str, first: bool) -> None:
        super().__init__("rate limited")
        self.person, self.text, self.first = person, text, first


_told = limits.SlidingWindow(lambda: 1, name="told")  # one "please wait" per conversation a minute
_limited_language: dict[str, str] = {}  # conversations over their limit -> the language to tell them in
LIMITED_KEPT = 10_000


def del_oldest(table: dict, most: int = LIMITED_KEPT) -> None:
    while len(table) > most:
        del table[next(iter(table))]


def language_of(text: str) -> str:
    """The language to answer a message in before Rasa has seen it (English only when the message
    gives nothing to go on)."""
    return detection.guess(text[:200]).code or "en"


@dataclass(frozen=True)
class Arrival:
    """A message as a channel read it, before anything identifying is taken out of it."""

    channel: str  # Rasa's input channel name: "telegram", "whatsapp", "sms", "rest"
    sender: str  # the raw chat id, phone number or page token: in memory for this request only
    text: str  # as typed, or a button's payload
    campaign: str | None = None  # a campaign code the channel was handed (deep link payload, ?c=)
    # The rest by name only: a page's language passed by position once became a "voice note".
    _: KW_ONLY
    # A voice note: fetched only once the rate limit let it in, heard, then forgotten (bot/channels/listen.py).
    voice: FetchVoice | None = None
    language: str | None = None  # the language the person is known to speak (conversation, Telegram profile)
    # A language the channel suggests (the web page's, the Telegram app's): one clue among several
    # for the language to answer in (bot/language/detection.py), never the answer on its own.
    language_hint: str | None = None


WEB = "web"  # the pseudonym space of the web chat's page tokens (Rasa's channel name is "rest")


def conversation_id(channel: str, sender: str) -> str:
    """The id Rasa and every store know the conversation by: HMAC-SHA256 of "channel:id" under the
    pseudonym key, for every channel. The web chat's page token is hashed too ("web:" + token): a
    raw token in the store would work as a bearer token, and a web sender could otherwise name
    another channel's pseudonym and reach that person's conversation or live chat."""
    return pseudonyms.pseudonymise(WEB if channel == "rest" else channel, sender)


def for_assistant(text: str, campaign: str | None = None) -> tuple[str, str | None]:
    """(what Rasa gets, the campaign): a command as its intent, anything else scrubbed, with the
    poster's code taken out; the campaign handed in wins over one found in the words."""
    command = read_command(text)
    if command:
        intent, argument = command
        return for_rasa(intent), attribution.resolve(campaign) or attribution.resolve(argument)
    typed = attribution.read(text)
    return for_rasa(typed.text), attribution.resolve(campaign) or typed.campaign


def hint_of(arrival: Arrival) -> str | None:
    """The channel's language hint as one of our codes ("pt-BR" -> "pt"), or None."""
    code = (arrival.language_hint or "").replace("_", "-").split("-")[0].lower()
    return code if languages.is_supported(code) else None


def admit(arrival: Arrival) -> str:
    """The conversation id, once the rate limit lets the message in; Limited otherwise."""
    person = conversation_id(arrival.channel, arrival.sender)
    if not limits.by_conversation.allow(person):
        first = _told.allow(person)
        # The language is detected once a window per person: a flood must not buy a detection per message.
        if first or person not in _limited_language:
            _limited_language[person] = arrival.language or language_of(arrival.text)
            del_oldest(_limited_language)
        raise Limited(person, catalogs.text("rate_limited", _limited_language[person]), first)
    return person


async def hear(arrival: Arrival) -> str:
    """A voice note's words (or the kind answer's payload); the audio is dropped when this returns."""
    assert arrival.voice is not None
    try:
        audio = await arrival.voice()
    except Exception as error:  # the channel's API down, the note gone: answered kindly all the same
        logger.warning("a voice note could not be fetched: %s", type(error).__name__)
        audio = b""
    # Decoding and recognition are CPU work: off the event loop.
    return await asyncio.to_thread(listen.heard, audio, arrival.language)


async def take(arrival: Arrival, output: OutputChannel, on_new_message: OnNewMessage, admitted: str = "") -> str:
    """Hand a message on: to the partner of a live chat ("relayed") or to Rasa ("assistant").
    Returns the conversation id. `admitted`: the conversation id admit() already gave for this
    message (a channel that must read the tracker first admits before it, so that a message over
    the limit costs no database read); it is not counted twice."""
    person = admitted or admit(arrival)
    said = await hear(arrival) if arrival.voice is not None else arrival.text
    not_heard = bool(listen.NOT_HEARD_PAYLOAD.match(said))
    session = await live_chat.for_person(person)
    if session is not None:
        if said == UNSUPPORTED or not_heard:
            await live_chat.to_person(session, catalogs.text("utter_text_only", session.language))
        else:  # the words as typed: a case code or a command word in them stays as it is
            await live_chat.from_person(session, said)
        return person
    if not_heard:  # our own payload, made above: nothing of the person's in it to scrub
        text, campaign = said, attribution.resolve(arrival.campaign)
    else:
        # Scrubbing is bounded (bot/privacy/scrubber.py) but CPU work: off the event loop, so that one
        # long message never holds up everyone else's.
        text, campaign = await asyncio.to_thread(for_assistant, said, arrival.campaign)
    metadata: dict[str, Any] = {key: value for key, value in (("campaign", campaign), ("language_hint", hint_of(arrival)))
                                if value}
    if arrival.voice is not None:
        metadata["voice_note"] = True  # the answer comes as audio too (bot/rasa_plugins/nlg.py)
    await on_new_message(UserMessage(text, output, person, input_channel=arrival.channel,
                                     metadata=metadata or None))
    return person
