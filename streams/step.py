"""The shape every agent core is plugged in by: typed values in, routed values out.

A step knows nothing of Kafka. The runtime (streams/runtime.py) decodes each message
into the value type its topic declares, hands it over with its origin, and routes what
comes back; whatever a step raises sends the original message to the dead-letter topic.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from pydantic import BaseModel

from instructflow.streams.topics import TopicSpec


@dataclass(frozen=True)
class Origin:
    """Where a message was read: enough to find it again, and a timestamp that replays keep."""

    topic: str
    partition: int
    offset: int
    timestamp: datetime


@dataclass(frozen=True)
class Emit:
    topic: TopicSpec
    value: BaseModel
    key: str | None = None


class Step:
    """Base of every agent core. Subclasses set ``name`` and ``sources`` and implement ``process``."""

    name: ClassVar[str]
    sources: ClassVar[tuple[TopicSpec, ...]]

    async def prepare(self) -> None:
        """Rebuild whatever state the step needs before its first message (default: none)."""

    def process(self, value: BaseModel, origin: Origin) -> Iterable[Emit]:
        raise NotImplementedError

    def process_batch(self, items: list[tuple[BaseModel, Origin]]) -> list[list[Emit]]:
        """The emits of each item, in order. Override where the core is faster on a batch.

        The runtime only calls an override; if it raises, the batch is redone item by item
        through ``process``, so an override must be safe to repeat (idempotent) for its items.
        """
        return [list(self.process(value, origin)) for value, origin in items]

    async def end_batch(self) -> None:
        """Make a batch durable before its offsets may be committed (sinks write here)."""
