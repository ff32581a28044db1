"""The pool sink step: accepted and rejected instances, written in batches."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

from pydantic import BaseModel

from instructflow.schemas import Instance
from instructflow.sinks.pool import Pool
from instructflow.streams.settings import Settings
from instructflow.streams.step import Emit, Origin, Step
from instructflow.streams.topics import ACCEPTED, REJECTED


class PoolSinkStep(Step):
    name = "sink"
    sources = (ACCEPTED, REJECTED)
    outputs = ()  # the pool

    def __init__(self, pool: Pool) -> None:
        self.pool = pool
        self._batch: list[Instance] = []

    async def prepare(self) -> None:
        await asyncio.to_thread(self.pool.migrate)

    def batch_limit(self, settings: Settings) -> int:
        # One insert a batch, and each costs a fixed ~14 ms of chDB CPU (bench/bench_sink.py): the
        # fewer, the cheaper. Fused, the steps before it (dedup) take its batch too.
        return settings.pool_batch_size

    def process(self, value: BaseModel, origin: Origin) -> Iterator[Emit]:
        assert isinstance(value, Instance)
        self._batch.append(value)
        return iter(())

    async def end_batch(self) -> None:
        if self._batch:
            await asyncio.to_thread(self.pool.insert, self._batch)
            self._batch = []
