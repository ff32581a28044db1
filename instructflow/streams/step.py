"""The shape every agent core is plugged in by: typed values in, routed values out.

A step knows nothing of Kafka. The runtime (streams/runtime.py) decodes each message
into the value type its topic declares, hands it over with its origin, and routes what
comes back; whatever a step raises sends the original message to the dead-letter topic.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from pydantic import BaseModel

from instructflow.streams.topics import DEADLETTER, TopicSpec

if TYPE_CHECKING:
    from instructflow.streams.settings import Settings


@dataclass(frozen=True)
class Origin:
    """Where a message was read: enough to find it again, and a timestamp that replays keep."""

    topic: str
    partition: int
    offset: int
    timestamp: datetime


# Not frozen: a frozen dataclass sets each field through object.__setattr__ (0.9 µs a build against
# 0.2), and every emit of the hot path is built two or three times (step, fusion, runtime). Nothing
# changes an Emit after it is built: with_data and made_by make new ones.
@dataclass(slots=True)
class Emit:
    topic: TopicSpec
    value: BaseModel
    key: str | None = None
    # The step that made it, where that is not the agent's own step (steps fused into one
    # agent, streams/fusion.py); metrics and dead letters are labelled with it.
    by: str = ""
    # Its bytes, once the runtime has encoded (and size-checked) it.
    data: bytes = field(default=b"", compare=False, repr=False)
    # The partition, where the step chooses it (None: the producer's key hash). The partitioned
    # dedup sends a band to ``band key mod partitions``, which its owners' state layout depends on.
    partition: int | None = None

    # Built field by field: dataclasses.replace re-reads the fields on every call (2.2 µs against
    # 1.0), and every emit of the hot path passes here once or twice.
    def with_data(self, data: bytes) -> Emit:
        return Emit(self.topic, self.value, self.key, self.by, data, self.partition)

    def made_by(self, step: str) -> Emit:
        return Emit(self.topic, self.value, self.key, step, self.data, self.partition)


class StepFailed(Exception):
    """An item failed in the named step; ``cause`` is what it raised."""

    def __init__(self, step: str, cause: Exception) -> None:
        super().__init__(step)
        self.step = step
        self.cause = cause


# One item's outcome in a batch: its emits, or what it raised (the runtime dead-letters it).
Outcome = list[Emit] | Exception


class UndeclaredOutput(RuntimeError):
    """A step emitted to a topic it does not declare in ``outputs`` (the topology would be wrong)."""


class Step:
    """Base of every agent core. Subclasses set ``name``, ``sources`` and ``outputs`` and implement ``process``.

    ``sources`` and ``outputs`` are the step's place in the topology (app/topology.py draws the
    diagram from them); :func:`run_batch` holds a step to its ``outputs``, so they cannot drift.
    The dead-letter topic is every step's implicit output.
    """

    name: ClassVar[str]
    sources: ClassVar[tuple[TopicSpec, ...]]
    outputs: ClassVar[tuple[TopicSpec, ...]]

    async def prepare(self) -> None:
        """Rebuild whatever state the step needs before its first message (default: none)."""

    def batch_limit(self, settings: Settings) -> int:
        """Most events the step's loop takes at once (streams/loop.py)."""
        return settings.batch_size

    def process(self, value: BaseModel, origin: Origin) -> Iterable[Emit]:
        raise NotImplementedError

    def process_batch(self, items: list[tuple[BaseModel, Origin]]) -> list[Outcome]:
        """The outcome of each item, in order. Override where the core is faster on a batch.

        Only an override is called (see :func:`run_batch`); if it raises, the batch is redone
        item by item through ``process``, so an override must be safe to repeat (idempotent).
        """
        return [list(self.process(value, origin)) for value, origin in items]

    async def end_batch(self) -> None:
        """Make a batch durable before its offsets may be committed (sinks write here)."""


def run_batch(step: Step, items: list[tuple[BaseModel, Origin]]) -> list[Outcome]:
    """Each item's outcome: one call to the step's batch override where it has one, else (or
    if the override raised) item by item, which quarantines exactly the items that fail."""
    outcomes: list[Outcome] | None = None
    if type(step).process_batch is not Step.process_batch:
        try:
            outcomes = step.process_batch(items)
        except Exception:  # one bad item must not hold the others back: redo item by item
            outcomes = None
    if outcomes is None:
        outcomes = []
        for value, origin in items:
            try:
                outcomes.append(list(step.process(value, origin)))
            except Exception as exc:
                outcomes.append(exc)
    return [_declared(step, outcome) for outcome in outcomes]


def _declared(step: Step, outcome: Outcome) -> Outcome:
    if isinstance(outcome, Exception):
        return outcome
    for emit in outcome:
        if emit.topic not in step.outputs and emit.topic is not DEADLETTER:
            return UndeclaredOutput(f"{step.name} emitted to {emit.topic.name}, not among its outputs")
    return outcome
