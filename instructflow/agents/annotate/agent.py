"""The annotation-selection step: accepted chat prompts -> ``annotation.queue``.

Its state (what was queued, per window, cluster and language) is the ``annotation.queue``
topic itself: at start it re-reads the topic, so caps and budgets survive restarts. Windows
use the Kafka timestamp of the record the instance was decided from (``instances.scored``, where
the step runs chained to dedup; ``instances.accepted`` otherwise), so a redelivery decides the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from pydantic import BaseModel

from instructflow.agents.annotate.selection import Selector
from instructflow.agents.configs import selection_policy
from instructflow.schemas import AnnotationItem, Instance
from instructflow.streams.log import read_values
from instructflow.streams.settings import Settings
from instructflow.streams.step import Emit, Origin, Step
from instructflow.streams.topics import ACCEPTED, ANNOTATION_QUEUE

log = logging.getLogger(__name__)


class AnnotationSelectStep(Step):
    name = "annotate-select"
    sources = (ACCEPTED,)
    outputs = (ANNOTATION_QUEUE,)

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.selector = Selector(selection_policy(settings))

    async def prepare(self) -> None:
        async for item in read_values(self.settings, ANNOTATION_QUEUE, AnnotationItem):
            self.selector.remember(item.item_id, item.instance.lang, item.cluster, item.queued_at)
        log.info("annotate-select: state recovered, %d items queued so far", len(self.selector))

    def process(self, value: BaseModel, origin: Origin) -> Iterator[Emit]:
        assert isinstance(value, Instance)
        verdict = self.selector.offer(value, origin.timestamp)
        if verdict.selected:
            item = AnnotationItem(instance=value, cluster=verdict.cluster,
                                  priority=value.scores.get("quality", 0.0), queued_at=origin.timestamp)
            yield Emit(ANNOTATION_QUEUE, item, key=value.instance_id)
