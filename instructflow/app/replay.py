"""``instructflow replay``: rebuild the pool from the Kafka log into a fresh pool.

What is replayed, and why from there:

* ``prompts.raw`` and ``instances.candidates`` hold unscrubbed text and are kept only for
  ``raw_retention_hours``: they are gone by design, so scrub cannot be re-run (nor should it be).
* ``instances.scrubbed`` is PII-free, retained forever, and every source passes through it
  (chat prompts, task instances and synthetic candidates alike, annotated revisions too). The
  replay re-runs score -> dedup -> sink on it with *this* run's settings, in the original
  dedup order (app/replay_order.py). Same settings: the same pool. Changed thresholds
  (``INSTRUCTFLOW_DEDUP_THRESHOLD``, ``INSTRUCTFLOW_MIN_QUALITY``, ...): a re-curated pool.

The replay drives the live steps themselves — score -> dedup -> sink chained as in a worker
(streams/fusion.py), fed from the log instead of a consumer group — so live and replay cannot
decide differently. It runs in this process (no consumer group, so no offsets to reset) with a
dedup state that starts empty, and writes to a pool that must be empty (a new chDB path or a new
database). The live topics and the live pool are only read.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from pydantic import BaseModel, ValidationError

from instructflow.agents.dedup.agent import DedupStep
from instructflow.agents.score.agent import ScoreStep
from instructflow.app.replay_order import Keyed, ScoredIndex, keyed_partition, merged
from instructflow.schemas import Instance, Status
from instructflow.sinks.agent import PoolSinkStep
from instructflow.sinks.pool import Pool
from instructflow.streams.fusion import Fused
from instructflow.streams.log import Log
from instructflow.streams.settings import Settings
from instructflow.streams.step import Origin, run_batch
from instructflow.streams.topics import ACCEPTED, REJECTED, SCORED, SCRUBBED, TopicSpec, topic_name

INSERT_BATCH = 2000


@dataclass
class ReplayProgress:
    """What the progress display shows: records read of the topic's end offsets, and the lag."""

    phase: str = "index"
    read: int = 0
    total: int = 0
    accepted: int = 0
    rejected: int = 0
    skipped: int = 0  # records that do not parse (the live agent dead-lettered them)
    started: float = field(default_factory=time.monotonic)

    @property
    def lag(self) -> int:
        return max(0, self.total - self.read)

    @property
    def rate(self) -> float:
        return self.read / max(1e-9, time.monotonic() - self.started)


Report = Callable[[ReplayProgress], None]


class TopicScan:
    """Reads partitions of one topic from their beginning to their end (streams/log.py)."""

    def __init__(self, settings: Settings, spec: TopicSpec) -> None:
        self.name = topic_name(spec, settings)
        self.settings = settings
        probe = Log(settings, self.name)
        try:
            bounds = probe.bounds()
        finally:
            probe.close()
        self.begins = {p: begin for p, (begin, _) in bounds.items()}
        self.ends = {p: end for p, (_, end) in bounds.items()}  # a lower bound, raised as the scan reads

    @property
    def total(self) -> int:
        return sum(self.ends[p] - self.begins[p] for p in self.ends)

    def records(self, partition: int) -> Iterator[tuple[int, bytes]]:
        # A client per partition: the dedup order merges the partitions' iterators, which interleave.
        log = Log(self.settings, self.name, max_poll_records=2000)
        try:
            for record in log.read_to_end({partition: self.begins[partition]}, partitions=[partition]):
                self.ends[partition] = max(self.ends[partition], record.offset + 1)
                yield record.offset, record.value or b""
        finally:
            log.close()


def _parse(value: bytes, progress: ReplayProgress) -> Instance | None:
    try:
        return Instance.model_validate_json(value)
    except ValidationError:
        progress.skipped += 1
        return None


def _instances(scan: TopicScan, partition: int, progress: ReplayProgress) -> Iterator[tuple[int, Instance]]:
    for offset, value in scan.records(partition):
        progress.read += 1
        inst = _parse(value, progress)
        if inst is not None:
            yield offset, inst


class Replayer:
    def __init__(self, source: Settings, target: Pool, settings: Settings | None = None) -> None:
        """``source``: where the topics are; ``settings``: thresholds for this run (default: source's)."""
        self.source = source
        self.settings = settings or source
        self.target = target
        # The live chain of the pool worker (app/topology.py), minus annotate-select: nothing is re-queued.
        self.chain = Fused(self.settings, (ScoreStep(self.settings), DedupStep(self.settings, follow_log=False),
                                           PoolSinkStep(target)), internal=(SCORED, ACCEPTED, REJECTED))
        self._scrubbed = topic_name(SCRUBBED, self.settings)

    def _index(self, progress: ReplayProgress, report: Report) -> ScoredIndex:
        index = ScoredIndex()
        scan = TopicScan(self.source, SCORED)
        progress.phase, progress.read, progress.total = "index scored order", 0, scan.total
        for p in sorted(scan.ends):
            for offset, inst in _instances(scan, p, progress):
                index.add(inst, offset)
                if progress.read % 5000 == 0:
                    progress.total = max(progress.total, scan.total)
                    report(progress)
        progress.total = max(progress.total, scan.total)
        report(progress)
        return index

    def run(self, report: Report | None = None) -> ReplayProgress:
        report = report or (lambda _p: None)
        self.target.migrate()
        _, [(existing,)] = self.target.query(f"SELECT count() FROM {self.target.database}.instances")
        if existing:
            raise RuntimeError(f"the target pool {self.target.dsn} ({self.target.database}) already has "
                               f"{existing} rows: replay into a fresh pool")
        progress = ReplayProgress()
        index = self._index(progress, report)
        scan = TopicScan(self.source, SCRUBBED)
        progress.phase, progress.read, progress.total = "score → dedup → pool", 0, scan.total
        progress.started = time.monotonic()
        order = merged(keyed_partition(p, _instances(scan, p, progress), index) for p in sorted(scan.ends))
        batch: list[Keyed] = []
        for item in order:
            batch.append(item)
            if len(batch) >= INSERT_BATCH:
                self._decide(batch, progress)
                batch = []
                progress.total = max(progress.total, scan.total)
                report(progress)
        self._decide(batch, progress)
        progress.total = max(progress.total, scan.total)
        report(progress)
        return progress

    def _decide(self, batch: list[Keyed], progress: ReplayProgress) -> None:
        """One batch through the live chain, then its end_batch (the sink's insert), as a worker does."""
        items: list[tuple[BaseModel, Origin]] = [
            (k.instance, Origin(self._scrubbed, k.partition, k.offset, k.instance.created_at)) for k in batch]
        for outcome in run_batch(self.chain, items):
            if isinstance(outcome, Exception):  # the live agent would have dead-lettered it
                progress.skipped += 1
                continue
            for emit in outcome:
                if emit.topic in (ACCEPTED, REJECTED):
                    assert isinstance(emit.value, Instance)
                    progress.accepted += emit.value.status is Status.accepted
                    progress.rejected += emit.value.status is Status.rejected
        asyncio.run(self.chain.end_batch())
