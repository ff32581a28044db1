"""The runtime: each registered step becomes a batch loop (streams/loop.py) in the worker's Faust app.

This is the one place that knows how a Kafka record becomes a typed value, how results are
sent, and how a failure is quarantined. Offsets advance only after ``Step.end_batch`` returned
and the broker acknowledged every record the batch sent, so delivery is at-least-once;
idempotent steps and the pool's ReplacingMergeTree make it effectively-once.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import faust
from aiokafka import AIOKafkaProducer, ConsumerRecord
from aiokafka.producer.message_accumulator import BatchBuilder
from pydantic import BaseModel

from instructflow.schemas import DeadLetter
from instructflow.streams.errors import SinkUnavailable, describe_error
from instructflow.streams.kafka import client_options
from instructflow.streams.limits import MessageTooLarge, check_size, fit_original, request_bytes
from instructflow.streams.loop import StepLoop, run_loops
from instructflow.streams.partitioner import KeyPartitioner
from instructflow.streams.settings import Settings
from instructflow.streams.step import Emit, Origin, Step, StepFailed, run_batch
from instructflow.streams.topics import DEADLETTER, TopicSpec, topic_name

log = logging.getLogger(__name__)

RETRY_MAX_S = 5.0
PRODUCER_BATCH_BYTES = 256 * 1024  # aiokafka's 16 KiB default makes a request of every ~20 records

CrashHandler = Callable[[str, BaseException], Awaitable[None]]

_BY_APP: weakref.WeakKeyDictionary[faust.App, Runtime] = weakref.WeakKeyDictionary()


class Runtime:
    """The steps of one worker's app, their loops and the one producer they send with."""

    def __init__(self, app: faust.App, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.loops: list[StepLoop] = []
        # What a crashed loop calls (the worker sets it: log and exit for the supervisor to restart).
        self.on_crash: CrashHandler | None = None
        self._producer: AIOKafkaProducer | None = None
        self._producer_ready = asyncio.Event()
        self._partitioner = KeyPartitioner()  # where deliver() places a keyed record, as the producer would
        _BY_APP[app] = self
        app.task(self._run)

    @staticmethod
    def of(app: faust.App) -> Runtime:
        return _BY_APP[app]

    def register(self, step: Step) -> None:
        self.loops.append(StepLoop(self, step))

    def agents(self) -> dict[str, tuple[str, ...]]:
        """Each agent of this worker and the topics it consumes."""
        return {loop.name: loop.topics for loop in self.loops}

    def lag(self) -> list[tuple[str, str, int, int]]:
        """(agent, topic, partition, lag) of every partition the loops own."""
        return [(loop.name, tp.topic, tp.partition, lag) for loop in self.loops for tp, lag in loop.lag().items()]

    def ready(self) -> bool:
        """Every agent in its group and none rebalancing."""
        return all(loop.joined and not loop.rebalancing for loop in self.loops)

    def crashed(self) -> list[str]:
        return [loop.name for loop in self.loops if loop.crashed]

    async def _run(self) -> None:
        s = self.settings
        producer = AIOKafkaProducer(acks="all", max_request_size=request_bytes(s), partitioner=self._partitioner,
                                    max_batch_size=PRODUCER_BATCH_BYTES, **client_options(s))
        await producer.start()
        self._producer = producer
        self._producer_ready.set()
        try:
            await run_loops(self.loops, self._crashed)
            await asyncio.Event().wait()  # no loops (a synthesis-only worker): the producer stays up
        finally:
            await producer.stop()

    async def _crashed(self, loop: StepLoop, exc: BaseException) -> None:
        if self.on_crash is None:
            log.exception("agent %s crashed", loop.name, exc_info=exc)
            return
        await self.on_crash(loop.name, exc)

    async def producer(self) -> AIOKafkaProducer:
        await self._producer_ready.wait()
        assert self._producer is not None
        return self._producer

    def handle_batch(self, step: Step, records: list[ConsumerRecord]) -> list[Emit]:
        emits: list[Emit] = []
        decoded: list[tuple[ConsumerRecord, BaseModel, Origin]] = []
        specs = {topic_name(spec, self.settings): spec for spec in step.sources}
        for record in records:
            try:
                check_size(record.value or b"", self.settings, "message")
                decoded.append((record, self._decode(specs[record.topic], record), self._origin(record)))
            except Exception as exc:
                emits.append(self._dead_letter(step, specs.get(record.topic), record, exc))
        outcomes = run_batch(step, [(value, origin) for _, value, origin in decoded]) if decoded else []
        for (record, _, _), outcome in zip(decoded, outcomes, strict=True):
            if not isinstance(outcome, Exception):
                outcome = self._encoded(step, outcome)
            if isinstance(outcome, Exception):
                emits.append(self._dead_letter(step, specs[record.topic], record, outcome))
            else:
                emits.extend(outcome)
        return emits

    def _encoded(self, step: Step, emits: list[Emit]) -> list[Emit] | Exception:
        """The emits with their bytes, or the error if one grew over the size limit (a prompt just
        under it, say, whose placeholders are longer than what they replace): the producer would
        refuse it and crash the agent, so the input goes to the dead-letter topic instead."""
        out = []
        for emit in emits:
            data = emit.data or emit.value.model_dump_json().encode()  # bytes a step encoded itself: as they are
            try:
                check_size(data, self.settings, f"{emit.by or step.name}'s output to {emit.topic.name}")
            except MessageTooLarge as exc:
                return StepFailed(emit.by or step.name, exc)
            out.append(emit.with_data(data))
        return out

    @staticmethod
    def _origin(record: ConsumerRecord) -> Origin:
        return Origin(record.topic, record.partition, record.offset,
                      datetime.fromtimestamp(record.timestamp / 1000, UTC))

    @staticmethod
    def _decode(spec: TopicSpec, record: ConsumerRecord) -> BaseModel:
        if record.value is None:  # a tombstone: nothing to decode (dead-lettered like any unreadable message)
            raise ValueError("message has no value (tombstone)")
        return spec.value_type.model_validate_json(record.value)

    def _dead_letter(self, step: Step, spec: TopicSpec | None, record: ConsumerRecord, exc: Exception) -> Emit:
        agent = step.name
        if isinstance(exc, StepFailed):  # failed in a step fused into this agent
            agent, exc = exc.step, exc.cause
        reason = describe_error(exc, quote=spec is not None and not spec.holds_pii)
        log.warning("%s: %s/%d@%d to deadletter: %s", agent, record.topic, record.partition, record.offset, reason)
        original, size = fit_original(record.value or b"", record.key, self.settings)
        letter = DeadLetter(agent=agent, error=reason, topic=record.topic, partition=record.partition,
                            offset=record.offset, key=record.key, original=original, original_size=size)
        return Emit(DEADLETTER, letter, by=agent)

    async def end_batch(self, step: Step) -> None:
        # A pool that cannot be written is waited for, never skipped: nothing may be acked unwritten.
        delay = 0.1
        while True:
            try:
                await step.end_batch()
                return
            except SinkUnavailable as exc:
                log.warning("%s: %s; retrying in %.1f s", step.name, exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, RETRY_MAX_S)

    async def deliver(self, emits: list[Emit]) -> asyncio.Future[list[object]]:
        """Send ``emits``; returns the future of the broker's acknowledgement of them all (a refusal
        raises from it: the loop crashes and the worker's restart redoes the batch, whose offsets were
        not committed).

        Built into one record batch per partition (aiokafka's ``create_batch``/``send_batch``), not
        handed over one ``send`` at a time: each send waits on metadata, hashes, allocates a future
        per record and resolves it on the acknowledgement, ~15 µs of CPU a record against ~4
        appended to a batch (BENCHMARKS.md session 26). A partition's records keep their order:
        its batches are sent in turn, and the producer queues a partition's batches in order.
        """
        producer = await self.producer()
        partitions: dict[str, list[int]] = {}
        open_batches: dict[tuple[str, int], BatchBuilder] = {}
        acks: list[asyncio.Future[object]] = []
        for emit in emits:
            emit = self.within_limit(emit)
            topic = topic_name(emit.topic, self.settings)
            key = emit.key.encode() if emit.key else None
            partition = emit.partition
            if partition is None:
                if topic not in partitions:
                    partitions[topic] = sorted(await producer.partitions_for(topic))
                partition = self._partitioner(key, partitions[topic], partitions[topic])
            batch = open_batches.get((topic, partition))
            if batch is None:
                batch = open_batches[topic, partition] = producer.create_batch()
            if batch.append(key=key, value=emit.data, timestamp=None) is None:  # full: send it, start the next
                acks.append(await producer.send_batch(batch, topic, partition=partition))
                batch = open_batches[topic, partition] = producer.create_batch()
                batch.append(key=key, value=emit.data, timestamp=None)  # an empty batch takes any record
        for (topic, partition), batch in open_batches.items():
            acks.append(await producer.send_batch(batch, topic, partition=partition))
        return asyncio.gather(*acks)

    async def send(self, emit: Emit) -> asyncio.Future[object]:
        """Hand one record to the producer; returns the future of the broker's acknowledgement."""
        emit = self.within_limit(emit)
        key = emit.key.encode() if emit.key else None
        producer = await self.producer()
        return await producer.send(topic_name(emit.topic, self.settings), emit.data, key=key,
                                   partition=emit.partition)

    async def send_acked(self, emit: Emit) -> None:
        """Send one record and wait for the broker's acknowledgement (a refusal raises here)."""
        await (await self.send(emit))

    async def flush(self) -> None:
        await (await self.producer()).flush()

    def within_limit(self, emit: Emit) -> Emit:
        """``emit`` with its bytes, within the size limit. Emits of a batch were checked (and their
        input dead-lettered) already; one sent from elsewhere (the synthesis loop) that is over the
        limit becomes a dead letter in its place, its value cut to fit."""
        data = emit.data or emit.value.model_dump_json().encode()
        if len(data) <= self.settings.max_message_bytes:
            return emit if data is emit.data else emit.with_data(data)
        agent, target = emit.by or "unknown", topic_name(emit.topic, self.settings)
        exc = MessageTooLarge(f"output to {target} of {len(data)} bytes is over the limit of "
                              f"{self.settings.max_message_bytes} bytes (INSTRUCTFLOW_MAX_MESSAGE_BYTES)")
        log.warning("%s: %s; to deadletter", agent, exc)
        original, size = fit_original(data, None, self.settings)
        letter = DeadLetter(agent=agent, error=describe_error(exc), topic=target, partition=-1, offset=-1,
                            original=original, original_size=size)
        return Emit(DEADLETTER, letter, by=agent, data=letter.model_dump_json().encode())
