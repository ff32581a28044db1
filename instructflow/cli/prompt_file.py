"""Read prompts from a file a user hands us: JSONL (OpenAI chat form) or CSV/TSV with a text column.

Every line is either a Prompt or a LineError naming file, line and field, so one bad
line is reported and skipped while the rest go on.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from instructflow.schemas import Message, Prompt
from instructflow.streams.errors import describe_error
from instructflow.streams.line_error import LineError


def detect_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in {".jsonl", ".ndjson", ".json"}:
        return "jsonl"
    if suffix in {".csv", ".tsv"}:
        return suffix[1:]
    raise ValueError(f"{path}: cannot tell the format from '{suffix}'; pass --format jsonl|csv|tsv")


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
    csv.field_size_limit(sys.maxsize)
    with path.open(newline="", encoding="utf-8", errors="strict") as f:
        reader = csv.DictReader(f, delimiter=delimiter)
        if reader.fieldnames is None or column not in reader.fieldnames:
            raise ValueError(f"{path}:1: header has no column '{column}' (columns: {reader.fieldnames})")
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
    fmt = detect_format(path) if fmt == "auto" else fmt
    if fmt == "jsonl":
        yield from read_jsonl(path)
    elif fmt in {"csv", "tsv"}:
        yield from read_table(path, "," if fmt == "csv" else "\t", column, id_column)
    else:
        raise ValueError(f"unknown format '{fmt}'")
