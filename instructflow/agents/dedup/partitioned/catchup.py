"""Per-partition state rebuilt from the partition's own log, lazily, when a worker takes it over.

A band owner's and a combiner's state is a pure function of the messages of their input
partition. Kafka's consumer group moves partitions between workers (a worker joins, dies,
restarts); instead of a changelog, a step that sees offset ``o`` of a partition whose state it
holds only up to ``n < o`` reads ``[n, o)`` itself (from 0 for a partition it never held)
and applies it silently: whoever processed those offsets already emitted their results, and
committed only after the producer flushed them. Offsets at or below ``n`` are redeliveries,
answered again from the same state, so the answer is the same.

The reads are plain assigned fetches (no consumer group), bounded by ``o``, so Tansu's short
ListOffsets answer (see streams/log_reader.py) does not matter here.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from kafka import KafkaConsumer, TopicPartition

from instructflow.streams.kafka import outside_group_consumer
from instructflow.streams.settings import Settings

log = logging.getLogger(__name__)

FETCH_TIMEOUT_MS = 500
STALL_LIMIT_S = 120.0


class PartitionCatchUp:
    """Tracks the next unapplied offset per partition and fills gaps from the log."""

    def __init__(self, settings: Settings, topic: str) -> None:
        self.settings = settings
        self.topic = topic
        self.next_offset: dict[int, int] = {}
        self._consumer: KafkaConsumer | None = None

    def _client(self) -> KafkaConsumer:
        if self._consumer is None:
            self._consumer = outside_group_consumer(self.settings, f"{self.settings.app_id}-catchup")
        return self._consumer

    def before(self, partition: int, offset: int, apply: Callable[[bytes], None]) -> int:
        """Apply every record of ``partition`` in ``[next, offset)``; returns how many were applied."""
        start = self.next_offset.get(partition, 0)
        applied = 0
        if offset > start:
            applied = self._read(partition, start, offset, apply)
            log.info("catch-up %s/%d: applied %d records in [%d, %d)", self.topic, partition, applied, start, offset)
        self.next_offset[partition] = max(self.next_offset.get(partition, 0), offset + 1)
        return applied

    def _read(self, partition: int, start: int, end: int, apply: Callable[[bytes], None]) -> int:
        consumer = self._client()
        tp = TopicPartition(self.topic, partition)
        consumer.assign([tp])
        consumer.seek(tp, start)
        applied, last_progress = 0, time.monotonic()
        while consumer.position(tp) < end:
            batch = consumer.poll(timeout_ms=FETCH_TIMEOUT_MS).get(tp, [])
            for record in batch:
                if record.offset >= end:
                    break
                apply(record.value or b"")
                applied += 1
            if batch:
                last_progress = time.monotonic()
            elif time.monotonic() - last_progress > STALL_LIMIT_S:
                raise TimeoutError(f"catch-up of {self.topic}/{partition} stalled at {consumer.position(tp)}")
        return applied

    def close(self) -> None:
        if self._consumer is not None:
            self._consumer.close()
            self._consumer = None
