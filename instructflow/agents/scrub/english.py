"""English street-address recognizer and the US census name gazetteer (used by names_en.py).

* **Gazetteer**: US census first and last names, shipped inside the PyPI package ``names`` (so
  it works offline), minus words that are everyday English ("Will", "May").
* **Addresses**: street-line regexes for US/UK forms ("123 Main St", "Apt 4B", "PO Box 12",
  "APO AE 09012", "Springfield, IL 62704") and for the continental forms chat users actually
  type ("Rua Diadema 1903", "Koskikatu 25", "36 rue de Pologne"). Adjacent fragments are merged
  into one address by the scrubber.

Person names in Latin script are found by names_en.py.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from presidio_analyzer import EntityRecognizer, RecognizerResult
from spacy.lang.en.stop_words import STOP_WORDS


def _words(text: str) -> frozenset[str]:
    """A word list written as one whitespace-separated string (compact and diff-friendly)."""
    return frozenset(text.split())


PERSON = "PERSON"
LOCATION = "LOCATION"

# ---------------------------------------------------------------------------------------------
# Gazetteer
# ---------------------------------------------------------------------------------------------


def _census_names(filename: str) -> frozenset[str]:
    # Format: "SMITH          1.006  1.006      1" — the name is the first column.
    text = resources.files("names").joinpath(filename).read_text(encoding="ascii")
    return frozenset(line.split(None, 1)[0].capitalize() for line in text.splitlines() if line)


@lru_cache(maxsize=1)
def name_gazetteer() -> tuple[frozenset[str], frozenset[str]]:
    """(first names, last names) from the 1990 US census lists bundled with ``names``."""
    first = _census_names("dist.male.first") | _census_names("dist.female.first")
    last = _census_names("dist.all.last")
    # Words that are names *and* everyday English ("Will", "May", "Long") would turn every
    # sentence start into a person; they still count next to another name or an honorific.
    common = {w.capitalize() for w in STOP_WORDS} | _COMMON_CAPITALISED
    return frozenset(first - common), frozenset(last - common)


# Capitalised words that open sentences or name non-persons, and collide with census names.
_COMMON_CAPITALISED = _words(
    "I Hi Hello Hey Dear Thanks Thank Please Meet Just My The This That These Those Yes No Okay "
    "Ok Sure Sorry Good Great New Old North South East West Street Road Avenue Suite Apt Monday "
    "Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June "
    "July August September October November December Christmas Easter God Lord King Queen "
    "Prince Princess Saint Mount Lake River Park Center Centre City County State University "
    "College School Hospital Bank Church Company Inc Ltd Corp Group Team Office Mobile Phone "
    "Fax Email Website Address Home Work User Agent Customer Summer Winter Spring Autumn Fall "
    "Will Can Hope Grace Joy Faith Art Bill Mark Rose Lily Ivy Dawn Sky Star Sunny Chase Hunter "
    "Page English American British French German Italian Spanish Korean Chinese Japanese "
    "Russian Indian"
)

# ---------------------------------------------------------------------------------------------
# Person names
# ---------------------------------------------------------------------------------------------

# ---------------------------------------------------------------------------------------------
# Street addresses
# ---------------------------------------------------------------------------------------------

_US_SUFFIX = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Square"
    r"|Sq|Way|Terrace|Ter|Crescent|Cres|Highway|Hwy|Parkway|Pkwy|Circle|Cir|Trail|Trl|Row|Close"
    r"|Gardens|Grove|Hill|Hills|Mews|Walk|Green|Forge|Forges|Loop|Alley|Plaza|Point|Pike|Run"
    r"|Crossing|Heights|Ridge|View|Estates?)"
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
_ADDRESS_PATTERNS: tuple[tuple[re.Pattern[str], float], ...] = (
    # 123 Main St / 363 52 Huntly Street / 12B N. Oak Avenue
    (
        re.compile(
            rf"\b\d{{1,6}}[A-Za-z]?(?:\s\d{{1,4}})?\s+(?:[NSEW]\.?\s+)?(?:{_CAP}\s+){{0,3}}"
            rf"{_US_SUFFIX}\b\.?"
        ),
        0.7,
    ),
    # Apt. 864 / Suite 510 / Flat 3 / Unit 4B
    (
        re.compile(r"\b(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Flat|Floor|Fl\.|Room|Rm\.?)\s*#?\s*\d+[A-Za-z]?\b"),
        0.5,
    ),
    # PO Box 12 / PSC 5217, Box 4854 / APO AP 43617
    (re.compile(r"\b(?:P\.?\s?O\.?\s+Box|PSC|USNS|USNV|USS|USCGC)\s+\d+(?:,\s*Box\s+\d+)?"), 0.65),
    (re.compile(r"\b(?:APO|FPO|DPO)\s+(?:AA|AE|AP)\s+\d{5}\b"), 0.7),
    # Springfield, IL 62704
    (re.compile(r"\b[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2},\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?\b"), 0.7),
)
# Rua Diadema 1903 / Via Roma 131 / 36 rue de pologne / Avda. Rio Nalon 58. Case-insensitive
# alternations are slow to scan, so this runs only when a prefix word occurs (see analyze()).
_EURO_PREFIX_RE = re.compile(
    rf"(?i:\b(?:\d{{1,6}}\s+)?{_EURO_PREFIX}\s+(?:[\w'’.\-]+\s+){{0,3}}?(?:\d{{1,5}}\b|[\w'’\-]+))"
)
_EURO_PREFIX_WORDS = tuple(
    (w if w.endswith(".") else w + " ") for w in _EURO_PREFIX.strip("(?:)").replace("\\.", ".").lower().split("|")
)
# Words followed by a house number: "Koskikatu 25" (street suffix: strong), "Jahu 80" (capitalised
# only: too common in prose to trust alone, so it needs address context words nearby).
_WORDS_NUMBER = re.compile(r"(?:\b\d{1,6}\s+)?\b((?:[^\W\d_][\w'’.\-]*\s+){1,3})\d{1,5}[a-z]?\b")
_EURO_SUFFIXES = tuple(_EURO_SUFFIX.strip("(?:)").replace("\\.", ".").split("|"))


class EnglishAddressRecognizer(EntityRecognizer):
    """LOCATION (street addresses) for US/UK and common continental European forms."""

    CONTEXT = (
        "address",
        "addr",
        "lives",
        "live in",
        "living",
        "located",
        "location",
        "moved",
        "meet me",
        "ship",
        "deliver",
        "mail",
        "street",
        "restaurant is at",
        "office is at",
    )

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entities=[LOCATION],
            supported_language=supported_language,
            context=list(self.CONTEXT),
            name="EnglishAddressRecognizer",
        )

    def load(self) -> None:
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts: object = None) -> list[RecognizerResult]:
        results = [
            RecognizerResult(LOCATION, m.start(), m.end(), score)
            for pattern, score in _ADDRESS_PATTERNS
            for m in pattern.finditer(text)
        ]
        lowered = text.lower()
        if any(word in lowered for word in _EURO_PREFIX_WORDS):
            results.extend(RecognizerResult(LOCATION, m.start(), m.end(), 0.6) for m in _EURO_PREFIX_RE.finditer(text))
        for m in _WORDS_NUMBER.finditer(text):
            words = m.group(1).split()
            if words[-1].lower().endswith(_EURO_SUFFIXES):
                results.append(RecognizerResult(LOCATION, m.start(), m.end(), 0.65))
            elif words[0][0].isupper():
                results.append(RecognizerResult(LOCATION, m.start(), m.end(), 0.1))
        return results
