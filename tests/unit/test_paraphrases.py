"""The paraphrased test stories stay paraphrases: none of their sentences may be a training example."""

import yaml

from bot.config import DATA, ROOT
from bot.language.folding import fold

PARAPHRASES = ROOT / "tests" / "stories" / "test_paraphrases.yml"


def folded(text: str) -> str:
    return " ".join(fold(text).split())


def training_examples() -> set[str]:
    examples = set()
    for path in sorted((DATA / "nlu").glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            examples |= {folded(line.strip().removeprefix("- ")) for line in (block.get("examples") or "").splitlines()}
    return examples


def test_paraphrased_stories_say_nothing_the_model_was_trained_on():
    stories = yaml.safe_load(PARAPHRASES.read_text(encoding="utf-8"))["stories"]
    said = [step["user"].strip() for story in stories for step in story["steps"] if "user" in step]
    assert len(said) >= 36  # three turns in each of the twelve languages
    assert not [text for text in said if folded(text) in training_examples()]


def test_every_language_has_its_paraphrases():
    stories = yaml.safe_load(PARAPHRASES.read_text(encoding="utf-8"))["stories"]
    languages = {story["story"].rsplit("(", 1)[1].rstrip(")") for story in stories}
    assert languages == {"ar", "bg", "en", "es", "fr", "hi", "pl", "pt", "ro", "ru", "uk", "vi"}
