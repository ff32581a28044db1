"""Per-partition state rebuilt from the partition's own log, lazily, when a worker takes it over.

A band owner's and a combiner's state is a pure function of the messages of their input
partition. Kafka's consumer group moves partitions between workers (a worker joins, dies,
restarts); instead of a changelog, a step that sees offset ``o`` of a partition whose state it
holds only up to ``n < o`` reads ``[n, o)`` itself (from 0 for a partition it never held)
and applies it silently: whoever processed those offsets already emitted their results, and
committed only after the producer flushed them. Offsets at or below ``n`` are redeliveries,
answered again from the same state, so the answer is the same.

The reads are plain assigned fetches (no consumer group), bounded by ``o``, so Tansu's short
ListOffsets answer (see streams/log.py) does not matter here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from instructflow.streams.log import Log
from instructflow.streams.settings import Settings

log = logging.getLogger(__name__)


class PartitionCatchUp:
    """Tracks the next unapplied offset per partition and fills gaps from the log."""

    def __init__(self, settings: Settings, topic: str) -> None:
        self.settings = settings
        self.topic = topic
        self.next_offset: dict[int, int] = {}
        self.log = Log(settings, topic, f"{settings.app_id}-catchup")

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
        applied = 0
        for record in self.log.read_range(partition, start, end):
            apply(record.value or b"")
            applied += 1
        return applied

    def close(self) -> None:
        self.log.close()
