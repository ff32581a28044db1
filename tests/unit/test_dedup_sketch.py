"""The dedup sketch carried from the score step decides exactly as one computed by the decider.

Planted once each (went red, restored): decoding the carried signature reversed (sig[::-1]) fails
the single-mode and router equality tests; ignoring the header check (a sketch of shingle 5
accepted by a shingle-4 decider) fails test_sketch_from_other_settings_is_recomputed.
"""

from __future__ import annotations

import random

import pytest

from bench.loadgen import generated_batch
from instructflow.agents.dedup.deduplicator import Deduplicator
from instructflow.agents.dedup.partitioned.combiner import decide
from instructflow.agents.dedup.partitioned.router import BandRouter
from instructflow.agents.dedup.sketch import Sketcher
from instructflow.agents.score.agent import ScoreStep
from instructflow.schemas import Instance, Status
from instructflow.schemas.dedup import VoteBatch
from instructflow.schemas.pool import COLUMN_NAMES, to_row
from instructflow.streams.settings import Settings
from instructflow.streams.step import Origin


def _instances(seed: int) -> list[Instance]:
    batch = generated_batch(n_unique=250, n_exact=40, n_near=60, seed=seed)
    insts = [Instance(instance_id=f"i{k:04d}", source="chat", stage=2, instruction=p.messages[0].content)
             for k, p in enumerate(batch.prompts)]
    insts.append(Instance(instance_id="empty", source="chat", stage=2, instruction=" \u200b "))
    random.Random(seed).shuffle(insts)
    return insts


def _carrying(insts: list[Instance], sketcher: Sketcher) -> list[Instance]:
    return [i.model_copy(update={"dedup_sketch": sketcher.sketch(i.text())}) for i in insts]


def _decisions(out: list[Instance]) -> list[tuple[str, str, str, str]]:
    return [(o.status.value, o.reject_reason, o.duplicate_of, o.content_hash) for o in out]


@pytest.mark.parametrize("seed", [1, 2])
def test_single_mode_decides_the_same_with_carried_or_computed_sketches(seed: int):
    insts = _instances(seed)
    computed = Deduplicator()
    carried = Deduplicator()
    sketched = _carrying(insts, carried.sketcher)
    # Half the batches carried, half computed in the second run: mixing must not matter either.
    mixed = Deduplicator()
    mixed_in = [s if k % 2 else i for k, (i, s) in enumerate(zip(insts, sketched, strict=True))]
    a = [o for k in range(0, len(insts), 64) for o in computed.decide_batch(insts[k:k + 64])]
    b = [o for k in range(0, len(insts), 64) for o in carried.decide_batch(sketched[k:k + 64])]
    c = [mixed.decide(i) for i in mixed_in]
    assert _decisions(a) == _decisions(b) == _decisions(c)
    assert {o.reject_reason for o in a} == {"", "duplicate_exact", "duplicate_near"}
    assert all(o.dedup_sketch == "" for o in b)  # decided records do not carry it on


def test_router_routes_the_same_with_carried_or_computed_sketches():
    insts = _instances(3)
    router = BandRouter(5)
    sketched = _carrying(insts, router.sketcher)
    seqs = list(range(len(insts)))
    for a, b in zip(router.route_batch(insts, seqs), router.route_batch(sketched, seqs), strict=True):
        assert {p: x.model_dump() for p, x in a.probes.items()} == {p: x.model_dump() for p, x in b.probes.items()}
        assert a.ballot_data == b.ballot_data  # ballots drop the sketch: the same messages either way
    (routed,) = router.route_batch(sketched[:1], [0])
    (data,) = routed.ballot_data.values()
    ballot = VoteBatch.model_validate_json(data)
    inst = ballot.instances[0]
    assert inst.dedup_sketch == "" and inst.instance_id == sketched[0].instance_id
    assert decide(inst, ballot.content_hashes[0], []).dedup_sketch == ""  # nor does the decision


def test_sketch_from_other_settings_is_recomputed():
    insts = _instances(4)[:80]
    other = _carrying(insts, Sketcher(shingle=5))
    mine = Sketcher()
    right_size = "!" * len(mine.sketch("x"))  # not base64, but of a sketch's length
    garbage = [i.model_copy(update={"dedup_sketch": ("not base64!", right_size, "")[k % 3]})
               for k, i in enumerate(insts)]
    # One bad sketch in a batch of good ones: only that one is recomputed.
    mixed = _carrying(insts, mine)
    mixed[7] = garbage[7]
    for records in (other, garbage, mixed):
        assert (mine.of_instances(records).signatures == mine.of_instances(insts).signatures).all()
    expected = _decisions(Deduplicator().decide_batch(insts))
    assert _decisions(Deduplicator().decide_batch(other)) == expected
    assert _decisions(Deduplicator().decide_batch(garbage)) == expected


def test_score_step_attaches_the_sketch_and_the_pool_never_sees_it():
    step = ScoreStep(Settings(kafka_bootstrap="127.0.0.1:1"))
    inst = Instance(instance_id="a", source="chat", stage=2,
                    instruction="Explain how a hash table handles collisions, with an example in Python.")
    [emit] = step.process(inst, Origin("instances.scrubbed", 0, 0, None))  # type: ignore[arg-type]
    scored = emit.value
    assert isinstance(scored, Instance) and scored.status is not Status.rejected
    assert scored.dedup_sketch == step.sketcher.sketch(inst.text()) and inst.dedup_sketch == ""
    assert "dedup_sketch" not in COLUMN_NAMES and scored.dedup_sketch not in to_row(scored)


def test_score_step_batch_equals_one_at_a_time():
    """The batch path sketches the kept instances of a batch together (planted once: hashing the
    batch's texts in reversed order inside sketch_many sent the signatures to the wrong
    instances, and this went red)."""
    step = ScoreStep(Settings(kafka_bootstrap="127.0.0.1:1"))
    insts = [*_instances(5)[:120], Instance(instance_id="low", source="chat", stage=2, instruction="ok")]
    items = [(inst, Origin("instances.scrubbed", 0, k, None)) for k, inst in enumerate(insts)]  # type: ignore[arg-type]
    batch = step.process_batch(items)  # type: ignore[arg-type]
    alone = [list(step.process(inst, origin)) for inst, origin in items]
    assert [[(e.topic, e.value) for e in out] for out in batch] == \
        [[(e.topic, e.value) for e in out] for out in alone]  # type: ignore[union-attr]
    kept = [out[0].value for out in batch if out[0].value.status is not Status.rejected]  # type: ignore[index,union-attr]
    assert kept and all(k.dedup_sketch == step.sketcher.sketch(k.text()) for k in kept)
    assert any(out[0].value.status is Status.rejected for out in batch)  # type: ignore[index,union-attr]


_VALUE_PAIRS = [
    ("수요일에 알아야 할 10가지", "목요일에 알아야 할 10가지"),
    ("What is 15% of 80?", "What is 15% of 90?"),
    ("gift ideas for my boyfriend", "gift ideas for my girlfriend"),
    ("how do i reset my router", "how do i reset my wifi router"),
    ("파이썬 설치 방법 알려줘", "파이썬 설치하는 방법 알려줘"),
]


def test_carried_marks_flag_skips_only_texts_without_values():
    # The sketch says which texts hold no value word (verify.py), so the decider reads only the
    # others; the veto must decide alike carried or computed. Planted: of_instances trusting every
    # flag as "no values" (unmarked all True) let the substituted-value pairs through here.
    sketcher = Sketcher()
    texts = [t for pair in _VALUE_PAIRS for t in pair]
    insts = [Instance(instance_id=f"v{k}", source="chat", stage=2, instruction=t) for k, t in enumerate(texts)]
    carried = _carrying(insts, sketcher)
    flags = sketcher.of_instances(carried).unmarked.tolist()
    assert flags == [False] * 6 + [True] * 4  # values in the first three pairs only
    assert not sketcher.of_instances(insts).unmarked.any()  # computed: not read there
    a, b = Deduplicator().decide_batch(insts), Deduplicator().decide_batch(carried)
    assert _decisions(a) == _decisions(b)
    assert [o.reject_reason for o in b] == ["", "", "", "", "", "", "", "duplicate_near", "", "duplicate_near"]
    seqs = list(range(len(insts)))
    router = BandRouter(3)
    for x, y in zip(router.route_batch(insts, seqs), router.route_batch(carried, seqs), strict=True):
        assert {p: m.model_dump() for p, m in x.probes.items()} == {p: m.model_dump() for p, m in y.probes.items()}


def test_marks_flag_of_another_version_is_not_trusted(monkeypatch: pytest.MonkeyPatch):
    from instructflow.agents.dedup import verify
    old = Sketcher()
    stale = [Instance(instance_id="s", source="chat", stage=2, instruction="see you on Monday",
                      dedup_sketch=old.encode(*_first(old, "see you on Monday"), unmarked=True))]
    assert old.of_instances(stale).unmarked.tolist() == [True]
    monkeypatch.setattr(verify, "MARKS_VERSION", verify.MARKS_VERSION + 1)  # the value words changed
    assert Sketcher().of_instances(stale).unmarked.tolist() == [False]  # read again, not trusted


def _first(sketcher: Sketcher, text: str) -> tuple[bytes, object, int]:
    made = sketcher.of_texts([text])
    return made.digests[0], made.signatures[0], int(made.lengths[0])
