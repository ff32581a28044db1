"""The compact id and digest maps answer exactly as the dicts they replace (rows.py)."""

from __future__ import annotations

import hashlib

from instructflow.agents.dedup.rows import DigestRows, IdRows


def test_id_rows_single_and_batch_agree_with_a_dict():
    rows, expected = IdRows(), {}
    idents = [f"id-{k}" for k in range(3000)] + ["한국어-아이디", "", "x" * 300]
    for k, ident in enumerate(idents[:1000]):  # one at a time (band owners), then in batches (decider)
        assert rows.append(ident) == k
    for start in range(1000, len(idents), 700):
        rows.extend(idents[start : start + 700])
    expected = {ident: k for k, ident in enumerate(idents)}
    probe = [*idents[::7], "id-unknown", "id-30000"]
    assert rows.find_many(probe) == [expected.get(i) for i in probe]
    assert [rows.find(i) for i in probe] == [expected.get(i) for i in probe]
    assert [rows[k] for k in (0, 1500, len(idents) - 1)] == [idents[0], idents[1500], idents[-1]]


def test_digest_rows_hold_every_row_of_a_digest():
    rows = DigestRows()
    digests = [hashlib.blake2b(str(k % 900).encode(), digest_size=16).digest() for k in range(2000)]
    for d in digests[:500]:
        rows.append(d)
    rows.extend(digests[500:])
    other = hashlib.blake2b(b"never stored", digest_size=16).digest()
    # Planted once: rows() comparing only the 8-byte key (no digest check) still passes here, so the
    # last probe shares the stored key with a different tail: it must find nothing (went red).
    twin = digests[3][:8] + bytes(8)
    probe = [digests[3], digests[899], other, twin]
    expected = [[k for k, d in enumerate(digests) if d == p] for p in probe]
    assert rows.rows_many(probe) == expected
    assert [rows.rows(p) for p in probe] == expected
