"""The US census name gazetteer (used by names_en.py).

US census first and last names, shipped inside the PyPI package ``names`` (so it works offline),
minus words that are everyday English ("Will", "May"). Street addresses are found by
addresses.py, person names in Latin script by names_en.py.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

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

