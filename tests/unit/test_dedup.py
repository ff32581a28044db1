"""Unit tests of the dedup core: normalization, signatures, LSH index, Deduplicator."""

from __future__ import annotations

import numpy as np
import pytest
from datasketch import MinHash

from instructflow.agents.dedup import index as index_module
from instructflow.agents.dedup.deduplicator import Deduplicator, Verdict
from instructflow.agents.dedup.index import BandTable, LSHIndex, fingerprints, optimal_bands
from instructflow.agents.dedup.minhash import MinHasher, fmix32, fmix32_inverse
from instructflow.agents.dedup.normalize import _INVISIBLE, _is_edge_junk, content_hash, normalize
from instructflow.agents.dedup.sketch import fold
from instructflow.schemas import Instance, Message, Status

EN = (
    "Write a short, friendly email to a customer explaining that their order of three blue "
    "ceramic mugs was delayed by the shipping company and will arrive next Tuesday."
)
KO = (
    "고객에게 주문하신 파란색 머그컵 세 개가 택배사 사정으로 늦어져서 다음 주 화요일에 "
    "도착할 예정이라는 내용을 정중하고 친절한 이메일로 작성해 주세요."
)
OTHER_EN = (
    "Summarize the main causes of the French Revolution in five bullet points for a "
    "high-school history class, with one sentence per point."
)
OTHER_KO = (
    "파이썬으로 리스트에서 중복된 원소를 제거하면서 원래 순서를 유지하는 함수를 작성하고 "
    "시간 복잡도를 설명해 주세요."
)


def inst(instance_id: str, text: str, **kw: object) -> Instance:
    return Instance(instance_id=instance_id, source="chat", stage=2, instruction=text, **kw)


def true_jaccard(a: str, b: str, k: int = 5) -> float:
    def grams(t: str) -> set[str]:
        t = normalize(t)
        return {t[i : i + k] for i in range(len(t) - k + 1)}

    sa, sb = grams(a), grams(b)
    return len(sa & sb) / len(sa | sb)


@pytest.fixture
def dedup() -> Deduplicator:
    return Deduplicator(threshold=0.8, num_perm=128, shingle=5)


# -- normalization -----------------------------------------------------------------------------


def test_normalize_case_whitespace_edges() -> None:
    assert normalize("  What IS\tthe\n\ncapital   of France?!  ") == "what is the capital of france"
    assert normalize("Straße") == normalize("STRASSE")
    assert normalize("Ｈｅｌｌｏ　Ｗｏｒｌｄ！") == "hello world"  # full-width letters + ideographic space
    assert normalize("zero\u200bwidth") == "zerowidth"
    # punctuation inside the text is content
    assert normalize("a, b") != normalize("a b")


def test_normalize_korean() -> None:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "한국어 질문입니다")
    assert decomposed != "한국어 질문입니다"
    assert normalize(decomposed) == normalize("한국어  질문입니다~~") == "한국어 질문입니다"


def test_normalize_keeps_symbol_only_text() -> None:
    assert normalize("👍") != normalize("😊")
    assert content_hash("👍") != content_hash("😊")


def test_normalize_fast_path_skips_only_printable_text() -> None:
    # normalize() skips the invisible-character and whitespace steps for printable text without
    # doubled or edge spaces; that is exact only while no invisible character and no whitespace
    # but " " is printable. Planted: adding "x" to _INVISIBLE made the first assertion fail.
    import sys

    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        if _INVISIBLE.match(ch) or (ch.isspace() and ch != " "):
            assert not ch.isprintable(), hex(code)
        if ch.isalnum():  # the edge scan stops at letters and digits without a category lookup
            assert not _is_edge_junk(ch), hex(code)
    assert normalize("a\u00adb c\u2028d  e ?") == "ab c d e"


def test_content_hash_stable() -> None:
    assert content_hash("Hello  World.") == content_hash("hello world")
    assert len(content_hash("x")) == 32
    assert content_hash("hello world") != content_hash("hello world!?x")


# -- signatures ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [EN, KO, "abc", "", "x" * 3000])
def test_signature_equals_datasketch(text: str) -> None:
    hasher = MinHasher(num_perm=128, shingle=5, seed=1)
    text = normalize(text)
    reference = MinHash(num_perm=128, seed=1, hashfunc=hasher.shingle_hash)
    reference.update_batch(hasher.shingles(text))
    assert np.array_equal(hasher.signature(text), reference.hashvalues)


def test_batch_signatures_equal_single() -> None:
    hasher = MinHasher(num_perm=64, shingle=4, seed=3)
    texts = [normalize(t) for t in (EN, KO, "", "ab", OTHER_EN, "x" * 2000, OTHER_KO)] * 30
    batch = hasher.signatures(texts)
    for text, row in zip(texts, batch, strict=True):
        assert np.array_equal(row, hasher.signature(text))


def test_fmix_inverse() -> None:
    for h in (0, 1, 0xDEADBEEF, 0xFFFFFFFF, 123456789):
        assert fmix32(fmix32_inverse(h)) == h


def test_signature_similarity_tracks_jaccard() -> None:
    hasher = MinHasher()
    a = normalize(EN)
    b = normalize(EN.replace("Tuesday", "Monday"))
    estimate = float(np.mean(hasher.signature(a) == hasher.signature(b)))
    assert abs(estimate - true_jaccard(a, b)) < 0.15


# -- index -----------------------------------------------------------------------------------


def test_optimal_bands_favours_recall() -> None:
    bands, rows = optimal_bands(0.8, 128)
    assert bands * rows <= 128
    assert 1 - (1 - 0.8**rows) ** bands > 0.9  # candidates at the threshold are found


def test_band_table_multimap_and_growth() -> None:
    table = BandTable()
    for ident in range(1000):  # many doublings, shared keys, and one key under many ids
        table.add([ident % 7, 1000 + ident, 0], ident)
    assert len(table) == 3000
    found = table.lookup(np.array([3, 1049], dtype=np.uint64))
    assert found == {i for i in range(1000) if i % 7 == 3} | {49}
    assert table.lookup(np.array([0], dtype=np.uint64)) == set(range(1000))  # key 0 is a key
    assert table.lookup(np.array([999_999], dtype=np.uint64)) == set()


def test_a_key_under_very_many_ids_becomes_a_stop_key() -> None:
    # A band value stored under more ids than a probe run and the overflow list hold is
    # boilerplate: it answers nothing from then on, and takes no more inserts; every other key is
    # answered as before, by bulk and single lookups alike. (Planted: _spill without the stop, the
    # key answered its capped overflow list: red.)
    table = BandTable()
    many = index_module._MAX_PROBE + index_module._MAX_POSTING + 50
    for start in range(0, many, 100):  # bulk inserts, as the batch path makes them
        ids = np.arange(start, min(start + 100, many), dtype=np.uint32)
        table.add_many(np.array([7] * ids.size + [1_000 + i for i in ids.tolist()], dtype=np.uint64),
                       np.concatenate((ids, ids)))
    assert len(table._stopped) == 1
    which, found = table.lookup_many(np.array([7, 1_005, 7, 1_100], dtype=np.uint64))
    assert sorted(zip(which.tolist(), found.tolist(), strict=True)) == [(1, 5), (3, 100)]
    assert table.lookup(np.array([7, 1_005], dtype=np.uint64)) == {5}
    before = len(table)
    table.add_many(np.array([7, 7, 5_000], dtype=np.uint64), np.array([1, 2, 3], dtype=np.uint32))
    assert len(table) == before + 1 and table.lookup(np.array([5_000], dtype=np.uint64)) == {3}


def test_growth_leaves_stop_key_entries_behind() -> None:
    # A stop key's first entries (a probe run's worth, placed before it stopped) answer nothing, so
    # a growth does not move them: the grown table holds none, every other key answers exactly as
    # before, and len() counts only the entries that can answer. (Planted: _move keeping them, or
    # keeping them and dropping the live ones instead: the grown table held the run, red.)
    table = BandTable()
    many = index_module._MAX_PROBE + index_module._MAX_POSTING + 50
    table.add_many(np.full(many, 7, dtype=np.uint64), np.arange(many, dtype=np.uint32))
    stop_fp = int(fingerprints(np.array([7], dtype=np.uint64))[0])
    assert table._stopped == {stop_fp} and np.count_nonzero(table._table.fps == stop_fp) > 0
    rng = np.random.default_rng(5)
    rows_of: dict[int, list[int]] = {}
    stored, start = [], many
    while table._table.slots < 1 << 15 or table._moving is not None:  # growths, the last move completed
        keys = rng.integers(0, 1 << 63, 2_000, dtype=np.uint64)
        table.add_many(keys, np.arange(start, start + 2_000, dtype=np.uint32))
        for row, fp in enumerate(fingerprints(keys).tolist(), start):
            rows_of.setdefault(fp, []).append(row)
        stored.append(keys)
        start += 2_000
    assert np.count_nonzero(table._table.fps == stop_fp) == 0
    probe = np.concatenate((np.array([7], dtype=np.uint64), *stored))
    which, ids = table.lookup_many(probe)
    assert sorted(zip(which.tolist(), ids.tolist(), strict=True)) == \
        [(i, row) for i, fp in enumerate(fingerprints(probe).tolist()) if i for row in rows_of[fp]]
    assert len(table) == start - many


def test_stop_keys_still_find_near_duplicates() -> None:
    # Short prompts sharing a fixed opening ("help me: " + 10 random letters): the bands made only
    # of the opening's shingles are shared by hundreds of unrelated prompts and become stop keys;
    # a copy with its last letter changed is still found, through the bands of its own letters.
    # (Planted: lookup_many returning the positions among the live keys, not mapped back to the
    # keys asked: copies lost, red.)
    import random

    rng = random.Random(4)
    texts = list(dict.fromkeys("help me: " + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(10))
                               for _ in range(4000)))
    d = Deduplicator()  # the deployed defaults: tiers, a 0.41 bar for short texts
    decided = [o for k in range(0, len(texts), 500)
               for o in d.decide_batch([inst(f"i{k + j}", t) for j, t in enumerate(texts[k : k + 500])])]
    assert d.index.table._stopped, "the test needs stop keys"
    kept = [o for o in decided if o.status is Status.accepted][:300]
    copies = d.decide_batch([inst(f"v{j}", o.instruction[:-1] + ("y" if o.instruction.endswith("x") else "x"))
                             for j, o in enumerate(kept)])
    assert [c.duplicate_of for c in copies] == [o.instance_id for o in kept]


def test_stopped_answers_as_the_stop_key_set() -> None:
    # BandTable.stopped (a binary search in the sorted stop keys, behind the prefix mask) must name
    # exactly the fingerprints in the set, for keys the mask lets through and keys beyond the largest
    # stop key alike. (Planted: the search's clamp dropped, or <= for ==: red.)
    table = BandTable()
    many = index_module._MAX_PROBE + index_module._MAX_POSTING + 1
    stop_keys = np.arange(1, 41, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    table.add_many(np.repeat(stop_keys, many), np.tile(np.arange(many, dtype=np.uint32), stop_keys.size))
    assert len(table._stopped) == stop_keys.size
    rng = np.random.default_rng(11)
    stopped = np.array(sorted(table._stopped), dtype=np.uint32)
    # Fingerprints sharing a stop key's mask prefix (its top 16 bits), the stop keys, and random ones.
    near = (stopped[rng.integers(0, stopped.size, 2_000)] & np.uint32(0xFFFF0000)) | \
        rng.integers(0, 1 << 16, 2_000).astype(np.uint32)
    fps = np.concatenate((near, stopped, rng.integers(0, 1 << 32, 2_000, dtype=np.uint64).astype(np.uint32),
                          np.array([0xFFFFFFFF], dtype=np.uint32)))
    assert table.stopped(fps).tolist() == [i for i, fp in enumerate(fps.tolist()) if fp in table._stopped]
    assert BandTable().stopped(fps).size == 0


def test_batch_decides_as_one_at_a_time_past_stop_keys() -> None:
    # Templated prompts ("help me: " + letters) make stop keys; then a batch of 1,000 holding near
    # copies of each other and of earlier prompts is decided in one batch and, on a twin with the
    # same history, one instance at a time: the same verdicts (the in-batch pairing skips stop keys
    # and key runs nobody inserts or nobody queries, as the index does). (Planted: runs of two texts
    # dropped by that filter: red.)
    import random

    rng = random.Random(9)
    letters = "abcdefghijklmnopqrstuvwxyz"
    history = ["help me: " + "".join(rng.choice(letters) for _ in range(10)) for _ in range(3000)]
    batch: list[str] = []
    for k in range(1000):
        base = rng.choice(history) if k % 3 == 0 else (batch[-1] if batch and k % 3 == 1 else
                                                        "help me: " + "".join(rng.choice(letters) for _ in range(10)))
        batch.append(base[:-1] + rng.choice(letters) if k % 3 else base)
    bulk, one = Deduplicator(), Deduplicator()
    for d in (bulk, one):
        for k in range(0, len(history), 500):
            d.decide_batch([inst(f"h{k + j}", t) for j, t in enumerate(history[k : k + 500])])
    assert bulk.index.table._stopped, "the test needs stop keys"
    items = [inst(f"b{j}", t) for j, t in enumerate(batch)]
    together = bulk.decide_batch(items)
    alone = [one.decide_batch([i])[0] for i in items]
    assert [(o.status, o.duplicate_of) for o in together] == [(o.status, o.duplicate_of) for o in alone]
    assert sum(o.status is Status.rejected for o in together) > 300


def test_band_table_long_probe_runs() -> None:
    # Keys with one home slot (fingerprints with equal top bits) make one long run: past the probe
    # window the table must grow, and every key must still be found, by single and bulk inserts alike.
    inverse = pow(0x9E3779B97F4A7C15, -1, 1 << 64)  # fingerprint = high half of key * that constant
    same_home = [(((5 << 52) | (i << 32)) * inverse) % (1 << 64) for i in range(300)]
    assert len(set((fingerprints(np.array(same_home, dtype=np.uint64)) >> 22).tolist())) == 1
    single, bulk = BandTable(), BandTable()
    for ident, key in enumerate(same_home):
        single.add([key], ident)
    bulk.add_many(np.array(same_home, dtype=np.uint64), np.arange(300, dtype=np.uint32))
    for table in (single, bulk):
        which, ids = table.lookup_many(np.array(same_home, dtype=np.uint64))
        assert sorted(zip(which.tolist(), ids.tolist(), strict=True)) == [(i, i) for i in range(300)]


def test_band_table_grows_a_slice_at_a_time() -> None:
    # Growth moves the old slots a slice per insert (a whole move stalled the pipeline ~1 s at
    # 4M entries); meanwhile every entry must be found exactly once, whichever table holds it.
    # Planted: the old table read from its start (entries found twice) or not read at all (lost)
    # each turned this red.
    rng = np.random.default_rng(11)
    table, stored = BandTable(), np.empty(0, dtype=np.uint64)
    seen_moving = False
    moves: list[int] = []
    real_move = table._move

    def move(slots: int) -> None:
        moves.append(min(slots, len(table._moving.ids) - table._moved))  # type: ignore[union-attr]
        real_move(slots)

    table._move = move  # type: ignore[method-assign]
    rows_of: dict[int, list[int]] = {}  # fingerprint -> rows (a shared fingerprint is returned too)
    for start in range(0, 150_000, 2_000):
        keys = rng.integers(0, 1 << 63, size=2_000, dtype=np.uint64)
        table.add_many(keys, np.arange(start, start + 2_000, dtype=np.uint32))
        for row, fp in enumerate(fingerprints(keys).tolist(), start):
            rows_of.setdefault(fp, []).append(row)
        stored = np.concatenate((stored, keys))
        seen_moving |= table._moving is not None
        probe = stored[rng.integers(0, stored.size, size=500)]
        which, ids = table.lookup_many(probe)
        assert sorted(zip(which.tolist(), ids.tolist(), strict=True)) == \
            [(i, row) for i, fp in enumerate(fingerprints(probe).tolist()) for row in rows_of[fp]]
    assert seen_moving and len(table) == 150_000
    assert max(moves) <= max(index_module._MOVE_MIN, index_module._MOVE_PER_ENTRY * 2_000)  # never the whole old table


def test_band_table_filter_keeps_overflowed_keys_across_growth() -> None:
    # Batch lookups skip keys the fingerprint filter says no table entry has (index._Filter); entries
    # that overflowed into the dict are never moved, so a grown filter does not know them and the
    # dict must be asked for every key. Planted: asking it only for the keys the filter passed lost these.
    # Fingerprints (5 << 22) | (i << 12): one home slot in the first table (its top 10 bits), so the
    # run overflows; in the grown filter's finer cells they spread out, apart from the moved ones.
    inverse = pow(0x9E3779B97F4A7C15, -1, 1 << 64)
    same_home = np.array([((((5 << 22) | (i << 12)) << 32) * inverse) % (1 << 64) for i in range(200)],
                         dtype=np.uint64)
    table = BandTable()
    table.add_many(same_home, np.arange(200, dtype=np.uint32))
    assert table._overflow  # a run longer than the probe window
    rng = np.random.default_rng(3)
    start = 200
    while table._table.slots < 1 << 16 or table._moving is not None:  # doublings, the last move completed
        keys = rng.integers(0, 1 << 63, 2_000, dtype=np.uint64)
        table.add_many(keys, np.arange(start, start + 2_000, dtype=np.uint32))
        start += 2_000
    which, ids = table.lookup_many(same_home)
    assert sorted(zip(which.tolist(), ids.tolist(), strict=True)) == [(i, i) for i in range(200)]


def test_filter_holds_every_fingerprint_of_one_call() -> None:
    # _Filter.add sets bits by a plain scatter, where entries of one word overwrite each other, then
    # sets the lost bits again. Planted: without that second step most of these were missed.
    rng = np.random.default_rng(4)
    fps = rng.integers(0, 1 << 32, 50_000, dtype=np.uint64)
    table_filter = index_module._Filter(4_096)  # 16k cells: every word is shared by many entries
    table_filter.add(fps | (np.uint64(7) << np.uint64(32)))  # packed entries: fingerprint low, id high
    assert np.array_equal(table_filter.may_hold(fps.astype(np.uint32)), np.arange(fps.size))
    others = index_module._Filter(1 << 20)
    others.add(fps[:100])
    assert others.may_hold(fps[100:].astype(np.uint32)).size < 1_000  # it does filter


def test_band_table_tail_in_python_places_as_vectorized(monkeypatch: pytest.MonkeyPatch) -> None:
    # The last entries of a bulk insert are placed in Python (BandTable._place_tail); the layout
    # must be the vectorized rounds' own, slot for slot, whatever the share left to Python.
    # Planted: the first entry of a group taking a free slot (members.pop(0)) failed; so did
    # walking the groups back to front.
    rng = np.random.default_rng(11)
    popular = rng.integers(0, 1 << 63, 40, dtype=np.uint64)
    batches = []
    for _ in range(60):
        keys = rng.integers(0, 1 << 63, 800, dtype=np.uint64)
        keys[rng.choice(800, 12, replace=False)] = rng.choice(popular)  # a run, contested slots in the tail
        batches.append(keys)
    tables = []
    for tail in (16, 1 << 30, 0):
        monkeypatch.setattr(index_module, "_TAIL_ENTRIES", tail)
        table = BandTable()
        for n, keys in enumerate(batches):
            table.add_many(keys, np.arange(n * 800, (n + 1) * 800, dtype=np.uint32))
        tables.append(table)
    vectorized = tables[-1]
    for python_tail in tables[:-1]:
        for mine, rounds in ((python_tail._table, vectorized._table), (python_tail._moving, vectorized._moving)):
            assert (mine is None) == (rounds is None)
            if mine is not None and rounds is not None:
                assert np.array_equal(mine.slot_pairs, rounds.slot_pairs) and mine.reach == rounds.reach
        assert python_tail._overflow == vectorized._overflow


def test_emit_equals_model_copy() -> None:
    # Deduplicator._emit: every field a decision changes, as pydantic's own copy would have them
    # (planted: leaving "dedup_sketch" out of what _emit clears turned this red).
    inst = Instance(instance_id="i1", source="chat", stage=2, instruction="hello", dedup_sketch="abc")
    for verdict, update in (
        (Verdict("unique", "", "00", 0.0), {"status": Status.accepted, "reject_reason": "", "duplicate_of": ""}),
        (Verdict("exact", "i0", "00", 1.0), {"status": Status.rejected, "reject_reason": "duplicate_exact",
                                              "duplicate_of": "i0"}),
        (Verdict("near", "i0", "00", 0.5), {"status": Status.rejected, "reject_reason": "duplicate_near",
                                             "duplicate_of": "i0"}),
    ):
        theirs = inst.model_copy(update=update | {"content_hash": "00", "dedup_sketch": ""})
        mine = Deduplicator._emit(inst, verdict)
        assert mine == theirs and mine.model_fields_set == theirs.model_fields_set
        assert mine.model_dump_json() == theirs.model_dump_json() and inst.dedup_sketch == "abc"


def test_band_table_bulk_equals_single() -> None:
    rng = np.random.default_rng(5)
    keys = rng.integers(0, 1 << 63, size=(4000, 4), dtype=np.uint64)
    keys[::13] = keys[1::13]  # shared keys
    single, bulk = BandTable(), BandTable()
    for ident, row in enumerate(keys):
        single.add(row, ident)
    for start in range(0, 4000, 700):  # bulk inserts into a non-empty table, with doublings
        part = keys[start : start + 700]
        bulk.add_many(part, np.repeat(np.arange(start, start + len(part), dtype=np.uint32), 4))
    holders: dict[int, set[int]] = {}
    for ident, row in enumerate(keys.tolist()):
        for key in row:
            holders.setdefault(key, set()).add(ident)
    probe = np.concatenate((keys[:500].ravel(), rng.integers(0, 1 << 63, 100, dtype=np.uint64)))
    for key in probe.tolist():
        k = np.array([key], dtype=np.uint64)
        assert single.lookup(k) == bulk.lookup(k) == holders.get(key, set())


def test_lsh_query_verifies_candidates() -> None:
    hasher = MinHasher()

    def sig(text: str) -> np.ndarray:
        return fold(hasher.signature(normalize(text)))

    index = LSHIndex(threshold=0.8, num_perm=128)
    row = index.insert(sig(EN))
    near = index.query(sig(EN.replace("blue", "red")))
    assert [r for r, _ in near] == [row]
    assert index.query(sig(OTHER_EN)) == []


# -- Deduplicator ----------------------------------------------------------------------------


def test_exact_duplicate_after_case_and_whitespace(dedup: Deduplicator) -> None:
    first = dedup.decide(inst("a", EN))
    assert first.status == Status.accepted and first.content_hash
    variant = "  " + EN.upper().replace(" ", "   \n") + " "
    out = dedup.decide(inst("b", variant))
    assert out.status == Status.rejected
    assert out.reject_reason == "duplicate_exact"
    assert out.duplicate_of == "a"
    assert out.content_hash == first.content_hash
    assert len(dedup) == 1


def test_near_duplicate_few_words_changed(dedup: Deduplicator) -> None:
    dedup.decide(inst("a", EN))
    variant = EN.replace("friendly", "polite")
    assert true_jaccard(EN, variant) >= 0.8
    verdict = dedup.check(inst("b", variant))
    assert verdict.kind == "near" and verdict.duplicate_of == "a"
    assert verdict.similarity >= 0.8
    out = dedup.decide(inst("b", variant))
    assert (out.status, out.reject_reason, out.duplicate_of) == (Status.rejected, "duplicate_near", "a")
    assert out.content_hash == content_hash(variant)


def test_korean_exact_and_near(dedup: Deduplicator) -> None:
    assert dedup.decide(inst("ko", KO)).status == Status.accepted
    assert dedup.check(inst("ko2", KO.replace(" ", "  ") + "!!")).kind == "exact"
    variant = KO.replace("정중하고 친절한", "친절한")
    assert true_jaccard(KO, variant) >= 0.8
    v = dedup.check(inst("ko3", variant))
    assert (v.kind, v.duplicate_of) == ("near", "ko")


def test_distinct_texts_not_flagged(dedup: Deduplicator) -> None:
    texts = [EN, KO, OTHER_EN, OTHER_KO, "Translate 'good morning' into French.", "오늘 날씨 어때?"]
    outs = [dedup.decide(inst(f"id{i}", t)) for i, t in enumerate(texts)]
    assert all(o.status == Status.accepted for o in outs)
    assert len(dedup) == len(texts)


def test_redelivery_is_accepted_again(dedup: Deduplicator) -> None:
    original = inst("a", EN)
    assert dedup.decide(original).status == Status.accepted
    again = dedup.decide(original)  # same instance_id after a crash: not a duplicate
    assert again.status == Status.accepted and again.duplicate_of == ""
    assert again.content_hash == content_hash(EN)
    assert dedup.check(original) == Verdict("unique", "", content_hash(EN), 0.0, redelivery=True)
    assert len(dedup) == 1
    # ...while another instance with the same text is still a duplicate
    assert dedup.decide(inst("b", EN)).reject_reason == "duplicate_exact"


def test_remember_is_idempotent(dedup: Deduplicator) -> None:
    accepted = inst("a", EN, status=Status.accepted)
    assert dedup.remember(accepted) is True
    assert dedup.remember(accepted) is False
    assert len(dedup) == 1
    assert dedup.remember_batch([accepted, inst("b", OTHER_EN), inst("b", OTHER_EN)]) == 1
    assert len(dedup) == 2
    # rebuilt state: the remembered instance is redelivered -> accepted; others are dups
    assert dedup.decide(inst("a", EN)).status == Status.accepted
    assert dedup.decide(inst("c", EN.lower())).duplicate_of == "a"


def test_deterministic_across_objects() -> None:
    texts = [EN, EN.upper(), EN.replace("blue", "red"), KO, KO + "?", OTHER_EN, OTHER_KO, ""]
    texts += [f"{OTHER_EN} Variant number {i}." for i in range(20)]
    runs = []
    for _ in range(2):
        d = Deduplicator(threshold=0.8, num_perm=128, shingle=5)
        runs.append([
            (o.status, o.reject_reason, o.duplicate_of, o.content_hash)
            for o in (d.decide(inst(f"id{i}", t)) for i, t in enumerate(texts))
        ])
    assert runs[0] == runs[1]
    d = Deduplicator(threshold=0.8, num_perm=128, shingle=5)
    batched = d.decide_batch([inst(f"id{i}", t) for i, t in enumerate(texts)])
    assert [(o.status, o.reject_reason, o.duplicate_of, o.content_hash) for o in batched] == runs[0]


def test_tie_break_independent_of_remember_order() -> None:
    a, b = inst("aaa", EN), inst("bbb", EN.replace("mugs", "cups"))
    probe = inst("zzz", EN.replace("mugs", "cup"))
    picks = set()
    for order in ([a, b], [b, a]):
        d = Deduplicator()
        for x in order:
            d.remember(x)
        picks.add(d.check(probe).duplicate_of)
    assert len(picks) == 1


def test_chat_messages_use_user_turns(dedup: Deduplicator) -> None:
    chat = Instance(
        instance_id="m1",
        source="chat",
        stage=2,
        messages=[Message(role="user", content=EN), Message(role="assistant", content="Sure!")],
    )
    assert dedup.decide(chat).status == Status.accepted
    assert dedup.decide(inst("m2", EN)).duplicate_of == "m1"


def test_missing_instance_id_rejected_loudly(dedup: Deduplicator) -> None:
    with pytest.raises(ValueError):
        dedup.decide(inst("", EN))
    with pytest.raises(ValueError):
        dedup.remember(inst("", EN))


# -- batch fast path == sequential ----------------------------------------------------------------


def _corpus(seed: int, n: int) -> list[tuple[str, str]]:
    """(instance_id, text) with planted exact/near duplicates, redeliveries and empty texts."""
    import random

    rng = random.Random(seed)
    words = (EN + " " + KO + " " + OTHER_EN + " " + OTHER_KO).split()
    items: list[tuple[str, str]] = []
    for i in range(n):
        r = rng.random()
        if items and r < 0.15:  # exact variant of an earlier text
            _, src = rng.choice(items)
            items.append((f"id{i:05d}", "  " + src.upper() + "?"))
        elif items and r < 0.35:  # near variant: one or two words changed
            _, src = rng.choice(items)
            ws = src.split(" ")
            for _ in range(rng.randint(1, 2)):
                ws[rng.randrange(len(ws))] = rng.choice(words)
            items.append((f"id{i:05d}", " ".join(ws)))
        elif items and r < 0.40:  # redelivery of an earlier instance (same id and text)
            items.append(rng.choice(items))
        elif r < 0.42:
            items.append((f"id{i:05d}", rng.choice(["", "  ", "?!"])))
        else:
            items.append((f"id{i:05d}", " ".join(rng.choices(words, k=rng.randint(3, 30)))))
    return items


def _outcome(outs: list[Instance]) -> list[tuple[object, ...]]:
    return [(o.instance_id, o.status, o.reject_reason, o.duplicate_of, o.content_hash) for o in outs]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_decide_batch_equals_sequential_randomized(seed: int) -> None:
    items = _corpus(seed, 1500)
    remembered = [inst(f"old{i}", t) for i, (_, t) in enumerate(_corpus(seed + 100, 200))]
    seq = Deduplicator()
    seq.remember_batch(remembered[:100])
    for r in remembered[100:]:
        seq.remember(r)
    expected = [seq.decide(inst(i, t)) for i, t in items]
    kinds = {o.reject_reason for o in expected}
    assert {"duplicate_exact", "duplicate_near", ""} <= kinds  # the corpus covers every case
    import random

    rng = random.Random(seed)
    bat = Deduplicator()
    for r in remembered:
        bat.remember(r)
    got: list[Instance] = []
    pos = 0
    while pos < len(items):  # uneven batches, including size 1
        size = rng.choice([1, 2, 7, 64, 300])
        got += bat.decide_batch([inst(i, t) for i, t in items[pos : pos + size]])
        pos += size
    assert _outcome(got) == _outcome(expected)
    assert len(bat) == len(seq)
    assert bat._rows.ids == seq._rows.ids  # same rows in the same order
    # ...and the two states answer alike afterwards.
    probes = [inst(f"probe{i}", t) for i, (_, t) in enumerate(_corpus(seed + 7, 200))]
    assert [bat.check(p) for p in probes] == [seq.check(p) for p in probes]


def test_decide_batch_one_batch_with_duplicate_ids() -> None:
    texts = [EN, EN.replace("blue", "red"), EN, KO, KO + "!!", ""]
    batch = [inst("a", EN), inst("b", texts[1]), inst("a", EN), inst("c", KO), inst("d", texts[4]),
             inst("e", ""), inst("e", ""), inst("f", "")]
    seq = Deduplicator()
    expected = [seq.decide(i) for i in batch]
    got = Deduplicator().decide_batch(batch)
    assert _outcome(got) == _outcome(expected)
    assert [o.reject_reason for o in got] == ["", "duplicate_near", "", "", "duplicate_exact", "", "",
                                              "duplicate_exact"]


def test_decide_batch_missing_id_keeps_sequential_state() -> None:
    batch = [inst("a", EN), inst("", KO), inst("c", OTHER_EN)]
    d = Deduplicator()
    with pytest.raises(ValueError):
        d.decide_batch(batch)
    assert len(d) == 1 and "a" in d  # what the loop decided before the bad instance stays


def test_batch_signatures_equal_datasketch() -> None:
    hasher = MinHasher(num_perm=128, shingle=5, seed=1)
    texts = [normalize(t) for t in (EN, KO, "ab", "", OTHER_KO, "y" * 9000)]
    for text, row in zip(texts, hasher.signatures(texts), strict=True):
        reference = MinHash(num_perm=128, seed=1, hashfunc=hasher.shingle_hash)
        reference.update_batch(hasher.shingles(text))
        assert np.array_equal(row, reference.hashvalues)


def test_loose_bands_only_where_a_short_text_is_in_the_pair() -> None:
    """Two texts of 100+ characters meet only through the strict bands; a short text meets any text
    under reach_chars through the loose ones. Planted: with every tier inserted and queried by every
    text (the masks all True), prompts sharing a template became candidates of a quarter of the
    index and dedup went quadratic; this test then fails on the long/long masks."""
    from instructflow.agents.dedup.index import LSHIndex
    from instructflow.agents.dedup.similarity import PairThreshold

    index = LSHIndex(0.8, 128, bar=PairThreshold(0.8, 0.45, 100, 20))
    strict, loose = index.strict_bands, index.bands
    lengths = np.array([50, 150, 400])
    ins, ask = index.insert_mask(lengths), index.query_mask(lengths)
    lo, mid = slice(strict, strict + loose), slice(strict + loose, strict + 2 * loose)
    assert ins[:, :strict].all() and ask[:, :strict].all()
    assert ins[0, lo].all() and ask[0, lo].all() and ask[0, mid].all() and not ins[0, mid].any()  # short
    assert ins[1, mid].all() and ask[1, lo].all() and not ins[1, lo].any() and not ask[1, mid].any()  # 150
    assert not ins[2, strict:].any() and not ask[2, strict:].any()  # beyond reach: strict only
    # A long text never queries a key another long text inserted through the loose tiers.
    assert not (ask[1, strict:] & ins[1, strict:]).any()
    # The masks are picked per tier; at the tiers' edges they equal the rule's (planted: `>` for
    # `>=` in LSHIndex._masks turned this red).
    edges = np.array([0, index.short_chars - 1, index.short_chars, index.reach_chars - 1, index.reach_chars, 10**6])
    for query in (False, True):
        assert (index._masks(edges, query) == index._rule(edges, query)).all()


def test_one_short_bar_default_everywhere() -> None:
    # Settings (the framework) cannot import the agent's constant; this keeps the two equal, and
    # the deduplicator's, owners' and router's defaults are SHORT_BAR itself.
    # Planted: Settings.dedup_short_threshold 0.40 -> red.
    from instructflow.agents.configs import dedup_config
    from instructflow.agents.dedup.similarity import SHORT_BAR, PairThreshold
    from instructflow.streams.settings import Settings

    assert Settings().dedup_short_threshold == SHORT_BAR == PairThreshold().short_threshold
    assert dedup_config(Settings()).short_threshold == SHORT_BAR
    assert Deduplicator().bar.short_threshold == SHORT_BAR
