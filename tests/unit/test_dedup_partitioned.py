"""The partitioned dedup cores (router, band owner, combiner) simulated in-process.

The property that makes it global: the decisions do not depend on how many owner
partitions there are, nor on how messages of different partitions interleave, nor on
redeliveries; and on inputs without duplicate chains they equal the single-partition
Deduplicator's.
"""

from __future__ import annotations

import base64
import random
from collections import defaultdict

import pytest

from bench.loadgen import generated_batch
from instructflow.agents.dedup.deduplicator import Deduplicator
from instructflow.agents.dedup.partitioned.combiner import BallotBox
from instructflow.agents.dedup.partitioned.owner import BandOwner
from instructflow.agents.dedup.partitioned.router import BandRouter, decode_signature, encode_signature
from instructflow.schemas import Instance, Status
from instructflow.schemas.dedup import DedupVote

Decision = tuple[str, str, str]  # status, reject_reason, duplicate_of


def instances(n_unique: int = 300, n_exact: int = 30, n_near: int = 30, seed: int = 5) -> list[Instance]:
    batch = generated_batch(n_unique, n_exact, n_near, seed=seed)
    return [Instance(instance_id=f"id-{p.id}", origin_id=p.id, source="chat", stage=2,
                     messages=p.messages) for p in batch.prompts]


def simulate(insts: list[Instance], partitions: int, order_seed: int = 0, redeliver: float = 0.0,
             start_seq: int = 0) -> dict[str, Decision]:
    """Router in sequence order; each owner partition in its own order; the combiner sees all
    ballots and votes shuffled (different partitions interleave arbitrarily); ``redeliver``:
    share of probes and votes delivered twice."""
    rng = random.Random(order_seed)
    router = BandRouter(partitions)
    owners = defaultdict(BandOwner)
    probes_by_part: dict[int, list] = defaultdict(list)
    to_combiner: list[DedupVote] = []
    for seq, inst in enumerate(insts, start=start_seq):
        routed = router.route(inst, seq)
        to_combiner.append(routed.ballot)
        for p, probe in routed.probes.items():
            probes_by_part[p].append(probe)
            if rng.random() < redeliver:
                probes_by_part[p].append(probe)  # the same offset read twice after a crash
    for p, probes in probes_by_part.items():
        for probe in probes:
            a = owners[p].answer(probe)
            vote = DedupVote(kind="vote", instance_id=probe.instance_id, seq=probe.seq, voters=probe.voters,
                             owner=p, exact_of=a.exact_of, near_of=a.near_of, similarity=a.similarity)
            to_combiner.append(vote)
    rng.shuffle(to_combiner)
    box = BallotBox()
    out: dict[str, Decision] = {}
    for msg in to_combiner:
        decided = box.add(msg)
        if decided is not None:
            decision = (decided.status.value, decided.reject_reason, decided.duplicate_of)
            # An id seen again under a new seq is decided again, and must be decided the same.
            assert out.setdefault(decided.instance_id, decision) == decision, decided.instance_id
    assert box.pending == 0
    return out


def test_signature_round_trip():
    router = BandRouter(4)
    sig = router.sketcher.of_texts(["hello world, how are you"]).signatures[0]
    assert (decode_signature(encode_signature(sig), 128) == sig).all()
    # A probe of an older version (32-bit values) is refused with a reason, not misread.
    wide = router.sketcher.hasher.signature("hello world, how are you")
    with pytest.raises(ValueError, match="another version"):
        decode_signature(base64.b64encode(wide.astype("<u4").tobytes()).decode(), 128)


@pytest.mark.parametrize("partitions", [2, 3, 7, 16, 50])
def test_decisions_do_not_depend_on_partition_count_or_interleaving(partitions: int):
    insts = instances()
    reference = simulate(insts, 1)
    assert len(reference) == len(insts)
    assert simulate(insts, partitions, order_seed=partitions) == reference


def test_equal_to_single_partition_deduplicator_on_pairs():
    insts = instances(n_unique=400, n_exact=40, n_near=40, seed=9)
    single = Deduplicator()
    expected = {}
    for inst in insts:
        d = single.decide(inst)
        expected[d.instance_id] = (d.status.value, d.reject_reason, d.duplicate_of)
    got = simulate(insts, 5)
    assert got == expected
    assert sum(1 for s, _, _ in got.values() if s == "accepted") == 400
    reasons = {r for _, r, _ in got.values() if r}
    assert reasons == {"duplicate_exact", "duplicate_near"}


def test_redelivered_probes_and_votes_change_nothing():
    insts = instances(seed=13)
    assert simulate(insts, 4, order_seed=1, redeliver=0.3) == simulate(insts, 4)


def test_instance_seen_again_later_gets_its_first_answer():
    insts = instances(n_unique=50, n_exact=5, n_near=5, seed=3)
    again = insts + insts[:20]  # the score agent redelivered a stretch after a crash: new seqs, same ids
    first = simulate(insts, 3)
    twice = simulate(again, 3)
    assert twice == first


def test_chain_first_seen_candidate_wins():
    """A ~ B ~ C with A !~ C: B loses to A; C loses to B, an earlier candidate (documented rule)."""
    base = "Explain how the copper dragon engine and the silver tractor vendor work together in a farm"
    a = Instance(instance_id="a", source="chat", stage=2, instruction=base)
    b = Instance(instance_id="b", source="chat", stage=2, instruction=base + " today")
    out = simulate([a, b], 4)
    assert out["a"][0] == "accepted"
    assert out["b"] == ("rejected", "duplicate_near", "a")


def test_owner_rebuilt_from_its_log_answers_like_the_original():
    insts = instances(n_unique=120, n_exact=10, n_near=10, seed=21)
    router = BandRouter(3)
    probes = [p for seq, inst in enumerate(insts) for part, p in router.route(inst, seq).probes.items() if part == 1]
    live = BandOwner()
    answers = [live.answer(p) for p in probes]
    cut = len(probes) // 2
    rebuilt = BandOwner()
    for p in probes[:cut]:  # what catch-up replays silently
        rebuilt.answer(p)
    assert [rebuilt.answer(p) for p in probes[cut:]] == answers[cut:]


def test_combiner_needs_ballot_and_every_vote():
    inst = Instance(instance_id="x", source="chat", stage=2, instruction="hello there, explain tides")
    box = BallotBox()
    v0 = DedupVote(kind="vote", instance_id="x", seq=7, voters=2, owner=0)
    v1 = DedupVote(kind="vote", instance_id="x", seq=7, voters=2, owner=1, near_of="w", similarity=0.9)
    assert box.add(v0) is None
    assert box.add(v0) is None  # a duplicate vote does not count twice
    assert box.add(DedupVote(kind="ballot", instance_id="x", seq=7, voters=2, instance=inst)) is None
    decided = box.add(v1)
    assert decided is not None and decided.status is Status.rejected and decided.duplicate_of == "w"
    assert box.add(v1) is None and box.pending == 0  # late copy after the decision: ignored
