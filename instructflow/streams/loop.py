"""One agent's batch loop on its own Kafka consumer: fetch, process, make durable, send, commit.

Why not Faust's agents and streams: every event through them costs Python bookkeeping (an Event,
a stream iteration, a hand-over from Faust's consumer thread, per-event acks). Measured with a
step that does nothing (bench/bench_runtime.py), a message through a Faust agent cost ~130 µs of
CPU against ~17 µs through the aiokafka consumer underneath, read ``getmany`` at a time.
Faust still hosts the worker (web server, timers, signals); the agents are these loops.

Delivery is at-least-once, as before: a batch's offsets are committed only after the step's
``end_batch`` returned (the pool has the rows) and every record it sent was acknowledged by the
broker, and then every ``commit_interval_s`` (as Faust did). The next batch is processed while the
broker acknowledges the last one's records (``MAX_BATCHES_IN_FLIGHT``); its offsets wait for them.
A rebalance waits for the batch in flight (it holds the loop's lock) and commits what is done
before the partitions move; records fetched for a partition that has moved meanwhile are dropped
unprocessed, for the new owner to do.

Each agent is its own consumer group (``<app id>.<agent>``): a worker joining or leaving the
scrub agents does not stop dedup for a rebalance, and lag is per agent by construction.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.abc import ConsumerRebalanceListener
from aiokafka.errors import CommitFailedError, IllegalStateError, KafkaError

from instructflow.streams.kafka import client_options
from instructflow.streams.limits import fetch_bytes
from instructflow.streams.settings import Settings
from instructflow.streams.step import Step
from instructflow.streams.topics import topic_name

if TYPE_CHECKING:
    from instructflow.streams.runtime import Runtime

log = logging.getLogger(__name__)

# A fetch that finds nothing waits this long on the broker (Kafka's default is 500 ms, Faust's 1.5 s):
# each agent is a hop, and at a trickle of traffic every hop would add that wait to the latency.
FETCH_MAX_WAIT_MS = 50
FETCH_MAX_BYTES = 50 * 1024 * 1024
# Batches sent and not yet acknowledged by the broker while the next one is processed.
MAX_BATCHES_IN_FLIGHT = 2


# Young-generation collections every 50,000 allocations instead of 700: a batch allocates tens of
# thousands of short-lived objects (decoded values, emits), and each collection walks every one
# still alive (a batch in flight: ~29k objects in the partitioned pool worker, 16 ms a pass).
# bench_floor, GC time per prompt in the pool process: 37 us (10,000) -> 3 us (50,000) partitioned.
GC_THRESHOLDS = (50_000, 50, 100)


def settle_heap() -> None:
    """Move everything alive now (models, gazetteers, the dedup index) out of the garbage collector's
    sight, and collect less often. Measured (bench/bench_floor.py): full collections walking the
    presidio and spaCy objects cost more CPU per prompt than decoding it; frozen, they are never walked."""
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def group_id(settings: Settings, agent: str) -> str:
    """The consumer group of one agent of the app."""
    return f"{settings.app_id}.{agent}"


def records_by_partition(batches: Mapping[TopicPartition, Sequence[ConsumerRecord]],
                         owned: set[TopicPartition]) -> tuple[list[ConsumerRecord], dict[TopicPartition, int]]:
    """Pure: the records of the partitions still ``owned`` (in fetch order) and, per partition, the
    offset to commit once they are done (the next one to read)."""
    records: list[ConsumerRecord] = []
    offsets: dict[TopicPartition, int] = {}
    for tp, part in batches.items():
        if tp in owned and part:
            records.extend(part)
            offsets[tp] = part[-1].offset + 1
    return records, offsets


class StepLoop:
    """Runs one step (or fused steps) for the runtime; its state feeds readiness and lag."""

    def __init__(self, runtime: Runtime, step: Step) -> None:
        self.runtime = runtime
        self.step = step
        self.name = step.name
        settings = runtime.settings
        self.topics = tuple(topic_name(spec, settings) for spec in step.sources)
        self.group = group_id(settings, step.name)
        self.joined = False
        self.rebalancing = False
        self.crashed = False
        # Per owned partition: the offset up to which the group has (or is about to have) committed.
        self.committed: dict[TopicPartition, int] = {}
        self._consumer: AIOKafkaConsumer | None = None
        self._lock = asyncio.Lock()  # held by a batch from processing to done, and by each commit
        self._done: dict[TopicPartition, int] = {}  # processed, durable, acknowledged; not yet committed
        # Batches processed and sent, the broker's acknowledgement pending, oldest first.
        self._inflight: deque[tuple[asyncio.Future[list[object]], dict[TopicPartition, int]]] = deque()
        self._last_commit = 0.0

    @staticmethod
    def _clock() -> float:
        return asyncio.get_running_loop().time()

    def _new_consumer(self) -> AIOKafkaConsumer:
        s = self.runtime.settings
        return AIOKafkaConsumer(
            group_id=self.group, client_id=f"{s.app_id}-{self.name}", enable_auto_commit=False,
            auto_offset_reset="earliest", fetch_max_wait_ms=FETCH_MAX_WAIT_MS,
            # A whole fetch holds at least one partition's worth, and never less than aiokafka's 50 MiB default.
            max_partition_fetch_bytes=fetch_bytes(s), fetch_max_bytes=max(fetch_bytes(s), FETCH_MAX_BYTES),
            session_timeout_ms=int(s.session_timeout_s * 1000),
            heartbeat_interval_ms=int(s.heartbeat_interval_s * 1000),
            rebalance_timeout_ms=int(s.rebalance_timeout_s * 1000),
            **client_options(s),
        )

    async def run(self) -> None:
        await self.step.prepare()
        settle_heap()  # the step's long-lived state exists now
        consumer = self._consumer = self._new_consumer()
        consumer.subscribe(list(self.topics), listener=_Rebalance(self))
        await consumer.start()
        try:
            while True:
                batches = await self._next_batch(consumer)
                if batches:
                    await self._process(batches)
                if (self._done or self._inflight) and \
                        self._clock() - self._last_commit >= self.runtime.settings.commit_interval_s:
                    async with self._lock:
                        await self._commit()
        finally:
            try:
                async with self._lock:
                    await self._commit()  # a clean stop leaves nothing to redo
            finally:
                self._consumer = None
                await consumer.stop()

    async def _next_batch(self, consumer: AIOKafkaConsumer) -> dict[TopicPartition, list[ConsumerRecord]]:
        """Up to the step's ``batch_limit`` records, gathered for at most ``batch_within_s`` after the first arrived.

        Lingering like Faust's ``take_events`` did: at a trickle, a batch per record would cost a
        pool insert and a commit per record; under load, batches fill long before the wait is over.
        """
        settings = self.runtime.settings
        size, within = self.step.batch_limit(settings), settings.batch_within_s
        first = await consumer.getmany(timeout_ms=int(within * 1000), max_records=size)
        batches: dict[TopicPartition, list[ConsumerRecord]] = {tp: list(part) for tp, part in first.items()}
        count = sum(map(len, batches.values()))
        deadline = self._clock() + within
        while count and count < size and (left := deadline - self._clock()) > 0:
            more = await consumer.getmany(timeout_ms=max(1, int(left * 1000)), max_records=size - count)
            for tp, part in more.items():
                batches.setdefault(tp, []).extend(part)
                count += len(part)
        return batches

    async def _process(self, batches: Mapping[TopicPartition, Sequence[ConsumerRecord]]) -> None:
        assert self._consumer is not None
        async with self._lock:
            records, offsets = records_by_partition(batches, self._consumer.assignment())
            if not records:
                return
            for tp in offsets:
                self.committed.setdefault(tp, batches[tp][0].offset)  # a first fetch starts at the committed offset
            # CPU-bound cores run off the event loop, so heartbeats and fetches keep flowing.
            emits = await asyncio.to_thread(self.runtime.handle_batch, self.step, records)
            await self.runtime.end_batch(self.step)
            # The next batch is processed while the broker acknowledges this one's records (a round
            # trip that otherwise idles the worker); its offsets count as done once acknowledged.
            self._inflight.append((await self.runtime.deliver(emits), offsets))
            await self._settle(keep=MAX_BATCHES_IN_FLIGHT - 1)

    async def _settle(self, keep: int = 0) -> None:
        """Wait for the oldest batches' acknowledgements until at most ``keep`` are outstanding (and
        take any already acknowledged); their offsets are then done, in order."""
        while self._inflight and (len(self._inflight) > keep or self._inflight[0][0].done()):
            acked, offsets = self._inflight[0]
            await acked  # a refusal raises here: the loop crashes, nothing of it is committed
            self._inflight.popleft()
            self._done.update(offsets)  # durable and acknowledged: may be committed from now on

    async def _commit(self) -> None:
        """Commit what is done (hold the lock). Every ``commit_interval_s``, not every batch: a commit
        is a round trip to the group coordinator, and what a crash leaves uncommitted is only redone."""
        consumer = self._consumer
        await self._settle()
        done, self._done = self._done, {}
        self._last_commit = self._clock()
        if not done or consumer is None:
            return
        try:
            await consumer.commit(done)
        except (CommitFailedError, IllegalStateError) as exc:
            # The group moved on (this member was too slow, or left): the new owner redoes the batches.
            log.warning("%s: commit refused (%s); those batches will be redone", self.name, exc)
            return
        self.committed.update(done)

    def lag(self) -> dict[TopicPartition, int]:
        """Per owned partition: fetched-to highwater minus what the group committed."""
        consumer = self._consumer
        if consumer is None:
            return {}
        out = {}
        for tp in consumer.assignment():
            highwater = consumer.highwater(tp)
            if highwater is not None:
                out[tp] = max(0, highwater - self.committed.get(tp, 0))
        return out


class _Rebalance(ConsumerRebalanceListener):
    def __init__(self, loop: StepLoop) -> None:
        self.loop = loop

    async def on_partitions_revoked(self, revoked: Any) -> None:
        self.loop.rebalancing = True
        async with self.loop._lock:  # the batch in flight finishes first; what is done is committed
            await self.loop._commit()
            for tp in revoked:
                self.loop.committed.pop(tp, None)

    async def on_partitions_assigned(self, assigned: Any) -> None:
        self.loop.joined = True
        self.loop.rebalancing = False


async def run_loops(loops: Sequence[StepLoop], on_crash: Callable[[StepLoop, BaseException], Awaitable[None]]) -> None:
    """Run every loop until cancelled; a loop that raises is reported to ``on_crash`` (the worker exits)."""

    async def guarded(loop: StepLoop) -> None:
        try:
            await loop.run()
        except (asyncio.CancelledError, KeyboardInterrupt):
            raise
        except (Exception, KafkaError) as exc:
            loop.crashed = True
            await on_crash(loop, exc)
            raise

    await asyncio.gather(*(guarded(loop) for loop in loops))
