"""Intent accuracy and macro-F1 per language, and language identification on short messages.

    .venv/bin/python bench/nlu_accuracy.py [--epochs N]

Trains the NLU pipeline of config.yml on a fixed split of data/nlu (every fifth example of each
intent and language held out), parses the held-out examples with the trained model, and prints a
table. Language identification is measured on the held-out messages with the detector the
assistant uses, its short-message lookup built from the training part only.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import yaml

from bot.config import ROOT
from bot.language import closeness, detection, folding, languages

HOLD_OUT_EVERY = 5


def split() -> tuple[dict, list[tuple[str, str, str]]]:
    """({code: {intent: [train examples]}}, [(code, intent, held-out text)])."""
    train: dict[str, dict[str, list[str]]] = {}
    test = []
    for code in languages.CODES:
        path = ROOT / "data" / "nlu" / f"{code}.yml"
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            examples = [line.strip()[2:] for line in block["examples"].splitlines() if line.strip().startswith("- ")]
            for number, text in enumerate(examples):
                if number % HOLD_OUT_EVERY == HOLD_OUT_EVERY - 1:
                    test.append((code, block["intent"], text))
                else:
                    train.setdefault(code, {}).setdefault(block["intent"], []).append(text)
    return train, test


def write_training_data(train: dict, folder: Path) -> None:
    for code, intents in train.items():
        blocks = [{"intent": intent, "examples": "".join(f"- {t}\n" for t in texts)} for intent, texts in intents.items()]
        (folder / f"{code}.yml").write_text(yaml.safe_dump({"version": "3.1", "nlu": blocks}, allow_unicode=True))


def train_model(folder: Path, epochs: int | None) -> tuple[Path, float]:
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    if epochs:
        for component in config["pipeline"]:
            if component["name"] == "DIETClassifier":
                component["epochs"] = epochs
    (folder / "config.yml").write_text(yaml.safe_dump(config))
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", PYTHONPATH=str(ROOT), TF_CPP_MIN_LOG_LEVEL="3",
               RASA_CACHE_DIRECTORY=str(folder / "cache"))
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "rasa", "train", "nlu", "--nlu", str(folder / "nlu"), "--config",
                    str(folder / "config.yml"), "--out", str(folder), "--fixed-model-name", "bench"],
                   check=True, env=env, stdout=subprocess.DEVNULL)
    return folder / "bench.tar.gz", time.monotonic() - started


async def predict(model: Path, texts: list[str]) -> list[str]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return [(await agent.parse_message(text))["intent"]["name"] for text in texts]


def macro_f1(gold: list[str], predicted: list[str]) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(gold, predicted, labels=sorted(set(gold)), average="macro", zero_division=0))


def language_id(train: dict, test: list[tuple[str, str, str]]) -> dict[str, tuple[int, int, int]]:
    """Per language: (right, asked, wrong) on held-out messages of at most three words."""
    index: dict[str, set[str]] = defaultdict(set)
    for code, intents in train.items():
        for texts in intents.values():
            for text in texts:
                index[" ".join(folding.fold(text).split())].add(code)
    frozen = {k: frozenset(v) for k, v in index.items()}
    original, original_examples, original_model = detection._examples_by_language, closeness.examples, closeness._model
    # The lookup and the closeness model know the training part only (built here, never the cached one).
    detection._examples_by_language = lambda: frozen
    closeness.examples = lambda: [(text, code) for code, intents in train.items()  # type: ignore[assignment]
                                  for texts in intents.values() for text in texts]
    closeness._model = functools.cache(closeness._build)  # type: ignore[assignment]
    try:
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for code, _, text in test:
            if len(text.split()) > detection.SHORT or text.startswith("/"):
                continue
            found = detection.guess(text).code
            counts[code][0 if found == code else 1 if found is None else 2] += 1
        return {code: tuple(c) for code, c in counts.items()}
    finally:
        detection._examples_by_language, closeness.examples, closeness._model = (  # type: ignore[assignment]
            original, original_examples, original_model)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, help="override DIET's epochs (for a quick look)")
    args = parser.parse_args()
    train, test = split()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "nlu").mkdir()
        write_training_data(train, folder / "nlu")
        model, seconds = train_model(folder, args.epochs)
        predicted = asyncio.run(predict(model, [text for _, _, text in test]))
    ids = language_id(train, test)
    rows = []
    for code in languages.CODES:
        pairs = [(intent, p) for (c, intent, _), p in zip(test, predicted) if c == code]
        gold, guess = [g for g, _ in pairs], [p for _, p in pairs]
        right, asked, wrong = ids.get(code, (0, 0, 0))
        short = right + asked + wrong
        rows.append((code, len(pairs), sum(g == p for g, p in pairs) / len(pairs), macro_f1(gold, guess),
                     guess.count("nlu_fallback") / len(pairs),
                     short, right / max(short, 1), asked / max(short, 1), wrong / max(short, 1)))
    gold_all = [intent for _, intent, _ in test]
    all_ids = [sum(ids.get(c, (0, 0, 0))[i] for c in languages.CODES) for i in range(3)]
    print(f"trained on {sum(len(t) for i in train.values() for t in i.values())} examples in {seconds:.0f} s; "
          f"held out {len(test)} (every {HOLD_OUT_EVERY}th)")
    print(f"{'lang':<6}{'test':>6}{'intent acc':>12}{'macro-F1':>10}{'fallback':>10}"
          f"{'short':>7}{'lang-id ok':>12}{'asked':>7}{'wrong':>7}")
    for code, n, accuracy, f1, fallback, short, ok, asked, wrong in rows:
        print(f"{code:<6}{n:>6}{accuracy:>12.3f}{f1:>10.3f}{fallback:>10.3f}{short:>7}{ok:>12.3f}{asked:>7.3f}{wrong:>7.3f}")
    total_short = sum(all_ids)
    print(f"{'all':<6}{len(test):>6}{sum(g == p for g, p in zip(gold_all, predicted)) / len(test):>12.3f}"
          f"{macro_f1(gold_all, predicted):>10.3f}{predicted.count('nlu_fallback') / len(test):>10.3f}"
          f"{total_short:>7}{all_ids[0] / total_short:>12.3f}"
          f"{all_ids[1] / total_short:>7.3f}{all_ids[2] / total_short:>7.3f}")


if __name__ == "__main__":
    main()
