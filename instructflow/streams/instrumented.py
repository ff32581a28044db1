"""The shared runtime with metrics.

Subclasses :class:`~instructflow.streams.runtime.Runtime` instead of editing it, so the
delivery logic (decode, dead-letter, batch, retry, commit after acknowledgement) stays in one
place; this class only observes it.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

import faust
from aiokafka import ConsumerRecord

from instructflow.schemas import Instance, Status
from instructflow.streams.errors import SinkUnavailable
from instructflow.streams.fusion import Fused
from instructflow.streams.metrics import WorkerMetrics
from instructflow.streams.runtime import Runtime
from instructflow.streams.settings import Settings
from instructflow.streams.step import Emit, Step
from instructflow.streams.topics import DEADLETTER, topic_name


def _counted(agent: str, metrics: WorkerMetrics,
             end_batch: Callable[[], Awaitable[None]]) -> Callable[[], Coroutine[Any, Any, None]]:
    async def wrapped() -> None:
        try:
            await end_batch()
        except SinkUnavailable:
            metrics.pool_retries.labels(agent).inc()
            raise

    return wrapped


class InstrumentedRuntime(Runtime):
    def __init__(self, app: faust.App, settings: Settings, metrics: WorkerMetrics) -> None:
        super().__init__(app, settings)
        self.metrics = metrics
        metrics.watch(self.lag)  # consumer lag, read from the loops at scrape time
        self._batch_started: dict[str, float] = {}

    def register(self, step: Step) -> None:
        # Pool retries are counted against the step that writes (the sink, also when fused).
        for part in step.steps if isinstance(step, Fused) else (step,):
            part.end_batch = _counted(part.name, self.metrics, part.end_batch)  # type: ignore[method-assign]
        super().register(step)

    def handle_batch(self, step: Step, records: list[ConsumerRecord]) -> list[Emit]:
        self._batch_started[step.name] = time.perf_counter()
        emits = super().handle_batch(step, records)
        m = self.metrics
        for topic, n in Counter(r.topic for r in records).items():
            m.messages_in.labels(step.name, topic).inc(n)
        # Counted per label set, then added once each: a labels() lookup costs ~1.8 µs, and a batch
        # holds a thousand emits of a handful of label sets.
        out: Counter[tuple[str, str]] = Counter()
        dead: Counter[tuple[str, str]] = Counter()
        rejected: Counter[tuple[str, str]] = Counter()
        for emit in emits:
            agent = emit.by or step.name
            out[agent, topic_name(emit.topic, self.settings)] += 1
            if emit.topic is DEADLETTER:
                error = getattr(emit.value, "error", "")
                dead[agent, error.split(":", 1)[0].split(" ", 1)[0] or "unknown"] += 1
            elif isinstance(emit.value, Instance) and emit.value.status is Status.rejected:
                rejected[agent, emit.value.reject_reason or "unknown"] += 1
        for (agent, topic), n in out.items():
            m.messages_out.labels(agent, topic).inc(n)
        for labels, n in dead.items():
            m.dead_letters.labels(*labels).inc(n)
        for labels, n in rejected.items():
            m.rejects.labels(*labels).inc(n)
        return emits

    async def end_batch(self, step: Step) -> None:
        await super().end_batch(step)
        started = self._batch_started.pop(step.name, None)
        if started is not None:
            self.metrics.batch_seconds.labels(step.name).observe(time.perf_counter() - started)
