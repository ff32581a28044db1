"""The reader registry: ``read_records(dataset, path)`` for every supported dataset format.

Known dataset names read their own published format; any other name is a user's dataset
read by the generic reader (JSONL/JSON/CSV/TSV/Parquet by extension, or a Hugging Face
dataset directory / ``.arrow`` file) with a field mapping.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from instructflow.agents.format.readers import generic, gsm8k, hf, korsts, nli, squad
from instructflow.agents.format.readers.base import (
    Item,
    Origin,
    UnreadableFileError,
    infer_split,
)
from instructflow.agents.format.tasktypes import SPECS, FieldProblem
from instructflow.schemas.task import RecordError, TaskRecord, TaskType

__all__ = ["DATASETS", "DatasetFormat", "UnreadableFileError", "read_records"]


@dataclass(frozen=True)
class DatasetFormat:
    name: str
    task_type: TaskType
    lang: str
    description: str
    read: Callable[[Origin], Iterator[Item]]


DATASETS: dict[str, DatasetFormat] = {
    d.name: d
    for d in (
        DatasetFormat("squad", TaskType.extractive_qa, "en", "SQuAD v1.1/v2.0 JSON", squad.read),
        DatasetFormat("mnli", TaskType.nli, "en", "GLUE MNLI TSV", nli.read_mnli),
        DatasetFormat("klue-nli", TaskType.nli, "ko", "KLUE-NLI JSON", nli.read_klue_nli),
        DatasetFormat("kornli", TaskType.nli, "ko", "KorNLI TSV", nli.read_kornli),
        DatasetFormat("korsts", TaskType.sts, "ko", "KorSTS TSV", korsts.read),
        DatasetFormat("gsm8k", TaskType.math_word, "en", "GSM8K JSONL", gsm8k.read),
    )
}


def read_records(
    dataset: str,
    path: Path | str,
    *,
    split: str | None = None,
    mapping: str | Mapping[str, str] | None = None,
    task_type: TaskType | str | None = None,
    lang: str | None = None,
    fmt: str | None = None,
    id_field: str | None = None,
    hf_split: str | None = None,
) -> Iterator[TaskRecord | RecordError]:
    """Records of one file, each checked against its task type.

    Never raises for a bad record (it comes out as a RecordError with file, position
    and field); raises UnreadableFileError, before yielding anything, for a file that
    cannot be read at all, and ValueError for bad options (unknown mapping target...).

    ``split`` defaults to the split named in the file name. For datasets not in
    DATASETS: ``mapping`` ("target=source,...") maps source columns to the fields of
    ``task_type`` (default generic: instruction/input/output); ``lang`` defaults to
    per-record script detection; ``fmt`` overrides the extension; ``id_field`` names
    the id column (default: the line or row number).
    """
    path = Path(path)
    if not path.exists():
        raise UnreadableFileError(path, "no such file or directory")
    known = DATASETS.get(dataset)
    ttype = TaskType(task_type) if task_type else (known.task_type if known else TaskType.generic)
    if known and task_type and ttype is not known.task_type:
        raise ValueError(f"{dataset} is a {known.task_type.value} dataset, not {ttype.value}")
    fields_map = generic.parse_mapping(mapping)
    generic.check_mapping(ttype, fields_map)
    origin = Origin(
        dataset=dataset,
        split=split or infer_split(path),
        path=path,
        task_type=ttype,
        lang=lang or (known.lang if known else "en"),
    )
    record_lang = lang or (known.lang if known else None)
    if hf.is_hf_path(path):
        items = hf.read(origin, fields_map, lang=record_lang, id_field=id_field, hf_split=hf_split)
    elif known and not fields_map and fmt is None:
        items = known.read(origin)
    else:
        items = generic.read(origin, fields_map, fmt=fmt, lang=record_lang, id_field=id_field)
    return _primed(_checked(items))


def _checked(items: Iterator[Item]) -> Iterator[Item]:
    # The task type's own check (an answer that is not a span of its context, a score
    # outside 0..5, a missing field) runs here too, so a load reports every record that
    # the format agent would refuse, with its position, before anything is published.
    for item in items:
        if isinstance(item, TaskRecord):
            try:
                SPECS[item.task_type].base(item.fields)
            except FieldProblem as exc:
                item = RecordError(
                    file=item.file,
                    position=item.position,
                    locator=item.locator,
                    field=exc.field,
                    reason=exc.reason,
                    dataset=item.dataset,
                    record_id=item.record_id,
                )
        yield item


def _primed(items: Iterator[Item]) -> Iterator[Item]:
    # Pull the first item now, so file-level errors (not JSON, missing columns) raise
    # from read_records itself rather than on the caller's first iteration.
    first = next(items, None)
    return items if first is None else chain([first], items)
