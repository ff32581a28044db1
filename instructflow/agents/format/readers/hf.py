"""A Hugging Face ``datasets`` dataset already on disk: a ``save_to_disk`` directory
(Dataset or DatasetDict) or a single ``.arrow`` file. Nothing is fetched from a hub.

Rows go through the same field mapping as the generic reader. For the known datasets
the Hub's own layouts are preset (``answers.text`` for SQuAD, ClassLabel ints for NLI).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from instructflow.agents.format.readers.base import Item, Origin, UnreadableFileError
from instructflow.agents.format.readers.generic import records_from_rows

# Hub layouts of the known datasets -> (field mapping, id column).
PRESETS: dict[str, tuple[dict[str, str], str | None]] = {
    "squad": ({"answers": "answers.text", "answer_starts": "answers.answer_start"}, "id"),
    "mnli": ({}, "idx"),
    "klue-nli": ({}, "guid"),
    "korsts": ({"score": "labels.label"}, None),  # klue/sts layout
    "gsm8k": ({}, None),  # question/answer; the "#### N" answer is split like the JSONL
}


def is_hf_path(p: Path) -> bool:
    return p.suffix == ".arrow" or (
        p.is_dir() and any((p / n).exists() for n in ("dataset_info.json", "dataset_dict.json"))
    )


def _load(origin: Origin) -> Any:
    # Belt and braces: load_from_disk never downloads, but nothing here may reach a hub.
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import datasets  # deferred: a heavy import needed only for this reader

    try:
        if origin.path.suffix == ".arrow":
            return datasets.Dataset.from_file(str(origin.path))
        return datasets.load_from_disk(str(origin.path))
    except (FileNotFoundError, ValueError, OSError) as exc:
        raise UnreadableFileError(origin.path, f"not a datasets dataset on disk: {exc}") from exc


def read(
    origin: Origin,
    mapping: Mapping[str, str],
    lang: str | None = None,
    id_field: str | None = None,
    hf_split: str | None = None,
) -> Iterator[Item]:
    """Rows of a Dataset, or of one split (``hf_split``, default: ``origin.split``) of a
    DatasetDict; a DatasetDict with one split needs no choice."""
    import datasets

    ds = _load(origin)
    if isinstance(ds, datasets.DatasetDict):
        name = hf_split or (origin.split if origin.split in ds else None)
        if name is None and len(ds) == 1:
            name = next(iter(ds))
        if name is None or name not in ds:
            raise UnreadableFileError(
                origin.path, f"choose a split: {', '.join(ds)} (got {name or 'none'})"
            )
        ds = ds[name]
        if origin.split == "unspecified":
            origin = replace(origin, split=name)
    preset_map, preset_id = PRESETS.get(origin.dataset, ({}, None))
    mapping = {**preset_map, **mapping}
    id_field = id_field or preset_id

    def rows() -> Iterator[tuple[int, str, Mapping[str, Any]]]:
        for i, row in enumerate(ds):
            yield i, f"row {i}", row

    yield from records_from_rows(origin, rows(), mapping, lang=lang, id_field=id_field)
