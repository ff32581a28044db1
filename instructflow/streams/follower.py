"""Follow a topic from its start, forever, outside any consumer group.

For state that every instance of an agent needs whole (the synthesis agent's seed table and
its view of the accepted pool): each worker reads every partition itself, so no consumer
group splits the state, and a restart rebuilds it from the log. ``caught_up`` is set once
everything that was in the topic at start has been delivered.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from instructflow.streams.log import follow
from instructflow.streams.settings import Settings
from instructflow.streams.topics import TopicSpec, topic_name

log = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)


class TopicFollower:
    # on_value takes the spec's value_type (a BaseModel subclass the type checker cannot tie to spec).
    def __init__(self, settings: Settings, spec: TopicSpec, on_value: Callable[[Any], Awaitable[None] | None],
                 poll_ms: int = 500) -> None:
        self.settings = settings
        self.spec = spec
        self.on_value = on_value
        self.poll_ms = poll_ms
        self.caught_up = asyncio.Event()
        self.seen = 0

    async def run(self) -> None:
        await follow(self.settings, topic_name(self.spec, self.settings), self._deliver_all,
                     caught_up=self.caught_up, poll_ms=self.poll_ms)

    async def _deliver_all(self, records: list[Any]) -> None:
        for record in records:
            await self._deliver(record.value)

    async def _deliver(self, raw: bytes | None) -> None:
        if raw is None:
            return  # a tombstone of a compacted topic
        try:
            value = self.spec.value_type.model_validate_json(raw)
        except ValidationError:
            return  # the agent that consumes this topic dead-letters it; state skips it
        self.seen += 1
        result = self.on_value(value)
        if result is not None:
            await result
