"""The combiner: collects every owner's vote on one instance and decides, deterministically.

Ballots and votes are keyed by instance id, so all messages about one instance meet in one
``dedup.votes`` partition, in any order. A ballot ``(instance_id, seq)`` is decided when the
router's ballot (with the instance) and ``voters`` distinct owner votes are in:

* any ``exact_of``  -> rejected ``duplicate_exact`` (only one owner holds the digest);
* else any ``near_of`` -> rejected ``duplicate_near`` of the most similar (ties: smallest id);
* else accepted: no band of any partition saw an earlier match.

Votes and ballots may arrive twice (at-least-once everywhere); a recently decided ballot is
remembered so a late copy does not open a ballot that would never complete.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from instructflow.agents.dedup.deduplicator import REASON_EXACT, REASON_NEAR
from instructflow.schemas import Instance
from instructflow.schemas.dedup import DedupVote

# Decided ballots remembered per partition, to absorb redelivered votes (a redelivery comes at
# most one uncommitted batch span later; this is far more than that).
DECIDED_MEMORY = 200_000


@dataclass
class _Pending:
    ballot: DedupVote | None = None
    votes: dict[int, DedupVote] = field(default_factory=dict)
    voters: int = 0


class BallotBox:
    def __init__(self, decided_memory: int = DECIDED_MEMORY) -> None:
        self._pending: dict[tuple[str, int], _Pending] = {}
        self._decided: OrderedDict[tuple[str, int], None] = OrderedDict()
        self._decided_memory = decided_memory

    @property
    def pending(self) -> int:
        return len(self._pending)

    def add(self, msg: DedupVote) -> Instance | None:
        """Record ``msg``; returns the decided instance when this message completes its ballot."""
        key = (msg.instance_id, msg.seq)
        if key in self._decided:
            return None
        entry = self._pending.setdefault(key, _Pending())
        entry.voters = msg.voters
        if msg.kind == "ballot":
            if msg.instance is None:
                raise ValueError("a ballot must carry its instance")
            entry.ballot = msg
        else:
            entry.votes[msg.owner] = msg
        if entry.ballot is None or len(entry.votes) < entry.voters:
            return None
        del self._pending[key]
        self._decided[key] = None
        if len(self._decided) > self._decided_memory:
            self._decided.popitem(last=False)
        return decide(entry.ballot, list(entry.votes.values()))


def decide(ballot: DedupVote, votes: list[DedupVote]) -> Instance:
    inst = ballot.instance
    assert inst is not None
    exact = sorted(v.exact_of for v in votes if v.exact_of)
    near = sorted((-v.similarity, v.near_of) for v in votes if v.near_of)
    if exact:
        out = inst.reject(REASON_EXACT, duplicate_of=exact[0])
    elif near:
        out = inst.reject(REASON_NEAR, duplicate_of=near[0][1])
    else:
        out = inst.accept()
    out.content_hash = ballot.content_hash
    out.dedup_sketch = ""  # out is a fresh copy; the sketch stops here, as in single mode
    return out
