"""One SMS answer from a turn's messages, within the segment budget, keeping what matters.

A person who pays for every SMS must get the offer of help and its numbered choices above all: those
are never dropped. What gives way is the explanation, in this order: the short variant of a long
answer (catalog msgid "<response>_sms"), longest first; then the short wording of an offer; then the
last explanations are cut at a word or left out. When anything was shortened the answer ends with
"Reply MORE for details" (catalog `sms_more`), and MORE (`sms_more_word`, or the English word) sends
the turn's explanations in full, as far as the budget allows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.channels import numbered, sms_segments
from bot.language import catalogs, folding

MORE = "MORE"  # understood in every language, besides the catalog's own word
MIN_WORDS = 3  # an explanation cut shorter than this is left out rather than sent as a stub


@dataclass
class Part:
    full: str
    short: str | None
    lines: list[str]  # the numbered choices; an offer keeps them whatever happens
    form: str = "full"  # "full", "short", "cut" or "out"
    cut_text: str = ""

    @property
    def offer(self) -> bool:
        return bool(self.lines)

    def body(self) -> str:
        """The words of this part as it now stands, without its choices."""
        return {"full": self.full, "short": self.short or self.full, "cut": self.cut_text, "out": ""}[self.form]


def _parts(messages: list[dict], details: bool) -> list[Part]:
    return [Part(full=m.get("text") or "", short=None if details else m.get("short"), lines=lines)
            for m, lines in zip(messages, numbered.lines_per_message(messages))
            if (m.get("text") or lines)]


def _render(parts: list[Part], code: str, note: bool) -> str:
    texts, prompted = [], False
    for part in parts:
        lines = list(part.lines)
        if lines and not prompted:  # "Reply with a number:" once, before the first choices
            lines.insert(0, catalogs.text("reply_with_number", code))
            prompted = True
        text = "\n".join(filter(None, [part.body(), *lines]))
        if text:
            texts.append(text)
    if note:
        texts.append(catalogs.text("sms_more", code))
    return sms_segments.to_gsm7_if_only_accents("\n\n".join(texts))


def _fits(max_segments: int) -> Callable[[str], bool]:
    return lambda text: sms_segments.segments(text) <= max_segments


def _cut(part: Part, parts: list[Part], code: str, fits: Callable[[str], bool], note: bool) -> None:
    """Cut an explanation to the most whole words that fit, or leave it out."""
    words = (part.short or part.full).split(" ")
    low, high = 0, len(words)
    part.form = "cut"
    while low < high:
        middle = (low + high + 1) // 2
        part.cut_text = " ".join(words[:middle]).rstrip(" .,;:\n") + sms_segments.ELLIPSIS
        if fits(_render(parts, code, note)):
            low = middle
        else:
            high = middle - 1
    if low < MIN_WORDS:
        part.form = "out"
    else:
        part.cut_text = " ".join(words[:low]).rstrip(" .,;:\n") + sms_segments.ELLIPSIS


def compose(messages: list[dict], code: str, max_segments: int, details: bool = False) -> str:
    """The turn as one SMS of at most max_segments, every numbered choice kept.

    With details (the answer to MORE) the full wordings are used and no MORE note is added. The note
    itself gives way last: when even the choices alone leave no room for it (a menu of twelve
    languages in UCS-2), the choices win."""
    fits = _fits(max_segments)
    parts = _parts(messages, details)
    answer = _render(parts, code, False)
    if fits(answer):
        return answer
    for note in ((False,) if details else (True, False)):
        parts = _parts(messages, details)
        answer = _shortened(parts, code, fits, note)
        if fits(answer):
            break
    return answer


def _shortened(parts: list[Part], code: str, fits: Callable[[str], bool], note: bool) -> str:
    # Short variants: explanations first, the longest first, then the offers' own words.
    for offers in (False, True):
        for part in sorted((p for p in parts if p.offer == offers and p.short), key=lambda p: -len(p.full)):
            part.form = "short"
            if fits(_render(parts, code, note)):
                return _render(parts, code, note)
    # Then the explanations are cut or left out, the last first: the offer comes after what it answers.
    for part in reversed([p for p in parts if not p.offer]):
        _cut(part, parts, code, fits, note)
        if fits(_render(parts, code, note)):
            break
    return _render(parts, code, note)


def is_more(text: str, code: str) -> bool:
    """Whether the person asks for the details that were left out ("MORE", or the word in their language)."""
    wanted = folding.fold(text.strip().strip(".!?"))
    return bool(wanted) and wanted in {folding.fold(MORE), folding.fold(catalogs.text("sms_more_word", code))}
