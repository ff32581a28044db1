"""The partitioned dedup steps: router, band owners, combiner (``dedup_mode = "partitioned"``).

    instances.scored (1 partition: the sequencer) -> [dedup_router]
        -> dedup.bands (P partitions, band key mod P)  -> [dedup_owner]  -> dedup.votes (seq block mod P)
        -> dedup.votes  <- the router's ballots (the instances)           -> [dedup_combiner]
        -> instances.accepted / instances.rejected

The router is cheap per instance (the score step made the sketch: no MinHash here) and sends one
message per partition per batch, not per instance; owners and the combiner scale with partitions.
Owner and combiner state is rebuilt per partition from its own log when a worker takes the
partition over (catchup.py), so a restart, a kill or a rebalance recovers exactly the state the
previous holder had, and every answer is a function of the sequence alone.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import suppress

from pydantic import BaseModel, ValidationError

from instructflow.agents.configs import dedup_config
from instructflow.agents.dedup.partitioned.catchup import PartitionCatchUp
from instructflow.agents.dedup.partitioned.combiner import BallotBox
from instructflow.agents.dedup.partitioned.owner import BandOwner, SharedRows, vote_batches
from instructflow.agents.dedup.partitioned.router import BandRouter, Routed
from instructflow.schemas import Instance, Status
from instructflow.schemas.dedup import ProbeBatch, VoteBatch
from instructflow.streams.settings import Settings
from instructflow.streams.step import Emit, Origin, Outcome, Step
from instructflow.streams.topics import ACCEPTED, DEDUP_BANDS, DEDUP_VOTES, REJECTED, SCORED, topic_name

log = logging.getLogger(__name__)


def message_budget(settings: Settings) -> int:
    """Bytes a batch message may take: half the limit, for what the size estimates do not see."""
    return settings.max_message_bytes // 2


class DedupRouterStep(Step):
    name = "dedup_router"
    sources = (SCORED,)
    outputs = (DEDUP_BANDS, DEDUP_VOTES)

    def __init__(self, settings: Settings) -> None:
        self.router = BandRouter.from_config(dedup_config(settings), DEDUP_BANDS.partitions(settings),
                                             message_budget(settings))

    @staticmethod
    def _emits(routed: Routed) -> list[Emit]:
        # The ballots go as the router encoded them (it measured them against the budget).
        return [Emit(DEDUP_VOTES, ballots, partition=part, data=routed.ballot_data[part])
                for part, ballots in routed.ballots.items()] + [
            Emit(DEDUP_BANDS, probes, partition=part) for part, probes in routed.probes.items()]

    def process(self, value: BaseModel, origin: Origin) -> Iterator[Emit]:
        assert isinstance(value, Instance)
        # instances.scored has one partition, so its offset is a total order of all candidates.
        for routed in self.router.route_batch([value], [origin.offset]):
            yield from self._emits(routed)

    def process_batch(self, items: list[tuple[BaseModel, Origin]]) -> list[Outcome]:
        """One message per partition for a run of instances, given as the outcome of the run's last
        item (the offsets of a batch are committed together, after all of it is acknowledged). An
        instance without id fails the batch, which the runtime then redoes one by one, dead-lettering
        just that one."""
        values = [value for value, _ in items]
        assert all(isinstance(v, Instance) for v in values)
        outcomes: list[Outcome] = [[] for _ in items]
        for routed in self.router.route_batch(values, [origin.offset for _, origin in items]):  # type: ignore[arg-type]
            outcomes[routed.end - 1] = self._emits(routed)
        return outcomes


class DedupOwnerStep(Step):
    name = "dedup_owner"
    sources = (DEDUP_BANDS,)
    outputs = (DEDUP_VOTES,)

    def __init__(self, settings: Settings) -> None:
        self.config = dedup_config(settings)
        self.partitions = DEDUP_VOTES.partitions(settings)
        self.budget = message_budget(settings)
        self.shared = SharedRows(self.config.num_perm)  # one copy per worker of what all its owners hold
        self.owners: dict[int, BandOwner] = {}
        self.catchup = PartitionCatchUp(settings, topic_name(DEDUP_BANDS, settings))

    def _owner(self, partition: int) -> BandOwner:
        if partition not in self.owners:
            self.owners[partition] = BandOwner.from_config(self.config, self.shared)
        return self.owners[partition]

    def process(self, value: BaseModel, origin: Origin) -> Iterator[Emit]:
        assert isinstance(value, ProbeBatch)
        owner = self._owner(origin.partition)

        def replay(raw: bytes) -> None:
            with suppress(ValidationError, ValueError):  # dead-lettered when it was first consumed
                owner.answer_batch(ProbeBatch.model_validate_json(raw))

        self.catchup.before(origin.partition, origin.offset, replay)
        answers = owner.answer_batch(value)
        for part, votes in vote_batches(answers, value, origin.partition, self.partitions, self.budget):
            yield Emit(DEDUP_VOTES, votes, partition=part)


class DedupCombinerStep(Step):
    name = "dedup_combiner"
    sources = (DEDUP_VOTES,)
    outputs = (ACCEPTED, REJECTED)

    def __init__(self, settings: Settings) -> None:
        self.boxes: dict[int, BallotBox] = {}
        self.catchup = PartitionCatchUp(settings, topic_name(DEDUP_VOTES, settings))

    def process(self, value: BaseModel, origin: Origin) -> Iterator[Emit]:
        assert isinstance(value, VoteBatch)
        box = self.boxes.setdefault(origin.partition, BallotBox())

        def replay(raw: bytes) -> None:
            with suppress(ValidationError, ValueError):  # dead-lettered when it was first consumed
                box.add(VoteBatch.model_validate_json(raw))

        self.catchup.before(origin.partition, origin.offset, replay)
        for _, decided in box.add(value):
            yield Emit(ACCEPTED if decided.status is Status.accepted else REJECTED, decided,
                       key=decided.instance_id)


def partitioned_dedup_steps(settings: Settings) -> list[Step]:
    return [DedupRouterStep(settings), DedupOwnerStep(settings), DedupCombinerStep(settings)]
