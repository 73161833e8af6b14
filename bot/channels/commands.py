"""Slash commands people may type on any channel, as the intents they stand for."""

from __future__ import annotations

import re

from bot.cases import case_codes
from bot.privacy import scrubber

COMMANDS = {"/start": "/greet", "/help": "/help_menu", "/menu": "/help_menu", "/lang": "/choose_language",
            "/language": "/choose_language", "/delete": "/delete_my_data", "/privacy": "/ask_privacy"}
CAMPAIGN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
# Payloads that carry a case code to an action: made by read_case_code, or a "Chat now" button.
CODE_PAYLOAD = re.compile(r'^/(check_case|live_chat)\{"code":"[0-9A-Za-z-]{12,16}"\}$')


def read_command(text: str) -> tuple[str, str | None] | None:
    """("/intent", argument) for a known command ("/start farm-01" -> ("/greet", "farm-01")), else None."""
    command, _, argument = text.strip().partition(" ")
    command = command.split("@")[0].lower()  # "/start@SomeBot" in Telegram groups
    if command not in COMMANDS:
        return read_case_code(text)
    argument = argument.strip()
    return COMMANDS[command], argument if CAMPAIGN.match(argument) else None


def read_case_code(text: str) -> tuple[str, None] | None:
    """A message holding a case code ("check K7QM-4XRT-9PWE"), valid or mistyped, as the payload
    that reads its answers back. Done before scrubbing, which would replace the code."""
    if text.startswith("/"):
        return None
    found = case_codes.find(text) or case_codes.candidates(text)  # a valid code before a look-alike
    if not found:
        return None
    return f'/check_case{{"code":"{found[0]}"}}', None


def for_rasa(text: str) -> str:
    """What Rasa gets: a case-code payload as it is (the action needs the code; the tracker store
    redacts it before anything is written), any other message scrubbed of personal details."""
    return text if CODE_PAYLOAD.match(text) else scrubber.scrub(text)
