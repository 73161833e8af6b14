"""The referral directory: schema, validation with line numbers, loading and matching contacts."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from bot import language
from bot.paths import DIRECTORY_FILE, ROOT

SCHEMA_FILE = ROOT / "directory.schema.json"
MAX_CONTACTS = 3
FALLBACK_KINDS = ("regional_coordinator", "helpline")
UNKNOWN_REGION = "unknown"


@dataclass(frozen=True)
class Problem:
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        return f"{where}, {self.field}: {self.message}"


class DirectoryError(ValueError):
    def __init__(self, path: Path, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{path}:\n" + "\n".join(f"  {p}" for p in problems))


class _Loader(yaml.SafeLoader):
    """YAML without implicit dates, so `last_verified: 2025-01-31` stays the string the schema expects."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _line_of(node: yaml.Node, path: Iterable[Any]) -> int | None:
    """The 1-based line of the value at a JSON path inside a composed YAML document."""
    for step in path:
        if isinstance(node, yaml.MappingNode):
            node = next((value for key, value in node.value if key.value == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            node = None
        if node is None:
            return None
    return node.start_mark.line + 1


def _field_name(document: Any, path: list[Any]) -> str:
    """contacts[2].languages[0] read as "contact 'undok-vienna', languages[0]"."""
    if len(path) >= 2 and path[0] == "contacts" and isinstance(path[1], int):
        contacts = document.get("contacts") or []
        entry = contacts[path[1]] if path[1] < len(contacts) else {}
        label = f"contact '{entry.get('id')}'" if isinstance(entry, dict) and entry.get("id") else f"contact #{path[1] + 1}"
        rest = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path[2:]).lstrip(".")
        return f"{label}, {rest}" if rest else label
    return ".".join(str(p) for p in path) or "(top level)"


@lru_cache(maxsize=1)
def schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def validate_text(text: str, path: Path = DIRECTORY_FILE) -> dict:
    """The parsed directory, or DirectoryError listing every problem with its line and field."""
    try:
        root = yaml.compose(text, Loader=_Loader)
        document = yaml.load(text, Loader=_Loader) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise DirectoryError(path, [Problem(line, "YAML syntax", str(getattr(error, "problem", error)))]) from None
    problems = []
    validator = jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker())
    for error in sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path))):
        where = list(error.absolute_path)
        field = _field_name(document, where)
        if error.validator == "required":  # name the missing field itself, at its entry's line
            missing = re.match(r"'([^']+)'", error.message)
            field = f"{field}, {missing.group(1)}" if missing else field
        problems.append(Problem(_line_of(root, where) if root else None, field, error.message))
    seen: dict[str, int] = {}
    for index, entry in enumerate(document.get("contacts") or [] if isinstance(document, dict) else []):
        if not isinstance(entry, dict):
            continue
        for code in entry.get("languages") or []:
            if isinstance(code, str) and len(code) == 2 and not _is_language_code(code):
                problems.append(Problem(_line_of(root, ["contacts", index, "languages"]), _field_name(document, ["contacts", index, "languages"]), f"'{code}' is not an ISO 639-1 language code"))
        if entry.get("id") in seen:
            problems.append(Problem(_line_of(root, ["contacts", index, "id"]), _field_name(document, ["contacts", index, "id"]), f"duplicate id, first used on line {seen[entry['id']]}"))
        elif entry.get("id"):
            seen[entry["id"]] = _line_of(root, ["contacts", index, "id"]) or 0
    if problems:
        raise DirectoryError(path, problems)
    return document


def _is_language_code(code: str) -> bool:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(code)
        return True
    except (UnknownLocaleError, ValueError):
        return False


def validate_file(path: Path = DIRECTORY_FILE) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DirectoryError(path, [Problem(None, "file", f"cannot be read: {error}")]) from None
    return validate_text(text, path)


STALE_AFTER_DAYS = 365


def warnings(document: dict, path: Path = DIRECTORY_FILE, today: dt.date | None = None) -> list[str]:
    """Entries nobody has verified for twelve months (or ever): still valid, but to be checked."""
    today = today or dt.date.today()
    found = []
    for entry in document.get("contacts") or []:
        verified = entry.get("last_verified")
        if verified is None:
            found.append(f"contact '{entry['id']}' has never been verified (last_verified: null)")
        elif (today - dt.date.fromisoformat(verified)).days > STALE_AFTER_DAYS:
            found.append(f"contact '{entry['id']}' was last verified on {verified}, more than 12 months ago")
    return found


def load(path: Path = DIRECTORY_FILE, database: Path | None = None) -> int:
    """Validate the directory and put it into SQLite (full-text search on names and services).

    The new database is built beside the old one and swapped in only when complete: a bad file
    never replaces the loaded good one."""
    import sqlite_utils

    from bot.paths import var_path

    document = validate_file(path)  # raises before anything is touched
    target = Path(database or var_path("directory.db"))
    building = target.with_suffix(".building")
    building.unlink(missing_ok=True)
    db = sqlite_utils.Database(building)
    rows = [{**{k: v for k, v in entry.items() if not isinstance(v, (list, dict))},
             **{k: json.dumps(v, ensure_ascii=False) for k, v in entry.items() if isinstance(v, (list, dict))}}
            for entry in document["contacts"]]
    db["contacts"].insert_all(rows, pk="id", alter=True)
    db["contacts"].enable_fts(["name", "services", "regions", "kind"], create_triggers=True)
    db.conn.close()
    building.replace(target)
    return len(rows)


@lru_cache(maxsize=1)
def contacts() -> tuple[dict, ...]:
    return tuple(validate_file()["contacts"])


def by_id(contact_id: str | None) -> dict | None:
    """The directory entry with this id, or None."""
    return next((c for c in contacts() if c["id"] == contact_id), None)


def _serves_region(contact: dict, region: str) -> bool:
    wanted = language.fold(region).strip()
    return any(language.fold(name) == wanted for name in contact["regions"])


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
    entries = list(entries if entries is not None else contacts())
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
    from bot import catalogs

    lines = []
    for key, values in reasons(contact, lang, needs, local, minor, now):
        if "services" in values:  # service names are catalog entries too
            from babel.lists import format_list

            names = [catalogs.text(f"service_{s}", lang) for s in values["services"]]
            values = {**values, "services": format_list(names, locale=lang)}
        lines.append("• " + catalogs.fill(catalogs.text(key, lang), values))
    return "\n".join(lines)


def known_region(text: str, entries: Iterable[dict] | None = None) -> bool:
    return any(_serves_region(c, text) for c in (entries if entries is not None else contacts()))


WAYS = ("phone", "whatsapp", "telegram", "email", "web", "address")
DAY_ORDER = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def ways_text(contact: dict) -> str:
    """The ways to reach a contact, one a line (numbers and addresses are the same in every language)."""
    return "\n".join(contact["contact"][way] for way in WAYS if contact["contact"].get(way))


def hours_text(contact: dict, lang: str) -> str:
    """Opening hours with day names in the reader's language: "lun.–vin. 09:00–17:00 (Europe/Berlin)"."""
    from babel.dates import get_day_names

    from bot import catalogs

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
