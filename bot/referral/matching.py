"""Which contacts to offer: the place, the person's language, the help the signs call for, opening hours."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from bot.language import folding
from bot.places import gazetteer, recognise
from bot.referral import directory

MAX_CONTACTS = 3


FALLBACK_KINDS = ("regional_coordinator", "helpline")


UNKNOWN_REGION = "unknown"


def _regions(contact: dict) -> set[str]:
    """A contact's regions with every ISO 3166-2 code as ISO has it today (an entry written with
    Corsica's old FR-COR serves FR-20R, the code places are recognised with)."""
    return {gazetteer.current_region(region) for region in contact["regions"]}


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
          now: dt.datetime | None = None, country: str | None = None) -> tuple[list[dict], bool]:
    """At most three contacts for where the person works, best first, and whether any is local.

    The place is the region they named (a town, a region, a country, in any of our languages) and
    the country of work known from the conversation. Contacts of that region come first, then those
    that serve the whole country; never another country's. With neither a known country nor a
    contact for the place, the old fallback: contacts marked nationwide or of a coordinating kind.
    An entry marked as an example is never offered.
    """
    entries = [c for c in (entries if entries is not None else directory.contacts()) if not c.get("example")]
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

    typed = region if region and region != UNKNOWN_REGION else None
    place = recognise.where(typed) if typed else None
    country = country_of(region, country)
    iso_region = place.region if place else None
    local = [c for c in entries if (iso_region and iso_region in _regions(c)) or (typed and _serves_region(c, typed))]
    if country:
        local = [c for c in local if _in_country(c, country)]
        national = [c for c in entries if country in c["regions"] and c not in local]
        chosen = sorted(local, key=score, reverse=True) + sorted(national, key=score, reverse=True)
        return chosen[:MAX_CONTACTS], bool(local)
    if local:
        return sorted(local, key=score, reverse=True)[:MAX_CONTACTS], True
    fallback = [c for c in entries if "nationwide" in c["regions"] or c["kind"] in FALLBACK_KINDS]
    return sorted(fallback, key=score, reverse=True)[:MAX_CONTACTS], False


def country_of(region: str | None, country: str | None) -> str | None:
    """The country of work: the one of the place the person named for help, else the one known."""
    place = recognise.where(region) if region and region != UNKNOWN_REGION else None
    return place.country if place else country


def _in_country(contact: dict, country: str) -> bool:
    """Whether a contact works in the country: one of its regions is the country or one of its
    subdivisions, or (for entries naming towns only) a place recognised in it."""
    for region in contact["regions"]:
        if region == country or region.startswith(country + "-"):
            return True
    return any((place := recognise.where(name)) is not None and place.country == country for name in contact["regions"])


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
