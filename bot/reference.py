"""The generated references: the command reference (docs/developers/cli.md) from the argparse
parser, and the settings table (docs/operators/configuration.md) from bot.config.VARIABLES.

`python -m bot docs write` writes both; `python -m bot docs check` (run by `make lint`) fails when a
command, an option or a setting is missing from them, as sqlite-utils' docs test does.
"""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path

from bot import cli, config

CLI_FILE = config.ROOT / "docs" / "developers" / "cli.md"
CONFIG_FILE = config.ROOT / "docs" / "operators" / "configuration.md"


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every command with its parser, depth first: ("run",), ("cases", "reply"), ..."""
    found = []
    for action in parser._actions:  # argparse keeps subcommands only here
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.append(((*path, name), sub))
                found += _commands(sub, (*path, name))
    return found


def _help(parser: argparse.ArgumentParser) -> str:
    """A command's --help at a fixed width, so the reference does not depend on the terminal."""
    parser.formatter_class = functools.partial(argparse.HelpFormatter, width=100)  # type: ignore[assignment]
    return parser.format_help().rstrip()


def cli_reference(parser: argparse.ArgumentParser) -> str:
    lines = ["# Command reference", "",
             "<!-- generated from the argparse parser: `python -m bot docs write`; do not edit by hand -->", "",
             "Every command is `python -m bot COMMAND` (`.venv/bin/python -m bot ...` from the checkout).", ""]
    for path, sub in _commands(parser):
        if any(isinstance(a, argparse._SubParsersAction) for a in sub._actions):
            continue  # a group such as `cases`: its commands follow
        lines += [f"## `python -m bot {' '.join(path)}`", "", "```", _help(sub), "```", ""]
    return "\n".join(lines)


def config_reference() -> str:
    return "\n".join(["# Configuration", "",
                      "<!-- generated from bot/config.py: `python -m bot docs write`; do not edit by hand -->", "",
                      "Every setting is an environment variable, read once when a process starts "
                      "(`bot/config.py`). Unset means the default of the embedded default (one machine, SQLite, "
                      "local web chat).", "", config.table()])


def expected(parser: argparse.ArgumentParser) -> dict[Path, str]:
    return {CLI_FILE: cli_reference(parser), CONFIG_FILE: config_reference()}


def stale(parser: argparse.ArgumentParser) -> list[Path]:
    """The reference files that differ from what the code generates."""
    return [path for path, text in expected(parser).items()
            if not path.exists() or path.read_text(encoding="utf-8") != text]


def write(parser: argparse.ArgumentParser) -> list[Path]:
    written = []
    for path, text in expected(parser).items():
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def cmd_docs_write(args: argparse.Namespace) -> int:
    for path in write(cli.parser()):
        print(path.relative_to(config.ROOT))
    return 0


def cmd_docs_check(args: argparse.Namespace) -> int:
    behind = stale(cli.parser())
    for path in behind:
        print(f"{path.relative_to(config.ROOT)} is not what the code generates: run `make docs`", file=sys.stderr)
    return 1 if behind else 0
