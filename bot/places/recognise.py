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
from difflib import SequenceMatcher
from functools import cache, lru_cache
from itertools import product
from pathlib import Path

from anyascii import anyascii
from babel import Locale

from bot.language import examples as training
from bot.language import languages
from bot.places import gazetteer
from bot.places.gazetteer import COUNTRY, REGION, TOWN, Place
from bot.runtime import var_cache

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
ENDINGS = frozenset({"a", "e", "i", "u", "y", "ie", "ii", "iu", "em", "iem", "ej", "ow", "owi", "ach", "ami", "om",
                     "а", "я", "е", "и", "і", "у", "ю", "ы", "ом", "ем", "ой", "ей", "ою", "ах", "ях", "ами",
                     "ові", "еві", "ов", "ев", "ью", "ню", "лю", "ии", "ія", "ії",  # "під Познанню"
                     "ym", "im", "ych", "ых", "их", "ым", "им"})  # "w Nowym Sączu", "в Карловых Варах"
# The words of a message are compared folded (gazetteer.key): "й" is "и" by then, so "под Варшавой" ends
# in "ои" and "в Одессе" does not change; the endings are folded the same way.
ENDINGS = ENDINGS | {gazetteer.key(ending) for ending in ENDINGS}


VOWELS = "aeiouyаяеиоуыюіэєїьй"  # and the soft sign and й, which a case ending replaces too
# How the last consonant of a stem changes before a case ending: Polish "Polska" -> "w Polsce",
# "Praga" -> "w Pradze"; Russian and Ukrainian "Прага" -> "в Праге", "у Празі".
ALTERED = (("k", "c"), ("g", "dz"), ("ch", "sz"), ("r", "rz"), ("ł", "l"), ("к", "ц"), ("г", "з"), ("х", "с"))
UKRAINIAN_CLOSED = re.compile(r"і([^aeiouyаяеиоуыюіэєїьй])$")
FLEETING = re.compile(r"([^aeiouyаяеиоуыюіэє])[eеo]([^aeiouyаяеиоуыюіэєь])$")  # "grójec" -> "grójc", "відень" -> "відн"


def stems(name: str) -> set[str]:
    """What is left of a one-word name when a Slavic case ending is put on it."""
    base = name[:-1] if name[-1] in VOWELS else name
    found = {name, base}
    for before, after in ALTERED:
        if base.endswith(before):
            found.add(base[:-len(before)] + after)
    found.add(FLEETING.sub(r"\1\2", base))
    # Ukrainian і of a closed last syllable is о or е again once an ending opens it: "Львів" ->
    # "у Львові", "Ряшів" -> "в Ряшеві", "Харків" -> "з Харкова"
    if UKRAINIAN_CLOSED.search(base):
        found.update(UKRAINIAN_CLOSED.sub(vowel + r"\1", base) for vowel in "ое")
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
    """The stems of two-word names of countries, regions and towns of 15,000 people or more, word by
    word ("нижн саксон" for "нижняя саксония"), for "в Нижней Саксонии", "w Dolnej Saksonii", "w
    Irlandii Północnej", "в Карловых Варах", "w Nowym Sączu" (stems of three letters beside a longer one)."""
    found: dict[str, list[Place]] = {}
    for name, places in gazetteer.index().items():
        wanted = [p for p in places if p.kind != TOWN or p.population >= LARGE_TOWN]
        words = name.split(" ")
        if len(words) != 2 or min(map(len, words)) < 4 or not wanted:
            continue
        for first in stems(words[0]):
            for second in stems(words[1]):
                if len(first) + len(second) >= 7 and min(len(first), len(second)) >= 3:
                    found.setdefault(f"{first} {second}", []).extend(wanted)
    return {name: tuple(dict.fromkeys(places)) for name, places in found.items()}


def inflected_pair(first: str, second: str) -> tuple[Place, ...]:
    """Two words that are a two-word name with case endings on both (for a town, endings that are
    Slavic case endings: "peut être" is no town's name)."""
    for cut_first in range(INFLECTED + 1):  # the first word as it is too: "в Баден-Вюртемберге"
        for cut_second in range(1, INFLECTED + 1):
            places = _inflectable_pairs().get(f"{first[:len(first) - cut_first]} {second[:-cut_second]}")
            if places and not ((cut_first == 0 or first[-cut_first:] in ENDINGS) and second[-cut_second:] in ENDINGS):
                places = tuple(p for p in places if p.kind != TOWN)
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


def _sounds_alike(latin: str) -> str:
    """A name's consonants as several scripts write them: _consonants with s and z as one sound, for
    Arabic ("راغوزا" is Ragusa) and for names in Cyrillic or Devanagari letters compared with their
    Latin names ("Вехта" -> "vekhta" and "Vechta" are both "fkt"; "Каталуния", "Catalunya": "ktln")."""
    return re.sub(r"(.)\1+", r"\1", _consonants(latin).replace("z", "s"))


def _spoken(latin: str) -> str:
    """A name as Devanagari spells it out and anyascii gives it back, without the short a that
    Hindi leaves unwritten: "Sabaudia" and "सबाउदिया" ("sbaudiya") are both "sbudi"."""
    latin = re.sub(r"c(?=[eiy])", "s", latin.lower())
    latin = re.sub(r"[^a-z]|a", "", latin.replace("ph", "f").translate(str.maketrans("cqwy", "kkvi")))
    return re.sub(r"(.)\1+", r"\1", latin)


SOUNDED = 20_000  # people: a town found by its sound alone is at least this large
LONG_VOWELS = frozenset("اويىآأإ")  # Arabic writes a foreign name's vowels as long ones: "مورسيا", "بافاريا"
TRANSCRIBED = 2  # long vowels that make a word of three consonants a transcribed name, not an Arabic root
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


LARGE_REGION = 1_000_000  # people in its towns: a region found by three consonants alone is this large


@cache
def _people() -> dict[str | None, int]:
    """The people of each region, counted from its towns (each town once): how large a region is."""
    towns = {place for places in gazetteer.index().values() for place in places if place.kind == TOWN}
    found: Counter[str | None] = Counter()
    for town in towns:
        found[town.region] += town.population
    return dict(found)


@cache
def _regions_by_sound() -> dict[str, tuple[Place, int]]:
    """The sound (_sounds_alike) of each one-word Latin name of a region, and of a town of 20,000
    people or more -> the place of that sound with the most people, and how many: for names written
    in Cyrillic, Arabic or Devanagari letters that no package spells ("Саксония", "لومبارديا",
    "एम्स्टर्डम"). "Murcia" and Mureș sound alike: Murcia, with more people, is taken."""
    found: dict[str, tuple[Place, int]] = {}
    people = _people()
    for name, places in gazetteer.index().items():
        if not name.isascii() or " " not in name and len(name) < 4 or " " in name:
            continue
        for place in places:
            if place.kind == TOWN and place.population < SOUNDED or place.kind == COUNTRY:
                continue
            size = people.get(place.region, 0) if place.kind == REGION else place.population
            sound = _sounds_alike(name)
            if len(sound) >= 3 and (sound not in found or found[sound][1] < size):
                found[sound] = (place, size)
    return found


def _alike(word: str, latin: str, short_answer: bool, fewest: int) -> Place | None:
    """A place by the sound of a word in another script, when its sound has at least `fewest`
    consonants (one fewer as the whole answer, for a region or town of many people); in a sentence,
    only a region or a big town."""
    sound = _sounds_alike(latin)
    if len(sound) < fewest - short_answer:
        return None
    place, size = _regions_by_sound().get(sound, (None, 0))
    if place is None or (len(sound) < fewest and size < (LARGE_REGION if place.kind == REGION else BIG_TOWN)):
        return None
    if short_answer or place.kind == REGION or place.population >= BIG_TOWN:
        return place
    return None


ARABIC_PREFIXES = ("ال", "ب", "ف", "و", "ل")  # "بميلانو": in Milan
# The one-letter words Arabic writes joined to the next one (and, so, in, to, like), one or two of
# them, before a name or before its article: "فالأندلس", "وبألمانيا", "للنمسا" (ل + النمسا).
PROCLITICS = ("وب", "وف", "ول", "فب", "فل", "وك", "و", "ف", "ب", "ل", "ك")


def without_proclitics(word: str) -> list[str]:
    """An Arabic word without the letters joined before a name: "فالأندلس" -> "الأندلس", "أندلس"."""
    found = []
    for prefix in PROCLITICS:
        if not word.startswith(prefix) or len(word) - len(prefix) < 3:
            continue
        rest = word[len(prefix):]
        if prefix.endswith("ل") and rest.startswith("ل"):
            rest = "ا" + rest  # "للنمسا": the article's alif is not written after l-
        found.append(rest)
        if rest.startswith("ال") and len(rest) >= 5:
            found.append(rest[2:])
    return found


def sounded(word: str, short_answer: bool, capital: bool = False) -> Place | None:
    """A town written in Arabic or Devanagari letters, by its sound; failing that, a region or big
    town by its consonants, also in Cyrillic letters written like a name ("Вехта", "Каталуния")."""
    if len(word) < 4:
        return None
    if _cyrillic(word):
        # as many consonants as a sentence's name needs, also as the whole answer: Cyrillic writes
        # every vowel, and three consonants sound like too many towns ("Вехта")
        return _alike(word, anyascii(word), False, SOUNDS) if capital or short_answer else None
    if any(0x0600 <= ord(ch) < 0x0700 for ch in word):
        spellings = [word[len(p):] for p in ARABIC_PREFIXES if word.startswith(p) and len(word) - len(p) >= 4]
        if not word.startswith("ال"):  # the article is never part of a town's name
            spellings.insert(0, word)
        sounds = [("arabic", _consonants(anyascii(spelling))) for spelling in spellings]
        town = _sounded(sounds, short_answer)
        for spelling in spellings:
            # a region, or a name of three consonants written with the long vowels of a foreign name
            transcribed = sum(ch in LONG_VOWELS for ch in spelling) >= TRANSCRIBED
            place = _alike(spelling, anyascii(spelling), short_answer, SOUNDS + (not transcribed))
            if place and (town is None or place.kind == REGION and town.population < BIG_TOWN
                          and _people().get(place.region, 0) >= LARGE_REGION):
                return place  # "كتالونيا": Catalonia, not a town of 30,000 of the same consonants
        return town
    if any(0x0900 <= ord(ch) < 0x0980 for ch in word):
        spoken = _spoken(anyascii(word))
        if len(spoken) < SPOKEN:
            # "पैसे" (money) sounds like Pisa, "बारिश" (rain) like Paris: a shorter sound names only a
            # city, as the whole answer (of 100,000 people) or in a sentence (of 300,000: "ज़ाग्रेब")
            town = _by_sound().get(("devanagari", spoken))
            large = gazetteer.CITY if not short_answer or len(spoken) < SPOKEN - 1 else BIG_TOWN
            fewest = SPOKEN - 2 if short_answer else SPOKEN - 1
            if town and len(spoken) >= fewest and town.population >= large:
                return town
            # as the whole answer, a sound of five letters that is exactly a region's or a town's of
            # 5,000 people ("अल्गार्वे": Algarve, "सबाउदिया": Sabaudia)
            return _spoken_places().get(spoken) if short_answer and len(spoken) >= SPOKEN - 1 else None
        # Devanagari writes vowels a Latin name has not ("एम्स्टर्डम", "emstrdm"): by consonants too
        return _sounded([("devanagari", spoken)], short_answer) or _alike(word, anyascii(word), short_answer, SOUNDS + 1)
    return None


@cache
def _article_names() -> dict[str, tuple[Place, int]]:
    """The sound (_sounds_alike) of each one-word Latin name that begins as the Arabic article does
    ("Almería", "Alicante", "Algarve"), of a region or of a town of 20,000 people or more -> the place
    of that sound with the most people, and how many."""
    found: dict[str, tuple[Place, int]] = {}
    people = _people()
    for name, places in gazetteer.index().items():
        if not name.isascii() or " " in name or not name.startswith(("al", "el")) or len(name) < 5:
            continue
        for place in places:
            if place.kind == COUNTRY or place.kind == TOWN and place.population < SOUNDED:
                continue
            size = people.get(place.region, 0) if place.kind == REGION else place.population
            sound = _sounds_alike(name)
            if len(sound) >= 3 and found.get(sound, (None, -1))[1] < size:
                found[sound] = (place, size)
    return found


def _with_article(word: str, short_answer: bool) -> Place | None:
    """A name whose first letters Arabic writes as its article ("الميريا", Almería), by its sound with
    them, written with the long vowels of a foreign name: in a sentence only a region or a big town
    of four consonants (the article otherwise starts every other noun: "بالهولندية", in Dutch, sounds
    like Åland)."""
    if not word.startswith("ال") or sum(ch in LONG_VOWELS for ch in word[2:]) < TRANSCRIBED:
        return None
    sound = _sounds_alike(anyascii(word))
    place, size = _article_names().get(sound, (None, 0))
    if place and (short_answer or len(sound) >= SOUNDS and (place.kind == REGION or size >= BIG_TOWN)):
        return place
    return None


@cache
def _spoken_places() -> dict[str, Place]:
    """The sound (_spoken) of each one-word Latin name of a region or of a town of 5,000 people or more
    -> the place of that sound with the most people (a region counted by the people of its towns);
    not a name of places in two countries."""
    found: dict[str, tuple[Place, int]] = {}
    people = _people()
    for name, places in gazetteer.index().items():
        if not name.isascii() or " " in name or len(name) < 4:
            continue
        wanted = [p for p in places if p.kind == REGION or p.kind == TOWN and p.population >= SMALL_TOWN]
        if len({p.country for p in wanted}) > 1:
            continue  # "Sabaudia": a town in Italy, and Savoie in Polish; by its sound alone, neither
        for place in wanted:
            size = people.get(place.region, 0) if place.kind == REGION else place.population
            sound = _spoken(name)
            if len(sound) >= SPOKEN - 1 and found.get(sound, (None, -1))[1] < size:
                found[sound] = (place, size)
    return {sound: place for sound, (place, _) in found.items()}


def _sounded(sounds: list[tuple[str, str]], short_answer: bool) -> Place | None:
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


def _skeleton(latin: str) -> str:
    """A Latin name's consonants as a Vietnamese spelling of it keeps them: Polish "sz" and "w",
    German "w" and "z" sound as Vietnamese writes "s" and "v"; a final "d" is heard as "t"."""
    latin = latin.lower().replace("sz", "s").replace("ph", "f").replace("th", "t").replace("ck", "k")
    latin = re.sub(r"d\b", "t", latin.replace("x", "ks")).translate(str.maketrans("wzcqj", "vskki"))
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[^a-z]|[aeiouyh]", "", latin))


# "Vác-sa-va", "Béc-lin", "Am-xtéc-đam": written like a name, with a capital, the syllables after
# the first in small letters ("Coca-Cola", "T-shirt" are not)
SYLLABLES = re.compile(r"(?<!\w)[^\W\d_a-z]\w{1,4}(?:-[^\W\d_A-Z]\w{0,4})+(?![\w-])")
# letters only Vietnamese writes (not French "ê", Portuguese "ã")
VIETNAMESE_LETTERS = re.compile("[ăđơưạảẹẻẽịỉọỏụủỵỷỹắằẳẵặấầẩẫậếềểễệốồổỗộớờởỡợứừửữự]", re.IGNORECASE)
HEARD = 4  # consonants a name written by its syllables must have, unless the text is plainly Vietnamese


@cache
def _by_syllables() -> dict[str, Place]:
    """The consonants (_skeleton) of each one-word Latin name of a region or of a town of 100,000
    people or more -> the place of that sound with the most people."""
    found: dict[str, tuple[Place, int]] = {}
    people = _people()
    for name, places in gazetteer.index().items():
        if " " in name or not name.isascii():
            continue
        for place in places:
            if place.kind == COUNTRY or place.kind == TOWN and place.population < BIG_TOWN:
                continue
            size = people.get(place.region, 0) if place.kind == REGION else place.population
            if size < BIG_TOWN:
                continue  # a region of few people (Malta's Kirkop, "krkp") is not written by its syllables
            sound = _skeleton(name)
            if len(sound) >= 3 and (sound not in found or found[sound][1] < size):
                found[sound] = (place, size)
    return {sound: place for sound, (place, _) in found.items()}


SOUNDS_LIKE = 0.8  # how alike the consonants of a name written by its syllables and a city's must be


def _syllables(text: str) -> tuple[str, list[Found]]:
    """Names Vietnamese writes syllable by syllable as they sound ("Vác-sa-va" is Warszawa, "Béc-lin"
    Berlin, "Xô-phi-a" Sofia), that GeoNames has no such spelling of: joined, with "ph" as f and x
    as s, as a name; else by their consonants, with a syllable's final c heard as the r or k it
    stands for ("Béc" -> "ber"), the same or nearly ("Phran-phuốc": Frankfurt), in a region or a
    city of 100,000 people. The text comes back without them, so that no syllable is taken for a
    place of its own ("Vác" is a Hungarian town)."""
    found = []
    vietnamese = bool(VIETNAMESE_LETTERS.search(text))
    fewest = 3 if vietnamese else HEARD  # "Peut-être" is no "ptr"
    for match in SYLLABLES.finditer(text):
        if gazetteer.key(match.group()) in gazetteer.index() or not match.group()[0].isupper():
            continue
        syllables = [anyascii(part).lower() for part in match.group().split("-")]
        place = _heard(syllables, fewest, vietnamese)
        if place:
            found.append(Found(place, gazetteer.key(match.group()), exact=False))
            text = text.replace(match.group(), " ")
    return text, found


def _joined_syllables(word: str) -> Place | None:
    """A name Vietnamese writes by its syllables, written without their hyphens or marks ("lam o
    Vacsava"): the same readings, for a word of plain Latin letters that nothing else found, as
    many consonants as outside Vietnamese text, each syllable as Vietnamese shapes one."""
    if not (word.isascii() and word.isalpha() and len(word) >= 6):
        return None
    syllables = VIETNAMESE_SYLLABLE.findall(word)
    if len(syllables) < 2 or "".join(syllables) != word:
        return None
    return _heard(syllables, HEARD, False)


# one Vietnamese syllable: onset, vowels, an ending that no vowel follows
VIETNAMESE_SYLLABLE = re.compile(r"[^aeiouy]*[aeiouy]+(?:ng|nh|ch|[cmnpt](?![aeiouy]))?")


def _heard(syllables: list[str], fewest: int, vietnamese: bool) -> Place | None:
    joined = "".join(syllables).replace("ph", "f").replace("x", "s")
    place = next((p for p in gazetteer.index().get(joined, ()) if p.kind != TOWN or p.population >= SMALL_TOWN), None)
    if place is None:
        # a syllable's final c stands for r or k, a final p for the f or v of "-ków", a final n
        # for l ("Brúc-xen": Brussel): of every reading, the place of the most people
        readings = product(*[dict.fromkeys(re.sub(r"c$", final, re.sub(r"n$", end, re.sub(r"p$", "v", part)))
                                           for final in ("r", "k") for end in ("n", "l")) for part in syllables])
        sounds = {sound for reading in readings if len(sound := _skeleton("".join(reading).replace("x", "s"))) >= fewest}
        heard = [p for p in map(_by_syllables().get, sounds) if p]
        # nearly alike only in plainly Vietnamese text ("Brúc-xen" is nearly too many names), and
        # only as the syllables are written (c as r or k)
        plain = {_skeleton("".join(re.sub(r"c$", final, part) for part in syllables).replace("x", "s"))
                 for final in ("r", "k")}
        place = max(heard, key=_size, default=None) or (_nearly(plain & sounds) if vietnamese else None)
    return place


@cache
def _by_initial() -> dict[str, tuple[tuple[str, Place], ...]]:
    """_by_syllables by the first consonant."""
    found: dict[str, list[tuple[str, Place]]] = {}
    for sound, place in _by_syllables().items():
        found.setdefault(sound[0], []).append((sound, place))
    return {initial: tuple(pairs) for initial, pairs in found.items()}


def _size(place: Place) -> int:
    return _people().get(place.region, 0) if place.kind == REGION else place.population


def _nearly(sounds: set[str]) -> Place | None:
    """The region or city whose consonants are most like one of these (at least SOUNDS_LIKE alike,
    the same first one, as many or up to two more), the larger of two as alike."""
    best: tuple[float, int, Place | None] = (SOUNDS_LIKE, 0, None)
    for sound in sounds:
        for other, place in _by_initial().get(sound[0], ()):
            if not 0 <= len(other) - len(sound) <= 2:
                continue  # Vietnamese drops a name's consonants ("Phran-phuốc"), never adds one
            ratio = SequenceMatcher(None, sound, other).ratio()
            if (ratio, _size(place)) > best[:2]:
                best = (ratio, _size(place), place)
    return best[2]


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
    """The words written with a capital inside a sentence of the message (not a sentence's first
    word, which any word may be: "... ko co suoi. Vay co dung luat ko?"): "in Bleiswijk"."""
    found = set()
    for sentence in re.split(r"[.!?؟।]\s", text):
        tokens = re.findall(r"\w+", sentence)
        found.update(gazetteer.key(token) for token in tokens[1:] if token[:1].isupper() and not token.isupper())
    return found


DESIGNATORS = gazetteer.DESIGNATORS
# A Slavic adjective made of a place's name, as a region is called beside its designator word:
# "Пловдивска област" (Plovdiv), "Пловдівська область", "województwo opolskie" (Opole).
ADJECTIVE = re.compile(r"(?:ьск|ськ|ск|цк|sk|ck)(?:ая|ии|ыи|ои|ое|ого|ую|ом|а|и|о|е|у|ие|iego|ie|im|iej|a|i|o|y|e"
                       r"|ому|ому|ім|им|іи|оі|еи|ою|ым)$")  # "в Жилінському краї", "в Жилинском крае"


@cache
def _region_adjectives() -> dict[str, tuple[Place, ...]]:
    """The stem of the adjective in each region's name of an adjective and its designator word
    ("жилінськии краи", "южночешскии краи", "opolskie województwo") -> the region, with Ukrainian
    letters as Russian writes them: for the name with both words in another case."""
    found: dict[str, list[Place]] = {}
    for name, places in gazetteer.index().items():
        words = name.split(" ")
        regions = [p for p in places if p.kind == REGION]
        if len(words) != 2 or not regions or not set(words) & DESIGNATORS:
            continue
        adjective = words[1] if words[0] in DESIGNATORS else words[0]
        match = ADJECTIVE.search(adjective)
        if match and match.start() >= 4:
            found.setdefault(adjective[:match.start()].translate(gazetteer.CYRILLIC_ALIKE), []).extend(regions)
    return {stem: tuple(dict.fromkeys(places)) for stem, places in found.items() if len({p.region for p in places}) == 1}


def _designator_in_a_case(word: str) -> bool:
    """A designator word with a case ending: "краї", "крае", "области", "województwie"."""
    return word in DESIGNATORS or any(len(d) >= 4 and word.startswith(d[:-1]) and len(word) - len(d) <= 3
                                      for d in DESIGNATORS)


def _region_adjective(first: str, second: str) -> tuple[Place, ...]:
    """An adjective and a designator word, both in another case than the region's name has them ("в
    Жилінському краї", "в Південночеському краї"): the region whose name's adjective has that stem."""
    for adjective, designator in ((first, second), (second, first)):
        match = ADJECTIVE.search(adjective)
        if match and match.start() >= 4 and _designator_in_a_case(designator):
            places = _region_adjectives().get(adjective[:match.start()].translate(gazetteer.CYRILLIC_ALIKE))
            if places:
                return places
    return ()


def _beside_designator(word: str) -> tuple[Place, ...]:
    """A word beside a designator word: a Slavic adjective made of a place's name (its region, or a
    town of 5,000 people or more), or a region's name in Arabic letters by three consonants
    ("جزيرة كريت", the island of Crete: alone, three consonants are too many Arabic words)."""
    if any(0x0600 <= ord(ch) < 0x0700 for ch in word):
        if word.startswith("ال") or not any(ch in LONG_VOWELS for ch in word):
            return ()  # "منطقة المصنع" (the factory area): a common noun, no foreign name's long vowels
        sound = _sounds_alike(anyascii(word))
        place, _ = _regions_by_sound().get(sound, (None, 0))
        return (place,) if place and place.kind == REGION and len(sound) >= 3 else ()
    match = ADJECTIVE.search(word)
    if not match or match.start() < 4:
        return ()
    stem = word[:match.start()]
    for name in (stem, stem + "e", stem + "a"):  # "opolskie": "Opole"
        places = tuple(p for p in gazetteer.index().get(name, ()) if p.kind != TOWN or p.population >= SMALL_TOWN)
        if places:
            return places
    return ()


# Words for a point of the compass, or lower and upper, in our languages (and the Dutch and German
# of the regions' own names), as the start of the word in any case ending: "Долна Саксония", "Южна
# Холандия", "Bắc Ireland", "в Нижней Австрии"; Bulgarian's masculine with its fleeting e whole
# ("Северен Рейн-Вестфалия", before a two-word name). A region so named is one of its country's regions
# whose names say the same direction.
DIRECTIONS = {direction: tuple(gazetteer.key(word) for word in words) for direction, words in {
    "north": ("north", "nord", "norte", "noord", "północ", "polnoc", "северн", "северо", "северен", "північн", "північно",
              "bắc", "شمال", "الشمالي", "उत्तर", "septentrional"),
    "south": ("south", "sud", "sur", "sul", "zuid", "süd", "południ", "poludni", "южн", "южен", "південн", "nam",
              "جنوب", "الجنوبي", "दक्षिण", "meridional"),
    "east": ("east", "est", "este", "leste", "oost", "ost", "wschod", "източн", "източен", "восточн", "східн", "đông",
             "شرق", "الشرقي", "पूर्व", "oriental"),
    "west": ("west", "ouest", "oeste", "zachod", "западн", "западен", "західн", "tây", "غرب", "الغربي", "पश्चिम",
             "vest", "occidental"),
    "lower": ("lower", "basse", "baja", "bajo", "baixa", "baixo", "doln", "долн", "нижн", "inferioar", "hạ",
              "السفلى", "निचल", "nieder", "neder"),
    "upper": ("upper", "haute", "alta", "alto", "gorn", "górn", "горн", "верхн", "superioar", "thượng",
              "العليا", "ऊपर", "ober", "opper"),
    "central": ("central", "centre", "centro", "środkow", "srodkow", "централ", "центральн", "trung",
                "الوسطى", "मध्य"),
}.items()}


@lru_cache(maxsize=65536)
def _direction(word: str) -> str | None:
    """The direction a word names, by its start (a whole short word: "sud", "nam", not "sudeten")."""
    for direction, starts in DIRECTIONS.items():
        for start in starts:
            if word == start or (len(start) >= 4 or not start.isascii()) and word.startswith(start) and (
                    len(word) - len(start) <= 4):
                return direction
    return None


@cache
def _by_direction() -> dict[tuple[str, str], dict[str, frozenset[str]]]:
    """(country, direction) -> each first-level region of the country one of whose ISO names (in
    every language pycountry has) says that direction, with all those names: Zuid-Holland's are
    "zuid holland", "south holland", "holandia południowa"... (not a town's: "Pilsen-Süd" is no region)."""
    found: dict[tuple[str, str], dict[str, frozenset[str]]] = {}
    for country, regions in gazetteer.first_level_names().items():
        for region, folded in regions.items():
            for name in folded:
                words = name.split(" ")
                for direction in {_direction(word) for word in (words[0], words[-1])} - {None}:
                    found.setdefault((country, str(direction)), {})[region] = folded
    return found


def _directed(first: str, second: str, capital: bool) -> tuple[Place, ...]:
    """Two words, one a direction and the other a place's name ("Долна" "Саксония", "Bắc" "Ireland"):
    the one region of the place's country (or of a country whose regions' names hold the name) that
    is called by that direction and whose names hold the place's name ("Northern Ireland" holds
    "Ireland"; "North Wales" is no region, and Northern Ireland does not hold "Wales")."""
    for direction_word, base in ((first, second), (second, first)):
        direction = _direction(direction_word)
        if direction is None or _direction(base) or len(base) < 4:
            continue
        places = gazetteer.index().get(base) or (inflected(base, capital) if len(base) >= 5 else ())
        if not places and not capital:
            continue  # "par terre sur des cartons": "terre" is no place's name, and written as a word
        # the name's stem, also in Latin letters ("Северен Брабант": "brab" is in "noord brabant")
        stems = {form[:max(4, len(form) - INFLECTED)] for form in {base, *gazetteer.romanised(base)}}
        countries = dict.fromkeys(p.country for p in places)
        for country in gazetteer.COUNTRIES:  # "Bắc Ireland": Ireland's name is in Northern Ireland's
            if country not in countries and any(stem in name for names in _by_direction().get(
                    (country, direction), {}).values() for name in names for stem in stems):
                countries[country] = None
        for country in countries:
            regions = _by_direction().get((country, direction), {})
            holding = [code for code, names in regions.items() if any(stem in name for name in names for stem in stems)]
            if len(holding) == 1:
                return (Place(REGION, country, holding[0], 10**8),)
    return ()


def find(text: str) -> list[Found]:
    """The places a message names, most telling first (countries, then regions, then towns)."""
    first = re.match(r"\W*(\w)", text)
    answer_named = bool(first and first.group(1).isupper())  # "Madrid", "Almería": a name as the whole answer
    found: list[Found] = _in_vietnamese(text)
    text, heard = _syllables(text)
    found.extend(heard)
    words = gazetteer.key(text).split()
    named = _capitalised(text)
    # not "ajudem-me" (help me): Portuguese joins its "me" with a hyphen
    before_postposition = {gazetteer.key(m.group(1)) for m in POSTPOSITION.finditer(text)}
    taken = [False] * len(words)
    index, longest = gazetteer.index(), gazetteer.longest_name()
    for at, place in _after_arabizi_preposition(words):
        found.append(Found(place, words[at], exact=False))
        taken[at] = True
    for size in range(min(longest, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            if any(taken[start:start + size]):
                continue
            name = " ".join(words[start:start + size])
            # a name as the whole answer, or as the first word of a short one ("Odemira ke greenhouse")
            capital = name.split(" ")[0] in named or (size == len(words) and answer_named) or (
                start == 0 and answer_named and len(words) - size <= FEW_OTHER_WORDS and name not in common_words()) or (
                # before Hindi's "in", written in either script ("odemira me berry farm"), as a name
                name in before_postposition and len(name) >= 5 and name not in common_words())
            places = index.get(name) or index.get(_plain(name)) or (
                _unlisted(name, capital, len(words) - 1) if size == 1 else
                _directed(*words[start:start + 2], capital) or inflected_pair(*words[start:start + 2])
                or _region_adjective(*words[start:start + 2]) if size == 2
                # a direction before a two-word name: "Северен Рейн-Вестфалия"
                else _directed(words[start], " ".join(words[start + 1:start + 3]), capital) if size == 3
                else None)
            if not places and size == 1 and DESIGNATORS & set(words[max(0, start - 1):start + 2]):
                places = _beside_designator(name)
            elif places and size == 1:
                places = _rather_inflected(name, places, capital)
            chosen = _acceptable(places or (), name, len(words) - size, capital)
            if chosen:
                found.append(Found(chosen, name, name in index, capital))
                taken[start:start + size] = [True] * size
    # of two regions, the one written as its name is ("Islas Canarias": not "islas" as Malta's Isla);
    # of two towns, the one written like a name ("les serres près de Cavaillon": not Serres, Greece)
    return sorted(found, key=lambda f: (-gazetteer.PRIORITY[f.place.kind], not f.named, not f.exact))


# Arabic "in", "to", "from" as Arabizi writes them, a word before a name ("ana khadem fi nnamsa",
# "f katalonya"), and the article after them ("fi el andalus", "f l'almania")
# (not b- or l-, which begin words of French, Bulgarian and Romanian written in Latin letters: "l hopital")
ARABIZI_BEFORE = frozenset({"f", "fi", "fl", "fel", "fil"})
ARABIZI_ARTICLE = frozenset({"el", "al", "l"})


@cache
def _arabizi_sounds() -> dict[str, tuple[Place, int]]:
    """The consonants (_sounds_alike) of every Arabizi spelling of a one-word Arabic name of a country,
    region or town of 100,000 people (gazetteer.arabizi: "النمسا" -> "nmsa") -> the place of that sound
    with the most people."""
    found: dict[str, tuple[Place, int]] = {}
    people = _people()
    for name, places in gazetteer.index().items():
        if " " in name or not _arabic(name):
            continue
        for place in places:
            if place.kind == TOWN and place.population < BIG_TOWN:
                continue
            size = place.population if place.kind != REGION else people.get(place.region, 0)
            for form in gazetteer.arabizi(name, shortest=3):
                sound = _sounds_alike(form)
                if len(sound) >= 3 and found.get(sound, (None, -1))[1] < size:
                    found[sound] = (place, size)
    return found


def _after_arabizi_preposition(words: list[str]) -> list[tuple[int, Place]]:
    """Names in Arabizi after "f", "fi" (in), which write only some of a name's vowels
    and the article as the consonant it becomes ("fi nnamsa" is في النمسا, Austria): by their
    consonants, as an Arabic name of a country (three are enough after such a word) or as an Arabic or
    Latin name of a region or big town (four)."""
    found = []
    for at in range(1, len(words)):
        before = words[at - 1]
        if before in ARABIZI_ARTICLE and at >= 2 and words[at - 2] in ARABIZI_BEFORE:
            before = words[at - 2]
        word = words[at]
        if before not in ARABIZI_BEFORE or not word.isascii() or not word.isalpha() or len(word) < 4:
            continue
        if word in gazetteer.index() or word in common_words() or word in ARABIZI_ARTICLE:
            continue
        if word[0] == word[1] and word[0] not in "aeiou":
            word = word[1:]  # the article as the sun letter it becomes: "nnamsa", "ssbanya"
        sound = _sounds_alike(word)
        place, _ = _arabizi_sounds().get(sound, (None, 0))
        if place is None or place.kind != COUNTRY and len(sound) < SOUNDS:
            place, size = _regions_by_sound().get(sound, (None, 0)) if len(sound) >= SOUNDS else (None, 0)
            if place is not None and place.kind == TOWN and size < BIG_TOWN:
                place = None
        if place is not None:
            found.append((at, place))
    return found


# Hindi "in", after its noun, written in either script: the word before it is a place's name
POSTPOSITION = re.compile(r"(?<!\S)([^\s-]+)\s+(?:me|mein|mai|में)(?!\S)", re.IGNORECASE)


def _plain(name: str) -> str:
    """A Latin name with the letters no accent-stripping reaches made plain, as the gazetteer also
    keeps names: "frøya" -> "froya", "łódź" -> "lodz" (a name GeoNames has only so)."""
    if name.isascii() or _cyrillic(name) or not all(ch.isascii() or "LATIN" in unicodedata.name(ch, "") for ch in name if ch.isalpha()):
        return name
    return gazetteer.key(anyascii(name))


def _rather_inflected(word: str, places: tuple[Place, ...], capital: bool) -> tuple[Place, ...]:
    """A word that names only small towns as written, but a city ten times larger with a Slavic case
    ending: the city ("у Неаполі" is in Naples, not in Neapoli on Crete, which GeoNames also spells
    "Неаполі")."""
    if any(p.kind != TOWN or p.population >= BIG_TOWN for p in places):
        return places
    other = inflected(word, capital)
    largest = max(p.population for p in places)
    if any(p.kind != TOWN or p.population >= gazetteer.OWN_NAME * largest for p in other):
        return other
    return places


def _unlisted(word: str, capital: bool, other_words: int) -> tuple[Place, ...]:
    """A word that is no name as written: a name with a case ending, or a town in Arabic or
    Devanagari letters that GeoNames has no such spelling of. A word for a direction ("Северна") is
    none: by its sound it would be some town."""
    if _direction(word):
        return ()
    if len(word) >= (4 if capital else 5) and (word not in written_words() or capital):
        places = inflected(word, capital)
        if places and all(p.kind == TOWN and p.population < BIG_TOWN for p in places) and _cyrillic(word):
            # a small town's stem, or a region's name letter for letter in Latin ones with its case
            # ending put back ("в Істрії": Istria, not Istres, which Ukrainian writes "Істр")
            largest = max(p.population for p in places)
            latin = _as_latin(word, inflections=True)
            if any(p.kind != TOWN or p.population >= gazetteer.OWN_NAME * largest for p in latin):
                return latin
        if places:
            return places
    if _arabic(word):
        for form in without_proclitics(word):
            places = gazetteer.index().get(form, ())
            if places:
                return places
        for form in (word, *without_proclitics(word)) if word not in written_words() else ():
            place = _with_article(form, other_words <= FEW_OTHER_WORDS)
            if place:
                return (place,)
    if word not in written_words():
        place = sounded(word, other_words <= FEW_OTHER_WORDS, capital)
        if place:
            return (place,)
        if _cyrillic(word) and (capital or other_words <= FEW_OTHER_WORDS):
            # a name in Cyrillic letters no package spells, letter for letter as its Latin name
            # ("Спалдинг" is Spalding): a region, or a town of 5,000 people or more
            # ("Тесалия" is Polish and Romanian "Tesalia": "-ия" is "-ia" in Latin letters)
            latin = _as_latin(word)
            if latin:
                return latin
    if capital and word.endswith("s") and len(word) >= 7:
        # a region's name made plural ("the Highlands": Highland)
        regions = tuple(p for p in gazetteer.index().get(word[:-1], ()) if p.kind == REGION)
        if regions:
            return regions
    if capital and word not in written_words():
        place = _joined_syllables(word)
        if place:
            return (place,)
    if word.endswith("shire") and len(word) >= 9:
        # an English county called after its town ("Perthshire"), in the town's region
        return tuple(p for p in gazetteer.index().get(word[:-len("shire")], ()) if p.kind == TOWN)[:1]
    return ()


LONG_NAME = 8  # letters of a Cyrillic name that may be a town of fewer than 5,000 people letter for letter
NOMINATIVE = ("ія", "ия", "а", "я")  # what a case ending replaced: "Істрії" -> "Істрія"


def _as_latin(word: str, inflections: bool = False) -> tuple[Place, ...]:
    """A name in Cyrillic letters as its Latin name letter for letter: a region, or a town of 5,000
    people or more; with `inflections`, also with a case ending turned back into the nominative's."""
    forms = [word]
    if inflections:
        forms += [word[:-cut] + end for cut in range(1, INFLECTED + 1) if word[-cut:] in ENDINGS
                  for end in NOMINATIVE]
    for form in forms:
        for latin in [gazetteer.key(anyascii(form)), *sorted(gazetteer.romanised(form))]:
            # a smaller town only by a long name ("Манолада": Manolada, the strawberry fields'
            # village; short ones are first names and words too)
            fewest = SMALL_TOWN if len(latin) < LONG_NAME else 0
            wanted = tuple(p for p in gazetteer.index().get(latin, ()) if p.kind != TOWN or p.population >= fewest)
            if wanted:
                return wanted
    return ()


def _in_vietnamese(text: str) -> list[Found]:
    """Vietnamese country names written with their tone marks ("ở Séc", "Bỉ"), or with a capital."""
    found = []
    tokens = re.findall(r"\w+", unicodedata.normalize("NFC", text))
    for n, token in enumerate(tokens):
        # without a mark, only with its capital inside a sentence or as the whole answer ("Anh")
        country = _vietnamese().get(token.casefold()) or (_vietnamese().get(token) if n or len(tokens) == 1 else None)
        if country and not (n and tokens[n - 1].casefold() == "tiếng"):  # "tiếng Anh": English, the language
            found.append(Found(Place(COUNTRY, country, None), gazetteer.key(token)))
    return found


def _acceptable(places: tuple[Place, ...], name: str, other_words: int, capital: bool = False) -> Place | None:
    short = len(name) < 3 or (len(name) == 3 and not capital)  # "in Urk", "in Göd" are names
    if (short and other_words > 1 and name not in gazetteer.colloquial()) or name in language_names() or (
            name in DESIGNATORS):
        return None  # "y", "sec", "ý": a place only when it is the whole answer; "espanol" is a language;
        # "county", "область": the kind of region, not one
    # a common word written with a capital inside a sentence (of 5 letters or more: "tiếng Anh" is
    # English), or as the whole answer, is a name ("cuidando a una señora en Madrid")
    common = " " not in name and name in common_words() and not (capital and (other_words == 0 or len(name) >= 5))
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


def _arabic(word: str) -> bool:
    return any(0x0600 <= ord(ch) < 0x0700 for ch in word)


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
    if region is None:
        region = _region_within(country, text, {word for f in found for word in f.words.split()})
    return Place(found[0].place.kind, country, region)


@cache
def _sounds_by_country() -> dict[tuple[str, str], Place]:
    """(country, sound of a name) -> the region or town of 5,000 people or more of that sound in the
    country with the most people; sounds as _sounds_alike makes them (Arabic, Cyrillic letters) and
    as Devanagari spells a name out (_spoken, marked "d:"). Kept in var/ (seconds to build)."""
    return var_cache.kept("place-sounds-by-country", gazetteer._sources() + Path(__file__).read_bytes(),
                          _build_sounds_by_country)


def _build_sounds_by_country() -> dict[tuple[str, str], Place]:
    found: dict[tuple[str, str], tuple[Place, int]] = {}
    people = _people()
    for name, places in gazetteer.index().items():
        if not name.isascii() or " " in name or len(name) < 4:
            continue
        wanted = [p for p in places if p.kind == REGION or p.kind == TOWN and p.population >= SMALL_TOWN]
        if not wanted:
            continue
        sounds = [sound for sound in (_sounds_alike(name), "d:" + _spoken(name)) if len(sound.removeprefix("d:")) >= 3]
        for place in wanted:
            size = people.get(place.region, 0) if place.kind == REGION else place.population
            for sound in sounds:
                if found.get((place.country, sound), (None, -1))[1] < size:
                    found[(place.country, sound)] = (place, size)
    return {at: place for at, (place, _) in found.items()}


def _region_within(country: str, text: str, used: set[str]) -> str | None:
    """With the country named, the region of a word in Arabic, Devanagari or Cyrillic letters that
    sounds like one of that country's regions or towns, which alone would be too short a sound to
    trust ("स्पेन के मुर्सिया में": Murcia; "ग्रीस के क्रीट में": Crete). Words of the training
    examples are words, not names ("करता", does, sounds like Crete too)."""
    for word in gazetteer.key(text).split():
        if word in used or word.isascii() or len(word) < 4 or word in written_words() or _cased(word) and not _cyrillic(word):
            continue
        if word in DESIGNATORS or _direction(word):
            continue  # "Северна Италия": north, not a town that sounds like it
        spellings = [word, *(word[len(p):] for p in ARABIC_PREFIXES if word.startswith(p) and len(word) - len(p) >= 3)]
        for spelling in spellings:
            latin = anyascii(spelling)
            for sound in (_sounds_alike(latin), "d:" + _spoken(latin)):
                place = _sounds_by_country().get((country, sound))
                if place and place.region:
                    return place.region
    return None


def prepare() -> None:
    """Make every table recognition uses (about two seconds), so that no person's message waits
    for it: for a server to call before it serves, after gazetteer.index()."""
    common_words()
    language_names()
    gazetteer.colloquial()  # read from YAML when the index came from var/ (half a second)
    gazetteer.longest_name()  # counted over every name (half a second)
    anyascii("ميلانو मिलान Милан Ὀλυμπία ðøł")  # its tables of each script load on first use (half a second)
    _vietnamese()
    _by_sound()
    _people()
    _regions_by_sound()
    _article_names()
    _arabizi_sounds()
    _spoken_places()
    _by_syllables()
    _by_initial()
    _sounds_by_country()
    _by_direction()
    for every_town in (False, True):
        _inflectable(every_town)
    _inflectable_pairs()
    _region_adjectives()
