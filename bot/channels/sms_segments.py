"""SMS length: GSM-7 versus UCS-2 segments (bot/channels/sms_reply.py fits a turn into a budget)."""

from __future__ import annotations

from bot.language import folding

# GSM 03.38 basic character set, plus the extension table (each extension character costs two).
GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = set("^{}\\[~]|€\f")
ELLIPSIS = "..."
# Latin letters whose mark Unicode does not split off: SMS writers in Vietnam and Poland drop it too.
UNMARKED = {"đ": "d", "Đ": "D", "ł": "l", "Ł": "L"}


def is_gsm7(text: str) -> bool:
    return all(ch in GSM_BASIC or ch in GSM_EXTENSION for ch in text)


def septets(text: str) -> int:
    return sum(2 if ch in GSM_EXTENSION else 1 for ch in text)


def segments(text: str) -> int:
    """How many SMS segments a text takes (GSM-7: 160, or 153 each when split; UCS-2: 70, or 67)."""
    if not text:
        return 0
    if is_gsm7(text):
        length, single, multi = septets(text), 160, 153
    else:
        length, single, multi = len(text.encode("utf-16-le")) // 2, 70, 67
    return 1 if length <= single else -(-length // multi)


def to_gsm7_if_only_accents(text: str) -> str:
    """Drop accents ("ș" -> "s") when that alone makes a text GSM-7: a Latin-script answer then costs
    a third of the segments (Vietnamese and Polish too, the way people there text). Texts in other scripts (Arabic, Cyrillic, Devanagari) stay as they are."""
    if is_gsm7(text):
        return text
    folded = "".join(
        ch if ch in GSM_BASIC or ch in GSM_EXTENSION
        else UNMARKED.get(ch) or folding.without_marks(ch)
        for ch in text
    )
    return folded if is_gsm7(folded) else text
