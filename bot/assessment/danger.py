"""Danger now: when the emergency number goes out at once, and when the person is asked first.

A false "call 112" frightens people and teaches them to ignore the real one; a late one can cost a
life. So the emergency answer goes out at once only when two different readings agree that the
message is about danger now: the NLU's intent, and a second opinion, a small model of how close the
message's character n-grams are to the emergency examples against all others (built at start-up
from data/nlu, like bot/language/closeness.py). When they disagree, the person is asked ("Are you
in danger right now?") and a yes gets the emergency answer at once. The NLU alone called long
stories of debt or confinement "emergency" with full confidence; the second opinion does not share
its blind spots. Thresholds are tuned with bench/understanding.py.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.config import DATA
from bot.language import examples as training
from bot.language import variants
from bot.language.folding import fold

EMERGENCY = "emergency"
# The intent's confidence from which the emergency answer goes out without asking (0.75: with the
# past and joke words asking first, 0.80 left "locked in, bleeding a lot" at 0.76 waiting on held-out 3).
AT_ONCE = 0.75
# A message not understood whose ranking still holds the emergency intent this high is asked about.
SUSPECTED = 0.15
# The second opinion's probability from which it agrees that a message is about danger now.
AGREES = 0.5
WORDS = DATA / "danger.yml"  # acute harm, harm that is over, joking, "now": in the twelve languages


@lru_cache(maxsize=1)
def _words() -> dict[str, tuple[str, ...]]:
    """Each kind's words in every language, folded (the message's language is not known here)."""
    table = yaml.safe_load(WORDS.read_text(encoding="utf-8"))
    return {kind: tuple(dict.fromkeys(fold(str(w)) for words in by_language.values() for w in words))
            for kind, by_language in table.items()}


def says(text: str, kind: str) -> bool:
    """Whether the message holds one of the kind's words (data/danger.yml): a stem begins a word, a
    phrase is its words in order, a word of one or two letters only matches itself."""
    words = re.findall(r"(?:[\w']|[\u0900-\u097f\u064b-\u065f])+", fold(text))
    joined = f" {' '.join(words)} "
    for entry in _words()[kind]:
        parts = entry.split()
        if len(parts) > 1 or "'" in entry:
            if f" {' '.join(parts)}" in joined:
                return True
        elif any(word == entry or (len(entry) > 2 and word.startswith(entry)) for word in words):
            return True
    return False


@lru_cache(maxsize=1)
def _second_opinion() -> tuple[Any, Any]:
    return training.built_once("danger-second-opinion", _build, Path(__file__), Path(variants.__file__))


def _build() -> tuple[Any, Any]:
    import numpy
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts, labels = [], []
    for text, intent, code in training.examples():
        for variant in (text, *variants.variants(text, code)):
            texts.append(variant)
            labels.append(intent == EMERGENCY)
    vectoriser = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, dtype=numpy.float32)
    model = LogisticRegression(C=5, max_iter=3000, class_weight="balanced").fit(vectoriser.fit_transform(texts), labels)
    return vectoriser, model


def warm() -> None:
    """Build the second opinion now (the action server does this before it serves): about 3 s."""
    _second_opinion()


def second_opinion(text: str) -> float:
    """How likely the message is about danger now, by its closeness to the emergency examples."""
    if not text or text.startswith("/"):
        return 0.0
    vectoriser, model = _second_opinion()
    return float(model.predict_proba(vectoriser.transform([text]))[0][1])


def emergency_confidence(parse: dict[str, Any]) -> float:
    """The confidence the understanding gave the emergency intent for a message (0 when absent)."""
    intent = parse.get("intent") or {}
    if intent.get("name") == EMERGENCY:
        return float(intent.get("confidence") or 0.0)
    for ranked in parse.get("intent_ranking") or []:
        if ranked.get("name") == EMERGENCY:
            return float(ranked.get("confidence") or 0.0)
    return 0.0


def sure(parse: dict[str, Any]) -> bool:
    """The emergency answer at once, without asking first: the NLU reads danger now and a second
    reading agrees, the character model or words of harm to a body happening now ("not breathing",
    "blood", a gas leak); unless the harm is over or a joke ("yesterday", "lol") and nothing says
    "now". A button's payload, "/emergency", is the person's own choice."""
    text = parse.get("text") or ""
    if (parse.get("intent") or {}).get("name") != EMERGENCY or emergency_confidence(parse) < AT_ONCE:
        return False
    if text.startswith("/"):
        return True
    if (says(text, "past") or says(text, "joke")) and not says(text, "now"):
        return False
    if says(text, "fear") and not (says(text, "acute") or says(text, "now") or says(text, "kill")):
        return False  # afraid, but of what is coming: asked first (a yes gets the answer at once)
    return second_opinion(text) >= AGREES or says(text, "acute")


def suspected(parse: dict[str, Any]) -> bool:
    """Worth asking whether the person is in danger now: the NLU or the second reading leans that
    way, or the person says they are afraid."""
    text = parse.get("text") or ""
    return emergency_confidence(parse) >= SUSPECTED or second_opinion(text) >= AGREES or says(text, "fear")
