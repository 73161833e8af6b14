"""The rules of the house, checked on the code itself (docs/ARCHITECTURE.md)."""

from __future__ import annotations

import argparse
import ast
import dataclasses
import subprocess
import sys
from pathlib import Path

from bot import cli, config, reference

PACKAGES = ("bot", "actions")


def modules() -> dict[str, Path]:
    """Every module of ours by dotted name."""
    found = {}
    for package in PACKAGES:
        for path in sorted((config.ROOT / package).rglob("*.py")):
            parts = path.relative_to(config.ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports_of(path: Path, known: dict[str, Path]) -> list[tuple[str, ast.stmt, bool]]:
    """(module imported, the statement, whether it is inside a function) for our own modules."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    inside = {id(node) for fn in ast.walk(tree) if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))
              for node in ast.walk(fn)}
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in known else node.module
                     for alias in node.names]
        for name in names:
            if name.split(".")[0] in PACKAGES and name in known:
                found.append((name, node, id(node) in inside))
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: {target for target, _, _ in imports_of(path, known) if target != name}
            for name, path in known.items()}


def test_no_import_circles():
    edges = graph()
    # Packages' __init__ modules hold no imports, so an edge to one is not a path through it.
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                cycles.append(path[path.index(target):] + [target] if target in path else [node, target])
            elif not state.get(target):
                visit(target, path + [target])
        state[node] = 2

    for node in sorted(edges):
        if not state.get(node):
            visit(node, [node])
    assert cycles == []


def test_our_modules_are_imported_at_the_top_unless_a_comment_says_why():
    known = modules()
    hidden = []
    for path in known.values():
        lines = path.read_text(encoding="utf-8").splitlines()
        for target, node, inside in imports_of(path, known):
            comment = "#" in lines[node.lineno - 1] or lines[node.lineno - 2].strip().startswith("#")
            if inside and not comment:
                hidden.append(f"{path.relative_to(config.ROOT)}:{node.lineno} imports {target}")
    assert hidden == []


def test_only_config_reads_the_environment():
    readers = []
    for name, path in modules().items():
        if name == "bot.config":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv") and \
                    isinstance(node.value, ast.Name) and node.value.id == "os":
                readers.append(f"{path.relative_to(config.ROOT)}:{node.lineno}")
    assert readers == []


def test_importing_any_module_does_nothing_but_define_things():
    """No log factory installed, no Rasa method replaced, no setting read, no plotting backend chosen."""
    names = sorted(n for n in modules() if not n.endswith("__main__"))
    script = "\n".join([
        "import logging, sys",
        "factory = logging.getLogRecordFactory()",
        "from rasa.core.actions.action import RemoteAction",
        "validate = RemoteAction._validate_action_result",
        *[f"import {name}" for name in names],
        "from bot import config",
        "assert logging.getLogRecordFactory() is factory, 'a log record factory was installed'",
        "assert RemoteAction._validate_action_result is validate, 'Rasa was patched'",
        "assert config.get.cache_info().currsize == 0, 'settings were read at import'",
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot (and its global backend) was loaded'",
        "print('clean')",
    ])
    done = subprocess.run([sys.executable, "-c", script], cwd=config.ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and done.stdout.strip().endswith("clean"), done.stderr[-2000:]


def test_every_module_lives_in_the_folder_of_its_capability():
    top_level = sorted(p.name for p in (config.ROOT / "bot").glob("*.py"))
    assert top_level == ["__init__.py", "__main__.py", "cli.py", "config.py", "reference.py", "vocabulary.py"]


def test_the_command_and_settings_references_are_what_the_code_generates():
    assert reference.stale(cli.parser()) == []


def test_the_reference_names_every_command_and_option():
    text = reference.CLI_FILE.read_text(encoding="utf-8")
    for path, sub in reference._commands(cli.parser()):
        if any(isinstance(a, argparse._SubParsersAction) for a in sub._actions):
            continue  # a group of commands
        assert f"python -m bot {' '.join(path)}" in text
        for action in sub._actions:
            for option in action.option_strings:
                assert option in text, (path, option)


def test_the_settings_table_names_every_variable():
    text = reference.CONFIG_FILE.read_text(encoding="utf-8")
    assert all(f"`{v.name}`" in text for v in config.VARIABLES)
    assert {f.name for f in dataclasses.fields(config.Settings)} == {v.field for v in config.VARIABLES}


def test_every_test_the_threat_model_names_exists():
    """docs/THREAT_MODEL.md names the test behind each promise: each of them must be a real test."""
    import re

    named = set(re.findall(r"`(test_[a-z0-9_]+)`", (config.ROOT / "docs" / "THREAT_MODEL.md").read_text(encoding="utf-8")))
    defined = set()
    for path in (config.ROOT / "tests").rglob("test_*.py"):
        defined |= set(re.findall(r"^(?:async )?def (test_[a-z0-9_]+)", path.read_text(encoding="utf-8"), re.MULTILINE))
    assert len(named) > 30 and named <= defined, sorted(named - defined)
