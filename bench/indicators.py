"""Indicator detection and risk rating on the labelled scenarios, through the running assistant.

    .venv/bin/python bench/indicators.py

Starts the assistant on free loopback ports, plays each scenario of tests/data/indicator_scenarios.yml
through the web chat webhook as one conversation, reads the slots `indicators`, `risk_level` and
`minor` from Rasa's HTTP API, and prints per-indicator precision and recall and the risk_level
confusion table. The scenarios were written apart from the detection rules.
"""

from __future__ import annotations

import json
import urllib.request
from collections import Counter

import yaml

from bench import serving
from bot.assessment import indicators
from bot.config import ROOT

LEVELS = ("none", "rights_concern", "forced_labour_signs")
TOKEN = "bench-indicators"


def say(base: str, sender: str, text: str) -> str:
    """Sends a message; returns the id the conversation is kept under (the page token's pseudonym)."""
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(base + "/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"})
    replies = json.loads(urllib.request.urlopen(request, timeout=60).read())
    return next((r["recipient_id"] for r in replies if r.get("recipient_id")), sender)


def slots(base: str, sender: str) -> dict:
    with urllib.request.urlopen(f"{base}/conversations/{sender}/tracker?token={TOKEN}", timeout=60) as answer:
        return json.loads(answer.read())["slots"]


def main() -> None:
    scenarios = yaml.safe_load((ROOT / "tests" / "data" / "indicator_scenarios.yml").read_text(encoding="utf-8"))
    results = []
    with serving.assistant(TOKEN) as base:
        for scenario in scenarios:
            sender = f"bench-{scenario['id']}-conversation"
            conversation = sender
            for text in scenario["messages"]:
                conversation = say(base, sender, text)
            found = slots(base, conversation)
            results.append((scenario, set(found.get("indicators") or []), found.get("risk_level") or "none"))

    print(f"{len(results)} scenarios in {len({s['language'] for s, _, _ in results})} languages\n")
    print(f"{'indicator':<36}{'gold':>5}{'found':>6}{'TP':>5}{'precision':>10}{'recall':>8}")
    totals = Counter()
    for indicator in indicators.all_ids():
        gold = sum(indicator in s["indicators"] for s, _, _ in results)
        found = sum(indicator in f for _, f, _ in results)
        hits = sum(indicator in s["indicators"] and indicator in f for s, f, _ in results)
        totals.update(gold=gold, found=found, hits=hits)
        print(f"{indicator:<36}{gold:>5}{found:>6}{hits:>5}{hits / max(found, 1):>10.2f}{hits / max(gold, 1):>8.2f}")
    print(f"{'all (micro)':<36}{totals['gold']:>5}{totals['found']:>6}{totals['hits']:>5}"
          f"{totals['hits'] / max(totals['found'], 1):>10.2f}{totals['hits'] / max(totals['gold'], 1):>8.2f}")

    print("\nrisk_level: rows are the labels, columns what the assistant concluded")
    print(f"{'':<22}" + "".join(f"{level:>22}" for level in LEVELS))
    for gold in LEVELS:
        row = Counter(level for s, _, level in results if s["risk_level"] == gold)
        print(f"{gold:<22}" + "".join(f"{row[level]:>22}" for level in LEVELS))
    agreed = sum(s["risk_level"] == level for s, _, level in results)
    print(f"\nrisk_level agreement: {agreed}/{len(results)} = {agreed / len(results):.2f}")


if __name__ == "__main__":
    main()
