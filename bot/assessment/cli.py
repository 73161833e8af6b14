"""Facts commands: check that every figure has a source, a https URL and a review date not yet past."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from bot.assessment import facts, local_rules


def cmd_facts_check(args: argparse.Namespace) -> int:
    """Lists every problem; fails (exit 1) only on figures without a source, which must never reach a
    person. Past review dates and http URLs are listed to be fixed: the answers already warn."""
    found = local_rules.problems()
    today = dt.date.today()
    for name, group in facts.load().items():
        review = group.get("review_after")
        if not isinstance(review, dt.date):
            found["missing"].append(f"eu.yml {name}: no review_after date")
        elif review < today:
            found["stale"].append(f"eu.yml {name}: review date {review} has passed")
        if not str(group.get("url", "")).startswith("https://"):
            found["insecure"].append(f"eu.yml {name}: {group.get('url')} is not https")
    labels = {"missing": "error", "stale": "review", "insecure": "http"}
    for kind, lines in found.items():
        for line in lines:
            print(f"{labels[kind]}: {line}", file=sys.stderr if kind == "missing" else sys.stdout)
    countries = len(local_rules.countries())
    print(f"{countries} countries: {len(found['missing'])} without a source, {len(found['stale'])} past their "
          f"review date, {len(found['insecure'])} not https")
    return 1 if found["missing"] else 0
