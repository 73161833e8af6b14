"""The NLU training examples (data/nlu/<language>.yml), as (text, intent, language), read once.

Models built from them at start-up (which language a message is closest to, whether it reads like
danger now) use the same examples the NLU is trained on, with the same variants."""

from __future__ import annotations

from functools import cache

import yaml

from bot.config import DATA
from bot.language.languages import CODES


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
