"""Secrets a local run makes once (pseudonym key, API token), kept outside var/: a copy or backup of
var/ (the conversations) must never hold the key that turns phone numbers into its pseudonyms."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from bot import config


def path_of(name: str) -> Path:
    """Where the secret `name` lives: BOT_SECRETS_DIR (default ~/.config/outreach-assistant), 0700."""
    folder = config.secrets_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder / name


def read_or_create(name: str, make: Callable[[], str]) -> str:
    """The secret in BOT_SECRETS_DIR/<name>, made by `make` if there is none.

    A secret an older version kept in var/ is moved out first (its pseudonyms stay the same).
    Written whole to a private (0600) temporary file first and then linked into place, which fails
    if the name exists: processes starting together all end up with the first one's secret, and
    none reads a half-written file (two workers with different pseudonym keys would split one
    person into two conversations)."""
    path = path_of(name)
    legacy = config.var_dir() / name
    if legacy.exists() and not path.exists():
        _place(path, legacy.read_text().strip())
        legacy.unlink()
    if not path.exists():
        _place(path, make())
    return path.read_text().strip()


def _place(path: Path, secret: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mkstemp files are 0600
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(secret)
        os.link(tmp, path)
    except FileExistsError:
        pass  # another process made it first: everyone reads that one
    finally:
        os.unlink(tmp)
