"""NLI datasets in their published formats: GLUE MNLI TSV, KLUE-NLI JSON, KorNLI TSV.

Labels go through labels.nli_label (an explicit map per dataset); MNLI pairs without an
annotator majority (gold label "-") are reported as errors rather than given a guess.
"""

from __future__ import annotations

from collections.abc import Iterator

from instructflow.agents.format import labels
from instructflow.agents.format.readers.base import (
    Item,
    Origin,
    Row,
    UnreadableFileError,
    read_json,
    tsv_rows,
)


def _pair(
    origin: Origin, position: int, locator: str, record_id: str,
    premise: object, hypothesis: object, raw_label: object, label_field: str,
    extra: dict[str, str] | None = None,
) -> Item:
    if not isinstance(raw_label, str | int) or isinstance(raw_label, bool):
        return origin.error(position, locator, label_field, "missing label", record_id)
    try:
        label = labels.nli_label(origin.dataset, raw_label)
    except ValueError as exc:
        return origin.error(position, locator, label_field, str(exc), record_id)
    fields = {"premise": premise, "hypothesis": hypothesis, "label": label, **(extra or {})}
    return origin.record(position, locator, record_id, fields)  # type: ignore[arg-type]


def read_mnli(origin: Origin) -> Iterator[Item]:
    """GLUE MNLI TSV (train, dev_matched, dev_mismatched); test files have no labels."""
    for row in tsv_rows(origin, ("pairID", "genre", "sentence1", "sentence2", "gold_label")):
        if not isinstance(row, Row):
            yield row
            continue
        v = row.values
        yield _pair(
            origin, row.line, f"line {row.line}", v["pairID"], v["sentence1"].strip(),
            v["sentence2"].strip(), v["gold_label"], "gold_label", {"genre": v["genre"]},
        )


def read_kornli(origin: Origin) -> Iterator[Item]:
    """KorNLI TSV (``sentence1 sentence2 gold_label``); no ids, so the line is the id."""
    for row in tsv_rows(origin, ("sentence1", "sentence2", "gold_label")):
        if not isinstance(row, Row):
            yield row
            continue
        v = row.values
        yield _pair(
            origin, row.line, f"line {row.line}", str(row.line), v["sentence1"].strip(),
            v["sentence2"].strip(), v["gold_label"], "gold_label",
        )


def read_klue_nli(origin: Origin) -> Iterator[Item]:
    """KLUE-NLI JSON: an array of ``{guid, source, premise, hypothesis, gold_label, ...}``."""
    data = read_json(origin.path)
    if not isinstance(data, list):
        raise UnreadableFileError(origin.path, "not KLUE-NLI JSON: expected a top-level array")
    for i, obj in enumerate(data):
        locator = f"[{i}]"
        if not isinstance(obj, dict):
            yield origin.error(i, locator, "", "record is not an object")
            continue
        guid = obj.get("guid")
        if not isinstance(guid, str) or not guid:
            yield origin.error(i, locator, "guid", "missing record id")
            continue
        source = obj.get("source")
        yield _pair(
            origin, i, locator, guid, obj.get("premise"), obj.get("hypothesis"),
            obj.get("gold_label"), "gold_label",
            {"genre": source} if isinstance(source, str) else None,
        )
