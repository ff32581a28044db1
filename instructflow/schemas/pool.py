"""The pool's ``instances`` table, column by column, as a function of the Instance model.

The migrations create the table in SQL; a test checks that the migrated table has exactly
these columns and types, so this module stays the one place that defines them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from instructflow.schemas.instance import Instance


@dataclass(frozen=True)
class PoolColumn:
    # ``get`` is an attrgetter where the value is a field (a C call; every row of every insert
    # calls all of them), a function where it needs building.
    name: str
    type: str
    get: Callable[[Instance], Any]


INSTANCE_COLUMNS: tuple[PoolColumn, ...] = (
    PoolColumn("instance_id", "String", attrgetter("instance_id")),
    PoolColumn("origin_id", "String", attrgetter("origin_id")),
    PoolColumn("source", "LowCardinality(String)", attrgetter("source.value")),
    PoolColumn("stage", "UInt8", attrgetter("stage")),
    PoolColumn("lang", "LowCardinality(String)", attrgetter("lang")),
    PoolColumn("status", "LowCardinality(String)", attrgetter("status.value")),
    PoolColumn("reject_reason", "LowCardinality(String)", attrgetter("reject_reason")),
    PoolColumn("duplicate_of", "String", attrgetter("duplicate_of")),
    PoolColumn("instruction", "String", attrgetter("instruction")),
    PoolColumn("input", "String", attrgetter("input")),
    PoolColumn("output", "String", attrgetter("output")),
    PoolColumn("messages", "Array(Tuple(role String, content String))",
               lambda i: [(m.role, m.content) for m in i.messages]),
    PoolColumn("content_hash", "String", attrgetter("content_hash")),
    PoolColumn("scores", "Map(String, Float32)", attrgetter("scores")),
    PoolColumn("pii", "Map(String, UInt32)", attrgetter("pii")),
    PoolColumn("origin_topic", "LowCardinality(String)", attrgetter("lineage.topic")),
    PoolColumn("origin_partition", "Int32", attrgetter("lineage.partition")),
    PoolColumn("origin_offset", "Int64", attrgetter("lineage.offset")),
    PoolColumn("dataset", "LowCardinality(String)", attrgetter("lineage.dataset")),
    PoolColumn("split", "LowCardinality(String)", attrgetter("lineage.split")),
    PoolColumn("record_id", "String", attrgetter("lineage.record_id")),
    PoolColumn("template_id", "LowCardinality(String)", attrgetter("lineage.template_id")),
    PoolColumn("demonstration_ids", "Array(String)", attrgetter("lineage.demonstration_ids")),
    PoolColumn("model", "LowCardinality(String)", attrgetter("lineage.model")),
    PoolColumn("prompt_version", "LowCardinality(String)", attrgetter("lineage.prompt_version")),
    PoolColumn("generation_round", "UInt32", attrgetter("lineage.generation_round")),
    PoolColumn("annotator_id", "String", attrgetter("lineage.annotator_id")),
    PoolColumn("reviewer_id", "String", attrgetter("lineage.reviewer_id")),
    PoolColumn("annotation_seconds", "Float32", attrgetter("lineage.annotation_seconds")),
    PoolColumn("review_verdict", "LowCardinality(String)", attrgetter("lineage.review_verdict")),
    PoolColumn("annotator_rating", "UInt8", attrgetter("lineage.annotator_rating")),
    PoolColumn("created_at", "DateTime64(3, 'UTC')", attrgetter("created_at")),
    PoolColumn("prompt_tokens", "UInt32", attrgetter("lineage.prompt_tokens")),
    PoolColumn("completion_tokens", "UInt32", attrgetter("lineage.completion_tokens")),
    PoolColumn("cost_usd", "Float64", attrgetter("lineage.cost_usd")),
)

COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in INSTANCE_COLUMNS)


def to_row(instance: Instance) -> list[Any]:
    return [c.get(instance) for c in INSTANCE_COLUMNS]
