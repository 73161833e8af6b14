"""Secrets a local run keeps in var/ (pseudonym key, API token): made once, the same for every process."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable

from bot.config import var_path


def read_or_create(name: str, make: Callable[[], str]) -> str:
    """The secret in var/<name>, made by `make` if there is none.

    Written whole to a private (0600) temporary file first and then linked into place, which fails
    if the name exists: processes starting together on one var/ all end up with the first one's
    secret, and none reads a half-written file (two workers with different pseudonym keys would
    split one person into two conversations)."""
    path = var_path(name)
    if not path.exists():
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}.")  # mkstemp files are 0600
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(make())
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process made it first: everyone reads that one
        finally:
            os.unlink(tmp)
    return path.read_text().strip()
