"""`python -m bot stats`: anonymous counts of visits, by week, campaign, sector, region, language,
topic, indicator, risk level and referral: small cells hidden, the others rounded to 5.

Visits come from the tracker store (read only: SQLite, or PostgreSQL in the scale-out profile) and from var/stats.db (visits rolled up before their
conversations were pruned); see bot/visits.py. A count below MIN_CELL is written as "<5" and every
other count is rounded to the nearest 5, so a hidden count cannot be worked out by subtraction
from totals that other tables give. Outputs, in
var/stats/ by default: one CSV and one PNG chart per table and aggregates.db (the same tables, for
`python -m bot stats serve`). No conversation id, text or time finer than the week is in any.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bot import config
from bot.outreach import campaigns
from bot.referral import directory
from bot.stats import visits

MIN_CELL = 5
ROUND_TO = 5
SUPPRESSED = "<5"
UNKNOWN = "unknown"


@dataclass
class Table:
    name: str
    dimensions: tuple[str, ...]
    rows: list[dict]  # dimension values and "visits": an int, or None when suppressed


def describe(visit: visits.Visit, known: dict[str, campaigns.Campaign], contacts: list[dict]) -> dict:
    """A visit as the dimensions count it. Site, sector and region are the campaign's (where its
    posters are); without a campaign, the sector the person chose and the region they named."""
    campaign = known.get(visit.campaign)
    return {
        "week": visit.week,
        "campaign": campaign.code if campaign else "none",
        "site": campaign.site if campaign else "none",
        "sector": (campaign.sector if campaign else visit.sector) or UNKNOWN,
        "region": (campaign.region if campaign and campaign.region else visits.iso_region(visit.region, contacts)),
        "language": visit.language or UNKNOWN,
        "risk_level": visit.risk_level or "none",
        "topic": visit.topics,
        "indicator": visit.indicators,
        "referral": [kind for kind in ("contacts_offered", "report_made") if getattr(visit, kind)],
        "first_visit": "first" if visit.first_visit else "returning",
    }


# Each table: its name and dimensions. A dimension holding a list counts the visit once per item.
TABLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("visits_by_week", ("week",)),
    ("visits_by_campaign", ("campaign", "site", "sector", "region")),
    ("visits_by_sector", ("sector",)),
    ("visits_by_region", ("region",)),
    ("visits_by_language", ("language",)),
    ("visits_by_risk_level", ("risk_level",)),
    ("visits_by_topic", ("topic",)),
    ("visits_by_indicator", ("indicator",)),
    ("visits_by_referral", ("referral",)),
    ("visits_by_first_visit", ("first_visit",)),
    ("campaign_by_week", ("campaign", "week")),
    ("campaign_by_risk_level", ("campaign", "risk_level")),
    ("campaign_by_indicator", ("campaign", "indicator")),
    ("campaign_by_referral", ("campaign", "referral")),
)


def _keys(described: dict, dimensions: tuple[str, ...]) -> list[tuple]:
    keys: list[tuple] = [()]
    for dimension in dimensions:
        value = described[dimension]
        values = value if isinstance(value, list) else [value]
        keys = [key + (v,) for key in keys for v in values]
    return keys


def count(described: Iterable[dict], dimensions: tuple[str, ...]) -> Counter:
    counts: Counter = Counter()
    for visit in described:
        counts.update(_keys(visit, dimensions))
    return counts


def protect(counts: Counter) -> dict[tuple, int | None]:
    """Counts below MIN_CELL hidden (None), the others rounded to the nearest 5 (ROUND_TO).

    Rounding is what keeps a hidden count hidden: every table's total is known from another table
    (visits by week, by campaign...), so with exact figures a lone "<5" would be the total minus the
    rest; with rounded ones that difference is only known to within the range "<5" already says."""
    return {key: (ROUND_TO * round(n / ROUND_TO) if n >= MIN_CELL else None) for key, n in counts.items()}


def tables(all_visits: list[visits.Visit], known: dict[str, campaigns.Campaign] | None = None,
           contacts: list[dict] | None = None) -> list[Table]:
    known = {c.code: c for c in campaigns.all_campaigns()} if known is None else known
    contacts = directory.contacts() if contacts is None else contacts
    described = [describe(v, known, contacts) for v in all_visits]
    made = []
    for name, dimensions in TABLES:
        cells = protect(count(described, dimensions))
        rows = [dict(zip(dimensions, key), visits=cells[key]) for key in sorted(cells)]
        made.append(Table(name, dimensions, rows))
    return made


def collect(tracker_db: Path | None = None, stats_db: Path | None = None) -> list[visits.Visit]:
    """Every visit: those rolled up into stats.db and those the tracker store still holds (the
    scale-out profile's PostgreSQL when BOT_DB_HOST is set, else the SQLite tracker.db)."""
    found = visits.rolled_up(stats_db)
    if tracker_db is None and config.get().db_host:
        return found + visits.from_postgres()
    path = tracker_db or config.tracker_db()
    if Path(path).exists():
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            found += visits.from_tracker(db)
    return found


