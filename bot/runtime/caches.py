"""What the servers load from var/ (the places index, the name lists, the language and danger
models), built in a process of its own before the servers start.

Built inside a server, the scaffolding of building stays in that server's memory for good (CPython
keeps freed memory for reuse), and on a fresh var/ both servers built the same tables at once. On
this 2-core machine, both servers started on an empty var/ held 500 + 1374 MiB and were ready in
100 s; started on a var/ built beforehand, 330 + 1208 MiB and ready in 58 s (2026-12-08, loaded
machine). A marker named for the code and data they are built from lets later starts skip this.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from bot import config

# What the cached things are built from: our code and data, and the pinned packages whose data
# (gazetteers, ISO names) goes into them.
SOURCES = ("bot", "data", "constraints.txt")


def fingerprint(root: Path = config.ROOT) -> str:
    digest = hashlib.sha256()
    for source in SOURCES:
        path = root / source
        files = sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts) if path.is_dir() else [path]
        for file in files:
            digest.update(str(file.relative_to(root)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def marker() -> Path:
    return config.var_path(f"caches-{fingerprint()}.ready")


def ensure(env: dict[str, str]) -> None:
    """Build the caches in a child process unless this code and data already did (`env` names var/).
    The action server's own start is the list of what to build (it builds a superset of what Rasa's
    log scrubbing needs): `python -m bot.runtime.action_server --prepare-only`."""
    subprocess.run([sys.executable, "-m", "bot.runtime.action_server", "--prepare-only"], cwd=config.ROOT, env=env,
                   check=True)
