"""The score step: signals on every instance, low-value ones rejected here; the kept ones get
dedup's sketch (agents/dedup/sketch.py), made here because this stage runs on every worker."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from instructflow.agents.configs import dedup_config, score_config
from instructflow.agents.dedup.sketch import Sketcher
from instructflow.agents.score.scorer import Scorer
from instructflow.schemas import Instance, Status
from instructflow.schemas.copying import copy_with
from instructflow.streams.settings import Settings
from instructflow.streams.step import Emit, Origin, Outcome, Step
from instructflow.streams.topics import REJECTED, SCORED, SCRUBBED


class ScoreStep(Step):
    name = "score"
    sources = (SCRUBBED,)
    outputs = (SCORED, REJECTED)

    def __init__(self, settings: Settings) -> None:
        self.scorer = Scorer(score_config(settings))
        self.sketcher = Sketcher.from_config(dedup_config(settings))

    def _scored(self, value: BaseModel) -> Instance:
        assert isinstance(value, Instance)
        scored = self.scorer.score(value)
        if scored is value:  # never write into the input: it may still be on its way to instances.scrubbed
            scored = copy_with(scored)
        return scored

    @staticmethod
    def _emit(scored: Instance) -> Emit:
        return Emit(REJECTED if scored.status is Status.rejected else SCORED, scored, key=scored.instance_id)

    def process(self, value: BaseModel, origin: Origin) -> Iterator[Emit]:
        scored = self._scored(value)
        if scored.status is not Status.rejected:
            self.sketcher.attach(scored)
        yield self._emit(scored)

    def process_batch(self, items: list[tuple[BaseModel, Origin]]) -> list[Outcome]:
        """Scored one by one, the kept ones sketched in one batch (the MinHash is vectorized over
        the batch: ~3x cheaper per text than one at a time)."""
        scored = [self._scored(value) for value, _ in items]
        self.sketcher.attach_many([s for s in scored if s.status is not Status.rejected])
        return [[self._emit(s)] for s in scored]
