"""How a contact is described to the person: why it fits, how to reach it, when it is open."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from bot.language import catalogs
from bot.referral.matching import DAY_ORDER, is_open, next_opening


def reasons(contact: dict, lang: str, needs: Iterable[str] = (), local: bool = True, minor: bool = False,
            now: dt.datetime | None = None) -> list[tuple[str, dict[str, Any]]]:
    """Why a contact was offered, as (catalog key, values) pairs, most useful first."""
    found: list[tuple[str, dict[str, Any]]] = []
    helps = [s for s in contact.get("services") or [] if s in set(needs)]
    if helps:
        found.append(("fit_services", {"services": helps}))
    if minor and contact.get("serves_minors") is True:
        found.append(("fit_minors", {}))
    if lang in contact["languages"]:
        found.append(("fit_language", {}))
    found.append(("fit_local", {}) if local and "nationwide" not in contact["regions"] else ("fit_nationwide", {}))
    if is_open(contact, now):
        found.append(("fit_open_now", {}))
    else:
        opens = next_opening(contact, now)
        if opens:
            from babel.dates import get_day_names

            day = get_day_names("wide", locale=lang)[opens.weekday()]
            found.append(("fit_opens", {"day": day, "time": opens.strftime("%H:%M")}))
    if contact.get("free_of_charge") is True:
        found.append(("fit_free", {}))
    return found


def why_text(contact: dict, lang: str, needs: Iterable[str] = (), local: bool = True, minor: bool = False,
             now: dt.datetime | None = None) -> str:
    """The reasons, one a line: "• Helps with: unpaid wages" in the reader's language."""

    lines = []
    for key, values in reasons(contact, lang, needs, local, minor, now):
        if "services" in values:  # service names are catalog entries too
            from babel.lists import format_list

            names = [catalogs.text(f"service_{s}", lang) for s in values["services"]]
            values = {**values, "services": format_list(names, locale=lang)}
        lines.append("• " + catalogs.fill(catalogs.text(key, lang), values))
    return "\n".join(lines)


WAYS = ("phone", "whatsapp", "telegram", "email", "web", "address")


def ways_text(contact: dict) -> str:
    """The ways to reach a contact, one a line (numbers and addresses are the same in every language)."""
    return "\n".join(contact["contact"][way] for way in WAYS if contact["contact"].get(way))


def hours_text(contact: dict, lang: str) -> str:
    """Opening hours with day names in the reader's language: "lun.–vin. 09:00–17:00 (Europe/Berlin)"."""
    from babel.dates import get_day_names


    hours = contact.get("opening_hours")
    if not hours:
        return catalogs.text("hours_unknown", lang)
    names = get_day_names("abbreviated", locale=lang)
    parts = []
    for slot in hours["weekly"]:
        days = sorted(slot["days"], key=DAY_ORDER.index)
        first, last = DAY_ORDER.index(days[0]), DAY_ORDER.index(days[-1])
        consecutive = len(days) == last - first + 1
        label = f"{names[first]}–{names[last]}" if consecutive and len(days) > 1 else ", ".join(names[DAY_ORDER.index(d)] for d in days)
        parts.append(f"{label} {slot['open']}–{slot['close']}")
    return f"{'; '.join(parts)} ({hours['timezone']})"
