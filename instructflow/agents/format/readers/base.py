"""What every reader shares: the error types, record construction, and line-based parsing.

Readers never raise for one bad record: it becomes a RecordError with file, position and
field, and reading goes on. A file that cannot be read at all (missing, not the format,
header without the needed columns) raises UnreadableFileError at once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from instructflow.schemas.task import FieldValue, RecordError, TaskRecord, TaskType


class UnreadableFileError(Exception):
    """The file as a whole cannot be read as the dataset's format."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


Item = TaskRecord | RecordError


@dataclass(frozen=True)
class Origin:
    """Where records come from: shared by every record a reader yields."""

    dataset: str
    split: str
    path: Path
    task_type: TaskType
    lang: str

    @property
    def file(self) -> str:
        return self.path.name

    def error(
        self, position: int, locator: str, field: str, reason: str, record_id: str = ""
    ) -> RecordError:
        return RecordError(
            file=self.file,
            position=position,
            locator=locator,
            field=field,
            reason=reason,
            dataset=self.dataset,
            record_id=record_id,
        )

    def record(
        self,
        position: int,
        locator: str,
        record_id: str,
        fields: dict[str, FieldValue],
        lang: str | None = None,
    ) -> Item:
        # A missing value is left out, so the task type's check reports the field as
        # missing instead of pydantic reporting a type mismatch.
        fields = {k: v for k, v in fields.items() if v is not None}
        try:
            return TaskRecord(
                dataset=self.dataset,
                split=self.split,
                record_id=record_id,
                task_type=self.task_type,
                fields=fields,
                lang=lang or self.lang,
                file=self.file,
                position=position,
                locator=locator,
            )
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"])
            return self.error(position, locator, field, err["msg"], record_id)


_SPLIT_WORDS = ("train", "validation", "valid", "val", "dev", "test")


def infer_split(path: Path) -> str:
    """Split named in the file name (``klue_nli_v1.1_dev.json`` -> ``dev``), else 'unspecified'."""
    tokens = re.split(r"[^a-z]+", path.stem.lower())
    for word in _SPLIT_WORDS:
        if word in tokens:
            return "validation" if word in ("valid", "val") else word
    return "unspecified"


def read_json(path: Path) -> Any:
    try:
        with path.open("rb") as fh:
            return json.load(fh)
    except OSError as exc:
        raise UnreadableFileError(path, f"cannot open: {exc.strerror}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnreadableFileError(path, f"not valid JSON: {exc}") from exc


def lines(path: Path) -> Iterator[tuple[int, str | None]]:
    """(1-based line number, text) for each line; text None when not valid UTF-8.

    Decoding per line keeps one bad line from making the whole file unreadable.
    """
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise UnreadableFileError(path, f"cannot open: {exc.strerror}") from exc
    with fh:
        for number, raw in enumerate(fh, start=1):
            try:
                text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                yield number, None
                continue
            yield number, text.rstrip("\r\n")


@dataclass(frozen=True)
class Row:
    line: int
    values: Mapping[str, str]


def tsv_rows(
    origin: Origin, required: Sequence[str]
) -> Iterator[Row | RecordError]:
    """Rows of a headed TSV, split on tabs only.

    No CSV quoting: GLUE/KorNLUDatasets TSVs contain bare double quotes inside
    sentences (KorNLI has 28 such lines) which a quote-aware parser would merge into
    neighbouring rows.
    """
    it = lines(origin.path)
    header_line = next(it, None)
    if header_line is None or header_line[1] is None:
        raise UnreadableFileError(origin.path, "empty file or header not UTF-8")
    header = header_line[1].split("\t")
    missing = [c for c in required if c not in header]
    if missing:
        raise UnreadableFileError(
            origin.path, f"header lacks column(s) {', '.join(missing)} (has: {', '.join(header)})"
        )
    for number, text in it:
        locator = f"line {number}"
        if text is None:
            yield origin.error(number, locator, "", "line is not valid UTF-8")
            continue
        if not text.strip():
            continue  # blank (e.g. trailing) lines are not records
        cells = text.split("\t")
        if len(cells) != len(header):
            yield origin.error(
                number, locator, "", f"expected {len(header)} tab-separated columns, got {len(cells)}"
            )
            continue
        yield Row(number, dict(zip(header, cells, strict=True)))


def jsonl_objects(origin: Origin) -> Iterator[tuple[int, dict[str, Any]] | RecordError]:
    for number, text in lines(origin.path):
        locator = f"line {number}"
        if text is None:
            yield origin.error(number, locator, "", "line is not valid UTF-8")
            continue
        if not text.strip():
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            yield origin.error(number, locator, "", f"not valid JSON: {exc.msg} (column {exc.colno})")
            continue
        if not isinstance(obj, dict):
            yield origin.error(number, locator, "", f"expected a JSON object, got {type(obj).__name__}")
            continue
        yield number, obj
