"""Reading a topic's log outside any consumer group: a range, to the end, or following it.

Every reader that treats a log as state or as the record of what happened reads through here:
dedup's view of ``instances.accepted`` (agents/dedup/agent.py), the partitioned owners' catch-up,
replay's scan, annotate-select's rebuild, the synthesis agent's seeds and pool, the console's
queue, and the tests. So the one rule about where a partition ends lives in one place:

    A partition has been read to its end when a fetch comes back empty at or past the high
    watermark that the fetch itself reported. ListOffsets is only a lower bound: the embedded
    Tansu broker answers "base offset of the last batch + 1", short of the end when that batch
    holds several records.

Two clients, because the callers live in two worlds: :class:`Log` (kafka-python, blocking) for
steps that run in a worker thread and for the replay command; :func:`read_to_end` and
:func:`follow` (aiokafka) for code on the event loop.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from instructflow.streams.kafka import assign_all, outside_group_aioconsumer, outside_group_consumer
from instructflow.streams.settings import Settings
from instructflow.streams.topics import TopicSpec, topic_name

POLL_MS = 300
# A read that makes no progress for this long raises instead of waiting forever on a dead broker.
STALL_LIMIT_S = 120.0


def _done(got_records: bool, position: int, highwater: int | None, floor: int = 0) -> bool:
    return not got_records and highwater is not None and position >= max(highwater, floor)


class Log:
    """One topic read by explicit assignment (blocking client). Not thread-safe: one per reader."""

    def __init__(self, settings: Settings, topic: str, client_id: str = "", **extra: Any) -> None:
        self.settings = settings
        self.topic = topic
        self._client_id = client_id
        self._extra = extra
        self._consumer: Any = None

    def _client(self) -> Any:
        if self._consumer is None:
            self._consumer = outside_group_consumer(self.settings, self._client_id, **self._extra)
        return self._consumer

    def partitions(self) -> list[int]:
        return sorted(self._client().partitions_for_topic(self.topic) or ())

    def bounds(self) -> dict[int, tuple[int, int]]:
        """(first offset, ListOffsets end) per partition: a lower bound of the end, for progress displays."""
        from kafka import TopicPartition

        tps = [TopicPartition(self.topic, p) for p in self.partitions()]
        if not tps:
            return {}
        begins, ends = self._client().beginning_offsets(tps), self._client().end_offsets(tps)
        return {tp.partition: (begins[tp], ends[tp]) for tp in tps}

    def read_range(self, partition: int, start: int, end: int) -> Iterator[Any]:
        """The records of ``partition`` in ``[start, end)``, waiting for them to be fetchable."""
        from kafka import TopicPartition

        consumer, tp = self._client(), TopicPartition(self.topic, partition)
        consumer.assign([tp])
        consumer.seek(tp, start)
        last_progress = time.monotonic()
        while consumer.position(tp) < end:
            batch = consumer.poll(timeout_ms=POLL_MS).get(tp, [])
            for record in batch:
                if record.offset >= end:
                    return
                yield record
            if batch:
                last_progress = time.monotonic()
            elif time.monotonic() - last_progress > STALL_LIMIT_S:
                raise TimeoutError(f"reading {self.topic}/{partition} stalled at {consumer.position(tp)}")

    def read_to_end(self, positions: dict[int, int], partitions: Iterable[int] | None = None) -> Iterator[Any]:
        """Every record from ``positions`` (default 0 per partition) to the end of each partition.

        ``positions`` is updated in place to where the read stopped, so the next call reads on from
        there (a tail). Records come in fetch order: per partition in offset order.
        """
        from kafka import TopicPartition

        consumer = self._client()
        tps = [TopicPartition(self.topic, p) for p in (self.partitions() if partitions is None else partitions)]
        if not tps:
            return
        consumer.assign(tps)
        for tp in tps:
            consumer.seek(tp, positions.get(tp.partition, 0))
        pending, last_progress = set(tps), time.monotonic()
        while pending:
            batches = consumer.poll(timeout_ms=POLL_MS)
            for tp in list(pending):
                records = batches.get(tp, [])
                yield from records
                if _done(bool(records), consumer.position(tp), consumer.highwater(tp)):
                    pending.discard(tp)
            if batches:
                last_progress = time.monotonic()
            elif time.monotonic() - last_progress > STALL_LIMIT_S:
                raise TimeoutError(f"reading {self.topic} stalled")
        for tp in tps:
            positions[tp.partition] = consumer.position(tp)

    def close(self) -> None:
        if self._consumer is not None:
            self._consumer.close()
            self._consumer = None


async def read_to_end(settings: Settings, topic: str, patience_s: float = 1.0) -> AsyncIterator[Any]:
    """Every record of ``topic`` from its start to its current end (asyncio client).

    A topic that does not show within ``patience_s`` reads as empty.
    """
    consumer = outside_group_aioconsumer(settings)
    await consumer.start()
    try:
        tps = await assign_all(consumer, topic, patience_s=patience_s)
        if not tps:
            return
        await consumer.seek_to_beginning(*tps)
        floor = await consumer.end_offsets(tps)
        pending = set(tps)
        while pending:
            batches = await consumer.getmany(*pending, timeout_ms=POLL_MS)
            for tp in list(pending):
                records = batches.get(tp, [])
                for record in records:
                    yield record
                if _done(bool(records), await consumer.position(tp), consumer.highwater(tp), floor[tp]):
                    pending.discard(tp)
    finally:
        await consumer.stop()


async def follow(settings: Settings, topic: str, handle: Callable[[list[Any]], Awaitable[None]],
                 start: dict[int, int] | None = None, caught_up: asyncio.Event | None = None,
                 poll_ms: int = 500, max_records: int | None = None) -> None:
    """Hand every record of ``topic`` to ``handle``, batch by batch, forever (asyncio client).

    Each partition starts at ``start[partition]`` or at its beginning. ``caught_up`` is set once
    everything that was in the topic when following began has been handed over.
    """
    consumer = outside_group_aioconsumer(settings)
    await consumer.start()
    try:
        tps = await assign_all(consumer, topic)
        for tp in tps:
            if start is not None and tp.partition in start:
                consumer.seek(tp, start[tp.partition])
            else:
                await consumer.seek_to_beginning(tp)
        ends = await consumer.end_offsets(tps)
        pending = {tp for tp in tps if ends[tp] > await consumer.position(tp)}
        if caught_up is not None and not pending:
            caught_up.set()
        while True:
            batches = await consumer.getmany(timeout_ms=poll_ms, max_records=max_records)
            records = [record for batch in batches.values() for record in batch]
            if records:
                await handle(records)
            if pending:
                pending = {tp for tp in pending if await consumer.position(tp) < ends[tp]}
                if not pending and caught_up is not None:
                    caught_up.set()
    finally:
        await consumer.stop()


M = TypeVar("M", bound=BaseModel)


async def read_values(settings: Settings, spec: TopicSpec, model: type[M]) -> AsyncIterator[M]:
    """The parsed values of a topic from its start to its end. Records that do not parse are skipped
    here: the agent that consumed them already dead-lettered them."""
    async for record in read_to_end(settings, topic_name(spec, settings)):
        try:
            yield model.model_validate_json(record.value or b"")
        except ValidationError:
            continue
