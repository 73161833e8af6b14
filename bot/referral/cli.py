"""Directory commands: validate and load the referral directory."""

from __future__ import annotations

import argparse
import sys

from bot import config
from bot.referral import directory


def cmd_directory_validate(args: argparse.Namespace) -> int:
    args.file = args.file or config.directory_file()
    try:
        document = directory.validate_file(args.file)
    except directory.DirectoryError as error:
        print(error, file=sys.stderr)
        return 1
    if args.strict:
        refused = directory.strict_problems(document)
        for problem in refused:
            print(f"not ready: {problem}", file=sys.stderr)
        if refused:
            print(f"{args.file}: {len(refused)} problems to fix before people are sent to it "
                  "(docs/ngos/directory.md)", file=sys.stderr)
            return 1
        print(f"{args.file}: {len(document['contacts'])} contacts, all verified, no examples or placeholders")
        return 0
    for warning in directory.warnings(document, args.file) + directory.placeholders(document):
        print(f"warning: {warning}")
    print(f"{args.file}: {len(document['contacts'])} contacts, no problems")
    return 0


def cmd_directory_load(args: argparse.Namespace) -> int:
    args.file = args.file or config.directory_file()
    try:
        count = directory.load(args.file)
    except directory.DirectoryError as error:
        print(error, file=sys.stderr)
        print("nothing loaded: the directory in use is unchanged", file=sys.stderr)
        return 1
    print(f"loaded {count} contacts into var/directory.db")
    return 0
