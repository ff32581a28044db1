"""Read prompts from a file a user hands us: JSONL (OpenAI chat form) or CSV/TSV with a text column.

Every line is either a Prompt or a LineError naming file, line and field, so one bad
line is reported and skipped while the rest go on.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from pydantic import ValidationError

from instructflow.schemas import Message, Prompt
from instructflow.streams.errors import describe_error
from instructflow.streams.jsonl_check import check_jsonl
from instructflow.streams.line_error import LineError

FORMATS = ("jsonl", "csv", "tsv")


def detect_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in {".jsonl", ".ndjson", ".json"}:
        return "jsonl"
    if suffix in {".csv", ".tsv"}:
        return suffix[1:]
    raise ValueError(f"{path}: cannot tell the format from '{suffix}'; pass --format jsonl|csv|tsv")


def check_file(path: Path, fmt: str = "auto", column: str = "text") -> str:
    """The file's format, checked before anything is sent: raises ValueError (one line, naming the file)
    for a missing file, an unknown format, a file that is not what it claims, or a missing column."""
    if not path.is_file():
        raise ValueError(f"{path}: no such file")
    fmt = detect_format(path) if fmt == "auto" else fmt
    if fmt not in FORMATS:
        raise ValueError(f"unknown format '{fmt}'; one of {', '.join(FORMATS)}")
    if fmt == "jsonl":
        check_jsonl(path, hint="for CSV/TSV pass --format csv|tsv")
    else:
        _header(path, "," if fmt == "csv" else "\t", column)
    return fmt


def count_records(path: Path, fmt: str) -> int:
    """Records, not lines: blank JSONL lines and the CSV header are not records; a quoted CSV field may
    span lines."""
    if fmt == "jsonl":
        with path.open("rb") as f:
            return sum(1 for raw in f if raw.strip())
    with _open_table(path) as f:
        return max(0, sum(1 for _ in csv.reader(f, delimiter="," if fmt == "csv" else "\t")) - 1)


def _open_table(path: Path) -> TextIO:
    csv.field_size_limit(sys.maxsize)
    return path.open(newline="", encoding="utf-8", errors="strict")


def _header(path: Path, delimiter: str, column: str) -> list[str]:
    with _open_table(path) as f:
        names = csv.DictReader(f, delimiter=delimiter).fieldnames
    if names is None or column not in names:
        raise ValueError(f"{path}:1: header has no column '{column}' (columns: {', '.join(names or [])});"
                         " pick one with --column")
    return list(names)


def _field_of(exc: ValidationError) -> str:
    err = exc.errors(include_input=False)[0]
    return ".".join(str(p) for p in err["loc"]) or "<root>"


def read_jsonl(path: Path) -> Iterator[tuple[int, Prompt | LineError]]:
    with path.open("rb") as f:
        for no, raw in enumerate(f, start=1):
            if not raw.strip():
                continue
            try:
                yield no, Prompt.model_validate_json(raw)
            except ValidationError as exc:
                yield no, LineError(str(path), no, _field_of(exc), describe_error(exc))


def read_table(
    path: Path, delimiter: str, column: str, id_column: str | None
) -> Iterator[tuple[int, Prompt | LineError]]:
    _header(path, delimiter, column)
    with _open_table(path) as f:
        reader = csv.DictReader(f, delimiter=delimiter)
        for row in reader:
            no = reader.line_num
            text = (row.get(column) or "").strip()
            if not text:
                yield no, LineError(str(path), no, column, "empty text")
                continue
            origin = (row.get(id_column) or None) if id_column else None
            yield no, Prompt(id=origin, messages=[Message(role="user", content=text)])


def read_prompts(path: Path, fmt: str = "auto", column: str = "text",
                 id_column: str | None = None) -> Iterator[tuple[int, Prompt | LineError]]:
    fmt = check_file(path, fmt, column)
    if fmt == "jsonl":
        yield from read_jsonl(path)
    else:
        yield from read_table(path, "," if fmt == "csv" else "\t", column, id_column)
