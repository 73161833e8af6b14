"""Understanding, through the running assistant, on held-out messages nobody tuned to.

    .venv/bin/python -m bench.understanding [--sets tests/data/heldout] [--misses]

Plays each first message of tests/data/heldout/*_first_messages.yml as a new web chat conversation
and each situation of *_situations.yml as one conversation, then prints per language and overall:
- first answer in the writer's language (the reply's language by lingua, over our twelve);
- intent accuracy (the intent Rasa gave the message, from the tracker);
- emergency: the emergency answer ("Call 112 now...", by its first sentence) given to non-emergency
  messages, and real emergencies given it at once (as the first reply); other answers that name the
  number in passing ("if you are ever in danger, call 112") are no alarm; how often each was asked "are you in
  danger right now?" instead;
- situations judged right: every labelled sign found, no negated sign raised, the right risk level.
"""

from __future__ import annotations

import argparse
import json
import urllib.request
from collections import defaultdict
from pathlib import Path

import yaml

from bench import serving
from bot.assessment import facts
from bot.config import ROOT
from bot.language import catalogs, detection, languages
from bot.runtime import model

TOKEN = "bench-understanding"


def say(base: str, sender: str, text: str) -> list[dict]:
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(base + "/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as answer:
        return json.loads(answer.read())


def tracker(base: str, sender: str) -> dict:
    with urllib.request.urlopen(f"{base}/conversations/{sender}/tracker?token={TOKEN}", timeout=60) as answer:
        return json.loads(answer.read())


def conversation(replies: list[dict], sender: str) -> str:
    """The id the assistant keeps the conversation under: the web page's token is never stored, its
    keyed pseudonym is (bot/channels/intake.py), and the replies name it."""
    return next((r["recipient_id"] for r in replies if r.get("recipient_id")), sender)


def first_intent(state: dict) -> str:
    """The intent of the first message; a conversation erased at once was asked to be deleted."""
    return next((((e.get("parse_data") or {}).get("intent") or {}).get("name") or "")
                for e in state["events"] if e.get("event") == "user") if any(
        e.get("event") == "user" for e in state["events"]) else "delete_my_data"


def reply_language(replies: list[dict]) -> str | None:
    text = " ".join(r.get("text") or "" for r in replies)
    return detection.detect(text)[0] if text.strip() else None


def share(part: int, whole: int) -> str:
    """A percentage, or "-" when there is nothing to count (a set of situations only)."""
    return f"{part / whole:.1%}" if whole else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sets", type=Path, default=ROOT / "tests" / "data" / "heldout")
    parser.add_argument("--misses", action="store_true", help="list each message or situation judged wrong")
    args = parser.parse_args()
    messages = [m for p in sorted(args.sets.glob("*_first_messages.yml")) for m in yaml.safe_load(p.read_text("utf-8"))]
    situations = [s for p in sorted(args.sets.glob("*_situations.yml")) for s in yaml.safe_load(p.read_text("utf-8"))]
    emergency_number = str(facts.placeholders()["emergency_number"])
    model_file = model.model_path()
    print(f"model {model_file.name}: {model_file.stat().st_size / 1e6:.1f} MB" if model_file.exists()
          else "model: trained now")
    questions = {catalogs.text("utter_ask_danger", code) for code in languages.CODES}  # "are you in danger now?"
    # The emergency answer ("Call 112 now. ..."), by its first sentence in each language: other answers
    # may name the number in passing ("if you are ever in danger, call 112"), which is no alarm.
    alarms = {catalogs.fill(catalogs.text("utter_emergency", code), {"emergency_number": emergency_number}).split(". ")[0]
              for code in languages.CODES}
    rows = []
    judged = []
    with serving.assistant(TOKEN) as base:
        for index, message in enumerate(messages):
            sender = f"bench-first-{index:04d}"
            replies = say(base, sender, message["text"])
            rows.append((message, reply_language(replies), first_intent(tracker(base, conversation(replies, sender))),
                         any(alarm in (replies[0].get("text") or "") for alarm in alarms) if replies else False,
                         any(q in (r.get("text") or "") for r in replies for q in questions)))
        for index, situation in enumerate(situations):
            sender = f"bench-story-{index:04d}"
            for text in situation["messages"]:
                replies = say(base, sender, text)
            slots = tracker(base, conversation(replies, sender))["slots"]
            found = set(slots.get("indicators") or [])
            right = (set(situation["indicators"]) <= found and not (set(situation["negated"]) & found)
                     and (slots.get("risk_level") or "none") == situation["risk"])
            judged.append((situation, right, found, slots.get("risk_level")))

    by_lang: dict[str, list] = defaultdict(list)
    for row in rows:
        by_lang[row[0]["lang"]].append(row)
    print(f"{len(rows)} first messages, {len(judged)} situations\n")
    print(f"{'lang':6}{'msgs':>6}{'language':>10}{'intent':>8}{'false 112':>11}{'112 at once':>13}"
          f"{'asked calm':>12}{'asked danger':>14}{'situations':>12}{'risk':>7}{'no neg':>8}{'signs':>7}")
    # A set may hold situations only, or first messages only: each language that has either is a row.
    for lang in sorted(set(by_lang) | {j[0]["lang"] for j in judged}) + ["all"]:
        group = rows if lang == "all" else by_lang[lang]
        stories = judged if lang == "all" else [j for j in judged if j[0]["lang"] == lang]
        language = share(sum(r[1] == r[0]["lang"] for r in group), len(group))
        intent = share(sum(r[2] == r[0]["intent"] for r in group), len(group))
        calm = [r for r in group if not r[0]["emergency"]]
        danger = [r for r in group if r[0]["emergency"]]
        false_alarms = f"{sum(r[3] for r in calm)}/{len(calm)}"
        at_once = f"{sum(r[3] for r in danger)}/{len(danger)}"
        stories_right = f"{sum(j[1] for j in stories)}/{len(stories)}"
        # The three parts of "judged right", each on its own: the risk level, no negated sign raised,
        # every labelled sign found.
        risk_right = sum((j[3] or "none") == j[0]["risk"] for j in stories)
        no_negated = sum(not (set(j[0]["negated"]) & j[2]) for j in stories)
        all_signs = sum(set(j[0]["indicators"]) <= j[2] for j in stories)
        asked_calm = f"{sum(r[4] for r in calm)}/{len(calm)}"
        asked_in_danger = f"{sum(r[4] for r in danger)}/{len(danger)}"
        print(f"{lang:6}{len(group):>6}{language:>10}{intent:>8}{false_alarms:>11}{at_once:>13}"
              f"{asked_calm:>12}{asked_in_danger:>14}{stories_right:>12}{risk_right:>7}{no_negated:>8}{all_signs:>7}")
    if args.misses:
        for message, language, intent, alarm, _asked in rows:
            wrong = [what for what, bad in (("language " + str(language), language != message["lang"]),
                                            ("intent " + intent, intent != message["intent"]),
                                            ("false 112", alarm and not message["emergency"]),
                                            ("112 late", message["emergency"] and not alarm)) if bad]
            if wrong:
                print(f"  {message['lang']} {message['intent']}: {', '.join(wrong)}: {message['text']}")
        for situation, right, found, level in judged:
            if not right:
                print(f"  {situation['lang']} {situation['kind']}: want {situation['indicators']} not "
                      f"{situation['negated']} {situation['risk']}; got {sorted(found)} {level}")


if __name__ == "__main__":
    main()
