"""The referral directory: schema, validation with line numbers, loading, and the contacts in use."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import sqlite_utils
import yaml

from bot import config
from bot.config import ROOT

SCHEMA_FILE = ROOT / "directory.schema.json"


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


def validate_text(text: str, path: Path | None = None) -> dict:
    """The parsed directory, or DirectoryError listing every problem with its line and field."""
    path = path or config.directory_file()
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


def validate_file(path: Path | None = None) -> dict:
    path = path or config.directory_file()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DirectoryError(path, [Problem(None, "file", f"cannot be read: {error}")]) from None
    return validate_text(text, path)


STALE_AFTER_DAYS = 365


def warnings(document: dict, path: Path | None = None, today: dt.date | None = None) -> list[str]:
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


def loaded_database() -> Path:
    """The directory in use: var/directory.db, written by `load`."""
    return config.var_path("directory.db")


PLACEHOLDER = re.compile(r"\bexample\b|placeholder|replace with|\.example\b|\.invalid\b|\.test\b|example\.(org|com|net)",
                         re.IGNORECASE)


def placeholders(document: dict) -> list[str]:
    """Entries that are examples or hold placeholder data (example.org, "replace with a real one"):
    the server never offers the first, and `validate --strict` refuses both."""
    found = []
    for entry in document.get("contacts") or []:
        if entry.get("example"):
            found.append(f"contact '{entry['id']}' is marked as an example")
            continue
        texts = [entry.get("name", ""), *(str(v) for v in (entry.get("contact") or {}).values())]
        if any(PLACEHOLDER.search(text) for text in texts):
            found.append(f"contact '{entry['id']}' holds placeholder data: {next(t for t in texts if PLACEHOLDER.search(t))}")
    return found


def strict_problems(document: dict, today: dt.date | None = None) -> list[str]:
    """What an operator must fix before going live: examples, placeholders, unverified entries."""
    return placeholders(document) + warnings(document, today=today)


def load(path: Path | None = None, database: Path | None = None) -> int:
    """Validate the directory and put it into SQLite: the servers read it from there (and pick up a
    newly loaded one at their next lookup); names, services and regions get full-text search.

    The new database is built beside the old one and swapped in only when complete: a bad file
    never replaces the loaded good one."""
    document = validate_file(path)  # raises before anything is touched
    target = Path(database or loaded_database())
    building = target.with_suffix(".building")
    building.unlink(missing_ok=True)
    db = sqlite_utils.Database(building)
    rows = [{**{k: v for k, v in entry.items() if not isinstance(v, (list, dict))},
             **{k: json.dumps(v, ensure_ascii=False) for k, v in entry.items() if isinstance(v, (list, dict))}}
            for entry in document["contacts"]]
    for position, (row, entry) in enumerate(zip(rows, document["contacts"])):
        row.update(position=position, entry=json.dumps(entry, ensure_ascii=False))  # read back whole, in order
    db["contacts"].insert_all(rows, pk="id", alter=True)
    db["contacts"].enable_fts(["name", "services", "regions", "kind"], create_triggers=True)
    db.conn.close()
    building.replace(target)
    return len(rows)


def contacts() -> tuple[dict, ...]:
    """Every contact, in the directory's order: from the loaded database when there is one, else
    from the directory file. Read again only when that file changes (one stat per lookup)."""
    database = loaded_database()
    try:
        return _from_database(database, database.stat().st_mtime_ns)
    except FileNotFoundError:
        path = config.directory_file()
        return _from_file(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=2)
def _from_database(database: Path, _changed: int) -> tuple[dict, ...]:
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
        rows = db.execute("select entry from contacts order by position").fetchall()
    return tuple(json.loads(entry) for (entry,) in rows)


@lru_cache(maxsize=2)
def _from_file(path: Path, _changed: int) -> tuple[dict, ...]:
    return tuple(validate_file(path)["contacts"])


def by_id(contact_id: str | None) -> dict | None:
    """The directory entry with this id, or None."""
    return next((c for c in contacts() if c["id"] == contact_id), None)


