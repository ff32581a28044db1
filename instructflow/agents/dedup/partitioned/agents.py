"""The partitioned dedup steps: router, band owners, combiner (``dedup_mode = "partitioned"``).

    instances.scored (1 partition: the sequencer) -> [dedup_router]
        -> dedup.bands (P partitions, band key mod P)  -> [dedup_owner]  -> dedup.votes (by instance id)
        -> dedup.votes  <- the router's ballot (the instance)             -> [dedup_combiner]
        -> instances.accepted / instances.rejected

The router is cheap per message (the score step made the sketch: no MinHash here); owners and the combiner
scale with partitions. Owner and combiner state is rebuilt per partition from its own log
when a worker takes the partition over (catchup.py), so a restart, a kill or a rebalance
recovers exactly the state the previous holder had, and every answer is a function of the
sequence alone.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import suppress

from pydantic import BaseModel, ValidationError

from instructflow.agents.configs import dedup_config
from instructflow.agents.dedup.partitioned.catchup import PartitionCatchUp
from instructflow.agents.dedup.partitioned.combiner import BallotBox
from instructflow.agents.dedup.partitioned.owner import BandOwner
from instructflow.agents.dedup.partitioned.router import BandRouter, Routed
from instructflow.schemas import Instance, Status
from instructflow.schemas.dedup import BandProbe, DedupVote
from instructflow.streams.settings import Settings
from instructflow.streams.step import Emit, Origin, Outcome, Step
from instructflow.streams.topics import ACCEPTED, DEDUP_BANDS, DEDUP_VOTES, REJECTED, SCORED, topic_name

log = logging.getLogger(__name__)


class DedupRouterStep(Step):
    name = "dedup_router"
    sources = (SCORED,)
    outputs = (DEDUP_BANDS, DEDUP_VOTES)

    def __init__(self, settings: Settings) -> None:
        self.router = BandRouter.from_config(dedup_config(settings), DEDUP_BANDS.partitions(settings))

    @staticmethod
    def _emits(routed: Routed) -> list[Emit]:
        ident = routed.ballot.instance_id
        return [Emit(DEDUP_VOTES, routed.ballot, key=ident)] + [
            Emit(DEDUP_BANDS, probe, key=ident, partition=partition)
            for partition, probe in routed.probes.items()]

    def process(self, value: BaseModel, origin: Origin) -> Iterator[Emit]:
        assert isinstance(value, Instance)
        # instances.scored has one partition, so its offset is a total order of all candidates.
        yield from self._emits(self.router.route(value, seq=origin.offset))

    def process_batch(self, items: list[tuple[BaseModel, Origin]]) -> list[Outcome]:
        """Band keys of the whole batch at once (an instance without id fails the batch, which the
        runtime then redoes one by one, dead-lettering just that one)."""
        values = [value for value, _ in items]
        assert all(isinstance(v, Instance) for v in values)
        routed = self.router.route_batch(values, [origin.offset for _, origin in items])  # type: ignore[arg-type]
        return [self._emits(r) for r in routed]


class DedupOwnerStep(Step):
    name = "dedup_owner"
    sources = (DEDUP_BANDS,)
    outputs = (DEDUP_VOTES,)

    def __init__(self, settings: Settings) -> None:
        self.config = dedup_config(settings)
        self.owners: dict[int, BandOwner] = {}
        self.catchup = PartitionCatchUp(settings, topic_name(DEDUP_BANDS, settings))

    def _owner(self, partition: int) -> BandOwner:
        if partition not in self.owners:
            self.owners[partition] = BandOwner.from_config(self.config)
        return self.owners[partition]

    def process(self, value: BaseModel, origin: Origin) -> Iterator[Emit]:
        assert isinstance(value, BandProbe)
        owner = self._owner(origin.partition)

        def replay(raw: bytes) -> None:
            with suppress(ValidationError, ValueError):  # dead-lettered when it was first consumed
                owner.answer(BandProbe.model_validate_json(raw))

        self.catchup.before(origin.partition, origin.offset, replay)
        answer = owner.answer(value)
        yield Emit(DEDUP_VOTES, DedupVote(kind="vote", instance_id=value.instance_id, seq=value.seq,
                                          voters=value.voters, owner=origin.partition, exact_of=answer.exact_of,
                                          near_of=answer.near_of, similarity=answer.similarity),
                   key=value.instance_id)


class DedupCombinerStep(Step):
    name = "dedup_combiner"
    sources = (DEDUP_VOTES,)
    outputs = (ACCEPTED, REJECTED)

    def __init__(self, settings: Settings) -> None:
        self.boxes: dict[int, BallotBox] = {}
        self.catchup = PartitionCatchUp(settings, topic_name(DEDUP_VOTES, settings))

    def process(self, value: BaseModel, origin: Origin) -> Iterator[Emit]:
        assert isinstance(value, DedupVote)
        box = self.boxes.setdefault(origin.partition, BallotBox())

        def replay(raw: bytes) -> None:
            with suppress(ValidationError, ValueError):  # dead-lettered when it was first consumed
                box.add(DedupVote.model_validate_json(raw))

        self.catchup.before(origin.partition, origin.offset, replay)
        decided = box.add(value)
        if decided is not None:
            yield Emit(ACCEPTED if decided.status is Status.accepted else REJECTED, decided,
                       key=decided.instance_id)


def partitioned_dedup_steps(settings: Settings) -> list[Step]:
    return [DedupRouterStep(settings), DedupOwnerStep(settings), DedupCombinerStep(settings)]
