"""The score step: signals on every instance, low-value ones rejected here."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from instructflow.agents.configs import score_config
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

    def process(self, value: BaseModel, origin: Origin) -> Iterator[Emit]:
        assert isinstance(value, Instance)
        scored = self.scorer.score(value)
        yield Emit(REJECTED if scored.status is Status.rejected else SCORED, scored, key=scored.instance_id)
