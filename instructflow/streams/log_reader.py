"""Read a topic from its start to its current end, outside any consumer group.

Used where a topic is state (dedup rebuilds its index from ``instances.accepted``) and by
tools that inspect a topic (tests, replay). Records that do not parse are skipped here:
the agent that consumed them already dead-lettered them.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import TypeVar

from aiokafka import TopicPartition
from pydantic import BaseModel, ValidationError

from instructflow.streams.kafka import assign_all, outside_group_aioconsumer
from instructflow.streams.settings import Settings
from instructflow.streams.topics import TopicSpec, topic_name

log = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)
EMPTY_FETCH_MS = 300


async def read_records(settings: Settings, spec: TopicSpec) -> AsyncIterator[tuple[TopicPartition, int, bytes | None]]:
    name = topic_name(spec, settings)
    consumer = outside_group_aioconsumer(settings)
    await consumer.start()
    try:
        tps = await assign_all(consumer, name, patience_s=1.0)
        if not tps:
            return
        await consumer.seek_to_beginning(*tps)
        # ListOffsets is only a lower bound: Tansu answers "base offset of the last batch + 1",
        # short of the end when that batch holds several records. A partition is done when a
        # fetch comes back empty at or past the high watermark that the fetch itself reported.
        floor = await consumer.end_offsets(tps)
        pending = set(tps)
        while pending:
            batches = await consumer.getmany(*pending, timeout_ms=EMPTY_FETCH_MS)
            for tp in list(pending):
                records = batches.get(tp, [])
                for record in records:
                    yield tp, record.offset, record.value
                highwater = consumer.highwater(tp)
                if not records and highwater is not None and await consumer.position(tp) >= max(highwater, floor[tp]):
                    pending.discard(tp)
    finally:
        await consumer.stop()


async def read_topic(settings: Settings, spec: TopicSpec, model: type[M]) -> AsyncIterator[M]:
    async for _, _, value in read_records(settings, spec):
        try:
            yield model.model_validate_json(value or b"")
        except ValidationError:
            continue
