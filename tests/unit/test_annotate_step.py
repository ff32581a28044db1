"""The selection step's wiring: what it emits to annotation.queue, and with which window time."""

from __future__ import annotations

from datetime import UTC, datetime

from instructflow.agents.annotate.agent import AnnotationSelectStep
from instructflow.schemas import AnnotationItem, Instance, Message, Source, Status
from instructflow.streams.settings import Settings
from instructflow.streams.step import Origin
from instructflow.streams.topics import ANNOTATION_QUEUE

AT = datetime(2026, 3, 1, 12, 30, tzinfo=UTC)


def accepted(iid: str, quality: float, **kw) -> Instance:
    return Instance(instance_id=iid, source=Source.chat, stage=2, lang="en", status=Status.accepted,
                    messages=[Message(role="user", content="How do tides work and why are there two a day?")],
                    scores={"quality": quality}, **kw)


def test_step_queues_valuable_unanswered_prompts_once():
    step = AnnotationSelectStep(Settings(annotation_min_quality=0.6))
    origin = Origin("instances.accepted", 0, 7, AT)
    [emit] = list(step.process(accepted("a", 0.8), origin))
    assert emit.topic is ANNOTATION_QUEUE and emit.key == "a"
    assert isinstance(emit.value, AnnotationItem)
    assert (emit.value.item_id, emit.value.priority, emit.value.queued_at) == ("a", 0.8, AT)
    assert emit.value.cluster.startswith("en:")
    assert list(step.process(accepted("a", 0.8), origin)) == []  # redelivered: already queued
    assert list(step.process(accepted("b", 0.5), origin)) == []  # below the threshold
    assert list(step.process(accepted("c", 0.9, output="an answer"), origin)) == []  # annotated revision
