"""The score step: signals on every instance, low-value ones rejected here; the kept ones get
dedup's sketch (agents/dedup/sketch.py), made here because this stage runs on every worker."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from instructflow.agents.configs import dedup_config, score_config
from instructflow.agents.dedup.sketch import Sketcher
from instructflow.agents.score.scorer import Scorer
from instructflow.schemas import Instance, Status
from instructflow.streams.settings import Settings
from instructflow.streams.step import Emit, Origin, Step
from instructflow.streams.topics import REJECTED, SCORED, SCRUBBED


class ScoreStep(Step):
    name = "score"
    sources = (SCRUBBED,)
    outputs = (SCORED, REJECTED)

    def __init__(self, settings: Settings) -> None:
        self.scorer = Scorer(score_config(settings))
        self.sketcher = Sketcher.from_config(dedup_config(settings))

    def process(self, value: BaseModel, origin: Origin) -> Iterator[Emit]:
        assert isinstance(value, Instance)
        scored = self.scorer.score(value)
        if scored.status is Status.rejected:
            yield Emit(REJECTED, scored, key=scored.instance_id)
            return
        if scored is value:  # never write into the input: it may still be on its way to instances.scrubbed
            scored = scored.model_copy()
        self.sketcher.attach(scored)
        yield Emit(SCORED, scored, key=scored.instance_id)
