"""The combiner: collects every owner's vote on one instance and decides, deterministically.

Ballots and votes of an instance go to one ``dedup.votes`` partition (router.combiner_partition:
its block of sequence numbers mod P), so all messages about one instance meet in one partition, in
any order. A ballot ``(instance_id,
seq)`` is decided when the router's ballot (with the instance) and ``voters`` distinct owner votes
are in:

* any ``exact_of``  -> rejected ``duplicate_exact`` (only one owner holds the digest);
* else any ``near_of`` -> rejected ``duplicate_near`` of the most similar (ties: smallest id);
* else accepted: no band of any partition saw an earlier match.

Votes and ballots may arrive twice (at-least-once everywhere); a recently decided ballot is
remembered so a late copy does not open a ballot that would never complete.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import NamedTuple

from instructflow.agents.dedup.deduplicator import with_decision
from instructflow.schemas import Instance
from instructflow.schemas.dedup import VoteBatch

# Decided ballots remembered per partition, to absorb redelivered votes (a redelivery comes at
# most one uncommitted batch span later; this is far more than that).
DECIDED_MEMORY = 200_000


@dataclass(frozen=True, slots=True)
class Vote:
    exact_of: str = ""
    near_of: str = ""
    similarity: float = 0.0


class Decided(NamedTuple):
    seq: int
    instance: Instance


class _Pending:
    __slots__ = ("content_hash", "instance", "voters", "votes")

    def __init__(self) -> None:
        self.instance: Instance | None = None  # from the ballot (None: no ballot yet)
        self.content_hash = ""
        self.votes: dict[int, Vote | None] = {}  # owner -> its vote (None: no earlier match, the usual)
        self.voters = 0


class BallotBox:
    def __init__(self, decided_memory: int = DECIDED_MEMORY) -> None:
        self._pending: dict[tuple[str, int], _Pending] = {}
        self._decided: OrderedDict[tuple[str, int], None] = OrderedDict()
        self._decided_memory = decided_memory

    @property
    def pending(self) -> int:
        return len(self._pending)

    def add(self, msg: VoteBatch) -> list[Decided]:
        """Record ``msg``; returns the instances whose ballot it completed, decided, in its order.
        (A ballot's instances were validated with the message: version 3 carries them as objects.)"""
        pending, decided = self._pending, self._decided
        out: list[Decided] = []
        # A key is pending or decided, never both: a pending one (the usual case) needs no look in
        # the decided memory.
        if msg.kind == "ballots":
            for key, voters, inst, content_hash in zip(zip(msg.instance_ids, msg.seqs, strict=True), msg.voters,
                                                       msg.instances, msg.content_hashes, strict=True):
                entry = pending.get(key)
                if entry is None:
                    if key in decided:
                        continue
                    entry = pending[key] = _Pending()
                entry.voters, entry.instance, entry.content_hash = voters, inst, content_hash
                if len(entry.votes) >= voters:
                    out.append(self._decide(key, entry))
            return out
        owner = msg.owner
        for key, voters, exact_of, near_of, similarity in zip(zip(msg.instance_ids, msg.seqs, strict=True),
                                                               msg.voters, msg.exact_of, msg.near_of,
                                                               msg.similarity, strict=True):
            entry = pending.get(key)
            if entry is None:
                if key in decided:
                    continue
                entry = pending[key] = _Pending()
                entry.voters = voters
            entry.votes[owner] = Vote(exact_of, near_of, similarity) if exact_of or near_of else None
            if entry.instance is not None and len(entry.votes) >= entry.voters:
                out.append(self._decide(key, entry))
        return out

    def _decide(self, key: tuple[str, int], entry: _Pending) -> Decided:
        """``entry`` is complete: decided, and remembered as decided."""
        assert entry.instance is not None
        del self._pending[key]
        decided = self._decided
        decided[key] = None
        if len(decided) > self._decided_memory:
            decided.popitem(last=False)
        votes = [v for v in entry.votes.values() if v is not None]
        return Decided(key[1], decide(entry.instance, entry.content_hash, votes))


def decide(inst: Instance, content_hash: str, votes: list[Vote]) -> Instance:
    exact = sorted(v.exact_of for v in votes if v.exact_of)
    near = sorted((-v.similarity, v.near_of) for v in votes if v.near_of)
    # As the single Deduplicator decides (the sketch stops here too: ballots drop it, and it is
    # cleared for a ballot of an older router that carried it).
    if exact:
        return with_decision(inst, "exact", exact[0], content_hash)
    if near:
        return with_decision(inst, "near", near[0][1], content_hash)
    return with_decision(inst, "unique", "", content_hash)
