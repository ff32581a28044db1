"""The partitioned cores chained in one process, in sequence order: router -> owners -> combiners.

What the three agents do over Kafka, without Kafka: for the quality evaluation, the benches and the
tests, which check that its decisions equal the single Deduplicator's (except along duplicate
chains) and do not depend on the partition count. ``through_json`` sends every message through its
JSON encoding, as the runtime does.
"""

from __future__ import annotations

from collections.abc import Sequence

from instructflow.agents.dedup.config import DedupConfig
from instructflow.agents.dedup.partitioned.combiner import BallotBox
from instructflow.agents.dedup.partitioned.owner import BandOwner, SharedRows, vote_batches
from instructflow.agents.dedup.partitioned.router import BandRouter
from instructflow.schemas import Instance
from instructflow.schemas.dedup import ProbeBatch, VoteBatch

_BUDGET = 512 * 1024


class InProcess:
    def __init__(self, config: DedupConfig, partitions: int, through_json: bool = False, budget: int = _BUDGET,
                 shared: bool = True) -> None:
        self.partitions = partitions
        self.budget = budget
        self.router = BandRouter.from_config(config, partitions, budget)
        rows = SharedRows(config.num_perm) if shared else None
        self.owners = [BandOwner.from_config(config, rows) for _ in range(partitions)]
        self.boxes = [BallotBox() for _ in range(partitions)]
        self.through_json = through_json
        self._seq = 0


    def decide_batch(self, insts: Sequence[Instance]) -> list[Instance]:
        """The decision on each of ``insts`` (the next sequence numbers), in their order."""
        seqs = list(range(self._seq, self._seq + len(insts)))
        self._seq += len(insts)
        decided: dict[int, Instance] = {}
        for routed in self.router.route_batch(insts, seqs):
            for part, ballots in routed.ballots.items():
                self._collect(part, ballots, decided, routed.ballot_data[part])
            for part, sent in routed.probes.items():
                probes = ProbeBatch.model_validate_json(sent.model_dump_json()) if self.through_json else sent
                answers = self.owners[part].answer_batch(probes)
                for to, votes in vote_batches(answers, probes, part, self.partitions, self.budget):
                    self._collect(to, votes, decided)
        assert len(decided) == len(insts), "every ballot completes within its batch"
        return [decided[s] for s in seqs]

    def _collect(self, part: int, msg: VoteBatch, decided: dict[int, Instance], data: bytes = b"") -> None:
        if self.through_json:  # as the runtime: the bytes the step encoded, if it did
            msg = VoteBatch.model_validate_json(data or msg.model_dump_json())
        for seq, inst in self.boxes[part].add(msg):
            decided[seq] = inst
