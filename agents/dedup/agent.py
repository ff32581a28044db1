"""Faust wiring of the dedup agent: first accepted wins, against everything ever accepted.

Its state is the ``instances.accepted`` topic itself: at start it re-reads that topic, so
a new machine, a restart or a crash recovers exactly what was decided, with no local file.
``instances.scored`` has one partition, so decisions follow one order and replay the same.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from pydantic import BaseModel

from instructflow.agents.dedup.deduplicator import Deduplicator
from instructflow.schemas import Instance, Status
from instructflow.streams.log_reader import read_topic
from instructflow.streams.settings import Settings
from instructflow.streams.step import Emit, Origin, Step
from instructflow.streams.topics import ACCEPTED, REJECTED, SCORED

log = logging.getLogger(__name__)


class DedupStep(Step):
    name = "dedup"
    sources = (SCORED,)

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.dedup = Deduplicator.from_settings(settings)

    async def prepare(self) -> None:
        async for instance in read_topic(self.settings, ACCEPTED, Instance):
            self.dedup.remember(instance)
        log.info("dedup: state recovered, %d accepted instances indexed", len(self.dedup))

    def process(self, value: BaseModel, origin: Origin) -> Iterator[Emit]:
        assert isinstance(value, Instance)
        decided = self.dedup.decide(value)
        yield Emit(ACCEPTED if decided.status is Status.accepted else REJECTED, decided, key=decided.instance_id)
