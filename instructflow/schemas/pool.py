"""The pool's ``instances`` table, column by column, as a function of the Instance model.

The migrations create the table in SQL; a test checks that the migrated table has exactly
these columns and types, so this module stays the one place that defines them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from instructflow.schemas.instance import Instance


@dataclass(frozen=True)
class PoolColumn:
    name: str
    type: str
    get: Callable[[Instance], Any]


INSTANCE_COLUMNS: tuple[PoolColumn, ...] = (
    PoolColumn("instance_id", "String", lambda i: i.instance_id),
    PoolColumn("origin_id", "String", lambda i: i.origin_id),
    PoolColumn("source", "LowCardinality(String)", lambda i: i.source.value),
    PoolColumn("stage", "UInt8", lambda i: i.stage),
    PoolColumn("lang", "LowCardinality(String)", lambda i: i.lang),
    PoolColumn("status", "LowCardinality(String)", lambda i: i.status.value),
    PoolColumn("reject_reason", "LowCardinality(String)", lambda i: i.reject_reason),
    PoolColumn("duplicate_of", "String", lambda i: i.duplicate_of),
    PoolColumn("instruction", "String", lambda i: i.instruction),
    PoolColumn("input", "String", lambda i: i.input),
    PoolColumn("output", "String", lambda i: i.output),
    PoolColumn("messages", "Array(Tuple(role String, content String))",
               lambda i: [(m.role, m.content) for m in i.messages]),
    PoolColumn("content_hash", "String", lambda i: i.content_hash),
    PoolColumn("scores", "Map(String, Float32)", lambda i: i.scores),
    PoolColumn("pii", "Map(String, UInt32)", lambda i: i.pii),
    PoolColumn("origin_topic", "LowCardinality(String)", lambda i: i.lineage.topic),
    PoolColumn("origin_partition", "Int32", lambda i: i.lineage.partition),
    PoolColumn("origin_offset", "Int64", lambda i: i.lineage.offset),
    PoolColumn("dataset", "LowCardinality(String)", lambda i: i.lineage.dataset),
    PoolColumn("split", "LowCardinality(String)", lambda i: i.lineage.split),
    PoolColumn("record_id", "String", lambda i: i.lineage.record_id),
    PoolColumn("template_id", "LowCardinality(String)", lambda i: i.lineage.template_id),
    PoolColumn("demonstration_ids", "Array(String)", lambda i: i.lineage.demonstration_ids),
    PoolColumn("model", "LowCardinality(String)", lambda i: i.lineage.model),
    PoolColumn("prompt_version", "LowCardinality(String)", lambda i: i.lineage.prompt_version),
    PoolColumn("generation_round", "UInt32", lambda i: i.lineage.generation_round),
    PoolColumn("annotator_id", "String", lambda i: i.lineage.annotator_id),
    PoolColumn("reviewer_id", "String", lambda i: i.lineage.reviewer_id),
    PoolColumn("annotation_seconds", "Float32", lambda i: i.lineage.annotation_seconds),
    PoolColumn("review_verdict", "LowCardinality(String)", lambda i: i.lineage.review_verdict),
    PoolColumn("annotator_rating", "UInt8", lambda i: i.lineage.annotator_rating),
    PoolColumn("created_at", "DateTime64(3, 'UTC')", lambda i: i.created_at),
    PoolColumn("prompt_tokens", "UInt32", lambda i: i.lineage.prompt_tokens),
    PoolColumn("completion_tokens", "UInt32", lambda i: i.lineage.completion_tokens),
    PoolColumn("cost_usd", "Float64", lambda i: i.lineage.cost_usd),
)

COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in INSTANCE_COLUMNS)


def to_row(instance: Instance) -> list[Any]:
    return [c.get(instance) for c in INSTANCE_COLUMNS]
