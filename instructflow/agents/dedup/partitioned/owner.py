"""A band owner: the buckets of one ``dedup.bands`` partition, answering "did an earlier one match?".

Rule ("first seen wins among candidates"): a probe with sequence number ``s`` for instance
``x`` gets

* ``exact_of`` = the first instance with the same content digest, if it came before ``s``;
* ``near_of``  = among instances sharing one of the probe's band keys that came before
  ``s``, the one with the highest verified Jaccard (signature agreement) passing the
  length-aware bar of the pair (agents/dedup/similarity.py), ties to the smallest id.

Only *earlier candidates* count, never "what was accepted", so an owner needs to know
nothing of other partitions, and its answer is a pure function of the probes with lower
sequence numbers that it holds: deterministic under redelivery, restart and replay.

An instance seen again (a redelivery after a crash, or a revision that keeps its id) is
answered with the sequence number of its *first* probe here, so it gets the same answer as
the first time, and it is not stored twice.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass

import numpy as np

from instructflow.agents.dedup import verify
from instructflow.agents.dedup.config import DedupConfig
from instructflow.agents.dedup.index import BandTable, SignatureStore
from instructflow.agents.dedup.partitioned.router import decode_signature
from instructflow.agents.dedup.rows import DigestRows, IdRows
from instructflow.agents.dedup.similarity import PairThreshold
from instructflow.agents.dedup.sketch import SIGNATURE_DTYPE
from instructflow.schemas.dedup import BandProbe


@dataclass(frozen=True)
class OwnerAnswer:
    exact_of: str = ""
    near_of: str = ""
    similarity: float = 0.0


class BandOwner:
    def __init__(self, threshold: float = 0.8, num_perm: int = 128, bar: PairThreshold | None = None) -> None:
        self.bar = bar or PairThreshold(threshold, min(threshold, 0.40))
        self.threshold = threshold
        self.num_perm = num_perm
        self.table = BandTable()
        self.signatures = SignatureStore(num_perm)
        self._seq = array("q")  # row -> seq of its first probe
        self._length = array("I")  # row -> normalized text length (0: unknown, the full bar)
        self._rows = IdRows()  # row <-> instance id (compact: rows.py)
        # The content digests this partition owns (1/P of the rows): entry k belongs to row
        # _digest_row[k] (compact, as rows.py).
        self._digests = DigestRows()
        self._digest_row = array("I")
        self._blank = np.zeros(num_perm, dtype=SIGNATURE_DTYPE)
        self._marks = verify.MarkRows()  # row -> values of its text (verify.py)

    @classmethod
    def from_config(cls, config: DedupConfig) -> BandOwner:
        return cls(config.threshold, config.num_perm, config.bar)

    def __len__(self) -> int:
        return len(self._rows)

    def answer(self, probe: BandProbe) -> OwnerAnswer:
        """Answer ``probe`` and remember it (idempotent per instance id)."""
        row = self._rows.find(probe.instance_id)
        sig = decode_signature(probe.signature, self.num_perm) if probe.signature else None
        keys = np.array(probe.keys, dtype=np.uint64)
        digest = bytes.fromhex(probe.digest) if probe.digest else b""
        seq = probe.seq if row is None else self._seq[row]
        length = probe.length or self.bar.full_chars
        marks = tuple(probe.marks)
        out = self._match(probe.instance_id, seq, keys, sig, digest, length, marks)
        if row is None:
            self._marks.add(len(self._rows), marks)
            self._insert(probe.instance_id, probe.seq, keys, sig, digest, length)
        return out

    def _match(
        self, ident: str, seq: int, keys: np.ndarray, sig: np.ndarray | None, digest: bytes, length: int,
        marks: verify.Marks = verify.NO_MARKS,
    ) -> OwnerAnswer:
        exact_of = ""
        if digest:
            first = self._first_with(digest)
            if first is not None and self._seq[first] < seq and self._rows[first] != ident:
                exact_of = self._rows[first]
        near_of, best = "", 0.0
        if sig is not None and keys.size:
            rows = [r for r in self.table.lookup(keys) if self._seq[r] < seq and self._rows[r] != ident]
            if rows:
                rows = sorted(rows)
                equal = np.count_nonzero(self.signatures.get(rows) == sig, axis=1)
                lengths = np.minimum(np.frombuffer(self._length, dtype=np.uint32)[rows], length)
                bars = self.bar.many(lengths)  # the Deduplicator's vectorized test, bit for bit
                for r, n, bar in zip(rows, equal.tolist(), bars.tolist(), strict=True):
                    sim = n / self.num_perm
                    if sim < bar or not verify.same_values(marks, self._marks.get(r)):
                        continue
                    if sim > best or (sim == best and self._rows[r] < near_of):
                        near_of, best = self._rows[r], sim
        return OwnerAnswer(exact_of, near_of, best)

    def _insert(
        self, ident: str, seq: int, keys: np.ndarray, sig: np.ndarray | None, digest: bytes, length: int
    ) -> None:
        row = self.signatures.append(sig if sig is not None else self._blank)
        self._seq.append(seq)
        self._length.append(min(length, 0xFFFFFFFF))
        self._rows.append(ident)
        if keys.size:
            self.table.add(keys.tolist(), row)
        if digest:
            self._digests.append(digest)
            self._digest_row.append(row)

    def _first_with(self, digest: bytes) -> int | None:
        """The row with ``digest`` whose first probe came first (ties: stored first)."""
        rows = [self._digest_row[k] for k in self._digests.rows(digest)]
        return min(rows, key=lambda r: (self._seq[r], r)) if rows else None

    @property
    def nbytes(self) -> int:
        """numpy-held bytes (signatures, band table, seq array); Python dicts come on top."""
        per_row = self._seq.itemsize + self._length.itemsize
        return self.signatures.nbytes + self.table.nbytes + per_row * len(self._seq)
