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
from instructflow.agents.scrub.names_en_lists import (
    NAME_PARTICLES,
    ROMAN_SURNAMES,
    frequent_first,
    gazetteer,
    korean_given,
    name_key,
)
from instructflow.agents.scrub.names_ko_words import korean_full_name

PERSON = "PERSON"

_PERSON_KEYS = (
    "full_name|fullname|full name|first_name|firstname|first name|last_name|lastname|last name|given_name|"
    "family_name|surname|customer_name|customer name|contact_name|contact name|account_holder|"
    "cardholder|card_holder|card holder|"
    "성명|성함|고객명|예금주|수령인|수취인|받는분|받는 분|보호자|신청인|작성자|담당자"
).split("|")
# ... and keys whose value is a person or an account, a role or a machine ("holder": "KB", "sender": "daemon")
_GENERIC_KEYS = ("name", "이름", "고객", "customer", "contact", "holder", "sender", "recipient", "owner", "author",
                 "assignee", "reporter", "patient", "employee", "passenger")
_KEY = "|".join(re.escape(k) for k in sorted({*_PERSON_KEYS, *_GENERIC_KEYS} - {""}, key=len, reverse=True))
# A name: letters, spaces and the marks inside names (O'Neil, Jean-Luc, J. Smith), 2-40 long.
_VALUE = r"[^\W\d_](?:[^\W\d_]|[ .'’\-]){0,38}[^\W\d_.]"
# "key": "value" / 'key': 'value' / key: value / key = value, one line.
# "key: value", "key = value" or "성함 - 황현숙" (a spaced dash). A quoted value may be written surname
# first ("name": "Estrada, Dalton") and its closing quote ends it (name="Kim Minji" (code 51) in a log
# line); unquoted, a comma, brace, bar, slash or the line's end does.
_PAIR = re.compile(
    rf"(?<![\w])[\"']?(?P<key>{_KEY})[\"']?(?:[ \t]*[:=：]|[ \t]+[-–](?=[ \t]))[ \t]*(?P<q>[\"'])?"
    rf"(?P<value>{_VALUE}(?(q)(?:,[ \t]?{_VALUE})?))(?(q)(?P=q)(?![\w])|(?=[ \t]*(?:[,}}\]\n|/]|$)))",
    re.IGNORECASE | re.MULTILINE,
)
_TABLE_ROW = re.compile(r"^[ \t]*\|(.*)\|[ \t]*$", re.MULTILINE)
_VALUE_RE = re.compile(_VALUE)
# In a table cell a name may be written surname first with a comma ("Smith, Hunter").
_CELL_VALUE_RE = re.compile(rf"{_VALUE}(?:,[ \t]?{_VALUE})?")
# A Korean name spaced between surname and given name ("김 은지"), as forms are sometimes filled.
_SPACED_KOREAN = re.compile(r"[가-힣]{1,2} [가-힣]{1,3}")
# A CSV/TSV header line that holds a name key as one of its cells ("name,email,phone", "성명;계좌").
_CSV_HEADER = re.compile(rf"^(?:[^\n]*[,;\t])?[ \t\"']*(?:{_KEY})[ \t\"']*(?:[,;\t]|$)", re.IGNORECASE | re.MULTILINE)
_KEYS = frozenset(k.lower() for k in (*_PERSON_KEYS, *_GENERIC_KEYS) if k)


def _separator_row(cells: list[str]) -> bool:
    return all(set(c) <= set("-: ") for c in cells)


def _csv_cells(line: str, sep: str) -> list[tuple[int, int]]:
    """(start, end) of each cell of one CSV line split on ``sep``, quotes respected."""
    cells, start, quoted = [], 0, False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == sep and not quoted:
            cells.append((start, i))
            start = i + 1
    cells.append((start, len(line)))
    return cells


def table_cells(text: str, keys: frozenset[str]) -> list[tuple[str, int, int]]:
    """(key, start, end) of the markdown table cells a key labels: those under a key's column ("|
    name | phone |", "|---|---|", then the rows), and the cell after a key in a key-value table ("|
    구분 | 값 |", "|---|---|", "| 담당자 | 황하윤 |"). ``keys`` in lower case.

    The column is set by a table's header: the row above its separator row, or its first row when
    it has none; a key in a later row labels the cell beside it, not a column."""
    out: list[tuple[str, int, int]] = []
    rows = list(_TABLE_ROW.finditer(text))
    columns: list[int] = []
    header: list[str] = []
    block_has_separator = False
    for i, m in enumerate(rows):
        cells = m.group(1).split("|")
        stripped = [c.strip() for c in cells]
        if _separator_row(stripped):
            continue
        first = i == 0 or rows[i - 1].end() + 1 != m.start()
        if first:
            columns, block_has_separator = [], False
            for later in rows[i + 1:]:
                if _separator_row([c.strip() for c in later.group(1).split("|")]):
                    block_has_separator = True
                    break
        followed_by_separator = (i + 1 < len(rows) and rows[i + 1].start() == m.end() + 1
                                 and _separator_row([c.strip() for c in rows[i + 1].group(1).split("|")]))
        if followed_by_separator or (first and not block_has_separator):
            header = stripped
            columns = [k for k, cell in enumerate(stripped) if cell.lower() in keys]
            continue
        offsets = [m.start(1)]
        for c in cells:
            offsets.append(offsets[-1] + len(c) + 1)
        for k, cell in enumerate(stripped[:-1]):
            if cell.lower() in keys and k not in columns:
                out.append((cell, offsets[k + 1], offsets[k + 1] + len(cells[k + 1])))
        out.extend((header[k], offsets[k], offsets[k] + len(cells[k])) for k in columns if k < len(cells))
    return out


def csv_cells(text: str, keys: frozenset[str]) -> list[tuple[str, int, int]]:
    """(key, start, end) of the cells under a key's column of CSV/TSV lines: a header line with a
    key among its cells, then the lines below it with at least as many cells."""
    out: list[tuple[str, int, int]] = []
    lines = list(re.finditer(r"[^\r\n]+", text))
    i = 0
    while i < len(lines):
        line = lines[i].group()
        header = None
        for sep in (",", ";", "\t"):
            if sep not in line:
                continue
            cells = _csv_cells(line, sep)
            names = [line[a:b].strip().strip("\"'").strip().lower() for a, b in cells]
            columns = [k for k, cell in enumerate(names) if cell in keys]
            if columns:
                header = (sep, columns, len(cells), names)
                break
        i += 1
        if header is None:
            continue
        sep, columns, width, names = header
        while i < len(lines) and lines[i].start() == lines[i - 1].end() + 1:
            row = lines[i].group()
            cells = _csv_cells(row, sep)
            if len(cells) < width:
                break
            out.extend((names[k], lines[i].start() + cells[k][0], lines[i].start() + cells[k][1]) for k in columns)
            i += 1
    return out


def _person_like(value: str) -> bool:
    """A value of a generic "name" key that reads as a person, not a product or a file."""
    if korean_full_name(value, longest=4):  # a record may hold a three-syllable given name
        return True
    if _SPACED_KOREAN.fullmatch(value) and korean_full_name(value.replace(" ", ""), longest=4):
        return True
    words = value.replace(",", " ").split()
    if not words or not all(w[:1].isalpha() for w in words):
        return False
    if len(words) == 1 and is_common_english(words[0]):
        return False  # "Price", "Settings": column and product names that are also names somewhere
    first, last = gazetteer()
    keys = [name_key(w) for w in words]
    if keys[0] in first or (len(words) > 1 and keys[0] in last):
        return True
    # A frequent given name that is also a word ("Mark J. Medina", "Bill Ortiz"), then a surname, or
    # name particles and a capitalised word ("Dawn de Vries"; probe_fresh_en 7919).
    if len(words) > 1 and keys[0] in frequent_first() and (keys[-1] in last or (
            len(words) > 2 and all(w in NAME_PARTICLES for w in words[1:-1]) and words[-1][:1].isupper())):
        return True
    # "KWAK YEONHYE", "Na Woo-sung": a Korean surname, then romanized syllables
    return 2 <= len(words) <= 3 and keys[0] in ROMAN_SURNAMES and korean_given(words[1:])


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
        if "\n" in text and _CSV_HEADER.search(text):
            results.extend(self._csv(text))
        return results

    def _cell(self, key: str, text: str, start: int, end: int, pattern: re.Pattern[str] = _VALUE_RE
              ) -> RecognizerResult | None:
        """The name in ``text[start:end]`` (a whole cell, quotes and blanks around it aside)."""
        cell = text[start:end]
        found = pattern.search(cell)
        if found and found.group() == cell.strip().strip("\"'").strip() and _accept(key, found.group()):
            return RecognizerResult(PERSON, start + found.start(), start + found.end(), self.SCORE)
        return None

    def _table(self, text: str) -> list[RecognizerResult]:
        hits = (self._cell(key, text, a, b, _CELL_VALUE_RE) for key, a, b in table_cells(text, _KEYS))
        return [hit for hit in hits if hit]

    def _csv(self, text: str) -> list[RecognizerResult]:
        hits = (self._cell(key, text, a, b) for key, a, b in csv_cells(text, _KEYS))
        return [hit for hit in hits if hit]
