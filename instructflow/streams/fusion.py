"""Several steps in one Faust agent: operator chaining and shared subscriptions.

Every hop through Kafka costs a worker more than scoring a prompt does: a fetch, Faust's
per-event bookkeeping (event, stream, ack), a JSON decode and, on the way out, an encode and a
produce. Stream processors fuse adjacent operators for this reason (Flink's operator chaining,
Kafka Streams' sub-topologies). Fusion changes where a step's input comes from, never what is
published:

* **chained** topics (``internal``): an emit to such a topic is still published (e.g.
  ``instances.scrubbed`` stays the post-scrub log of record that replay reads), and the later
  steps that read it get it in process instead of subscribing to it;
* **shared** topics: a topic that several of the steps read is subscribed once and each
  message is handed to each of them (the pool sink and annotate-select on
  ``instances.accepted`` in partitioned dedup mode).

app/topology.py chains score to scrub and, in single dedup mode, the sink and annotate-select
to dedup.

An item handed over in process carries the origin of the Kafka message it came from. The
agent is named after its first step; metrics and dead letters name the step that acted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pydantic import BaseModel

from instructflow.streams.settings import Settings
from instructflow.streams.step import Emit, Origin, Outcome, Step, StepFailed, run_batch
from instructflow.streams.topics import TopicSpec, topic_name


class Fused(Step):
    """``steps`` in topological order: a step only receives emits of the steps before it."""

    def __init__(self, settings: Settings, steps: Sequence[Step], internal: Iterable[TopicSpec] = ()) -> None:
        if not steps:
            raise ValueError("Fused needs at least one step")
        self.steps = tuple(steps)
        self.internal = frozenset(internal)
        self.name = self.steps[0].name  # type: ignore[misc]
        subscribed: list[TopicSpec] = []
        for step in self.steps:
            subscribed.extend(t for t in step.sources if t not in self.internal and t not in subscribed)
        self.sources = tuple(subscribed)  # type: ignore[misc]
        self.outputs = tuple(dict.fromkeys(t for step in self.steps for t in step.outputs))  # type: ignore[misc]
        self._spec_by_name = {topic_name(spec, settings): spec for spec in self.sources}

    async def prepare(self) -> None:
        for step in self.steps:
            await step.prepare()

    def batch_limit(self, settings: Settings) -> int:
        return max(step.batch_limit(settings) for step in self.steps)

    async def end_batch(self) -> None:
        for step in self.steps:
            await step.end_batch()

    def process(self, value: BaseModel, origin: Origin) -> Iterable[Emit]:
        (outcome,) = self.process_batch([(value, origin)])
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def process_batch(self, items: list[tuple[BaseModel, Origin]]) -> list[Outcome]:
        outcomes: list[Outcome] = [[] for _ in items]
        # (item index, topic, value): the Kafka messages, then each step's emits as they come.
        queue: list[tuple[int, TopicSpec, BaseModel]] = [
            (i, self._spec_by_name[origin.topic], value) for i, (value, origin) in enumerate(items)
        ]
        for position, step in enumerate(self.steps):
            inputs = [(i, value) for i, topic, value in queue
                      if topic in step.sources and not isinstance(outcomes[i], Exception)]
            if not inputs:
                continue
            results = run_batch(step, [(value, items[i][1]) for i, value in inputs])
            for (i, _), result in zip(inputs, results, strict=True):
                done = outcomes[i]
                if isinstance(done, Exception):  # an earlier input of this item already failed here
                    continue
                if isinstance(result, Exception):
                    outcomes[i] = StepFailed(step.name, result)
                    continue
                for emit in result:
                    done.append(emit if position == 0 or emit.by else emit.made_by(step.name))
                    if emit.topic in self.internal:
                        queue.append((i, emit.topic, emit.value))
        return outcomes

