"""MinHash signatures of character n-gram shingles, vectorized with numpy.

The math is datasketch's (2.x, default ``affine32`` scheme), so a signature from here equals
``datasketch.MinHash(num_perm, seed=seed, hashfunc=MinHasher.shingle_hash)`` updated with
the same shingles (a unit test checks this). For each shingle s and permutation k:

    h      = shingle_hash(s)                      # 32-bit, defined below
    h      = fmix32(h)                            # MurmurHash3 finalizer, as datasketch does
    sig[k] = min over s of (a[k] * h + b[k]) mod 2**32

with ``a``, ``b`` drawn by datasketch from ``np.random.RandomState(seed)``. What differs is only
the speed: datasketch calls a Python hash function per shingle and builds its matrices per
document; here every step is one numpy call over all shingles of a document (or of a whole
batch of documents), which is what makes the agent an order of magnitude faster.

Shingle hash. Calling xxhash or sha1 once per shingle costs ~150 ns of interpreter time each,
more than the rest of the signature for long texts. Instead a shingle of ``n`` code points
c_0..c_{n-1} is hashed with a multilinear hash over its code points,

    m(s)            = ((w + sum_j c_j * P**(n-j)) mod 2**64) >> 32
    shingle_hash(s) = m(s)

a polynomial (Rabin-Karp style) hash with a random odd 64-bit base P and offset w from a
seeded generator, keeping the well-mixed top 32 bits. The sums of *all* windows of a text
are one ``np.correlate`` of its code points with (P**n, ..., P**2, P) (uint64, wrapping mod
2**64), plus w: two vector operations per document (or per batch) whatever the shingle size.
datasketch applies fmix32 to whatever the hash function returns, and so does the vectorized
path (five numpy calls per batch). It must: m(s) is linear in the code points and the affine
permutations are linear mod 2**32, so without the mixing the minima of overlapping shingle
sets are correlated, and the estimated Jaccard of short texts came out ~0.045 too high with
twice the spread of datasketch's own sha1 hashing (measured on the issue-14 pairs: the bars
were tuned against that bias; an earlier version skipped fmix32 through its inverse for speed).
Texts shorter than ``n`` are one shingle padded with U+0000 (normalize() removes U+0000 from
real text, so padding is unambiguous).

Deterministic by construction: fixed seeds, no Python ``hash()``, no dict order.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import numpy as np
from datasketch import MinHash

_U32_MAX = np.uint32(0xFFFFFFFF)
_MASK32 = 0xFFFFFFFF
# MurmurHash3 fmix32 multipliers (what datasketch pre-mixes with) and their inverses mod 2**32.
_M1, _M2 = 0x85EBCA6B, 0xC2B2AE35
_M1_INV, _M2_INV = pow(_M1, -1, 1 << 32), pow(_M2, -1, 1 << 32)
_M1_U32, _M2_U32, _S13, _S16 = np.uint32(_M1), np.uint32(_M2), np.uint32(13), np.uint32(16)
# A batch is cut into blocks of about this many shingles, so that the (num_perm x shingles)
# matrix stays within L2 cache (4096 x 128 x 4 bytes = 2 MiB) instead of growing with the batch.
_BLOCK_SHINGLES = 4096
# Documents with at most this many shingles use preallocated permutation matrices.
_SMALL_ROWS = 1024
# Texts of a batch are hashed in groups of about this many code points, which bounds the
# scratch arrays (~30 bytes per code point) whatever the batch size.
_BATCH_CHARS = 1 << 16
# Seed offset for the shingle-hash weights so they are never the permutation stream.
_SHINGLE_SEED_SALT = 0x5EED


def fmix32(h: int) -> int:
    """MurmurHash3 32-bit finalizer (the pre-mix of datasketch's affine32 scheme)."""
    h ^= h >> 16
    h = (h * _M1) & _MASK32
    h ^= h >> 13
    h = (h * _M2) & _MASK32
    return h ^ (h >> 16)


def fmix32_inverse(h: int) -> int:
    """The inverse bijection: fmix32(fmix32_inverse(h)) == h for every 32-bit h."""
    h ^= h >> 16
    h = (h * _M2_INV) & _MASK32
    h ^= (h >> 13) ^ (h >> 26)
    h = (h * _M1_INV) & _MASK32
    return h ^ (h >> 16)


class MinHasher:
    """Computes datasketch-compatible MinHash signatures of character-shingled text.

    Signatures are ``uint32`` arrays of length ``num_perm``; an empty text has the empty
    signature (all 0xFFFFFFFF), like a fresh datasketch MinHash.
    """

    def __init__(self, num_perm: int = 128, shingle: int = 5, seed: int = 1) -> None:
        if sys.byteorder != "little":  # pragma: no cover - _window_hashes views uint64 halves
            raise RuntimeError("MinHasher assumes a little-endian machine")
        if shingle < 1:
            raise ValueError("shingle must be >= 1")
        self.num_perm = num_perm
        self.shingle = shingle
        self.seed = seed
        # Take the permutations from datasketch itself, so its math is the reference.
        proto = MinHash(num_perm=num_perm, seed=seed)
        if proto.scheme != "affine32":  # pragma: no cover - guards a datasketch default change
            raise RuntimeError(f"unexpected datasketch MinHash scheme {proto.scheme!r}")
        a, b = proto.permutations
        self._a = np.ascontiguousarray(a, dtype=np.uint32)
        self._b = np.ascontiguousarray(b, dtype=np.uint32)
        gen = np.random.RandomState((seed + _SHINGLE_SEED_SALT) % (1 << 32))
        base, offset = (int(x) for x in gen.randint(0, 1 << 63, size=2, dtype=np.uint64))
        self._base = 2 * base + 1  # odd
        self._offset = np.uint64(offset)
        self._offset_py = offset
        # Correlation weights (P**n, ..., P): window i sums c[i+j] * P**(n-j). No weight is 1: a
        # character weighted 1 would only reach the low half, which m(s) drops (see shingle_hash).
        mask = (1 << 64) - 1
        self._weights = np.array(
            [pow(self._base, shingle - j, 1 << 64) & mask for j in range(shingle)],
            dtype=np.uint64,
        )
        self.empty = np.full(num_perm, _U32_MAX, dtype=np.uint32)
        # a and b repeated over _SMALL_ROWS rows plus a scratch matrix: for documents of up to
        # that many shingles the permutation step is two contiguous in-place ufuncs, which
        # numpy vectorizes far better than a broadcast (n, 1) x (num_perm,) product.
        self._a_rows = np.ascontiguousarray(np.broadcast_to(self._a, (_SMALL_ROWS, num_perm)))
        self._b_rows = np.ascontiguousarray(np.broadcast_to(self._b, (_SMALL_ROWS, num_perm)))
        self._scratch = np.empty((_SMALL_ROWS, num_perm), dtype=np.uint32)
        # Column vectors for the batch path, which works on (num_perm, shingles) blocks: a
        # long contiguous row per permutation multiplies and reduces much faster there.
        self._a_col = self._a[:, None].copy()
        self._b_col = self._b[:, None].copy()
        self._block = np.empty((num_perm, _BLOCK_SHINGLES), dtype=np.uint32)  # scratch: not thread-safe

    # -- the shingle hash ------------------------------------------------------
    def shingle_hash(self, shingle: str | bytes) -> int:
        """Reference (pure Python) hash of one shingle; usable as datasketch's ``hashfunc``."""
        if isinstance(shingle, bytes):
            shingle = shingle.decode("utf-8")
        cps = [ord(ch) for ch in shingle] + [0] * (self.shingle - len(shingle))
        acc = 0
        for cp in cps:  # Horner: sum_j c_j * P**(n-1-j) ...
            acc = acc * self._base + cp
        acc *= self._base  # ... times P: sum_j c_j * P**(n-j)
        return ((acc + self._offset_py) % (1 << 64)) >> 32

    def shingles(self, text: str) -> list[str]:
        """The shingles of ``text`` as strings (for tests and for datasketch cross-checks)."""
        if not text:
            return []
        if len(text) < self.shingle:
            return [text]
        return [text[i : i + self.shingle] for i in range(len(text) - self.shingle + 1)]

    def _window_hashes(self, codepoints: np.ndarray) -> np.ndarray:
        """fmix32(m(s)) of every length-``shingle`` window of a uint64 code point array, as uint32."""
        h = np.correlate(codepoints, self._weights)  # mode "valid": one value per window
        h += self._offset
        # The high halves of the little-endian uint64s (little-endian is checked in __init__),
        # then MurmurHash3's finalizer, in place on the one copy.
        m = h.view(np.uint32)[1::2].copy()
        m ^= m >> _S16
        m *= _M1_U32
        m ^= m >> _S13
        m *= _M2_U32
        m ^= m >> _S16
        return m

    def _codepoints(self, text: str) -> np.ndarray:
        return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)

    # -- signatures -----------------------------------------------------------
    def signature(self, text: str) -> np.ndarray:
        """Signature of one (already normalized) text."""
        if not text:
            return self.empty.copy()
        if len(text) < self.shingle:
            text = text.ljust(self.shingle, "\0")
        hv = self._window_hashes(self._codepoints(text))
        n = hv.size
        if n <= _SMALL_ROWS:
            phv = self._scratch[:n]
            np.multiply(self._a_rows[:n], hv[:, None], out=phv)
            np.add(phv, self._b_rows[:n], out=phv)
        else:
            phv = hv[:, None] * self._a
            phv += self._b
        return np.minimum.reduce(phv, axis=0)

    def signatures(self, texts: Sequence[str]) -> np.ndarray:
        """Signatures of many texts, shape ``(len(texts), num_perm)``; row i == signature(texts[i]).

        All shingle hashes of a group of texts come from one pass over their concatenated code
        points; the permutations run in cache-sized blocks and per-document minima use one
        reduceat.
        """
        out = np.empty((len(texts), self.num_perm), dtype=np.uint32)
        start, chars = 0, 0
        for i, text in enumerate(texts):
            chars += len(text)
            if chars >= _BATCH_CHARS:
                self._signatures_into(texts[start : i + 1], out[start : i + 1])
                start, chars = i + 1, 0
        if start < len(texts):
            self._signatures_into(texts[start:], out[start:])
        return out

    def _signatures_into(self, texts: Sequence[str], out: np.ndarray) -> None:
        n = self.shingle
        out[:] = _U32_MAX
        padded = [t if len(t) >= n else t.ljust(n, "\0") for t in texts]
        lengths = np.fromiter((len(p) if t else 0 for t, p in zip(texts, padded, strict=True)),
                              dtype=np.int64, count=len(padded))
        docs = np.flatnonzero(lengths)  # empty texts keep the empty signature
        if docs.size == 0:
            return
        joined = "".join([padded[i] for i in docs.tolist()])
        hashes = self._window_hashes(self._codepoints(joined))
        doc_len = lengths[docs]
        counts = doc_len - n + 1  # shingles per document, >= 1
        ends = np.cumsum(counts)
        first = ends - counts  # first shingle row of each doc
        # Window start positions that stay inside their own document: the j-th document's
        # windows start at its code point offset, which is first[j] + (n - 1) * j.
        skew = np.arange(docs.size, dtype=np.int64) * (n - 1)
        hv = hashes[np.arange(int(ends[-1]), dtype=np.int64) + np.repeat(skew, counts)]

        lo = 0
        while lo < docs.size:
            # Take documents until the block holds _BLOCK_SHINGLES shingles (at least one doc).
            hi = int(np.searchsorted(ends, first[lo] + _BLOCK_SHINGLES, side="right"))
            hi = max(hi, lo + 1)
            start, stop = int(first[lo]), int(ends[hi - 1])
            # (num_perm, shingles): permutation k, row k; in the preallocated block unless one
            # document is longer (a fresh 2 MiB array per block cost a quarter of the signature).
            phv = self._block[:, : stop - start] if stop - start <= _BLOCK_SHINGLES else None
            phv = np.multiply(self._a_col, hv[start:stop], out=phv)
            np.add(phv, self._b_col, out=phv)
            out[docs[lo:hi]] = np.minimum.reduceat(phv, first[lo:hi] - start, axis=1).T
            lo = hi
