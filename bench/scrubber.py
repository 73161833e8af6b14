"""Scrubber precision and recall per language, on two tables.

    .venv/bin/python bench/scrubber.py

tests/data/scrub_cases.yml is the table the scrubber was developed against; tests/data/scrub_holdout.yml
was written separately, by someone who had not read the scrubber. Its first measurement is the
honest figure (precision 0.87, recall 0.82 on 2026-11-30); the scrubber's general rules were then
improved on its misses, and both tables are now regression tests. Add new, unseen cases to a third
table to measure again.

A true positive is an expected placeholder that appears; a false positive is a placeholder that was
not expected, or a look-alike (`keep`) that did not survive; a false negative is an expected
placeholder that is missing.
"""

from __future__ import annotations

import re
from collections import Counter

import yaml

from bot.config import ROOT
from bot.privacy.scrubber import scrub

PLACEHOLDER = re.compile(r"\[(NAME|PHONE|EMAIL|IBAN|CARD|DOCUMENT|DATE_OF_BIRTH|ADDRESS|URL|CASE_CODE)\]")


def score(case: dict) -> tuple[int, int, int]:
    scrubbed = scrub(case["text"])
    found, expected = Counter(PLACEHOLDER.findall(scrubbed)), Counter(case.get("expect") or [])
    true_positives = sum((found & expected).values())
    false_positives = sum((found - expected).values()) + sum(1 for k in case.get("keep") or [] if k not in scrubbed)
    return true_positives, false_positives, sum((expected - found).values())


def report(name: str) -> None:
    table = yaml.safe_load((ROOT / "tests" / "data" / name).read_text(encoding="utf-8"))
    print(f"\n{name}")
    totals = [0, 0, 0]
    print(f"{'language':<9}{'cases':>6}{'TP':>5}{'FP':>5}{'FN':>5}{'precision':>11}{'recall':>8}")
    for code, cases in table.items():
        tp, fp, fn = (sum(x) for x in zip(*(score(c) for c in cases)))
        totals = [a + b for a, b in zip(totals, (tp, fp, fn))]
        print(f"{code:<9}{len(cases):>6}{tp:>5}{fp:>5}{fn:>5}{tp / max(tp + fp, 1):>11.2f}{tp / max(tp + fn, 1):>8.2f}")
    tp, fp, fn = totals
    print(f"{'all':<9}{sum(len(c) for c in table.values()):>6}{tp:>5}{fp:>5}{fn:>5}{tp / max(tp + fp, 1):>11.2f}{tp / max(tp + fn, 1):>8.2f}")


def main() -> None:
    for name in ("scrub_cases.yml", "scrub_holdout.yml"):
        report(name)


if __name__ == "__main__":
    main()
