"""Fused steps: chained topics are published and handed on in process, shared topics fan out,
and a failure in any fused step quarantines exactly its item."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from pydantic import BaseModel

from instructflow.streams.fusion import Fused
from instructflow.streams.settings import Settings
from instructflow.streams.step import Emit, Origin, Step, StepFailed, UndeclaredOutput, run_batch
from instructflow.streams.topics import ACCEPTED, PROMPTS_RAW, REJECTED, SCORED, SCRUBBED, TopicSpec


class Note(BaseModel):
    text: str


class Relay(Step):
    """Emits its input's text + its own tag to ``out``; fails on texts containing ``fail``."""

    def __init__(self, name: str, sources: tuple[TopicSpec, ...], out: TopicSpec, fail: str = "") -> None:
        self.name = name  # type: ignore[misc]
        self.sources = sources  # type: ignore[misc]
        self.outputs = (out,)  # type: ignore[misc]
        self.out = out
        self.fail = fail
        self.seen: list[str] = []
        self.ended = 0

    def process(self, value: BaseModel, origin: Origin) -> Iterator[Emit]:
        assert isinstance(value, Note)
        self.seen.append(value.text)
        if self.fail and self.fail in value.text:
            raise ValueError("refused")
        yield Emit(self.out, Note(text=f"{value.text}>{self.name}"), key=value.text)

    async def end_batch(self) -> None:
        self.ended += 1


SETTINGS = Settings(topic_prefix="t.")


def origin(topic: TopicSpec, offset: int = 0) -> Origin:
    return Origin(f"t.{topic.name}", 0, offset, datetime(2026, 1, 1, tzinfo=UTC))


def texts(outcome: object) -> list[tuple[str, str, str]]:
    assert isinstance(outcome, list)
    return [(e.topic.name, e.value.text, e.by) for e in outcome]


def test_chain_publishes_every_emit_and_hands_the_chained_topic_on_in_process() -> None:
    head = Relay("scrub", (PROMPTS_RAW,), SCRUBBED)
    tail = Relay("score", (SCRUBBED,), SCORED)
    fused = Fused(SETTINGS, (head, tail), internal=(SCRUBBED,))
    assert fused.name == "scrub" and fused.sources == (PROMPTS_RAW,)  # never subscribes to the chained topic
    [a, b] = fused.process_batch([(Note(text="a"), origin(PROMPTS_RAW)), (Note(text="b"), origin(PROMPTS_RAW, 1))])
    assert texts(a) == [("instances.scrubbed", "a>scrub", ""), ("instances.scored", "a>scrub>score", "score")]
    assert texts(b)[1] == ("instances.scored", "b>scrub>score", "score")
    assert tail.seen == ["a>scrub", "b>scrub"]


def test_a_shared_topic_reaches_each_step_that_reads_it_once() -> None:
    sink = Relay("sink", (ACCEPTED, REJECTED), SCORED)
    select = Relay("annotate-select", (ACCEPTED,), SCRUBBED)
    fused = Fused(SETTINGS, (sink, select))
    assert fused.sources == (ACCEPTED, REJECTED)
    outcomes = fused.process_batch([(Note(text="acc"), origin(ACCEPTED)), (Note(text="rej"), origin(REJECTED))])
    assert sink.seen == ["acc", "rej"] and select.seen == ["acc"]
    assert [len(o) for o in outcomes if isinstance(o, list)] == [2, 1]
    # Nothing is chained here: emits are only published, labelled with the step that made them.
    assert texts(outcomes[0])[1] == ("instances.scrubbed", "acc>annotate-select", "annotate-select")


def test_a_failure_in_a_later_step_fails_only_its_item_and_names_the_step() -> None:
    head = Relay("scrub", (PROMPTS_RAW,), SCRUBBED)
    tail = Relay("score", (SCRUBBED,), SCORED, fail="bad")
    fused = Fused(SETTINGS, (head, tail), internal=(SCRUBBED,))
    items = [(Note(text=t), origin(PROMPTS_RAW, i)) for i, t in enumerate(("x", "bad", "y"))]
    ok, bad, ok2 = fused.process_batch(items)
    assert isinstance(bad, StepFailed) and bad.step == "score" and isinstance(bad.cause, ValueError)
    # The failed item publishes nothing, not even what the head made of it.
    assert len(texts(ok)) == 2 and len(texts(ok2)) == 2
    with pytest.raises(StepFailed):
        list(fused.process(Note(text="bad"), origin(PROMPTS_RAW)))


def test_prepare_and_end_batch_reach_every_step() -> None:
    steps = (Relay("sink", (ACCEPTED,), SCORED), Relay("annotate-select", (ACCEPTED,), SCRUBBED))
    asyncio.run(Fused(SETTINGS, steps).end_batch())
    assert [s.ended for s in steps] == [1, 1]


class Batchy(Relay):
    """A batch override that raises when any item is bad, like an all-or-nothing core."""

    def process_batch(self, items: list[tuple[BaseModel, Origin]]) -> list:
        if any(self.fail in v.text for v, _ in items if isinstance(v, Note)):
            raise RuntimeError("batch refused")
        return [list(self.process(v, o)) for v, o in items]


def test_run_batch_redoes_a_failed_batch_item_by_item() -> None:
    step = Batchy("dedup", (SCORED,), ACCEPTED, fail="bad")
    outcomes = run_batch(step, [(Note(text=t), origin(SCORED, i)) for i, t in enumerate(("p", "bad", "q"))])
    assert isinstance(outcomes[1], ValueError)
    assert texts(outcomes[0]) == [("instances.accepted", "p>dedup", "")]
    assert texts(outcomes[2]) == [("instances.accepted", "q>dedup", "")]


def test_an_emit_to_an_undeclared_topic_fails_its_item() -> None:
    # Planted once: _declared() returning the outcome unchecked made this test fail.
    rogue = Relay("scrub", (PROMPTS_RAW,), SCRUBBED)
    rogue.outputs = (SCORED,)  # type: ignore[misc]
    (outcome,) = run_batch(rogue, [(Note(text="a"), origin(PROMPTS_RAW))])
    assert isinstance(outcome, UndeclaredOutput)
    assert "instances.scrubbed" in str(outcome)


@pytest.mark.parametrize(("method", "field", "new"), [("with_data", "data", b"{}"), ("made_by", "by", "score")])
def test_an_emit_copy_changes_one_field_and_keeps_every_other(method: str, field: str, new: object) -> None:
    emit = Emit(SCORED, Note(text="a"), key="k", by="scrub", data=b"old", partition=3)
    copy = getattr(emit, method)(new)
    for f in dataclasses.fields(Emit):  # a field added to Emit later must be carried too
        assert getattr(copy, f.name) == (new if f.name == field else getattr(emit, f.name)), f.name


class FakeConsumer:
    """getmany as the loop calls it: remembers how many records each call allowed."""

    def __init__(self) -> None:
        self.asked: list[int | None] = []

    async def getmany(self, timeout_ms: int = 0, max_records: int | None = None) -> dict[object, list[object]]:
        self.asked.append(max_records)
        return {}


def test_the_agent_that_writes_the_pool_takes_pool_sized_batches() -> None:
    # Planted once: PoolSinkStep without its batch_limit (the agent took batch_size) made this fail.
    from instructflow.sinks.agent import PoolSinkStep
    from instructflow.streams.loop import StepLoop

    settings = Settings(topic_prefix="t.", batch_size=300, pool_batch_size=1700)
    edge = Fused(settings, (Relay("scrub", (PROMPTS_RAW,), SCRUBBED), Relay("score", (SCRUBBED,), SCORED)))
    pooled = Fused(settings, (Relay("dedup", (SCORED,), ACCEPTED), PoolSinkStep(pool=None)),  # type: ignore[arg-type]
                   internal=(ACCEPTED,))
    assert (edge.batch_limit(settings), pooled.batch_limit(settings)) == (300, 1700)

    class Runtime:
        pass

    for step, size in ((edge, 300), (pooled, 1700)):
        runtime = Runtime()
        runtime.settings = settings  # type: ignore[attr-defined]
        loop = StepLoop(runtime, step)  # type: ignore[arg-type]
        consumer = FakeConsumer()

        async def fetch(loop: StepLoop = loop, consumer: FakeConsumer = consumer) -> None:
            await loop._next_batch(consumer)  # type: ignore[arg-type]

        asyncio.run(fetch())
        assert consumer.asked == [size]
