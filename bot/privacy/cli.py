"""Privacy commands: prune (retention)."""

from __future__ import annotations

import argparse
import sys

from bot import config
from bot.privacy import retention


def cmd_prune(args: argparse.Namespace) -> int:
    try:
        seconds = retention.parse_duration(args.older_than)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    print(f"{retention.prune_all(seconds, config.tracker_db())} (conversation events older than {args.older_than})")
    return 0
