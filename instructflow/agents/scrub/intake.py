"""A live chat prompt becomes a stage-2 candidate instance, with the coordinates it came from."""

from __future__ import annotations

from instructflow.agents.scrub.origin_id import keyed_origin_id
from instructflow.schemas import Instance, Lineage, Prompt, Source
from instructflow.schemas.copying import copy_with
from instructflow.schemas.instance import STAGE_OF
from instructflow.streams.step import Origin


def instance_from_prompt(prompt: Prompt, origin: Origin, origin_key: bytes) -> Instance:
    """``origin_key``: the HMAC key the client's id is stored under (agents/scrub/origin_id.py)."""
    return Instance(
        source=Source.chat,
        stage=STAGE_OF[Source.chat],
        origin_id=keyed_origin_id(prompt.id or "", origin_key),
        lang=prompt.lang or "",
        messages=list(prompt.messages),
        lineage=Lineage(topic=origin.topic, partition=origin.partition, offset=origin.offset),
        # The Kafka timestamp, not the wall clock: a replay must rebuild the same row.
        created_at=origin.timestamp,
    )


def with_origin(instance: Instance, origin: Origin) -> Instance:
    """Candidates from other agents keep their own lineage; bare ones get where they were read."""
    if instance.lineage.topic:
        return instance
    lineage = copy_with(instance.lineage, {"topic": origin.topic, "partition": origin.partition,
                                           "offset": origin.offset})
    return copy_with(instance, {"lineage": lineage})
