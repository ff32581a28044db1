"""The combiner: collects every owner's vote on one instance and decides, deterministically.

Ballots and votes of an instance go to ``dedup.votes`` partition ``seq mod P`` (router.py), so
all messages about one instance meet in one partition, in any order. A ballot ``(instance_id,
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
from dataclasses import dataclass, field
from typing import NamedTuple

from instructflow.agents.dedup.deduplicator import REASON_EXACT, REASON_NEAR
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


@dataclass
class _Pending:
    instance: Instance | None = None  # from the ballot (None: no ballot yet)
    content_hash: str = ""
    votes: dict[int, Vote] = field(default_factory=dict)
    voters: int = 0


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
        Raises ValueError (before recording anything) for a ballot whose instance does not parse."""
        ballots = msg.kind == "ballots"
        parsed = [Instance.model_validate_json(js) for js in msg.instances] if ballots else []
        out = []
        for i, (ident, seq, voters) in enumerate(zip(msg.instance_ids, msg.seqs, msg.voters, strict=True)):
            key = (ident, seq)
            if key in self._decided:
                continue
            entry = self._pending.setdefault(key, _Pending())
            entry.voters = voters
            if ballots:
                entry.instance, entry.content_hash = parsed[i], msg.content_hashes[i]
            else:
                entry.votes[msg.owner] = Vote(msg.exact_of[i], msg.near_of[i], msg.similarity[i])
            if entry.instance is None or len(entry.votes) < entry.voters:
                continue
            del self._pending[key]
            self._decided[key] = None
            if len(self._decided) > self._decided_memory:
                self._decided.popitem(last=False)
            out.append(Decided(seq, decide(entry.instance, entry.content_hash, list(entry.votes.values()))))
        return out


def decide(inst: Instance, content_hash: str, votes: list[Vote]) -> Instance:
    exact = sorted(v.exact_of for v in votes if v.exact_of)
    near = sorted((-v.similarity, v.near_of) for v in votes if v.near_of)
    if exact:
        out = inst.reject(REASON_EXACT, duplicate_of=exact[0])
    elif near:
        out = inst.reject(REASON_NEAR, duplicate_of=near[0][1])
    else:
        out = inst.accept()
    out.content_hash = content_hash
    out.dedup_sketch = ""  # out is a fresh copy; the sketch stops here, as in single mode
    return out
