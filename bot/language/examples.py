"""The NLU training examples (data/nlu/<language>.yml), as (text, intent, language), read once.

Models built from them at start-up (which language a message is closest to, whether it reads like
danger now) use the same examples the NLU is trained on, with the same variants."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TypeVar

import yaml

from bot.config import DATA
from bot.language.languages import CODES
from bot.runtime import var_cache

T = TypeVar("T")


@cache
def examples() -> tuple[tuple[str, str, str], ...]:
    found = []
    for code in CODES:
        path = DATA / "nlu" / f"{code}.yml"
        if not path.exists():
            continue
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            for line in (block.get("examples") or "").splitlines():
                example = line.strip().removeprefix("- ").strip()
                if example:
                    found.append((example, block["intent"], code))
    return tuple(found)


def built_once(name: str, build: Callable[[], T], *sources: Path) -> T:
    """A model built from the examples, kept in var/ until the examples, the code that builds it
    (`sources`) or scikit-learn change."""
    data = [path.read_bytes() for path in (*sorted((DATA / "nlu").rglob("*.yml")), Path(__file__), *sources)]
    return var_cache.kept(name, metadata.version("scikit-learn").encode() + b"".join(data), build)
