"""`python -m bot ...`: the commands operators, NGOs and outreach teams run."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from bot import catalogs, directory, language, model, server


def cmd_run(args: argparse.Namespace) -> int:
    ports = server.Ports(args.port, args.action_port)
    env = server.environment(ports)
    catalogs.compile_all()
    directory.validate_file()
    trained = model.ensure(env)
    return server.run(ports, trained, env)


def cmd_train(args: argparse.Namespace) -> int:
    try:
        print(model.ensure(server.environment(server.Ports()), force=args.force))
    except subprocess.CalledProcessError:
        print("training failed: Rasa's message above says why", file=sys.stderr)
        return 1
    return 0


def cmd_i18n_check(args: argparse.Namespace) -> int:
    """Per language: entries missing (untranslated or absent) and fuzzy. Fails on any missing."""
    source = {m.id for m in catalogs.read(language.DEFAULT) if m.id}
    failed = False
    for code in language.CODES:
        catalog = catalogs.read(code)
        present = {m.id: m for m in catalog if m.id}
        missing = sorted(k for k in source if k not in present or not present[k].string)
        fuzzy = sorted(k for k, m in present.items() if m.fuzzy)
        print(f"{code}: {len(source) - len(missing)}/{len(source)} translated, {len(missing)} missing, {len(fuzzy)} fuzzy")
        for key in missing:
            print(f"  missing: {key}")
        for key in fuzzy:
            print(f"  fuzzy: {key}")
        failed = failed or bool(missing)
    return 1 if failed else 0


def cmd_directory_validate(args: argparse.Namespace) -> int:
    try:
        document = directory.validate_file(args.file)
    except directory.DirectoryError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{args.file}: {len(document['contacts'])} contacts, no problems")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="train if needed, then serve Rasa and the actions on 127.0.0.1")
    run.add_argument("--port", type=int, default=5005)
    run.add_argument("--action-port", type=int, default=5055)
    run.set_defaults(func=cmd_run)

    train = sub.add_parser("train", help="train the model if data/, domain.yml or config.yml changed")
    train.add_argument("--force", action="store_true", help="train even when a model for this data exists")
    train.set_defaults(func=cmd_train)

    i18n = sub.add_parser("i18n", help="translation catalogs").add_subparsers(dest="i18n_command", required=True)
    i18n.add_parser("check", help="report missing and fuzzy entries per language").set_defaults(func=cmd_i18n_check)

    directory_cmd = sub.add_parser("directory", help="the referral directory").add_subparsers(dest="directory_command", required=True)
    validate = directory_cmd.add_parser("validate", help="check referral_directory.yaml, naming line and field")
    validate.add_argument("file", nargs="?", type=Path, default=directory.DIRECTORY_FILE)
    validate.set_defaults(func=cmd_directory_validate)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)
