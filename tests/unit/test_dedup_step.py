"""The dedup agent's batch path decides exactly as its one-by-one path (no Kafka: the index is warm)."""

from __future__ import annotations

from datetime import UTC, datetime

from bench.loadgen import generated_batch
from instructflow.agents.dedup.agent import DedupStep
from instructflow.schemas import Instance, Lineage, Source
from instructflow.streams.settings import Settings
from instructflow.streams.step import Origin

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _items(first_offset: int = 0) -> list[tuple[Instance, Origin]]:
    batch = generated_batch(n_unique=120, n_exact=15, n_near=15, seed=3)
    items = []
    for i, prompt in enumerate(batch.prompts):
        inst = Instance(instance_id=f"id{i:04d}", origin_id=prompt.id or "", source=Source.chat, stage=2,
                        messages=prompt.messages, lineage=Lineage(topic="scored", partition=0, offset=i))
        items.append((inst, Origin("scored", 0, first_offset + i, T0)))
    return items


def _warm_step() -> DedupStep:
    step = DedupStep(Settings(kafka_bootstrap="127.0.0.1:1"))
    step._next_offset = 0  # as if caught up with instances.accepted: nothing to read
    return step


def _verdicts(emits: list[list]) -> list[tuple[str, str, str]]:
    return [(e.value.status.value, e.value.reject_reason, e.value.duplicate_of) for group in emits for e in group]


def test_batch_path_equals_one_by_one():
    items = _items()
    single = _warm_step()
    one_by_one = _verdicts([list(single.process(v, o)) for v, o in items])
    step = _warm_step()
    batched = _verdicts(step.process_batch(items[:70]) + step.process_batch(items[70:]))
    assert batched == one_by_one
    assert {r for _, r, _ in batched} == {"", "duplicate_exact", "duplicate_near"}


def test_redelivered_batch_is_accepted_again_as_before():
    items = _items()
    step = _warm_step()
    first = _verdicts(step.process_batch(items))
    step._next_offset = 0  # the same offsets again, as after a crash before the commit
    assert _verdicts(step.process_batch(items)) == first
