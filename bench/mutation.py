"""Mutation testing of the core: which small changes to the code no test notices.

    make mutation                    (or: .venv/bin/python -m bench.mutation)
    .venv/bin/python -m bench.mutation --report    (the table of the last run, without running)

mutmut (configured in pyproject.toml [tool.mutmut]) copies bot/ into mutants/, changes one thing at
a time in the modules it is told to mutate (the scrubber, pseudonyms, retention, case codes, the
Telegram and Twilio channels, the indicators and risk rule) and runs the unit tests that reach the
changed function. A mutant that no test fails on "survived"; one whose function no selected test
reaches has "no tests". Both are changes a person could feel and the suite would not: the table
counts both as surviving.

Not part of `make test`: a full run takes about 20 minutes on two cores. mutmut reuses earlier
results for functions that did not change, so a second run after adding tests is quicker.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
# mutmut's exit codes of a mutant's test run (mutmut/stats.py).
KILLED = {1, 3, 24, -24, 36, 152, 255, 37}  # failed, errored, timed out or rejected by types: noticed
SURVIVED = {0}
NO_TESTS = {5, 33}


def run(max_children: int) -> int:
    mutmut = Path(sys.executable).with_name("mutmut")
    return subprocess.run([str(mutmut), "run", "--max-children", str(max_children)], cwd=ROOT).returncode


def table() -> list[tuple[str, int, int, int, int]]:
    """(module, mutants, killed, survived, no tests) per mutated module, from mutmut's .meta files."""
    rows = []
    for meta in sorted(MUTANTS.rglob("*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        if not codes:
            continue
        module = str(meta.relative_to(MUTANTS)).removesuffix(".meta")
        counted = Counter("killed" if c in KILLED else "survived" if c in SURVIVED else
                          "no tests" if c in NO_TESTS else "other" for c in codes.values())
        rows.append((module, len(codes), counted["killed"], counted["survived"], counted["no tests"]))
    return rows


def surviving(module: str) -> list[str]:
    meta = MUTANTS / f"{module}.meta"
    codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    return sorted(name for name, code in codes.items() if code in SURVIVED | NO_TESTS)


def report(names: bool) -> None:
    rows = table()
    if not rows:
        print("no results: run `make mutation` first")
        return
    print(f"{'module':<36} {'mutants':>8} {'killed':>7} {'survived':>9} {'no tests':>9} {'surviving':>10}")
    for module, total, killed, survived, no_tests in rows:
        print(f"{module:<36} {total:>8} {killed:>7} {survived:>9} {no_tests:>9} {100 * (survived + no_tests) / total:>9.1f}%")
    if names:
        for module, *_ in rows:
            left = surviving(module)
            if left:
                print(f"\n{module}: {len(left)} surviving (`.venv/bin/mutmut show NAME` shows one)")
                print("  " + "\n  ".join(left))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", action="store_true", help="print the last run's table without running")
    parser.add_argument("--counts", action="store_true", help="the table only, without the surviving mutants' names")
    parser.add_argument("--max-children", type=int, default=2, help="mutants tested at once (default 2)")
    args = parser.parse_args()
    if not args.report:
        run(args.max_children)
    report(names=not args.counts)


if __name__ == "__main__":
    main()
