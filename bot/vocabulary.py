"""The project's fixed words (data/vocabulary.yml): sectors, services and action names, read once."""

from __future__ import annotations

from functools import cache

import yaml

from bot.config import DATA


@cache
def _document() -> dict:
    return yaml.safe_load((DATA / "vocabulary.yml").read_text(encoding="utf-8"))


def sectors() -> tuple[str, ...]:
    return tuple(_document()["sectors"])


def services() -> tuple[str, ...]:
    return tuple(_document()["services"])


def action(role: str) -> str:
    """The name of the action that plays `role` ("offer_contacts" -> "action_offer_contacts")."""
    return _document()["actions"][role]


def actions() -> dict[str, str]:
    return dict(_document()["actions"])
