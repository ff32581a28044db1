"""The partitioned dedup cores (router, band owner, combiner) simulated in-process.

The property that makes it global: the decisions do not depend on how many owner
partitions there are, nor on how messages of different partitions interleave, nor on
redeliveries; and on inputs without duplicate chains they equal the single-partition
Deduplicator's.
"""

from __future__ import annotations

import base64
import json
import random
from collections import defaultdict

import numpy as np
import pytest

from bench.loadgen import generated_batch
from instructflow.agents.configs import dedup_config
from instructflow.agents.dedup.deduplicator import Deduplicator
from instructflow.agents.dedup.partitioned.combiner import BallotBox
from instructflow.agents.dedup.partitioned.local import InProcess
from instructflow.agents.dedup.partitioned.owner import Answers, BandOwner, SharedRows, vote_batches
from instructflow.agents.dedup.partitioned.router import COMBINER_BLOCK, BandRouter, combiner_partition, pick, unb64
from instructflow.schemas import Instance, Status
from instructflow.schemas.dedup import ProbeBatch, VoteBatch
from instructflow.streams.settings import Settings

Decision = tuple[str, str, str]  # status, reject_reason, duplicate_of


def instances(n_unique: int = 300, n_exact: int = 30, n_near: int = 30, seed: int = 5) -> list[Instance]:
    batch = generated_batch(n_unique, n_exact, n_near, seed=seed)
    return [Instance(instance_id=f"id-{p.id}", origin_id=p.id, source="chat", stage=2,
                     messages=p.messages) for p in batch.prompts]


def simulate(insts: list[Instance], partitions: int, order_seed: int = 0, redeliver: float = 0.0,
             start_seq: int = 0, budget: int = 512 * 1024, shared: bool = True) -> dict[str, Decision]:
    """Router in sequence order, in batches of random size; each owner partition reads its messages
    in order (through JSON); the combiner sees all ballots and votes shuffled (different partitions
    interleave arbitrarily); ``redeliver``: share of messages delivered twice."""
    rng = random.Random(order_seed)
    router = BandRouter(partitions, budget=budget)
    rows = SharedRows(128) if shared else None
    owners = defaultdict(lambda: BandOwner(shared=rows))
    probes_by_part: dict[int, list[ProbeBatch]] = defaultdict(list)
    to_combiner: list[tuple[int, VoteBatch]] = []
    at = 0
    while at < len(insts):
        size = rng.randint(1, 60)
        chunk = insts[at : at + size]
        for routed in router.route_batch(chunk, range(start_seq + at, start_seq + at + len(chunk))):
            to_combiner += list(routed.ballots.items())
            for p, probe in routed.probes.items():
                probes_by_part[p].append(ProbeBatch.model_validate_json(probe.model_dump_json()))
                if rng.random() < redeliver:
                    probes_by_part[p].append(probe)  # the same offset read twice after a crash
        at += size
    for p, probes in probes_by_part.items():
        for probe in probes:
            answers = owners[p].answer_batch(probe)
            to_combiner += vote_batches(answers, probe, p, partitions, budget)
    to_combiner += [m for m in to_combiner if rng.random() < redeliver]
    rng.shuffle(to_combiner)
    boxes = defaultdict(BallotBox)
    out: dict[str, Decision] = {}
    for part, msg in to_combiner:
        for _, decided in boxes[part].add(VoteBatch.model_validate_json(msg.model_dump_json())):
            decision = (decided.status.value, decided.reject_reason, decided.duplicate_of)
            # An id seen again under a new seq is decided again, and must be decided the same.
            assert out.setdefault(decided.instance_id, decision) == decision, decided.instance_id
    assert all(box.pending == 0 for box in boxes.values())
    return out


def test_a_probe_of_another_version_is_refused_with_a_reason():
    """Version 1 probes (one instance, no ``version``) fail validation: dead-lettered, not misread;
    a column of the wrong size (32-bit signatures of an older sketch) raises ValueError.
    (Planted: unb64 without its size check: the owner failed with another error, red.)"""
    import pydantic

    with pytest.raises(pydantic.ValidationError):
        ProbeBatch.model_validate_json(b'{"seq": 1, "instance_id": "a", "voters": 1, "keys": [1]}')
    (routed,) = BandRouter(1).route_batch(instances(3, 0, 0), [0, 1, 2])
    probe = routed.probes[0]
    wide = probe.model_copy(update={"signatures": base64.b64encode(bytes(3 * 128 * 4)).decode()})
    with pytest.raises(ValueError, match="another version"):
        BandOwner().answer_batch(wide)
    assert unb64(probe.signatures, "u1", "signatures", 3 * 128).size == 3 * 128


@pytest.mark.parametrize("bad", [{"seqs": [0, -1]}, {"voters": [1, 0]}, {"instance_ids": ["a", ""]}])
def test_entries_without_id_seq_or_voters_are_refused(bad: dict[str, list[object]]):
    """A batch whose entry has an empty id, a negative seq or no voters fails validation (the
    columns' checks run in C: all(), min()). (Planted: the seq check dropped: red.)"""
    import pydantic

    columns: dict[str, object] = {"seqs": [0, 1], "instance_ids": ["a", "b"], "voters": [1, 1]}
    probe = {"version": 2, **columns, "lengths": [5, 5], "owns_digest": [True, True], "key_counts": [0, 0]} | bad
    with pytest.raises(pydantic.ValidationError, match="empty instance id, negative seq or no voters"):
        ProbeBatch.model_validate_json(json.dumps(probe))
    ProbeBatch.model_validate_json(json.dumps(probe | columns))
    if "seqs" not in bad:
        votes = {"version": 3, "kind": "votes", "owner": 0, **columns, "exact_of": ["", ""], "near_of": ["", ""],
                 "similarity": [0.0, 0.0]} | bad
        with pytest.raises(pydantic.ValidationError, match="empty instance id or no voters"):
            VoteBatch.model_validate_json(json.dumps(votes))
        VoteBatch.model_validate_json(json.dumps(votes | columns))


def test_message_defaults_are_not_shared_between_messages():
    """The list columns default to ``[]`` (cheap for model_construct, schemas/dedup.py); pydantic
    copies such a default per message, validated or constructed. (Planted: pydantic's copy of
    defaults, ``_utils.smart_deepcopy``, made the identity: red.)"""
    built = [VoteBatch.model_construct(version=3, kind="ballots", seqs=[], instance_ids=[], voters=[]),
             VoteBatch.model_validate_json(b'{"version": 3, "kind": "ballots", "seqs": [], "instance_ids": [],'
                                           b' "voters": []}')]
    built[0].exact_of.append("x")
    built[0].content_hashes.append("x")
    assert all(m.exact_of == [] and m.content_hashes == [] for m in built[1:]) and VoteBatch.model_construct(
        version=3, kind="ballots", seqs=[], instance_ids=[], voters=[]).exact_of == []
    probe = ProbeBatch.model_construct(version=2, seqs=[], instance_ids=[], voters=[], lengths=[],
                                       owns_digest=[], key_counts=[])
    probe.marks.append([1])
    assert ProbeBatch.model_construct(version=2, seqs=[], instance_ids=[], voters=[], lengths=[], owns_digest=[],
                                      key_counts=[]).marks == []


def test_messages_are_cut_to_the_budget_and_decide_the_same():
    # Planted: BandRouter._runs always returning one run (the whole batch): the size check went red.
    insts = instances(n_unique=200, n_exact=20, n_near=20, seed=4)
    router = BandRouter(3, budget=20_000)
    runs = router.route_batch(insts, range(len(insts)))
    assert len(runs) > 3 and runs[0].start == 0 and runs[-1].end == len(insts)
    for routed in runs:
        for msg in [*routed.probes.values(), *routed.ballots.values()]:
            assert len(msg.model_dump_json()) <= 20_000
    assert simulate(insts, 3, budget=20_000) == simulate(insts, 3)


def _runs_one_by_one(probe_size, ballot_size, combiners, budget: int) -> list[tuple[int, int]]:
    """The cut as its definition reads: add instance after instance, cut before one that takes any
    message of the run over the budget (a run already over it, a lone instance too large, ends)."""
    runs, start, used = [], 0, defaultdict(int)
    for i in range(len(ballot_size)):
        adds = defaultdict(int, {("p", p): int(b) for p, b in enumerate(probe_size[i])})
        adds[("b", int(combiners[i]))] += int(ballot_size[i])
        if i > start and any(used[k] + adds[k] > budget for k in {*used, *adds}):
            runs.append((start, i))
            start, used = i, defaultdict(int)
        for k, b in adds.items():
            used[k] += b
    return [*runs, (start, len(ballot_size))]


def test_ballots_of_version_2_are_refused_and_version_3_round_trips():
    """Version 3 ballots carry the instances as objects, defaults left out and without the sketch;
    a version 2 ballot (each instance a JSON string) fails validation: dead-lettered, not misread.
    (Planted: VoteBatch.model_dump_json without exclude_defaults: the size check went red.)"""
    import pydantic

    inst = instances(3, 0, 0)[0].model_copy(update={"dedup_sketch": "c2tldGNo"})
    with pytest.raises(pydantic.ValidationError):
        VoteBatch.model_validate_json(json.dumps({
            "version": 2, "kind": "ballots", "seqs": [1], "instance_ids": [inst.instance_id], "voters": [1],
            "instances": [inst.model_dump_json()], "content_hashes": ["ab"]}))
    (routed,) = BandRouter(2).route_batch([inst], [1])
    (data,) = routed.ballot_data.values()
    back = VoteBatch.model_validate_json(data)
    assert back.instances == [inst.model_copy(update={"dedup_sketch": ""})] and b"dedup_sketch" not in data
    assert data == next(iter(routed.ballots.values())).model_dump_json().encode()
    assert len(data) < len(inst.model_dump_json()) + 150


def test_lineage_equality_is_pydantics_and_ballots_keep_a_lineage_that_is_not_the_default():
    """Lineage's own ``__eq__`` (one dict comparison, for the ballots' ``exclude_defaults``) answers as
    pydantic's; a ballot leaves a default lineage out and keeps any other, field by field. (Planted:
    ``__eq__`` answering True for any two lineages: a ballot lost its lineage, red.)"""
    import pydantic

    from instructflow.schemas.instance import Lineage

    lineages = [Lineage(), Lineage(), Lineage(topic="t"), Lineage(offset=0), Lineage(demonstration_ids=["a"]),
                Lineage(demonstration_ids=["a"]), Lineage(demonstration_ids=["b"]), Lineage(cost_usd=0.5)]
    for a in lineages:
        for b in [*lineages, None, "x", instances(1, 0, 0)[0]]:
            assert (a == b) == pydantic.BaseModel.__eq__(a, b) if isinstance(b, pydantic.BaseModel) else a != b
    base = instances(2, 0, 0)
    insts = [base[0], base[1].model_copy(update={"lineage": Lineage(topic="prompts.raw", offset=7, dataset="d")})]
    (routed,) = BandRouter(1).route_batch(insts, [0, 1])
    (data,) = routed.ballot_data.values()
    sent = json.loads(data)["instances"]
    assert "lineage" not in sent[0] and sent[1]["lineage"] == {"topic": "prompts.raw", "offset": 7, "dataset": "d"}
    assert [i.lineage for i in VoteBatch.model_validate_json(data).instances] == [Lineage(), insts[1].lineage]


def test_large_ballots_are_cut_to_the_budget_and_decide_the_same():
    """The router measures its ballot messages once encoded; a batch whose ballots are over the budget
    (long answers: small probes, big instances) is cut by each instance's own size. (Planted: the
    router returning the uncut runs: red.)"""
    insts = [i.model_copy(update={"output": "an answer of some length. " * 80}) for i in instances(60, 6, 6, seed=3)]
    runs = BandRouter(2, budget=20_000).route_batch(insts, range(len(insts)))
    assert len(runs) > 4 and runs[-1].end == len(insts)
    for routed in runs:
        assert all(len(data) <= 20_000 for data in routed.ballot_data.values())
        assert all(len(m.model_dump_json()) <= 20_000 for m in routed.probes.values())
    assert simulate(insts, 2, budget=20_000) == simulate(insts, 2)


def test_runs_cut_where_adding_one_by_one_would():
    """The router's vectorized cut equals the one-by-one definition on random sizes (lone
    instances over the budget included). (Planted: ``max(start + 1, fits)`` without the ``- 1``:
    runs one instance too long, red.)"""
    import numpy as np

    rng = np.random.default_rng(3)
    router = BandRouter(4, budget=1_000)
    for _ in range(300):
        n = int(rng.integers(1, 60))
        probe = rng.integers(0, 1_200, size=(n, 4)) * (rng.random((n, 4)) < 0.7)
        ballot, combiners = rng.integers(0, 1_500, size=n), rng.integers(0, 4, size=n)
        assert router._runs(probe, ballot, combiners) == _runs_one_by_one(probe, ballot, combiners, 1_000)


def test_sharing_rows_between_owners_changes_no_answer():
    # Planted: an owner taking a row another owner stored for itself (no held check): went red.
    insts = instances(seed=17)
    assert simulate(insts, 4, shared=True) == simulate(insts, 4, shared=False)


@pytest.mark.parametrize("partitions", [2, 3, 7, 16, 50])
def test_decisions_do_not_depend_on_partition_count_or_interleaving(partitions: int):
    insts = instances()
    reference = simulate(insts, 1)
    assert len(reference) == len(insts)
    assert simulate(insts, partitions, order_seed=partitions) == reference


def as_version_2(probe: ProbeBatch) -> ProbeBatch:
    """``probe`` as an older router sent it: 64-bit band keys (any key with the same fingerprint, here
    the one whose product with the multiplier is the fingerprint in the high half), votes to seq mod P."""
    from instructflow.agents.dedup.index import _FP_MUL, fingerprints

    fps = unb64(probe.keys, "<u4", "keys", sum(probe.key_counts)).astype(np.uint64)
    inverse = np.uint64(pow(int(_FP_MUL), -1, 1 << 64))
    with np.errstate(over="ignore"):
        keys = (fps << np.uint64(32)) * inverse
    assert np.array_equal(fingerprints(keys), fps.astype(np.uint32))
    return probe.model_copy(update={"version": 2, "keys": base64.b64encode(keys.astype("<u8").tobytes()).decode()})


def test_votes_go_where_the_ballots_went_by_the_probes_version():
    """Version 3 probes: ballots and votes of an instance go to its block's combiner partition, so a
    batch makes one ballot message (two across a block boundary) and each owner as many vote messages;
    a version 2 probe (an older router's, replayed or in flight: 64-bit keys) is answered alike and
    still has its votes sent to seq mod P, where that router sent the ballots. Decisions across block
    boundaries, shuffled over the combiners, are those of one partition. (Planted: the owners sending
    every vote to seq mod P: red; the owners reading version 3 keys as 64-bit ones: red.)"""
    insts = instances(n_unique=120, n_exact=10, n_near=10, seed=23)
    router, parts = BandRouter(4), 4
    owners = [BandOwner() for _ in range(parts)]
    start = COMBINER_BLOCK * 5 - 60  # the batch crosses into block 5
    seqs = list(range(start, start + len(insts)))
    (routed,) = router.route_batch(insts, seqs)
    assert sorted(routed.ballots) == [combiner_partition(start, parts), combiner_partition(start + 100, parts)] \
        == [0, 1]
    ballot_part = {seq: p for p, b in routed.ballots.items() for seq in b.seqs}
    assert ballot_part == {seq: (seq // COMBINER_BLOCK) % parts for seq in seqs}
    for p, probe in routed.probes.items():
        assert probe.version == 3
        sent = vote_batches(owners[p].answer_batch(probe), probe, p, parts, 1 << 19)
        assert len(sent) == 2 and all(ballot_part[seq] == to for to, votes in sent for seq in votes.seqs)
        old = as_version_2(probe)
        answers = BandOwner().answer_batch(old)
        assert answers == BandOwner().answer_batch(probe)
        assert all(seq % parts == to for to, votes in vote_batches(answers, old, p, parts, 1 << 19)
                   for seq in votes.seqs)
    assert simulate(insts, 4, order_seed=3, start_seq=start) == simulate(insts, 1)


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
    probes = [r.probes[1] for k in range(0, len(insts), 25)
              for r in router.route_batch(insts[k : k + 25], range(k, min(k + 25, len(insts)))) if 1 in r.probes]
    live = BandOwner()
    answers = [live.answer_batch(p) for p in probes]
    cut = len(probes) // 2
    rebuilt = BandOwner()
    for p in probes[:cut]:  # what catch-up replays silently
        rebuilt.answer_batch(p)
    assert [rebuilt.answer_batch(p) for p in probes[cut:]] == answers[cut:]


def test_combiner_needs_ballot_and_every_vote():
    inst = Instance(instance_id="x", source="chat", stage=2, instruction="hello there, explain tides")

    def votes(owner: int, near_of: str = "") -> VoteBatch:
        return VoteBatch(version=3, kind="votes", owner=owner, seqs=[7], instance_ids=["x"], voters=[2],
                         exact_of=[""], near_of=[near_of], similarity=[0.9 if near_of else 0.0])

    box = BallotBox()
    assert box.add(votes(0)) == []
    assert box.add(votes(0)) == []  # a duplicate vote does not count twice
    ballot = VoteBatch(version=3, kind="ballots", seqs=[7], instance_ids=["x"], voters=[2],
                       instances=[inst], content_hashes=["ab"])
    assert box.add(ballot) == []
    ((seq, decided),) = box.add(votes(1, "w"))
    assert seq == 7 and decided.status is Status.rejected and decided.duplicate_of == "w"
    assert box.add(votes(1, "w")) == [] and box.pending == 0  # late copy after the decision: ignored


def test_in_process_cores_decide_like_the_simulation():
    insts = instances(seed=8)
    cores = InProcess(dedup_config(Settings()), 4, through_json=True)
    got = [cores.decide_batch(insts[k : k + 50]) for k in range(0, len(insts), 50)]
    assert {d.instance_id: (d.status.value, d.reject_reason, d.duplicate_of) for ds in got for d in ds} \
        == simulate(insts, 4)


def test_an_instance_twice_in_one_probe_batch_is_answered_alike_and_stored_once():
    """A redelivery inside one router batch (the same id at two sequence numbers): the second entry
    is answered as the first, and the owner stores the instance once. (Planted: the second entry
    answered from the row the first was about to get, -1, read the last shared row's sequence
    number; this went red.)"""
    insts = instances(n_unique=40, n_exact=4, n_near=4, seed=9)
    twice = [*insts, insts[5], insts[10]]
    owner = BandOwner()
    (routed,) = BandRouter(1).route_batch(twice, range(len(twice)))
    answers = owner.answer_batch(routed.probes[0])
    assert len(owner) == len(insts)
    for copy, first in ((len(insts), 5), (len(insts) + 1, 10)):
        assert (answers.exact_of[copy], answers.near_of[copy]) == (answers.exact_of[first], answers.near_of[first])
    alone = BandOwner()
    (solo,) = BandRouter(1).route_batch(insts, range(len(insts)))
    assert alone.answer_batch(solo.probes[0]) == Answers(answers.exact_of[:len(insts)], answers.near_of[:len(insts)],
                                                         answers.similarity[:len(insts)])


def test_owners_answer_alike_on_the_array_path_and_the_loop():
    """_rows_once (distinct ids, at most one shared row each) against the loop of _rows, on batches
    with redeliveries (same seq), revisions (same id, later seq) and partitions that never saw the
    first copy (P = 40: an instance reaches fewer partitions): the same answers and shared rows.
    (Planted: _rows_once not reusing another owner's row of the same (id, seq): red.)"""
    insts = instances(120, 12, 12, seed=11)
    rng = random.Random(3)
    # Copies far from their first (same text, same partitions) and revisions (an id kept with another
    # text, so other partitions).
    revised = [a.model_copy(update={"instance_id": b.instance_id})
               for a, b in zip(insts[:20], insts[60:80], strict=True)]
    stream = [*insts, *rng.sample(insts, 40), *revised, *insts[:30]]
    router = BandRouter(40)
    batches, at = [], 0
    while at < len(stream):
        chunk = stream[at : at + rng.randint(5, 40)]
        batches.append(router.route_batch(chunk, range(at, at + len(chunk))))
        at += len(chunk)
    batches += [batches[3], batches[7]]  # redelivered batches: the same seqs again

    def run(loop_only: bool) -> tuple[list[Answers], int, dict[str, list[int]]]:
        rows = SharedRows(128)
        if loop_only:
            rows.row_of_many = lambda idents: None  # type: ignore[method-assign]
        owners: defaultdict[int, BandOwner] = defaultdict(lambda: BandOwner(shared=rows))
        answers = [owners[p].answer_batch(probe) for runs in batches for routed in runs
                   for p, probe in sorted(routed.probes.items())]
        return answers, len(rows), rows._more

    assert run(False) == run(True)
    assert run(False)[2]  # some revision reached a partition holding none of its rows: _more used


def test_pick_takes_the_values_at_the_positions():
    # Planted: pick of one position returning the value itself (itemgetter's scalar): red.
    values = ["a", "b", "c", "d"]
    assert pick(values, []) == [] and pick(values, [2]) == ["c"] and pick(values, [3, 0, 3]) == ["d", "a", "d"]
