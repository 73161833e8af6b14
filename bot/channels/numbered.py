"""Choices on channels without buttons (WhatsApp, SMS): numbered across a whole turn, and read back.

A turn can hold several messages with buttons (the offer of the yes/no questions, then "Would you like
the contact of a local organisation?"). Numbering each message from 1 made "1" mean two things, and
the number was looked up in the last message only. Here the numbers run on across the turn, and a
number is looked up in the same list, rebuilt from the turn as the tracker keeps it: the person's
number always names a choice they were sent.
"""

from __future__ import annotations

from typing import Any

from bot.language import catalogs


def choices(messages: list[dict]) -> list[dict]:
    """Every button of the turn, in the order they are numbered (1, 2, ...)."""
    return [button for message in messages for button in (message.get("buttons") or [])]


def lines_per_message(messages: list[dict]) -> list[list[str]]:
    """For each message, its choices as "N. Title" lines, numbered on across the turn."""
    number, found = 0, []
    for message in messages:
        lines = []
        for button in message.get("buttons") or []:
            number += 1
            lines.append(f"{number}. {button['title']}")
        found.append(lines)
    return found


def for_whatsapp(messages: list[dict], code: str) -> list[str]:
    """Each message's text with its numbered choices under "Reply with a number:"."""
    texts = []
    for message, lines in zip(messages, lines_per_message(messages)):
        text = message.get("text") or ""
        if lines:
            text = "\n".join([text, "", catalogs.text("reply_with_number", code), *lines])
        if text:
            texts.append(text)
    return texts


def latest_turn(tracker: Any) -> list[dict]:
    """The assistant's messages since the person last wrote ({"text", "buttons"} each), as stored."""
    turn: list[dict] = []
    for event in reversed(getattr(tracker, "events", []) or []):
        kind = getattr(event, "type_name", "")
        if kind == "user":
            break
        if kind == "bot":
            turn.append({"text": event.text or "", "buttons": (event.data or {}).get("buttons") or []})
    return list(reversed(turn))


def chosen(messages: list[dict], number: int) -> dict | None:
    """The button a numbered reply names, or None when the turn sent no such number."""
    found = choices(messages)
    return found[number - 1] if 1 <= number <= len(found) else None
