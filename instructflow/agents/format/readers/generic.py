"""Any JSONL / JSON-array / CSV / TSV / Parquet file, with a field mapping.

The mapping says which source column feeds which field of the task type, e.g.
``instruction=question,output=answer`` (target=source; a dotted source such as
``answers.text`` reaches into nested objects). Fields not mapped are looked up under
their own name.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from instructflow.agents.format import labels
from instructflow.agents.format.readers.base import (
    Item,
    Origin,
    Row,
    UnreadableFileError,
    jsonl_objects,
    lines,
    read_json,
    tsv_rows,
)
from instructflow.agents.format.readers.gsm8k import split_answer
from instructflow.agents.format.tasktypes import SPECS
from instructflow.agents.language import detect_lang
from instructflow.schemas.task import FieldValue, TaskType

FORMATS = ("jsonl", "json", "csv", "tsv", "parquet")
_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv",
             ".tsv": "tsv", ".parquet": "parquet", ".pq": "parquet"}


def parse_mapping(spec: str | Mapping[str, str] | None) -> dict[str, str]:
    """``"instruction=question,output=answer"`` -> ``{"instruction": "question", ...}``."""
    if spec is None:
        return {}
    if isinstance(spec, Mapping):
        return dict(spec)
    out: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        target, sep, source = part.partition("=")
        if not sep or not target.strip() or not source.strip():
            raise ValueError(f"bad field mapping {part!r}: expected target=source")
        out[target.strip()] = source.strip()
    return out


def check_mapping(task_type: TaskType, mapping: Mapping[str, str]) -> None:
    spec = SPECS[task_type]
    known = set(spec.required) | set(spec.optional)
    unknown = set(mapping) - known
    if unknown:
        raise ValueError(
            f"mapping target(s) {', '.join(sorted(unknown))} are not fields of {task_type.value} "
            f"(fields: {', '.join(sorted(known))})"
        )


def detect_format(path: Path, fmt: str | None) -> str:
    if fmt:
        if fmt not in FORMATS:
            raise UnreadableFileError(path, f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
        return fmt
    try:
        return _SUFFIXES[path.suffix.lower()]
    except KeyError:
        raise UnreadableFileError(
            path, f"cannot tell the format from {path.suffix!r}; pass format= ({', '.join(FORMATS)})"
        ) from None


def read(
    origin: Origin,
    mapping: Mapping[str, str],
    fmt: str | None = None,
    lang: str | None = None,
    id_field: str | None = None,
) -> Iterator[Item]:
    rows = _rows(origin, detect_format(origin.path, fmt))
    yield from records_from_rows(origin, rows, mapping, lang=lang, id_field=id_field)


def records_from_rows(
    origin: Origin,
    rows: Iterable[tuple[int, str, Mapping[str, Any]] | Item],
    mapping: Mapping[str, str],
    lang: str | None = None,
    id_field: str | None = None,
) -> Iterator[Item]:
    """Rows as (position, locator, row) -> records of ``origin.task_type``.

    Without ``id_field`` the record id is the position (line or index), stable as long
    as the file is.
    """
    spec = SPECS[origin.task_type]
    targets = (*spec.required, *spec.optional)
    for row in rows:
        if not isinstance(row, tuple):
            yield row
            continue
        position, locator, values = row
        record_id = str(position)
        if id_field:
            rid = _get(values, id_field)
            if rid is None or rid == "":
                yield origin.error(position, locator, id_field, "missing record id")
                continue
            record_id = str(rid)
        fields: dict[str, FieldValue] = {}
        problem: tuple[str, str] | None = None
        for target in targets:
            source = mapping.get(target, target)
            value = _get(values, source)
            if value is None:
                continue
            try:
                fields[target] = _coerce(origin, target, value)
            except ValueError as exc:
                problem = (source, str(exc))
                break
        if problem:
            yield origin.error(position, locator, problem[0], problem[1], record_id)
            continue
        if origin.task_type is TaskType.extractive_qa and "answerable" not in fields:
            # SQuAD v2 layouts mark unanswerable questions by an empty answer list.
            fields["answerable"] = bool(fields.get("answers"))
        if origin.task_type is TaskType.math_word and "rationale" not in fields:
            answer = fields.get("answer")
            if isinstance(answer, str) and "####" in answer:  # GSM8K layout
                try:
                    fields["rationale"], fields["answer"] = split_answer(answer)
                except ValueError as exc:
                    yield origin.error(position, locator, "answer", str(exc), record_id)
                    continue
        record_lang = lang or detect_lang(" ".join(v for v in fields.values() if isinstance(v, str)))
        yield origin.record(position, locator, record_id, fields, lang=record_lang)


def _get(values: Mapping[str, Any], path: str) -> Any:
    current: Any = values
    for key in path.split("."):
        if not isinstance(current, Mapping) or key not in current:
            return None
        current = current[key]
    return current


def _coerce(origin: Origin, target: str, value: Any) -> FieldValue:
    # Text files give every value as a string; turn them into what the task type checks.
    task = origin.task_type
    if task is TaskType.nli and target == "label":
        return labels.nli_label(origin.dataset, value)
    if task is TaskType.sts and target == "score":
        try:
            return float(value)
        except (TypeError, ValueError):
            raise ValueError(f"score {value!r} is not a number") from None
    if task is TaskType.extractive_qa:
        if target == "answers":
            return [value] if isinstance(value, str) else [str(v) for v in value]
        if target == "answer_starts":
            return [int(value)] if isinstance(value, int | str) else [int(v) for v in value]
        if target == "answerable":
            if isinstance(value, str):
                return value.strip().lower() in ("1", "true", "yes")
            return bool(value)
    if isinstance(value, str | bool | int | float):
        return value if isinstance(value, str) else str(value)
    raise ValueError(f"expected text, got {type(value).__name__}")


def _rows(origin: Origin, fmt: str) -> Iterator[tuple[int, str, Mapping[str, Any]] | Item]:
    if fmt == "jsonl":
        for item in jsonl_objects(origin):
            if isinstance(item, tuple):
                yield item[0], f"line {item[0]}", item[1]
            else:
                yield item
    elif fmt == "json":
        data = read_json(origin.path)
        if not isinstance(data, list):
            raise UnreadableFileError(origin.path, "expected a JSON array of objects")
        for i, obj in enumerate(data):
            if isinstance(obj, dict):
                yield i, f"[{i}]", obj
            else:
                yield origin.error(i, f"[{i}]", "", "record is not an object")
    elif fmt == "tsv":
        for row in tsv_rows(origin, ()):
            yield (row.line, f"line {row.line}", row.values) if isinstance(row, Row) else row
    elif fmt == "csv":
        yield from _csv_rows(origin)
    else:
        yield from _parquet_rows(origin)


def _csv_rows(origin: Origin) -> Iterator[tuple[int, str, Mapping[str, Any]] | Item]:
    # RFC 4180 CSV: quoted fields may span lines, so the reader tracks where each record
    # starts (its first physical line) for the error report.
    text_lines = (t if t is not None else "\ufffd" for _, t in lines(origin.path))
    reader = csv.reader(t + "\n" for t in text_lines)
    try:
        header = next(reader)
    except StopIteration:
        raise UnreadableFileError(origin.path, "empty CSV file") from None
    except csv.Error as exc:
        raise UnreadableFileError(origin.path, f"bad CSV header: {exc}") from exc
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield origin.error(start, f"line {start}", "", f"bad CSV: {exc}")
            start = reader.line_num + 1
            continue
        line, start = start, reader.line_num + 1
        if not cells or not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            yield origin.error(line, f"line {line}", "", f"expected {len(header)} columns, got {len(cells)}")
            continue
        yield line, f"line {line}", dict(zip(header, cells, strict=True))


def _parquet_rows(origin: Origin) -> Iterator[tuple[int, str, Mapping[str, Any]] | Item]:
    import pyarrow.parquet as pq  # deferred: pyarrow is slow to import and only needed here

    try:
        pf = pq.ParquetFile(origin.path)
    except (OSError, ValueError) as exc:  # ArrowInvalid is a ValueError
        raise UnreadableFileError(origin.path, f"not a Parquet file: {exc}") from exc
    index = 0
    for batch in pf.iter_batches(batch_size=4096):
        for row in batch.to_pylist():
            yield index, f"row {index}", row
            index += 1
