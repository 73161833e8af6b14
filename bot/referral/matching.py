"""Which contacts to offer: the place, the person's language, the help the signs call for, opening hours."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from bot.language import folding
from bot.referral import directory

MAX_CONTACTS = 3


FALLBACK_KINDS = ("regional_coordinator", "helpline")


UNKNOWN_REGION = "unknown"


def _serves_region(contact: dict, region: str) -> bool:
    wanted = folding.fold(region).strip()
    return any(folding.fold(name) == wanted for name in contact["regions"])


def is_open(contact: dict, now: dt.datetime | None = None) -> bool:
    """Whether the contact's opening hours include this moment in its own time zone."""
    from zoneinfo import ZoneInfo

    hours = contact.get("opening_hours")
    if not hours:
        return False
    local = (now or dt.datetime.now(dt.timezone.utc)).astimezone(ZoneInfo(hours["timezone"]))
    day, clock = DAY_ORDER[local.weekday()], local.strftime("%H:%M")
    return any(day in slot["days"] and slot["open"] <= clock < slot["close"] for slot in hours["weekly"])


def match(region: str | None, lang: str, needs: Iterable[str] = (), undocumented: bool = False,
          entries: Iterable[dict] | None = None, minor: bool = False,
          now: dt.datetime | None = None) -> tuple[list[dict], bool]:
    """At most three contacts for a place, best first, and whether they are local.

    Never empty while the directory has entries: with nobody for the place (or the place skipped),
    regional coordinators and helplines that work nationwide come instead.
    """
    entries = list(entries if entries is not None else directory.contacts())
    needs = set(needs)

    def score(contact: dict) -> tuple:
        return (
            minor and contact.get("serves_minors") is True,  # children: child protection first
            minor or contact.get("serves_minors") is not True,  # adults: not to a children's service
            undocumented and contact.get("shares_with_immigration") is False,  # no papers: firewall first
            lang in contact["languages"],
            len(needs & set(contact.get("services") or [])),
            is_open(contact, now),
            contact.get("shares_with_immigration") is False,
        )

    local = [c for c in entries if region and region != UNKNOWN_REGION and _serves_region(c, region)]
    if local:
        return sorted(local, key=score, reverse=True)[:MAX_CONTACTS], True
    fallback = [c for c in entries if "nationwide" in c["regions"] or c["kind"] in FALLBACK_KINDS]
    return sorted(fallback or entries, key=score, reverse=True)[:MAX_CONTACTS], False


def next_opening(contact: dict, now: dt.datetime | None = None) -> dt.datetime | None:
    """When the contact next opens, in its own time zone (within a week), or None without hours."""
    from zoneinfo import ZoneInfo

    hours = contact.get("opening_hours")
    if not hours:
        return None
    local = (now or dt.datetime.now(dt.timezone.utc)).astimezone(ZoneInfo(hours["timezone"]))
    for ahead in range(8):
        day = local.date() + dt.timedelta(days=ahead)
        starts = sorted(slot["open"] for slot in hours["weekly"] if DAY_ORDER[day.weekday()] in slot["days"])
        for start in starts:
            at = dt.datetime.combine(day, dt.time.fromisoformat(start), local.tzinfo)
            if at > local:
                return at
    return None


def known_region(text: str, entries: Iterable[dict] | None = None) -> bool:
    return any(_serves_region(c, text) for c in (entries if entries is not None else directory.contacts()))


DAY_ORDER = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
