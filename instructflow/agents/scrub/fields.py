"""Person names in records: the value of a field that says it holds a name.

Chat prompts paste records to be cleaned, summarised or converted: JSON (``{"name": "이민수"}``),
YAML or "key: value" lines (``- 성함: 김명자``), markdown tables with a name column. There a name
has no sentence around it, which is what the name models read (the Korean model, trained on
news, misses most bare "이민수" in a JSON string), while the key says exactly what the value is.

Keys that only ever hold a person's name (``full_name``, ``성함``, ``예금주`` ...) take any
name-shaped value. The generic "name"/"이름" also names products, files and packages
(``{"name": "my-app"}``), so its value must look like a person: a Korean surname and one to three
syllables, or Latin words opening with a known first name (names_en's gazetteer).
"""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult

from instructflow.agents.scrub.gazetteers import is_common_english
from instructflow.agents.scrub.names_en_lists import gazetteer
from instructflow.agents.scrub.names_ko_words import korean_full_name

PERSON = "PERSON"

_PERSON_KEYS = (
    "full_name fullname full name first_name firstname first name last_name lastname last name given_name "
    "family_name surname customer_name customer name contact_name contact name account_holder "
    "성명 성함 고객명 예금주 수령인 수취인 받는분 받는 분 보호자 신청인 작성자 담당자"
).split(" ")
_GENERIC_KEYS = ("name", "이름", "고객", "customer", "contact")
_KEY = "|".join(re.escape(k) for k in sorted({*_PERSON_KEYS, *_GENERIC_KEYS} - {""}, key=len, reverse=True))
# A name: letters, spaces and the marks inside names (O'Neil, Jean-Luc, J. Smith), 2-40 long.
_VALUE = r"[^\W\d_](?:[^\W\d_]|[ .'’\-]){0,38}[^\W\d_.]"
# "key": "value" / 'key': 'value' / key: value / key = value, one line.
_PAIR = re.compile(
    rf"(?<![\w])[\"']?(?P<key>{_KEY})[\"']?[ \t]*[:=：][ \t]*(?P<q>[\"']?)(?P<value>{_VALUE})(?P=q)"
    r"(?=[ \t]*(?:[,}\]\n|]|$))",
    re.IGNORECASE | re.MULTILINE,
)
_TABLE_ROW = re.compile(r"^[ \t]*\|(.*)\|[ \t]*$", re.MULTILINE)
_VALUE_RE = re.compile(_VALUE)


def _person_like(value: str) -> bool:
    """A value of a generic "name" key that reads as a person, not a product or a file."""
    if korean_full_name(value, longest=4):  # a record may hold a three-syllable given name
        return True
    words = value.replace(",", " ").split()
    if not words or not all(w[:1].isalpha() for w in words):
        return False
    if len(words) == 1 and is_common_english(words[0]):
        return False  # "Price", "Settings": column and product names that are also names somewhere
    first, last = gazetteer()
    return words[0].rstrip(".").capitalize() in first or (len(words) > 1 and words[0].capitalize() in last)


def _accept(key: str, value: str) -> bool:
    value = value.strip()
    if len(value) < 2 or (value.isascii() and value.islower() and " " not in value):
        return False  # "str", "none", "my-app": code, not a name
    return _person_like(value) if key.lower() in _GENERIC_KEYS else True


class FieldNameRecognizer(EntityRecognizer):
    """PERSON: the value of a name field in JSON, YAML, "key: value" lines and markdown tables."""

    SCORE = 0.7

    def __init__(self) -> None:
        super().__init__(supported_entities=[PERSON], supported_language="en", name="FieldNameRecognizer")

    def load(self) -> None:
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts: object = None) -> list[RecognizerResult]:
        results = [
            RecognizerResult(PERSON, m.start("value"), m.end("value"), self.SCORE)
            for m in _PAIR.finditer(text)
            if _accept(m.group("key"), m.group("value"))
        ]
        if "|" in text:
            results.extend(self._table(text))
        return results

    def _table(self, text: str) -> list[RecognizerResult]:
        """Cells under a name column: "| name | phone |" then "|---|---|" then the rows."""
        out: list[RecognizerResult] = []
        column: int | None = None
        key = ""
        for m in _TABLE_ROW.finditer(text):
            cells = m.group(1).split("|")
            stripped = [c.strip() for c in cells]
            if column is None:
                for k, cell in enumerate(stripped):
                    if cell.lower() in _PERSON_KEYS or cell.lower() in _GENERIC_KEYS:
                        column, key = k, cell
                        break
                continue
            if all(set(c) <= set("-: ") for c in stripped):
                continue  # the separator row
            if column >= len(cells):
                continue
            offset = m.start(1) + sum(len(c) + 1 for c in cells[:column])
            cell = cells[column]
            found = _VALUE_RE.search(cell)
            if found and found.group() == cell.strip() and _accept(key, found.group()):
                out.append(RecognizerResult(PERSON, offset + found.start(), offset + found.end(), self.SCORE))
        return out
