"""Read a topic's new records since the last call, across all its partitions, outside any group.

The dedup agent keeps one to follow ``instances.accepted``: its index must contain every
decision that reached Kafka before it decides the next candidate, whichever worker made it.
"""

from __future__ import annotations

import time

from kafka import KafkaConsumer, TopicPartition

from instructflow.streams.kafka import outside_group_consumer
from instructflow.streams.settings import Settings

POLL_MS = 300
STALL_LIMIT_S = 120.0


class TopicTail:
    """Reads a topic's new records since the last call, across all its partitions (no group)."""

    def __init__(self, settings: Settings, topic: str) -> None:
        self.settings = settings
        self.topic = topic
        self.positions: dict[int, int] = {}
        self._consumer: KafkaConsumer | None = None

    def _client(self) -> KafkaConsumer:
        if self._consumer is None:
            self._consumer = outside_group_consumer(self.settings, f"{self.settings.app_id}-dedup-tail")
        return self._consumer

    def read_new(self) -> list[bytes]:
        consumer = self._client()
        parts = consumer.partitions_for_topic(self.topic) or set()
        tps = [TopicPartition(self.topic, p) for p in sorted(parts)]
        if not tps:
            return []
        consumer.assign(tps)
        for tp in tps:
            consumer.seek(tp, self.positions.get(tp.partition, 0))
        out: list[bytes] = []
        pending, last_progress = set(tps), time.monotonic()
        # Done per partition when a fetch comes back empty at the high watermark that fetch
        # reported (Tansu's ListOffsets can be short of the end; see streams/log_reader.py).
        while pending:
            batches = consumer.poll(timeout_ms=POLL_MS)
            for tp in list(pending):
                records = batches.get(tp, [])
                out.extend(r.value or b"" for r in records)
                highwater = consumer.highwater(tp)
                if not records and highwater is not None and consumer.position(tp) >= highwater:
                    pending.discard(tp)
            if batches:
                last_progress = time.monotonic()
            elif time.monotonic() - last_progress > STALL_LIMIT_S:
                raise TimeoutError(f"reading {self.topic} stalled")
        for tp in tps:
            self.positions[tp.partition] = consumer.position(tp)
        return out
