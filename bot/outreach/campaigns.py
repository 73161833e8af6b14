"""Outreach campaigns: a short code printed on a poster, with the site, sector and region it was left at.

Stored in var/campaigns.db (sqlite-utils). The code is what people scan, tap or type: 4 to 10
letters and digits with at least one digit ("BERRY24", "KUO-3"), so it is never mistaken for a
word, never shaped like a case code (12 characters), and fits a Telegram /start payload. Codes
are kept upper case; people may type them in any case, with or without the dash.
"""

from __future__ import annotations

import datetime as dt
import re
from contextlib import closing
from dataclasses import dataclass

import sqlite_utils

from bot import vocabulary
from bot.config import var_path
from bot.privacy.files import private_file

TABLE = "campaigns"
CODE = re.compile(r"^(?=[A-Z0-9-]*[0-9])(?=[A-Z0-9-]*[A-Z])[A-Z0-9](?:[A-Z0-9-]{2,8})[A-Z0-9]$")
REGION = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")  # ISO 3166-1 alpha-2, or ISO 3166-2 subdivision


class CampaignError(ValueError):
    """Bad input for a campaign, with a message that says what to fix."""


@dataclass(frozen=True)
class Campaign:
    code: str
    site: str
    sector: str
    region: str
    created_on: str


def normalise(code: str) -> str:
    """The code as stored: upper case, surrounding spaces dropped."""
    return code.strip().upper()


def compact(code: str) -> str:
    """The code without dashes: what matching compares ("kuo 3", "KUO-3" and "kuo3" are one code)."""
    return re.sub(r"[^A-Z0-9]", "", code.upper())


def check(code: str, sector: str, region: str) -> None:
    if not CODE.match(normalise(code)):
        raise CampaignError(f"'{code}' is not a campaign code: use 4 to 10 letters and digits, at least one of "
                            "each, dashes allowed inside (e.g. BERRY24 or KUO-3)")
    if sector not in vocabulary.sectors():
        raise CampaignError(f"sector '{sector}' is not one of {', '.join(vocabulary.sectors())}")
    if region and not REGION.match(region):
        raise CampaignError(f"region '{region}' is not an ISO 3166-2 code like FI-15 (or a country code like FI)")


def database(path: str | None = None) -> sqlite_utils.Database:
    target = path or var_path("campaigns.db")
    private_file(target)
    db = sqlite_utils.Database(target)
    db.conn.execute("PRAGMA busy_timeout = 10000")  # several processes may open it at once
    db[TABLE].create({"code": str, "site": str, "sector": str, "region": str, "created_on": str},
                     pk="code", if_not_exists=True)
    return db


def add(code: str, site: str, sector: str, region: str = "", db: sqlite_utils.Database | None = None,
        today: dt.date | None = None) -> Campaign:
    """Store a new campaign; CampaignError if the input is bad or the code (or one that reads the
    same without dashes) is taken."""
    region = region.strip().upper()
    check(code, sector, region)
    if not site.strip():
        raise CampaignError("--site must name the place, e.g. \"Berry farm, Kuopio\"")
    db = db or database()
    code = normalise(code)
    clash = next((c for c in all_campaigns(db) if compact(c.code) == compact(code)), None)
    if clash:
        raise CampaignError(f"campaign {clash.code} already exists ({clash.site})")
    campaign = Campaign(code, site.strip(), sector, region, (today or dt.date.today()).isoformat())
    db[TABLE].insert(campaign.__dict__)
    return campaign


def all_campaigns(db: sqlite_utils.Database | None = None) -> list[Campaign]:
    db = db or database()
    return [Campaign(**row) for row in db[TABLE].rows_where(order_by="code")]


def get(code: str, db: sqlite_utils.Database | None = None) -> Campaign | None:
    """The campaign with this code, however it was typed ("kuo3" finds KUO-3)."""
    wanted = compact(code)
    return next((c for c in all_campaigns(db) if compact(c.code) == wanted), None)


_known: tuple[tuple[int, int], list[str]] | None = None


def codes(db: sqlite_utils.Database | None = None) -> list[str]:
    """The codes attribution recognises. Every message asks, in every Rasa replica: the file is read
    (read-only, never created here) only when it changed, and no file means no campaign yet."""
    global _known
    if db is not None:
        return [c.code for c in all_campaigns(db)]
    path = var_path("campaigns.db")
    try:
        stat = path.stat()
    except FileNotFoundError:
        return []
    version = (stat.st_mtime_ns, stat.st_size)
    if _known is None or _known[0] != version:
        import sqlite3

        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)) as conn:
            try:
                found = [row[0] for row in conn.execute(f"select code from {TABLE} order by code")]
            except sqlite3.OperationalError:  # created but its table not yet
                found = []
        _known = (version, found)
    return list(_known[1])
