"""KorSTS TSV: ``genre filename year id score sentence1 sentence2``.

The ``id`` column repeats across source files (931 distinct ids in 1,500 dev rows), so
the record id is ``filename-year-id``, which is unique.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from instructflow.agents.format.readers.base import Item, Origin, Row, tsv_rows

COLUMNS = ("genre", "filename", "year", "id", "score", "sentence1", "sentence2")


def read(origin: Origin) -> Iterator[Item]:
    for row in tsv_rows(origin, COLUMNS):
        if not isinstance(row, Row):
            yield row
            continue
        v = row.values
        locator = f"line {row.line}"
        record_id = f"{v['filename']}-{v['year']}-{v['id']}"
        try:
            score = float(v["score"])
        except ValueError:
            yield origin.error(row.line, locator, "score", "not a number", record_id)
            continue
        if math.isnan(score):
            yield origin.error(row.line, locator, "score", "not a number", record_id)
            continue
        fields = {
            "sentence1": v["sentence1"].strip(),
            "sentence2": v["sentence2"].strip(),
            "score": score,
        }
        yield origin.record(row.line, locator, record_id, fields)  # type: ignore[arg-type]
