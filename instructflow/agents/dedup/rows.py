"""Compact maps from an instance id and from a content digest to the index rows that hold them.

Python dicts cost ~100-150 bytes per entry (a str or bytes key object, a boxed int row, the
table): as much as the signature itself at a million instances. Here the rows are found through
a :class:`~.index.BandTable` of 64-bit hashes (8 bytes a slot, 2/5 to 3/4 full) and verified
against the values kept in row order (the ids, encoded in one buffer, and 16 bytes of digest
per row), so a hash collision costs a comparison, never a wrong row.

Lookups come one at a time (``find``, ``rows``) and for a whole batch at once (``find_many``,
``rows_many``): the batch path of the Deduplicator asks for a batch with one vectorized probe.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence

import numpy as np
from xxhash import xxh3_64_intdigest

from instructflow.agents.dedup.index import BandTable, SignatureStore

_DIGEST = 16


class IdRows:
    """Row -> instance id and id -> row. The ids are kept UTF-8 encoded end to end in one buffer
    (a 32-hex id: 32 bytes + an 8-byte offset, against ~90 for a str in a list), and found
    through a hash table of the id's 64-bit XXH3 (a table key only, never stored or compared
    across processes: one C call per id, a seventh of a BLAKE2b digest and join)."""

    def __init__(self) -> None:
        self._blob = bytearray()
        self._ends = array("Q")  # row -> end offset of its id in _blob
        self._table = BandTable()

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, row: int) -> str:
        start = self._ends[row - 1] if row else 0
        return self._blob[start : self._ends[row]].decode("utf-8")

    @property
    def ids(self) -> list[str]:
        return [self[row] for row in range(len(self))]

    @staticmethod
    def keys(idents: Sequence[str]) -> np.ndarray:
        """The table keys of ``idents``: a batch that looks its ids up and then appends some of them
        derives them once (``find_many(idents, keys)``, ``extend(some, keys[which])``). XXH3 hashes
        a str as its UTF-8 encoding: the key of the bytes in _blob."""
        return np.fromiter(map(xxh3_64_intdigest, idents), dtype=np.uint64, count=len(idents))

    def append(self, ident: str) -> int:
        """One id (the one-at-a-time path): buffered in the table, no vectorized insert per call."""
        row = len(self._ends)
        encoded = ident.encode("utf-8")
        self._blob += encoded
        self._ends.append(len(self._blob))
        self._table.add(self.keys([ident]), row)
        return row

    def extend(self, idents: Sequence[str], keys: np.ndarray | None = None) -> int:
        """Append ``idents`` (rows in order; ``keys``: their :meth:`keys`, if known); returns the
        first row."""
        first = len(self._ends)
        offset = len(self._blob)
        joined = "".join(idents)
        if joined.isascii():  # the usual hex ids: one encoding, lengths in characters are in bytes
            self._blob += joined.encode("ascii")
            sizes = [len(i) for i in idents]
        else:
            encoded = [i.encode("utf-8") for i in idents]
            self._blob += b"".join(encoded)
            sizes = [len(e) for e in encoded]
        self._ends.extend((np.cumsum(sizes, dtype=np.uint64) + np.uint64(offset)).tolist())
        self._table.add_many(self.keys(idents) if keys is None else keys,
                             np.arange(first, first + len(idents), dtype=np.uint32))
        return first

    def find(self, ident: str) -> int | None:
        for row in self._table.lookup(self.keys([ident])):
            if self[row] == ident:
                return row
        return None

    def find_many(self, idents: Sequence[str], keys: np.ndarray | None = None) -> list[int | None]:
        out: list[int | None] = [None] * len(idents)
        if not idents or not len(self._ends):
            return out
        which, rows = self._table.lookup_many(self.keys(idents) if keys is None else keys)
        for w, row in zip(which.tolist(), rows.tolist(), strict=True):
            if self[row] == idents[w]:
                out[w] = row
        return out


class DigestRows:
    """Content digest -> the rows holding that normalized text (one row's digest per row)."""

    def __init__(self) -> None:
        self._digests = SignatureStore(_DIGEST, np.uint8)
        self._table = BandTable()

    def __len__(self) -> int:
        return len(self._digests)

    @staticmethod
    def _matrix(digests: Sequence[bytes]) -> np.ndarray:
        return np.frombuffer(b"".join(digests), dtype=np.uint8).reshape(len(digests), _DIGEST)

    def extend(self, digests: Sequence[bytes]) -> None:
        """Append one digest per new row, in row order."""
        if not digests:
            return
        matrix = self._matrix(digests)
        first = self._digests.append_many(matrix)
        self._table.add_many(matrix[:, :8].copy().view("<u8").ravel(),
                             np.arange(first, first + len(digests), dtype=np.uint32))

    def append(self, digest: bytes) -> None:
        """One digest (the one-at-a-time path): buffered in the table, as IdRows.append."""
        row = self._digests.append(np.frombuffer(digest, dtype=np.uint8))
        self._table.add([int.from_bytes(digest[:8], "little")], row)

    @property
    def nbytes(self) -> int:
        return self._digests.nbytes + self._table.nbytes

    def rows(self, digest: bytes) -> list[int]:
        if not len(self._digests):
            return []
        found = self._table.lookup(np.array([int.from_bytes(digest[:8], "little")], dtype=np.uint64))
        mine = np.frombuffer(digest, dtype=np.uint8)
        return sorted(r for r in found if (self._digests.row(r) == mine).all())

    def rows_many(self, digests: Sequence[bytes]) -> list[list[int]]:
        out: list[list[int]] = [[] for _ in digests]
        if not digests or not len(self._digests):
            return out
        matrix = self._matrix(digests)
        which, rows = self._table.lookup_many(matrix[:, :8].copy().view("<u8").ravel())
        if which.size:
            same = (self._digests.take(rows.astype(np.int64)) == matrix[which]).all(axis=1)
            for w, row in zip(which[same].tolist(), rows[same].tolist(), strict=True):
                out[w].append(row)
            for w in set(which[same].tolist()):  # only the lists that got rows
                out[w].sort()
        return out
