"""The country and region someone names in a message, in any of our languages and scripts.

Country and region names count anywhere in a message; towns count when the message is little more
than the place (an answer to "where do you work?") or when they are large enough that a common word
is unlikely to be mistaken for them. Names with a case ending ("в Германии", "w Dublinie", "під
Вроцлавом") are found by their stem, also when the stem's last letters change as Slavic languages
change them ("Прага" -> "у Празі", "Grójec" -> "pod Grójcem", "Відень" -> "у Відні"). A town in
Arabic or Devanagari letters that GeoNames has no spelling for is found by its consonants
("ميلانو", "क्रेमोना" are Milano, Cremona).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache

from anyascii import anyascii
from babel import Locale

from bot.language import examples as training
from bot.language import languages
from bot.places import gazetteer
from bot.places.gazetteer import COUNTRY, REGION, TOWN, Place

LARGE_TOWN = 15_000  # people: a town this large is taken anywhere in a message
FEW_OTHER_WORDS = 3  # a message with at most this many words besides the place is about the place


@dataclass(frozen=True)
class Found:
    place: Place
    words: str  # the words of the message that named it (folded)
    exact: bool = True  # written as the name is, not found by a stem or a sound
    named: bool = False  # written with a capital inside the message, like a name


INFLECTED = 3  # letters an inflected ending may add or change: "германии", "berlinie", "holandii"
BIG_TOWN = 100_000  # towns whose inflected forms are looked up too ("в Берлине", "w Dublinie")
LOWER_STEM = 6  # letters the stem of a region or town must have in a word written without a capital:
# "на ферме" (on the farm) is not Fermo, "у празі" needs its capital; "в мюнхене", "w dublinie" do not
SMALL_TOWN = 5_000  # and of towns this large when written with a capital ("w Goleniowie")
# Slavic case endings (folded): what may follow a name's stem ("Майорка" is not Mayo with "рка").
ENDINGS = frozenset({"a", "e", "i", "u", "y", "ie", "ii", "iu", "em", "ej", "ow", "owi", "ach", "ami", "om",
                     "а", "я", "е", "и", "і", "у", "ю", "ы", "ом", "ем", "ой", "ей", "ою", "ах", "ях", "ами",
                     "ові", "еві", "ов", "ев", "ью", "ню", "лю", "ии", "ія", "ії"})  # "під Познанню"


VOWELS = "aeiouyаяеиоуыюіэєїьй"  # and the soft sign and й, which a case ending replaces too
# How the last consonant of a stem changes before a case ending: Polish "Polska" -> "w Polsce",
# "Praga" -> "w Pradze"; Russian and Ukrainian "Прага" -> "в Праге", "у Празі".
ALTERED = (("k", "c"), ("g", "dz"), ("ch", "sz"), ("r", "rz"), ("ł", "l"), ("к", "ц"), ("г", "з"), ("х", "с"))
FLEETING = re.compile(r"([^aeiouyаяеиоуыюіэє])[eеo]([^aeiouyаяеиоуыюіэєь])$")  # "grójec" -> "grójc", "відень" -> "відн"


def stems(name: str) -> set[str]:
    """What is left of a one-word name when a Slavic case ending is put on it."""
    base = name[:-1] if name[-1] in VOWELS else name
    found = {name, base}
    for before, after in ALTERED:
        if base.endswith(before):
            found.add(base[:-len(before)] + after)
    found.add(FLEETING.sub(r"\1\2", base))
    return {stem for stem in found if len(stem) >= 3}


@cache
def _inflectable(every_town: bool) -> dict[str, tuple[Place, ...]]:
    """The stems of one-word names of countries, regions and big towns (of towns of 5,000 people
    or more, for a word written with a capital like a name), for names written with a case ending."""
    found: dict[str, list[Place]] = {}
    for name, places in gazetteer.index().items():
        wanted = [p for p in places if p.kind != TOWN or p.population >= (SMALL_TOWN if every_town else BIG_TOWN)]
        if " " in name or len(name) < 4 or not wanted:
            continue
        for stem in stems(name):
            found.setdefault(stem, []).extend(wanted)
    return {name: tuple(dict.fromkeys(places)) for name, places in found.items()}


def inflected(word: str, capital: bool = False) -> tuple[Place, ...]:
    """A one-word name with a Slavic case ending: its longest stem that names a country, region or
    big town (of at least 4 letters); written with a capital like a name, also a smaller town's
    ("w Strykowie", "под Grójcem"; not "Gales"), and of 3 letters in Cyrillic ("в Риге")."""
    for every_town in (False, True) if capital else (False,):
        shortest = 3 if every_town and _cyrillic(word) else 4
        for cut in range(1, INFLECTED + 1):
            if len(word) - cut < shortest:
                break
            places = _inflectable(every_town).get(word[:-cut])
            if places and not capital and len(word) - cut < LOWER_STEM:
                places = tuple(p for p in places if p.kind == COUNTRY)
            if places and word[-cut:] in ENDINGS:
                return places
    return ()


@cache
def _inflectable_pairs() -> dict[str, tuple[Place, ...]]:
    """The stems of two-word names of countries and regions, word by word ("нижн саксон" for
    "нижняя саксония"), for "в Нижней Саксонии", "w Dolnej Saksonii", "w Irlandii Północnej"."""
    found: dict[str, list[Place]] = {}
    for name, places in gazetteer.index().items():
        wanted = [p for p in places if p.kind != TOWN]
        words = name.split(" ")
        if len(words) != 2 or min(map(len, words)) < 4 or not wanted:
            continue
        for first in stems(words[0]):
            for second in stems(words[1]):
                if len(first) >= 4 and len(second) >= 4:
                    found.setdefault(f"{first} {second}", []).extend(wanted)
    return {name: tuple(dict.fromkeys(places)) for name, places in found.items()}


def inflected_pair(first: str, second: str) -> tuple[Place, ...]:
    """Two words that are a two-word name with case endings on both."""
    for cut_first in range(1, INFLECTED + 1):
        for cut_second in range(1, INFLECTED + 1):
            places = _inflectable_pairs().get(f"{first[:-cut_first]} {second[:-cut_second]}")
            if places:
                return places
    return ()


def _consonants(latin: str) -> str:
    """A name's consonants, as Arabic writes them and as anyascii gives them back: "Milano" and
    "ميلانو" ("mylnw") are both "mln"; "Napoli" and "نابولي" are both "nbl"."""
    latin = re.sub(r"c(?=[eiy])", "s", latin.lower())
    latin = latin.translate(str.maketrans("pvcqjx", "bfkkgk"))
    kept = re.sub(r"[^a-z]|[aeiouywh]", "", latin)
    return re.sub(r"(.)\1+", r"\1", kept)


def _spoken(latin: str) -> str:
    """A name as Devanagari spells it out and anyascii gives it back, without the short a that
    Hindi leaves unwritten: "Sabaudia" and "सबाउदिया" ("sbaudiya") are both "sbudi"."""
    latin = re.sub(r"c(?=[eiy])", "s", latin.lower())
    latin = re.sub(r"[^a-z]|a", "", latin.replace("ph", "f").translate(str.maketrans("cqwy", "kkvi")))
    return re.sub(r"(.)\1+", r"\1", latin)


SOUNDED = 20_000  # people: a town found by its sound alone is at least this large
SPOKEN = 6  # letters a Devanagari word's sound must have: shorter ones sound like too many towns
SOUNDS = 4  # letters the sound of a word in a sentence must have (Arabic words have 3 root consonants)


@cache
def _by_sound() -> dict[tuple[str, str], Place]:
    """("arabic" or "devanagari", the sound of a Latin name of a town of 20,000 people or more) ->
    the largest town of that sound (or the region the name names first: Latina is Lazio's). Regions are left out ("مصنع", factory, sounds like Messina),
    and in a sentence a sound has at least 4 letters."""
    found: dict[tuple[str, str], Place] = {}
    for name, places in gazetteer.index().items():
        town = next((p for p in places if p.kind == TOWN and p.population >= SOUNDED), None)
        if town is None or not name.isascii() or " " in name:
            continue
        if places[0].kind == REGION:  # the town's province, named like it, as the name itself gives
            town = Place(REGION, places[0].country, places[0].region, town.population)
        for script, sound in (("arabic", _consonants(name)), ("devanagari", _spoken(name))):
            if len(sound) >= 3 and ((script, sound) not in found or found[(script, sound)].population < town.population):
                found[(script, sound)] = town
    return found


ARABIC_PREFIXES = ("ال", "ب", "ف", "و", "ل")  # "بميلانو": in Milan


def sounded(word: str, short_answer: bool) -> Place | None:
    """A town written in Arabic or Devanagari letters, by its sound."""
    if len(word) < 4:
        return None
    if any(0x0600 <= ord(ch) < 0x0700 for ch in word):
        spellings = [word[len(p):] for p in ARABIC_PREFIXES if word.startswith(p) and len(word) - len(p) >= 4]
        if not word.startswith("ال"):  # the article is never part of a town's name
            spellings.insert(0, word)
        sounds = [("arabic", _consonants(anyascii(spelling))) for spelling in spellings]
    elif any(0x0900 <= ord(ch) < 0x0980 for ch in word):
        sounds = [("devanagari", _spoken(anyascii(word)))]
        if len(sounds[0][1]) < SPOKEN:
            return None  # "पैसे" (money) sounds like Pisa, "बारिश" (rain) like Paris
    else:
        return None
    for script, sound in sounds:
        town = _by_sound().get((script, sound))
        if town is None or len(sound) < (3 if short_answer else SOUNDS):
            continue
        if script == "arabic" and town.population < BIG_TOWN and not short_answer:
            continue  # a sentence's words sound like too many things
        if script == "arabic" and len(sound) < SOUNDS:
            continue  # three consonants are a word's root: "مصنع" (factory) sounds like Messina
        return town
    return None


@cache
def _vietnamese() -> dict[str, str]:
    """Vietnamese country names as CLDR writes them ("Đức", "Áo", "Bỉ", "Ý", "Séc"), most of them
    short words that fold into other words ("y", "bi", "ao"): with their tone marks, they are names.
    A name without any mark ("Anh", also "you") counts only written with its capital."""
    found: dict[str, str] = {}
    for country in gazetteer.COUNTRIES:
        name = unicodedata.normalize("NFC", Locale.parse("vi").territories.get(country, ""))
        if gazetteer.key(name) != name.casefold():
            found[name.casefold()] = country
        if name.startswith(("Vương quốc", "Cộng hòa")):
            found[name.split()[-1]] = country
    return found


@cache
def language_names() -> frozenset[str]:
    """The names of our languages ("espanol", "polski", "romana"): a language asked for, not a place."""
    return frozenset(gazetteer.key(name) for lang in languages.SUPPORTED for name in (*lang.names, lang.autonym))


COMMON = 2  # times a word must occur in the training examples to count as an everyday word


@cache
def _word_counts() -> Counter[str]:
    """How often each word occurs in the training examples, leaving out words written with a capital
    inside a sentence: those are names ("trabajo en Madrid"), not the everyday words counted here."""
    counts: Counter[str] = Counter()
    for text, _, _ in training.examples():
        for n, token in enumerate(text.split()):  # not \w+: Devanagari's vowel signs are no \w
            initial = next((ch for ch in token if ch.isalpha()), "")
            if n == 0 or not initial.isupper() or token.isupper():
                counts.update(gazetteer.key(token).split())
    return counts


@cache
def common_words() -> frozenset[str]:
    """Words people use again and again when they write to the assistant (its training examples, in
    every language): a region named like one of them ("Marche") is not taken for a place. Place
    names occur in a few examples too, but rarely."""
    return frozenset(word for word, n in _word_counts().items() if n >= COMMON)


@cache
def written_words() -> frozenset[str]:
    """Every word of the training examples: a town named like one ("March", "Mold", "Palma") is only
    taken for a place when it is written like a name, with a capital."""
    return frozenset(_word_counts())


def _capitalised(text: str) -> set[str]:
    """The words written with a capital inside the message (not its first word): "in Bleiswijk"."""
    tokens = re.findall(r"\w+", text)
    return {gazetteer.key(token) for token in tokens[1:] if token[:1].isupper() and not token.isupper()}


def find(text: str) -> list[Found]:
    """The places a message names, most telling first (countries, then regions, then towns)."""
    words = gazetteer.key(text).split()
    named = _capitalised(text)
    first = re.match(r"\W*(\w)", text)
    answer_named = bool(first and first.group(1).isupper())  # "Madrid", "Almería": a name as the whole answer
    taken = [False] * len(words)
    found: list[Found] = _in_vietnamese(text)
    index, longest = gazetteer.index(), gazetteer.longest_name()
    for size in range(min(longest, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            if any(taken[start:start + size]):
                continue
            name = " ".join(words[start:start + size])
            capital = name.split(" ")[0] in named or (size == len(words) and answer_named)
            places = index.get(name) or (_unlisted(name, capital, len(words) - 1) if size == 1 else
                                         inflected_pair(*words[start:start + 2]) if size == 2 else None)
            chosen = _acceptable(places or (), name, len(words) - size, capital)
            if chosen:
                found.append(Found(chosen, name, name in index, capital))
                taken[start:start + size] = [True] * size
    # of two regions, the one written as its name is ("Islas Canarias": not "islas" as Malta's Isla);
    # of two towns, the one written like a name ("les serres près de Cavaillon": not Serres, Greece)
    return sorted(found, key=lambda f: (-gazetteer.PRIORITY[f.place.kind], not f.exact, not f.named))


def _unlisted(word: str, capital: bool, other_words: int) -> tuple[Place, ...]:
    """A word that is no name as written: a name with a case ending, or a town in Arabic or
    Devanagari letters that GeoNames has no such spelling of."""
    if len(word) >= (4 if capital else 5) and (word not in written_words() or capital):
        places = inflected(word, capital)
        if places:
            return places
    if word not in written_words():
        place = sounded(word, other_words <= FEW_OTHER_WORDS)
        if place:
            return (place,)
    return ()


def _in_vietnamese(text: str) -> list[Found]:
    """Vietnamese country names written with their tone marks ("ở Séc", "Bỉ"), or with a capital."""
    found = []
    tokens = re.findall(r"\w+", unicodedata.normalize("NFC", text))
    for n, token in enumerate(tokens):
        country = _vietnamese().get(token.casefold()) or (_vietnamese().get(token) if n else None)
        if country and not (n and tokens[n - 1].casefold() == "tiếng"):  # "tiếng Anh": English, the language
            found.append(Found(Place(COUNTRY, country, None), gazetteer.key(token)))
    return found


def _acceptable(places: tuple[Place, ...], name: str, other_words: int, capital: bool = False) -> Place | None:
    short = len(name) < 3 or (len(name) == 3 and not capital)  # "in Urk", "in Göd" are names
    if (short and other_words > 1 and name not in gazetteer.colloquial()) or name in language_names():
        return None  # "y", "sec", "ý": a place only when it is the whole answer; "espanol" is a language
    common = " " not in name and name in common_words() and not (capital and other_words == 0)
    for place in places:
        if place.kind == COUNTRY and (not common or len(name) >= 4 or name in gazetteer.colloquial()):
            return place
        if common:
            continue  # "marche", "claro", "care": words people write, before they are places
        if place.kind == REGION:
            return place  # a region named in the examples too ("la bucuresti") is still the region
        if " " not in name and name in written_words() and not capital and not (
                place.population >= BIG_TOWN and not _cased(name)):
            continue  # "march", "mold", "grado": words people write, unless written like a name
            # (Arabic and Devanagari have no capitals: there a big town's name is taken as one)
        short_answer = other_words <= FEW_OTHER_WORDS
        if short_answer and (len(name) >= 4 or " " in name):
            return place
        if place.population >= LARGE_TOWN or capital:
            return place  # a large town, or one written with a capital like a name
    return None


def _cyrillic(word: str) -> bool:
    return any(0x0400 <= ord(ch) < 0x0530 for ch in word)


def _cased(word: str) -> bool:
    """Whether the word's letters have capitals (Latin, Greek, Cyrillic), so a name can show as one."""
    return any(ch.upper() != ch.lower() for ch in word)


def where(text: str) -> Place | None:
    """The country (and region, when one is named or known for the town) of a message, if any."""
    found = find(text)
    if not found:
        return None
    country = found[0].place.country
    region = next((f.place.region for f in found if f.place.country == country and f.place.region), None)
    return Place(found[0].place.kind, country, region)


def prepare() -> None:
    """Make every table recognition uses (about two seconds), so that no person's message waits
    for it: for a server to call before it serves, after gazetteer.index()."""
    common_words()
    language_names()
    _vietnamese()
    _by_sound()
    for every_town in (False, True):
        _inflectable(every_town)
    _inflectable_pairs()
