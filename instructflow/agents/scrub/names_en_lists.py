"""The name lists the Latin-script name recognizer (names_en.py) reads, built once per process
from installed packages: the 1990 US census lists (``names``), Faker's person names of every
Latin-script locale (Cyrillic ones transliterated as passports write them), and the Revised
Romanization of every Hangul syllable with the spellings people use (korean-romanizer).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from functools import lru_cache
from importlib import resources

import faker.providers.person as faker_person
from faker.providers.person.en_US import Provider as UnitedStates
from korean_romanizer.romanizer import Romanizer
from spacy.lang.en.stop_words import STOP_WORDS

from instructflow.agents.scrub.english import _COMMON_CAPITALISED, _census_names, name_gazetteer
from instructflow.agents.scrub.gazetteers import english_languages, is_common_english

# Lower-case name particles inside a capitalised name: "Maika van de Noort", "Willemine ten Pas", "Mark de
# la Cruz". "t" is Dutch 't ("Amin van 't Houteveen"), which the word splitter leaves without its apostrophe.
NAME_PARTICLES = frozenset("van von de der den ten ter da di del della dos das du le la bin ibn al el t".split())
_LATIN_NAME = re.compile(r"[A-Za-zÀ-ɏ][A-Za-zÀ-ɏ'’\-]+")


def census_last() -> frozenset[str]:
    return _census_names("dist.all.last")


@lru_cache(maxsize=1)
def census_first() -> frozenset[str]:
    return _census_names("dist.male.first") | _census_names("dist.female.first")


@lru_cache(maxsize=1)
def frequent_first() -> frozenset[str]:
    """The 500 most frequent male and female US given names of the 1990 census, and the ~700 of
    Faker's en_US lists (the Social Security Administration's frequent names of later years, which
    the census predates: "Hunter", "Chase", "Summer"): "ross brown", "heather ford", "hunter
    sullivan" are people even though every word of them is also an English word."""
    out: set[str] = set()
    for filename in ("dist.male.first", "dist.female.first"):
        lines = resources.files("names").joinpath(filename).read_text(encoding="ascii").splitlines()
        out.update(line.split(None, 1)[0].capitalize() for line in lines[:500] if line)
    out.update(UnitedStates.first_names_male)
    out.update(UnitedStates.first_names_female)
    return frozenset(out)


def _latin(name: str) -> bool:
    return bool(_LATIN_NAME.fullmatch(name))


# Cyrillic -> Latin as passports and the press write Russian, Ukrainian and Bulgarian names
# ("Ефремова" -> "Efremova"; "Ye" at the start of a word is added as a variant).
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяієїґ",
        "a b v g d e yo zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya i ye yi g".split(),
        strict=True,
    )
)


def _romanize_cyrillic(word: str) -> list[str]:
    latin = "".join(_CYRILLIC.get(ch, ch) for ch in word.lower()).replace("-", "")
    out = [latin.capitalize()]
    if latin.startswith("e"):
        out.append("Y" + latin)
    return [w for w in out if _latin(w)]


def _provider_names(provider: type, kind: str) -> set[str]:
    """Every Latin-script (or romanized, or transliterated Cyrillic) name of one locale whose
    list name starts with ``kind`` ("first"/"last"): first_names_male, last_romanized_names,
    first_name_pairs ..."""
    out: set[str] = set()
    for attr in dir(provider):
        if not attr.startswith(kind) or "name" not in attr or "kana" in attr:
            continue
        values = getattr(provider, attr, None)
        if not isinstance(values, (tuple, list, dict)):  # some locales define these as properties
            continue
        for v in values:
            for item in v if isinstance(v, tuple) else (v,):  # ja_JP pairs: (kanji, kana, romanized)
                if not isinstance(item, str):
                    continue
                if _latin(item):
                    out.add(item)
                elif re.fullmatch(r"[а-яА-ЯёЁіїєґІЇЄҐ]+", item):
                    out.update(_romanize_cyrillic(item))
    return out


@lru_cache(maxsize=1)
def gazetteer() -> tuple[frozenset[str], frozenset[str]]:
    """(first names, last names), capitalised, minus everyday English words."""
    first, last = (set(s) for s in name_gazetteer())
    for module in pkgutil.iter_modules(faker_person.__path__):
        provider = importlib.import_module(f"{faker_person.__name__}.{module.name}").Provider
        first |= _provider_names(provider, "first")
        last |= _provider_names(provider, "last")
    common = {w.capitalize() for w in STOP_WORDS} | _COMMON_CAPITALISED | english_languages()
    first |= _fold_spelling(first)
    last |= _fold_spelling(last)
    return frozenset(first - common), frozenset(last - common)


@lru_cache(maxsize=1)
def name_gazetteer_raw_last() -> frozenset[str]:
    return frozenset(w for w in census_last() if _latin(w))


# -- romanized Korean ---------------------------------------------------------------------------

ROMAN_SURNAMES = frozenset(
    "Kim Gim Lee Yi Rhee Ri Park Pak Bak Choi Choe Jung Jeong Chung Kang Gang Cho Jo Yoon Yun Youn Jang Chang Lim Im "
    "Han Oh Seo Suh Shin Sin Kwon Gwon Hwang Ahn An Song Ryu Yoo Yu Jeon Jun Chun Hong Ko Go Moon Mun Yang Son "
    "Bae Baek Paik Heo Huh Nam Noh Roh Ha Kwak Sung Seong Cha Joo Ju Woo Koo Gu Min Jin Na Ji Um Eom Byun Byeon "
    "Chae Won Bang Cheon Kong Gong Hyun Hyeon Ham Yeom Yeo Choo Chu Do So Seok Sun Seon Seol Ma Gil Yeon Wi Pyo "
    "Myung Myeong Ki Gi Ban Ra La Wang Geum Keum Ok Yook Yuk In Maeng Je Mo Tak Kook Guk Eo Eun Yong Ye Kyung "
    "Gyeong Bong Sa Boo Bu Ka Ga Bok Tae Mok Hyung Hyeong Pi Doo Du Kam Gam Eum Bin Dong Ho Namgoong Namgung "
    "Jegal Sunwoo Seonu Dokgo Hwangbo Sagong "
    # The official Revised Romanization of 이, 노, 우 (what a romanizer prints: "I Ji-hyeon", "No Sun-ja");
    # English words, so LatinNameRecognizer._korean takes them only before a given name no English has.
    "I No U".split()
)
# Spelling variants of RR syllables in names people actually carry.
_VARIANTS = (("yeong", "young"), ("eo", "u"), ("u", "oo"), ("i", "ee"), ("ui", "ee"), ("eu", "u"), ("hyeon", "hyun"),
             ("yun", "youn"), ("yeo", "yuh"))
# Syllables with no initial consonant as names spell them: 우 "woo", 아 "ah", 오 "oh", 이 "yi".
_VOWEL_SYLLABLES = ("woo", "wu", "ah", "oh", "yi", "ae")


@lru_cache(maxsize=1)
def korean_syllables() -> frozenset[str]:
    """Romanizations of every Hangul syllable, plus the variants people write."""
    out: set[str] = set()
    for code in range(0xAC00, 0xD7A4, 1):
        roman = Romanizer(chr(code)).romanize()
        out.add(roman)
        for a, b in _VARIANTS:
            if a in roman:
                out.add(roman.replace(a, b))
    out.update(_VOWEL_SYLLABLES)
    return frozenset(s for s in out if s)


@lru_cache(maxsize=1)
def given_name_syllables() -> tuple[frozenset[str], frozenset[str]]:
    """Romanizations of the syllables Korean given names open and close with (three names or more
    in model/given_names_ko.json's letter pairs): "min", "ji" | "seok", "yeon"; not "got" (곳)."""
    from instructflow.agents.scrub.names_ko_familiar import given_name_likeness  # Korean side: loaded late

    pairs = given_name_likeness().person
    ends: list[set[str]] = [set(), set()]
    for pair, count in pairs.items():
        if count < 3 or len(pair) != 2 or not (pair[0] == "^" or pair[1] == "$"):
            continue  # a pair inside a name, or a rare one
        last = pair[1] == "$"
        roman = Romanizer(pair[0] if last else pair[1]).romanize()
        ends[last].update({roman} | {roman.replace(a, b) for a, b in _VARIANTS if a in roman})
    return frozenset(ends[0]), frozenset(ends[1])


def two_syllables(word: str) -> bool:
    """One or two romanized syllables: "yuna" = yu + na, "minseok" = min + seok."""
    syllables = korean_syllables()
    return word in syllables or any(word[:k] in syllables and word[k:] in syllables for k in range(1, len(word)))


def korean_given(words: list[str]) -> bool:
    """ "Yuna", "Yu-na", "Yu Na", "YUNA": one or two romanized syllables."""
    parts = [p for w in words for p in w.rstrip(".").lower().split("-")]
    # "pop song": lower-case words, not 폽 송. A hyphen joining two romanized syllables is the
    # romanization itself ("min-seok", "mi-gyeong"), whatever English spells the same.
    hyphenated = len(words) == 1 and words[0].count("-") == 1
    if words[0].islower() and not hyphenated and any(is_common_english(p) for p in parts):
        return False
    if len(parts) > 2 or any(len(w) < 2 for w in words) or all(w.lower() in STOP_WORDS for w in words):
        return False
    if len(parts) == 2:
        return all(p in korean_syllables() for p in parts)
    return two_syllables(parts[0])


# Surname prefixes written with an inner capital: "McAllister", "MacLeod", "DiMaggio", "LaToya".
_CAPITAL_PREFIX = re.compile(r"(?:Mc|Mac|Fitz|De|Di|Da|Du|La|Le|Van|Von)[A-Z][a-z]+")


def name_key(word: str) -> str:
    """ "SMITH" and "smith" look up as "Smith"; "McAllister", "MACLEOD" as the census spells them
    ("Mcallister", "Macleod"), and "O'Neil", "D'SOUZA" without the apostrophe ("Oneil", "Dsouza"):
    the 1990 census lists drop apostrophes and inner capitals, and the gazetteer adds the same
    folding of the names Faker spells with them (``_fold_spelling``)."""
    core = word.rstrip(".")
    # "Smith", "smith", "x" (most words: no inner capital to fold) and "SMITH"
    if len(core) < 2 or core[1:].islower() or core.isupper():
        core = core.capitalize()
    elif _CAPITAL_PREFIX.fullmatch(core):
        return core.capitalize()
    if len(core) > 3 and core[1] in "'’" and core[2:].isalpha():
        return core[0] + core[2:].lower()
    return core


def _fold_spelling(names: set[str]) -> set[str]:
    """The names of a list as name_key looks them up ("McDonald" -> "Mcdonald", "O'Connor" ->
    "Oconnor"), added beside the list's own spelling."""
    return {name_key(n) for n in names if not n[1:].islower()}
