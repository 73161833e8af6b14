"""Legal and practical facts, each group with its source and as-of date (data/facts/*.yml)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml

from bot.config import FACTS

REQUIRED = ("source", "url", "as_of", "values")


@lru_cache(maxsize=1)
def load() -> dict[str, dict[str, Any]]:
    """Every fact group by name, from every file under data/facts/ holding a `facts:` mapping."""
    groups: dict[str, dict[str, Any]] = {}
    for path in sorted(FACTS.glob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, group in (document.get("facts") or {}).items():
            missing = [key for key in REQUIRED if not group.get(key)]
            if missing:
                raise ValueError(f"{path.name}: fact group '{name}' lacks {', '.join(missing)}")
            if name in groups:
                raise ValueError(f"{path.name}: fact group '{name}' is defined twice")
            groups[name] = group
    return groups


@lru_cache(maxsize=1)
def units() -> dict[str, str]:
    """What each counted value counts (hours, days, ...), for its plural form in each language."""
    found: dict[str, str] = {}
    for name, group in load().items():
        for key, unit in (group.get("units") or {}).items():
            if key not in group["values"]:
                raise ValueError(f"fact group '{name}' gives a unit for '{key}', which it has no value for")
            found[key] = unit
    return found


@lru_cache(maxsize=1)
def placeholders() -> dict[str, Any]:
    """The values responses may name: each fact value, and `<group>_source` for its citation."""
    values: dict[str, Any] = {}
    for name, group in load().items():
        values.update(group["values"])
        values[f"{name}_source"] = group["source"]
    return values
