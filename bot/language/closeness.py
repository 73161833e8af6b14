"""Which language's training examples a message is closest to, by character n-grams.

A statistical detector such as lingua knows each language as it is printed; people here write "mne ne
platyat", "mera malik paisa nahi deta" or "chu khong tra luong". The assistant's own NLU examples
(data/nlu/<code>.yml) hold those styles, so a small linear model over their character n-grams, also
fed each example without diacritics and, for Cyrillic and Devanagari, in Latin letters (anyascii),
recognises informal writing that the detector misses. It is built from the data when first needed
(about two seconds), never downloaded.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml

from bot.config import DATA
from bot.language import variants
from bot.language.languages import CODES


def examples() -> list[tuple[str, str]]:
    """(example, language) for every NLU example of every supported language."""
    found = []
    for code in CODES:
        path = DATA / "nlu" / f"{code}.yml"
        if not path.exists():
            continue
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            for line in (block.get("examples") or "").splitlines():
                example = line.strip().removeprefix("- ").strip()
                if example:
                    found.append((example, code))
    return found


@lru_cache(maxsize=1)
def _model() -> tuple[Any, Any]:
    import numpy
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    texts, labels = [], []
    for example, code in examples():
        for variant in (example, *variants.variants(example, code)):
            texts.append(variant)
            labels.append(code)
    vectoriser = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), sublinear_tf=True, lowercase=True,
                                 dtype=numpy.float32)
    model = LinearSVC(C=1.0, random_state=0).fit(vectoriser.fit_transform(texts), labels)
    return vectoriser, model


def warm() -> None:
    """Build the model now (the action server does this before it serves)."""
    _model()


def scores(text: str) -> dict[str, float]:
    """Each supported language's margin for the text: higher is closer; comparable between languages."""
    vectoriser, model = _model()
    values = model.decision_function(vectoriser.transform([text]))[0]
    return {str(code): float(value) for code, value in zip(model.classes_, values)}
