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
from pathlib import Path
from typing import Any

from bot.language import examples as training
from bot.language import variants


def examples() -> list[tuple[str, str]]:
    """(example, language) for every NLU example of every supported language."""
    return [(text, code) for text, _, code in training.examples()]


@lru_cache(maxsize=1)
def _model() -> tuple[Any, Any]:
    return training.built_once("language-closeness", _build, Path(__file__), Path(variants.__file__))


def _build() -> tuple[Any, Any]:
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
