"""The NLU training examples (data/nlu/<language>.yml), as (text, intent, language), read once.

Models built from them at start-up (which language a message is closest to, whether it reads like
danger now) use the same examples the NLU is trained on, with the same variants."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TypeVar

import yaml

from bot import config
from bot.config import DATA
from bot.language.languages import CODES

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
    (`sources`) or scikit-learn change: every later process loads it instead of building it again."""
    digest = hashlib.sha256(metadata.version("scikit-learn").encode())
    for path in (*sorted((DATA / "nlu").rglob("*.yml")), Path(__file__), *sources):
        digest.update(path.read_bytes())
    cached = config.var_path(f"{name}-{digest.hexdigest()[:16]}.pickle")
    if cached.exists():
        with cached.open("rb") as handle:
            return pickle.load(handle)  # noqa: S301  our own file, written below
    built = build()
    with tempfile.NamedTemporaryFile(dir=cached.parent, delete=False) as handle:
        pickle.dump(built, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(handle.name, cached)  # whole or not at all, also with several processes starting together
    return built
