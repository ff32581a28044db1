"""The dedup step: first accepted wins, against everything ever accepted.

Its state is the ``instances.accepted`` topic itself, so a new machine, a restart or a crash
recovers exactly what was decided, with no local file. ``instances.scored`` has one
partition, so decisions follow one order and replay the same.

The index is brought up to date from ``instances.accepted`` before the first decision and
whenever the scored offsets jump: a jump means another worker held ``instances.scored`` in
between (a rebalance after it died or left), and what it accepted reached
``instances.accepted`` before it committed those offsets (the producer is flushed first).
Reading only at start was not enough: the SIGKILL fault suite caught a worker that took over
deciding with a stale index, accepting both halves of duplicate pairs.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterator

from pydantic import BaseModel, ValidationError

from instructflow.agents.configs import dedup_config
from instructflow.agents.dedup.deduplicator import Deduplicator
from instructflow.schemas import Instance, Status
from instructflow.streams.log import Log
from instructflow.streams.settings import Settings
from instructflow.streams.step import Emit, Origin, Outcome, Step
from instructflow.streams.topics import ACCEPTED, REJECTED, SCORED, topic_name

log = logging.getLogger(__name__)


class DedupStep(Step):
    name = "dedup"
    sources = (SCORED,)
    outputs = (ACCEPTED, REJECTED)

    def __init__(self, settings: Settings, follow_log: bool = True) -> None:
        """``follow_log=False``: the state is only what this step decides (a replay into a fresh pool
        starts from nothing and must not learn the live decisions)."""
        self.settings = settings
        self.dedup = Deduplicator.from_config(dedup_config(settings))
        accepted = topic_name(ACCEPTED, settings)
        self.tail = Log(settings, accepted, f"{settings.app_id}-dedup-tail") if follow_log else None
        self._read_up_to: dict[int, int] = {}  # per partition of instances.accepted: where the tail stopped
        self._next_offset: int | None = None

    def _catch_up(self) -> None:
        fresh = []
        assert self.tail is not None
        for record in self.tail.read_to_end(self._read_up_to):
            try:
                fresh.append(Instance.model_validate_json(record.value or b""))
            except ValidationError:
                continue  # the agent that consumed it dead-lettered it
        added = self.dedup.remember_batch(fresh)
        log.info("dedup: caught up with instances.accepted, %d new of %d read, %d indexed",
                 added, len(fresh), len(self.dedup))

    def _follow(self, offset: int) -> None:
        if self.tail is None:
            return
        if self._next_offset is None or offset > self._next_offset:
            self._catch_up()
        self._next_offset = max(self._next_offset or 0, offset + 1)

    @staticmethod
    def _route(decided: Instance) -> Emit:
        return Emit(ACCEPTED if decided.status is Status.accepted else REJECTED, decided, key=decided.instance_id)

    def process(self, value: BaseModel, origin: Origin) -> Iterator[Emit]:
        assert isinstance(value, Instance)
        self._follow(origin.offset)
        yield self._route(self.dedup.decide(value))

    def process_batch(self, items: list[tuple[BaseModel, Origin]]) -> list[Outcome]:
        """The whole batch in one vectorized pass, when its offsets run on without a jump."""
        offsets = [origin.offset for _, origin in items]
        if self.tail is not None and any(b != a + 1 for a, b in itertools.pairwise(offsets)):
            return [list(self.process(value, origin)) for value, origin in items]
        self._follow(offsets[0])
        self._next_offset = offsets[-1] + 1
        values = [value for value, _ in items]
        assert all(isinstance(v, Instance) for v in values)
        return [[self._route(decided)] for decided in self.dedup.decide_batch(values)]  # type: ignore[arg-type]
