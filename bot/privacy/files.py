"""Files that hold conversations, cases or statistics are the operator's alone: created 0600."""

from __future__ import annotations

import os
from pathlib import Path


def private_file(path: str | os.PathLike) -> None:
    """Create the file empty and 0600 if it does not exist yet (SQLite then opens it as it is); an
    existing file is narrowed to 0600. ":memory:" and URLs are left alone."""
    text = str(path)
    if text == ":memory:" or "://" in text or text.startswith("file:"):
        return
    target = Path(text)
    if not target.parent.exists():
        return
    try:
        fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
    except FileExistsError:
        if target.stat().st_mode & 0o077:
            os.chmod(target, 0o600)
