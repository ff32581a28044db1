"""Faust wiring shared by every agent: decode, process, route, dead-letter — in batches.

Each agent module only declares its Step; this is the one place that knows how a Kafka
event becomes a typed value, how results are sent, and how a failure is quarantined.
Offsets advance only after ``Step.end_batch`` returned and Faust flushed the producer, so
delivery is at-least-once; idempotent steps and the pool's ReplacingMergeTree make it
effectively-once.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from datetime import UTC, datetime
from typing import cast

import faust
from faust.types import EventT
from pydantic import BaseModel

from instructflow.schemas import DeadLetter
from instructflow.streams.errors import SinkUnavailable, describe_error
from instructflow.streams.limits import MessageTooLarge, check_size, fit_original
from instructflow.streams.settings import Settings
from instructflow.streams.step import Emit, Origin, Step, StepFailed, run_batch
from instructflow.streams.topics import DEADLETTER, TopicSpec, topic_name

log = logging.getLogger(__name__)

RETRY_MAX_S = 5.0


class Runtime:
    """Holds the Faust topics of one app so steps can be registered as agents."""

    def __init__(self, app: faust.App, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self._topics: dict[str, faust.TopicT] = {}

    def topic(self, spec: TopicSpec) -> faust.TopicT:
        name = topic_name(spec, self.settings)
        if name not in self._topics:
            self._topics[name] = self.app.topic(
                name, key_type=bytes, value_type=bytes, value_serializer="raw", key_serializer="raw",
                partitions=spec.partitions(self.settings),
            )
        return self._topics[name]

    def spec_of(self, name: str, step: Step) -> TopicSpec:
        for spec in step.sources:
            if topic_name(spec, self.settings) == name:
                return spec
        raise KeyError(name)

    def register(self, step: Step) -> None:
        channel = self.topic(step.sources[0])
        if len(step.sources) > 1:
            channel = self.app.topic(*(topic_name(s, self.settings) for s in step.sources),
                                     key_type=bytes, value_type=bytes, value_serializer="raw",
                                     key_serializer="raw")
        settings = self.settings

        async def run(stream: faust.StreamT[bytes]) -> None:
            await step.prepare()
            # Faust hands an agent its Stream class; take_events is not on the StreamT protocol.
            batches = cast(faust.Stream[bytes], stream).take_events(settings.batch_size, within=settings.batch_within_s)
            async for events in batches:
                # CPU-bound cores (presidio, MinHash) run off the event loop, so heartbeats and
                # fetches keep flowing while a batch is processed.
                emits = await asyncio.to_thread(self._handle_batch, step, list(events))
                await self._end_batch(step)
                for emit in emits:
                    await self.send(emit)

        self.app.agent(channel, name=step.name)(run)

    def _handle_batch(self, step: Step, events: list[EventT]) -> list[Emit]:
        emits: list[Emit] = []
        decoded: list[tuple[EventT, BaseModel, Origin]] = []
        for event in events:
            try:
                check_size(event.message.value or b"", self.settings, "message")
                decoded.append((event, self._decode(step, event), self._origin(event)))
            except Exception as exc:
                emits.append(self._dead_letter(step, event, exc))
        outcomes = run_batch(step, [(value, origin) for _, value, origin in decoded]) if decoded else []
        for (event, _, _), outcome in zip(decoded, outcomes, strict=True):
            if not isinstance(outcome, Exception):
                outcome = self._encoded(step, outcome)
            if isinstance(outcome, Exception):
                emits.append(self._dead_letter(step, event, outcome))
            else:
                emits.extend(outcome)
        return emits

    def _encoded(self, step: Step, emits: list[Emit]) -> list[Emit] | Exception:
        """The emits with their bytes, or the error if one grew over the size limit (a prompt just
        under it, say, whose placeholders are longer than what they replace): the producer would
        refuse it and crash the agent, so the input goes to the dead-letter topic instead."""
        out = []
        for emit in emits:
            data = emit.value.model_dump_json().encode()
            try:
                check_size(data, self.settings, f"{emit.by or step.name}'s output to {emit.topic.name}")
            except MessageTooLarge as exc:
                return StepFailed(emit.by or step.name, exc)
            out.append(dataclasses.replace(emit, data=data))
        return out

    @staticmethod
    def _origin(event: EventT) -> Origin:
        msg = event.message
        return Origin(msg.topic, msg.partition, msg.offset, datetime.fromtimestamp(msg.timestamp, UTC))

    def _decode(self, step: Step, event: EventT) -> BaseModel:
        raw = event.message.value
        if raw is None:  # a tombstone: nothing to decode (dead-lettered like any unreadable message)
            raise ValueError("message has no value (tombstone)")
        return self.spec_of(event.message.topic, step).value_type.model_validate_json(raw)

    def _dead_letter(self, step: Step, event: EventT, exc: Exception) -> Emit:
        msg = event.message
        agent = step.name
        if isinstance(exc, StepFailed):  # failed in a step fused into this agent
            agent, exc = exc.step, exc.cause
        reason = describe_error(exc, quote=not self.spec_of(msg.topic, step).holds_pii)
        log.warning("%s: %s/%d@%d to deadletter: %s", agent, msg.topic, msg.partition, msg.offset, reason)
        original, size = fit_original(msg.value or b"", msg.key, self.settings)
        letter = DeadLetter(agent=agent, error=reason, topic=msg.topic, partition=msg.partition,
                            offset=msg.offset, key=msg.key, original=original, original_size=size)
        return Emit(DEADLETTER, letter, by=agent)

    async def _end_batch(self, step: Step) -> None:
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

    async def send(self, emit: Emit) -> None:
        """Hand one record to the app's producer.

        Straight to the producer rather than through ``Topic.send``: Faust's channel layer
        costs more than the send itself at our rates, and the producer is the one Faust
        flushes before it commits offsets, so the at-least-once guarantee is unchanged.
        """
        emit = self.within_limit(emit)
        key = emit.key.encode() if emit.key else None
        await self.app.producer.send(topic_name(emit.topic, self.settings), key, emit.data,
                                     partition=None, timestamp=None, headers=None)

    def within_limit(self, emit: Emit) -> Emit:
        """``emit`` with its bytes, within the size limit. Emits of a batch were checked (and their
        input dead-lettered) already; one sent from elsewhere (the synthesis loop) that is over the
        limit becomes a dead letter in its place, its value cut to fit."""
        data = emit.data or emit.value.model_dump_json().encode()
        if len(data) <= self.settings.max_message_bytes:
            return dataclasses.replace(emit, data=data)
        agent, target = emit.by or "unknown", topic_name(emit.topic, self.settings)
        exc = MessageTooLarge(f"output to {target} of {len(data)} bytes is over the limit of "
                              f"{self.settings.max_message_bytes} bytes (INSTRUCTFLOW_MAX_MESSAGE_BYTES)")
        log.warning("%s: %s; to deadletter", agent, exc)
        original, size = fit_original(data, None, self.settings)
        letter = DeadLetter(agent=agent, error=describe_error(exc), topic=target, partition=-1, offset=-1,
                            original=original, original_size=size)
        return Emit(DEADLETTER, letter, by=agent, data=letter.model_dump_json().encode())
