"""English (and Latin-script) person-name recognizers that need no model.

presidio finds names and places with spaCy's statistical NER, and no spaCy model can be
installed here. What replaces it:

* **Names**: a gazetteer of US census first and last names, shipped inside the PyPI package
  ``names`` (so it works offline), combined with what writers do around names: capitalisation,
  honorifics ("Mr.", "Dr."), and introducing phrases ("my name is", "Dear", "called").
  The gazetteer alone would flag every "May" and "Will", so a single gazetteer word only counts
  when it is not an English stop word, and an unknown capitalised pair ("Djevad Šušulić") only
  counts with context.
* **Addresses** live in addresses.py.

It is a presidio ``EntityRecognizer``, so it also plugs into a plain ``AnalyzerEngine``.
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

_HONORIFICS = _words("mr mrs ms miss mx dr prof sir madam madame mme mlle herr frau sr sra srta dott")
_NAME_SUFFIXES = frozenset(["Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV", "MD", "PhD", "DDS", "Esq", "Esq."])
# Phrases after which the next one or two words are a name even in lower case ("my name is lena").
_INTRO_RE = re.compile(
    r"(?:\bmy name is|\bmy name's|\bname\s*:|\bi am called|\bi'm called|\bcall me|\bthis is"
    r"|\bi am|\bi'm|\bnamed|\bcalled|\bdear|\bhi|\bhello|\bhey|\bthanks|\bthank you"
    r"|\bsincerely|\bregards|\bsigned|\bby|\bwith|\bfrom|\bmeet|\bask|\bcontact|\buser:"
    r"|\bfounders?:?|\bauthor:?|\bwas called|\bheard)\s*,?\s*$",
    re.IGNORECASE,
)
_STRONG_INTRO_RE = re.compile(
    r"(?:\bmy name is|\bmy name's|\bname\s*:|\bi am called|\bi'm called|\bcall me)\s*",
    re.IGNORECASE,
)
_HONORIFIC_BEFORE_RE = re.compile(r"\b([A-Za-z]{2,6})\.?\s*$")
# A word of any Latin-script alphabet, possibly hyphenated or with an apostrophe (O'Neil).
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*\.?")


def _is_capitalised(word: str) -> bool:
    core = word.rstrip(".")
    return bool(core) and core[0].isupper() and (len(core) == 1 or not core[1:].isupper())


def _is_initial(word: str) -> bool:
    return len(word.rstrip(".")) == 1 and word[0].isupper()


class EnglishPersonRecognizer(EntityRecognizer):
    """PERSON from gazetteer + capitalisation + honorifics + introducing phrases."""

    def __init__(self, supported_language: str = "en") -> None:
        self._first, self._last = name_gazetteer()
        super().__init__(
            supported_entities=[PERSON],
            supported_language=supported_language,
            name="EnglishPersonRecognizer",
        )

    def load(self) -> None:  # the gazetteer is loaded (and cached) in __init__
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts: object = None) -> list[RecognizerResult]:
        words = [(m.start(), m.end(), m.group()) for m in _WORD_RE.finditer(text)]
        # Where a strong introduction ends, found in one scan rather than per lower-case word.
        after_intro = {m.end() for m in _STRONG_INTRO_RE.finditer(text)}
        results: list[RecognizerResult] = []
        i = 0
        while i < len(words):
            start, _, word = words[i]
            if not _is_capitalised(word) or _is_initial(word):
                # Lower-case names only after an unmistakable introduction ("my name is lena").
                if start in after_intro and word.lower() not in STOP_WORDS:
                    j = i + 1
                    if (
                        j < len(words)
                        and self._adjacent(text, words[j - 1], words[j])
                        and words[j][2].lower() not in STOP_WORDS
                    ):
                        j += 1
                    results.append(self._result(words[i][0], words[j - 1][1], 0.75, text))
                    i = j
                    continue
                i += 1
                continue
            if self._breaks_run(word):  # "Dear", "Mr.", "The": context, not part of a name
                i += 1
                continue
            # Collect a run of capitalised words on one line: "Ken N. Fukuda", "Giovanna Rodrigues MD".
            j = i + 1
            while (
                j < len(words)
                and j - i < 4
                and self._adjacent(text, words[j - 1], words[j])
                and (_is_capitalised(words[j][2]) or words[j][2] in _NAME_SUFFIXES)
                and not self._breaks_run(words[j][2])
            ):
                j += 1
            run = [w for _, _, w in words[i:j]]
            score = self._score(run, text[max(0, start - 24) : start])
            if score > 0:
                last = j
                # A trailing capitalised word that is neither a name nor a suffix is usually
                # the next phrase ("John Smith Street" is handled by the address recognizer).
                results.append(self._result(start, words[last - 1][1], score, text))
            i = j
        return results

    @staticmethod
    def _breaks_run(word: str) -> bool:
        core = word.rstrip(".")
        head = core.replace("’", "'").split("'")[0]  # "I'm", "I’ll" open sentences, not names
        return head in _COMMON_CAPITALISED or core.lower() in _HONORIFICS or core.lower() in STOP_WORDS

    @staticmethod
    def _adjacent(text: str, left: tuple[int, int, str], right: tuple[int, int, str]) -> bool:
        gap = text[left[1] : right[0]]
        return gap in (" ", "") or (gap == " " * len(gap) and len(gap) <= 2)

    def _score(self, run: list[str], before: str) -> float:
        cores = [w.rstrip(".") for w in run]
        honorific = _HONORIFIC_BEFORE_RE.search(before)
        if honorific and honorific.group(1).lower() in _HONORIFICS:
            return 0.85
        known_first = cores[0] in self._first
        if len(run) >= 2:
            if known_first or (cores[0] in self._last and cores[-1] in self._last):
                return 0.85
            if any(c in self._first for c in cores[1:]) and cores[0] not in _COMMON_CAPITALISED:
                return 0.6
            return 0.7 if _INTRO_RE.search(before) else 0.0
        if known_first:
            return 0.6
        return 0.7 if cores[0] not in _COMMON_CAPITALISED and _INTRO_RE.search(before) else 0.0

    def _result(self, start: int, end: int, score: float, text: str) -> RecognizerResult:
        # Never keep a trailing full stop: it ends the sentence, not the name.
        if text[end - 1] == "." and not _is_initial(text[start:end].split()[-1]):
            end -= 1
        return RecognizerResult(PERSON, start, end, score)
