"""Things built once from data and kept in var/ until what they are built from changes."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from typing import TypeVar

from bot import config

T = TypeVar("T")


def kept(name: str, sources: bytes, build: Callable[[], T]) -> T:
    """`build()`'s result, pickled in var/ under `name` and a hash of `sources` (the data and code it
    is built from): every later process loads it instead of building it again."""
    cached = config.var_path(f"{name}-{hashlib.sha256(sources).hexdigest()[:16]}.pickle")
    if cached.exists():
        with cached.open("rb") as handle:
            return pickle.load(handle)  # noqa: S301  our own file, written below
    built = build()
    with tempfile.NamedTemporaryFile(dir=cached.parent, delete=False) as handle:
        pickle.dump(built, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(handle.name, cached)  # whole or not at all, also with several processes starting together
    return built
