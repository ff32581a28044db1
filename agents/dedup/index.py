"""A compact MinHash LSH index: band keys -> ids, plus the stored signatures.

Why not ``datasketch.MinHashLSH``: it keeps, per band, a dict from the band's bytes to a
Python set of keys, i.e. several hundred bytes of Python objects per (instance, band). At a
million instances and 16 bands that is gigabytes. Here:

* each band of a signature is reduced to one 64-bit key (a multilinear hash of the band's
  ``rows`` uint32 values, different weights per band, so equal values in different bands do
  not collide). A key collision between different band contents only adds a candidate, which
  verification then discards, so 64-bit keys lose nothing;
* keys live in a sorted ``uint64`` array with a parallel ``uint32`` id array (12 bytes per
  instance and band), searched with ``np.searchsorted`` for all bands at once. New entries
  go to a small dict first and are merged into the sorted arrays in batches (a merge is a
  linear-time ``np.insert``), so inserting stays O(1) amortized without a Python object per
  entry;
* signatures are kept as rows of fixed-size ``uint32`` chunks (4 bytes per permutation), so
  candidates can be verified by the estimated Jaccard similarity (the fraction of equal
  signature positions), which removes LSH false positives.

Bands and rows are chosen like datasketch's ``MinHashLSH`` does (minimize the weighted
false-positive/false-negative areas), but with weights that favour recall: candidates are
verified against the threshold anyway, so a false positive costs only a comparison, while a
false negative is a missed duplicate.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

# Entries buffered in the dict before they are merged into the sorted arrays. 2**17 entries
# (8192 instances at 16 bands) keeps the buffer at ~10 MB and the merges rare.
_PENDING_LIMIT = 1 << 17
_ROW_CHUNK = 1 << 14  # signatures per storage chunk (8 MiB at 128 permutations)
_BAND_SEED_SALT = 0xBA4D


def optimal_bands(
    threshold: float, num_perm: int, fp_weight: float = 0.05, fn_weight: float = 0.95
) -> tuple[int, int]:
    """(bands, rows) minimizing fp_weight * FP-area + fn_weight * FN-area, as in datasketch.

    FP area: integral over s in [0, t] of P(candidate | s) = 1 - (1 - s**r)**b;
    FN area: integral over s in [t, 1] of 1 - P(candidate | s).
    """
    best, best_err = (1, 1), float("inf")
    lo = np.linspace(0.0, threshold, 1001)
    hi = np.linspace(threshold, 1.0, 1001)
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            fp = np.trapezoid(1 - (1 - lo**r) ** b, lo)
            fn = np.trapezoid((1 - hi**r) ** b, hi)
            err = fp * fp_weight + fn * fn_weight
            if err < best_err:
                best, best_err = (b, r), err
    return best


class SignatureStore:
    """Append-only rows of uint32 signatures, stored in fixed-size chunks.

    Chunks instead of one growing array: no 2x reallocation peaks and no slack beyond one
    chunk, which matters at a million rows.
    """

    def __init__(self, num_perm: int) -> None:
        self.num_perm = num_perm
        self._chunks: list[np.ndarray] = []
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def append(self, sig: np.ndarray) -> int:
        row = self._size
        chunk, offset = divmod(row, _ROW_CHUNK)
        if chunk == len(self._chunks):
            self._chunks.append(np.empty((_ROW_CHUNK, self.num_perm), dtype=np.uint32))
        self._chunks[chunk][offset] = sig
        self._size += 1
        return row

    def row(self, row: int) -> np.ndarray:
        return self._chunks[row // _ROW_CHUNK][row % _ROW_CHUNK]

    def get(self, rows: Iterable[int]) -> np.ndarray:
        return np.stack([self._chunks[r // _ROW_CHUNK][r % _ROW_CHUNK] for r in rows])

    @property
    def nbytes(self) -> int:
        return sum(c.nbytes for c in self._chunks)


class BandTable:
    """Multimap uint64 key -> uint32 id: sorted numpy arrays plus a small dict buffer."""

    def __init__(self) -> None:
        self._keys = np.empty(0, dtype=np.uint64)
        self._ids = np.empty(0, dtype=np.uint32)
        # key -> id, or list of ids when several instances share the key (rare).
        self._pending: dict[int, int | list[int]] = {}
        self._n_pending = 0

    def __len__(self) -> int:
        return int(self._keys.size) + self._n_pending

    def add(self, keys: list[int], ident: int) -> None:
        pending = self._pending
        for key in keys:
            held = pending.get(key)
            if held is None:
                pending[key] = ident
            elif isinstance(held, int):
                pending[key] = [held, ident]
            else:
                held.append(ident)
        self._n_pending += len(keys)
        if self._n_pending >= _PENDING_LIMIT:
            self.flush()

    def lookup(self, keys: np.ndarray, keys_list: list[int]) -> set[int]:
        """Ids stored under any of ``keys`` (``keys_list`` is the same keys as Python ints)."""
        found: set[int] = set()
        if self._keys.size:
            # ndarray methods, not np.* functions: this runs per message and the wrappers'
            # dispatch costs as much as the search on 16 keys.
            left = self._keys.searchsorted(keys, side="left")
            right = self._keys.searchsorted(keys, side="right")
            for i in (right > left).nonzero()[0].tolist():
                found.update(self._ids[left[i] : right[i]].tolist())
        if self._pending:
            pending = self._pending
            for key in keys_list:
                held = pending.get(key)
                if held is not None:
                    if isinstance(held, int):
                        found.add(held)
                    else:
                        found.update(held)
        return found

    def flush(self) -> None:
        """Merge the dict buffer into the sorted arrays (linear time in the table size)."""
        if not self._pending:
            return
        keys: list[int] = []
        ids: list[int] = []
        for key, held in self._pending.items():
            if isinstance(held, int):
                keys.append(key)
                ids.append(held)
            else:
                keys.extend([key] * len(held))
                ids.extend(held)
        new_keys = np.array(keys, dtype=np.uint64)
        new_ids = np.array(ids, dtype=np.uint32)
        order = np.argsort(new_keys, kind="stable")
        new_keys, new_ids = new_keys[order], new_ids[order]
        at = np.searchsorted(self._keys, new_keys, side="right")
        self._keys = np.insert(self._keys, at, new_keys)
        self._ids = np.insert(self._ids, at, new_ids)
        self._pending = {}
        self._n_pending = 0

    @property
    def nbytes(self) -> int:
        return int(self._keys.nbytes + self._ids.nbytes)


class LSHIndex:
    """MinHash LSH over signatures from :class:`~.minhash.MinHasher`, with verification."""

    def __init__(
        self,
        threshold: float,
        num_perm: int,
        seed: int = 1,
        weights: tuple[float, float] = (0.05, 0.95),
    ) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.bands, self.rows = optimal_bands(threshold, num_perm, *weights)
        gen = np.random.RandomState((seed + _BAND_SEED_SALT) % (1 << 32))
        shape = (self.bands, self.rows)
        self._w = gen.randint(0, 1 << 62, size=shape, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
        self._w0 = gen.randint(0, 1 << 62, size=self.bands, dtype=np.uint64)
        self.signatures = SignatureStore(num_perm)
        self.table = BandTable()

    def __len__(self) -> int:
        return len(self.signatures)

    def band_keys(self, sig: np.ndarray) -> np.ndarray:
        """One uint64 key per band (uint64 arithmetic wraps, which is the intended mod 2**64)."""
        bands = sig[: self.bands * self.rows].reshape(self.bands, self.rows).astype(np.uint64)
        return (bands * self._w).sum(axis=1, dtype=np.uint64) + self._w0

    def band_keys_many(self, sigs: np.ndarray) -> np.ndarray:
        """band_keys() for each row of ``sigs``: shape ``(len(sigs), bands)``."""
        used = sigs[:, : self.bands * self.rows].reshape(len(sigs), self.bands, self.rows)
        return (used.astype(np.uint64) * self._w).sum(axis=2, dtype=np.uint64) + self._w0

    def insert(self, sig: np.ndarray, keys: np.ndarray | None = None) -> int:
        """Store ``sig``; returns its row number (the id the index hands back as candidate)."""
        row = self.signatures.append(sig)
        if keys is None:
            keys = self.band_keys(sig)
        self.table.add(keys.tolist(), row)
        return row

    def query(self, sig: np.ndarray, keys: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Rows whose estimated Jaccard with ``sig`` is >= threshold, with that estimate."""
        if keys is None:
            keys = self.band_keys(sig)
        candidates = self.table.lookup(keys, keys.tolist())
        if not candidates:
            return []
        rows = sorted(candidates)
        if len(rows) == 1:  # the common case: skip stacking
            similarity = np.count_nonzero(self.signatures.row(rows[0]) == sig) / self.num_perm
            return [(rows[0], similarity)] if similarity >= self.threshold else []
        equal = np.count_nonzero(self.signatures.get(rows) == sig, axis=1)
        return [
            (row, n / self.num_perm)
            for row, n in zip(rows, equal.tolist(), strict=True)
            if n / self.num_perm >= self.threshold
        ]

    @property
    def nbytes(self) -> int:
        return self.signatures.nbytes + self.table.nbytes
