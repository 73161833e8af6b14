"""Settings read from the environment, with the defaults an embedded single-machine run uses."""

import os


def retention_days() -> int:
    """How long conversation events are kept before `python -m bot prune` deletes them."""
    return int(os.environ.get("BOT_RETENTION_DAYS", "30"))
