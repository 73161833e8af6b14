"""Slash commands people may type on any channel, as the intents they stand for."""

from __future__ import annotations

import re

COMMANDS = {"/start": "/greet", "/help": "/help_menu", "/menu": "/help_menu", "/lang": "/choose_language",
            "/language": "/choose_language", "/delete": "/delete_my_data", "/privacy": "/ask_privacy"}
CAMPAIGN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def read_command(text: str) -> tuple[str, str | None] | None:
    """("/intent", argument) for a known command ("/start farm-01" -> ("/greet", "farm-01")), else None."""
    command, _, argument = text.strip().partition(" ")
    command = command.split("@")[0].lower()  # "/start@SomeBot" in Telegram groups
    if command not in COMMANDS:
        return None
    argument = argument.strip()
    return COMMANDS[command], argument if CAMPAIGN.match(argument) else None
