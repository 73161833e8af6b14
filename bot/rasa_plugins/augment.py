"""Rasa training data importer (config.yml `importers:`) that adds, to every NLU example, the other
ways people write it: without diacritics, in Latin letters for Cyrillic and Devanagari, with a typo
(bot/language/variants.py). Generated at training time, so data/nlu stays what people wrote."""

from __future__ import annotations

from pathlib import Path

from rasa.shared.importers.rasa import RasaFileImporter
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data import loading
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.language import variants
from bot.language.languages import CODES


def augmented(examples: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """(text, intent) variants of (text, intent, language) examples, each new text once, never one
    that some example already has (under any intent)."""
    seen = {text.casefold() for text, _, _ in examples}
    added = []
    for text, intent, code in examples:
        for variant in variants.variants(text, code):
            if variant.casefold() not in seen:
                seen.add(variant.casefold())
                added.append((variant, intent))
    return added


class AugmentingImporter(RasaFileImporter):
    """The project's files, as Rasa reads them, plus the variants of each NLU example."""

    def get_nlu_data(self, language: str | None = "en") -> TrainingData:
        parts, examples = [], []
        for path in self._nlu_files:
            data = loading.load_data(path, language)
            parts.append(data)
            code = Path(path).stem  # data/nlu/<language>.yml
            if code in CODES:
                examples += [(m.get(TEXT), m.get(INTENT), code) for m in data.intent_examples]
        extra = TrainingData([Message.build(text=text, intent=intent) for text, intent in augmented(examples)])
        return TrainingData().merge(*parts, extra)
