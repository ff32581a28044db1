"""A compact MinHash LSH index: band keys -> ids, plus the stored signatures.

Why not ``datasketch.MinHashLSH``: it keeps, per band, a dict from the band's bytes to a
Python set of keys, i.e. several hundred bytes of Python objects per (instance, band). At a
million instances and 16 bands that is gigabytes. Here:

* each band of a signature is reduced to one 64-bit key (a multilinear hash of the band's
  ``rows`` values, different weights per band, so equal values in different bands do not
  collide). A key collision between different band contents only adds a candidate, which
  verification then discards;
* keys live in an open-addressing hash table (linear probing, 2/5 to 3/4 full) of a 32-bit
  key fingerprint and a 32-bit id per slot: 8 bytes a slot, 11-20 bytes per instance and band
  (a fingerprint collision, too, only adds a candidate). The home slot of a key comes from its
  fingerprint, and every entry sits less than ``reach`` slots after it and before the first
  free slot after it, so the entries of all keys of a batch are found by gathers of windows
  (8 slots, 8 more for the keys whose 8 were all taken, then the rest of ``reach``) and one
  comparison: no per-key Python work, no sorted-array merges, no cache-missing binary searches.
  A bit filter of the fingerprints placed (a byte a slot) lets a batch lookup skip the keys
  that no entry has, most of them, without reading the table.
  Inserts write in place (a whole batch in a few vectorized rounds); growth (to 5/2 slots per
  entry) moves entries a slice per insert;
* signatures are kept as rows of fixed-size chunks of b-bit values (1 byte per permutation,
  sketch.py), so candidates can be verified by the estimated Jaccard similarity (the fraction
  of equal signature positions), which removes LSH false positives.

Bands and rows are chosen like datasketch's ``MinHashLSH`` does (minimize the weighted
false-positive/false-negative areas), but with weights that favour recall: candidates are
verified against the threshold anyway, so a false positive costs only a comparison, while a
false negative is a missed duplicate.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable

import numpy as np

from instructflow.agents.dedup.similarity import PairThreshold

# Single inserts are buffered in a dict of this many entries (1024 instances at 16 bands,
# small enough to stay in cache), then placed in the hash table in one vectorized pass.
_PENDING_LIMIT = 1 << 14
_ROW_CHUNK = 1 << 14  # signatures per storage chunk (2 MiB at 128 8-bit permutations)
_BAND_SEED_SALT = 0xBA4D
# A fingerprint whose overflow list reaches this many ids becomes a stop key (BandTable._spill).
_MAX_POSTING = 64
_MID_SALT = np.uint64(0x9E3779B97F4A7C15)  # the loose keys of the MID tier (LSHIndex)
# Hash table: an entry lives less than _MAX_PROBE slots after its home slot (else it goes to
# the overflow dict), and the arrays have _MAX_PROBE spare slots at the end: no wrap-around.
_MAX_PROBE = 64
_MIN_SLOTS = 1 << 10
_TAIL_ENTRIES = 64  # BandTable._place: at most this many unplaced entries go on in Python
_FP_MUL = np.uint64(0x9E3779B97F4A7C15)  # odd (golden ratio): multiplicative hashing
_EMPTY = np.uint32(0xFFFFFFFF)  # id of a free slot (ids are row numbers < 2**32 - 2)
# Growth: a table 3/4 full is replaced by one of _GROWTH slots per entry (2/5 full). Entries grow
# by 3/4 * _GROWTH between growths and each growth moves them all, so an entry is moved
# 1 / (3/4 * _GROWTH - 1) times on average: 2 at the factor 2 used before, 8/7 at 5/2 (the moves
# were ~3 of bench_dedup's ~25 µs a document, s15). The price is slack: a table is 2/5 to 3/4 full
# instead of 1/2 to 3/4 (memory at a given count depends on where in the cycle it falls; 5/2 leaves
# a million instances where 2 did, on either vocabulary of bench_dedup's memory run: BENCHMARKS.md).
_GROWTH = 5 / 2
# Old slots moved to the grown table per entry inserted, and at least this many per insert. 12
# (4 would empty the old table in time) ends a move in an eighth of the inserts to the next growth:
# while it lasts, lookups read both tables (a quarter more probes on bench_dedup's corpus); the
# slots moved in all are the same.
_MOVE_PER_ENTRY = 12
_MOVE_MIN = 1 << 15
_FREE_SLOT = np.array([0, _EMPTY], dtype=np.uint32).view(np.uint64)[0]  # fingerprint 0, id _EMPTY
_LOW = np.uint64(0xFFFFFFFF)  # a slot's fingerprint half
# Lookups: most runs end within a few slots of a home slot, so every key reads this many slots
# first, and only the keys whose window was full (~1 in 6 on bench_dedup's corpus) read on: 8 more,
# then up to ``reach`` (reading the whole rest at once for those cost 7% more of all lookups).
_FIRST_WINDOW = 8
_MASK_SHIFT = 16  # BandTable._overflow_mask: fingerprints by their top 16 bits
_ALL_TRUE = np.uint64(0x0101010101010101)  # _FIRST_WINDOW True booleans read as one uint64
_FILTER_BITS = 8  # _Filter cells per table slot
_ONE, _WORD_BITS = np.uint64(1), np.uint64(63)


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
            err = float(fp * fp_weight + fn * fn_weight)
            if err < best_err:
                best, best_err = (b, r), err
    return best


class SignatureStore:
    """Append-only rows of b-bit (uint8) signatures (sketch.py), stored in fixed-size chunks.

    Chunks instead of one growing array: no 2x reallocation peaks and no slack beyond one
    chunk, which matters at a million rows.
    """

    def __init__(self, num_perm: int, dtype: type = np.uint8) -> None:
        self.num_perm = num_perm
        self.dtype = dtype
        self._chunks: list[np.ndarray] = []
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def append(self, sig: np.ndarray) -> int:
        row = self._size
        chunk, offset = divmod(row, _ROW_CHUNK)
        if chunk == len(self._chunks):
            self._chunks.append(np.empty((_ROW_CHUNK, self.num_perm), dtype=self.dtype))
        self._chunks[chunk][offset] = sig
        self._size += 1
        return row

    def row(self, row: int) -> np.ndarray:
        return self._chunks[row // _ROW_CHUNK][row % _ROW_CHUNK]

    def get(self, rows: Iterable[int]) -> np.ndarray:
        return np.stack([self._chunks[r // _ROW_CHUNK][r % _ROW_CHUNK] for r in rows])

    def append_many(self, sigs: np.ndarray) -> int:
        """Append the rows of ``sigs``; returns the row number of the first."""
        first = self._size
        done = 0
        while done < len(sigs):
            chunk, offset = divmod(self._size, _ROW_CHUNK)
            if chunk == len(self._chunks):
                self._chunks.append(np.empty((_ROW_CHUNK, self.num_perm), dtype=self.dtype))
            take = min(_ROW_CHUNK - offset, len(sigs) - done)
            self._chunks[chunk][offset : offset + take] = sigs[done : done + take]
            self._size += take
            done += take
        return first

    def take(self, rows: np.ndarray) -> np.ndarray:
        """Rows ``rows`` (an integer array) as one ``(len(rows), num_perm)`` array."""
        if rows.size == 0:
            return np.empty((0, self.num_perm), dtype=self.dtype)
        chunk = rows // _ROW_CHUNK
        lo, hi = int(chunk.min()), int(chunk.max())
        if lo == hi:
            return self._chunks[lo][rows % _ROW_CHUNK]
        out: np.ndarray = np.empty((rows.size, self.num_perm), dtype=self.dtype)
        for c in np.unique(chunk).tolist():
            sel = chunk == c
            out[sel] = self._chunks[c][rows[sel] % _ROW_CHUNK]
        return out

    @property
    def nbytes(self) -> int:
        return sum(c.nbytes for c in self._chunks)


def _windows(values: np.ndarray, width: int, starts: np.ndarray) -> np.ndarray:
    """Row k: ``values[starts[k] : starts[k] + width]`` (a copy; ``values`` 1-D, contiguous).

    Gathered as one opaque ``width * itemsize``-byte item per row, from a view whose items
    overlap (item i starts at element i): numpy then copies each row with one memcpy, where
    indexing a 2-D sliding-window view ran its strided inner loop per row, 8x slower (the
    lookups' main cost: 57 ns a key against 7 for a window of 8 slots, measured)."""
    row = np.dtype((np.void, width * values.itemsize))
    items = np.ndarray((values.size - width + 1,), dtype=row, buffer=values, strides=values.strides)
    return items[starts].view(values.dtype).reshape(len(starts), width)


def _band_sums(wide: np.ndarray, weights: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Key of band b of each row of ``wide`` (uint64 signatures): offsets[b] + the sum over r of
    wide[:, b * rows + r] * weights[b, r], mod 2**64. Summed row by row (one add per row across
    all bands): numpy's sum over a short last axis cost twice as much."""
    bands, rows = weights.shape
    terms = (wide[:, : bands * rows] * weights.reshape(-1)).reshape(len(wide), bands, rows)
    keys = terms[:, :, 0] + offsets
    for r in range(1, rows):
        keys += terms[:, :, r]
    return keys


def pack(fps: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """(fingerprint, id) pairs as the uint64s a table slot holds: fingerprint low, id high."""
    return fps.astype(np.uint64) | ids.astype(np.uint64) << np.uint64(32)


def fingerprints(keys: np.ndarray) -> np.ndarray:
    """uint64 keys -> 32-bit fingerprints: the high half of key * an odd constant (every key bit
    counts, so small or structured keys spread as well as band keys do)."""
    return ((np.asarray(keys, dtype=np.uint64) * _FP_MUL) >> np.uint64(32)).astype(np.uint32)


class _Slots:
    """One open-addressing table: a (fingerprint, id) pair per slot, with its lookup windows.

    Linear probing without deletions: the entries of a home slot all lie before the first free
    slot after it, which is what lets a batch lookup stop early (:meth:`lookup_many`)."""

    def __init__(self, slots: int) -> None:
        self.slots = slots
        self.n_slots = np.uint64(slots)
        self.limit = slots * 3 // 4
        # A slot's fingerprint and id side by side (two strided views of one array): a lookup
        # reads both of a window, and interleaved they are one cache miss instead of two (the
        # misses, not the arithmetic, are what a lookup in a table larger than the cache costs).
        slot_pairs = np.empty((slots + _MAX_PROBE, 2), dtype=np.uint32)
        slot_pairs.view(np.uint64)[:] = _FREE_SLOT  # one pass, not one per half
        self.fps = slot_pairs[:, 0]
        self.ids = slot_pairs[:, 1]
        self.slot_pairs = slot_pairs.view(np.uint64).ravel()  # gathered, then viewed back as pairs
        self.set_reach(1)

    def set_reach(self, reach: int) -> None:
        self.reach = reach
        # Windows of ``reach`` slots after each home slot: views, no copies.
        self.fp_windows = np.lib.stride_tricks.sliding_window_view(self.fps, _MAX_PROBE)[:, :reach]

    def home(self, fps: np.ndarray) -> np.ndarray:
        return ((fps.astype(np.uint64) * self.n_slots) >> np.uint64(32)).astype(np.intp)

    def lookup(self, fps: np.ndarray, below: int = 0) -> np.ndarray:
        """Ids under ``fps`` in slots at or after ``below``: the ``reach`` slots after each home."""
        home = self.home(fps)
        hit = self.fp_windows[home] == fps[:, None]
        if not hit.any():
            return np.empty(0, dtype=np.uint32)
        band, step = hit.nonzero()
        slot = home[band] + step
        ids = self.ids[slot]
        # A fingerprint equal to 0 also matches free slots (0, id _EMPTY): drop those.
        return ids[(ids != _EMPTY) & (slot >= below)]

    def lookup_many(self, fps: np.ndarray, below: int = 0) -> tuple[np.ndarray, np.ndarray]:
        """All (i, id) with id under ``fps[i]`` in a slot at or after ``below``.

        The entries of a home slot all lie before the first _EMPTY slot after it: a key whose
        window holds an _EMPTY slot is done, and only the others read the next window (reading
        all ``reach`` slots of every key cost several times as much; see _FIRST_WINDOW).
        """
        home = self.home(fps)
        reach = self.reach
        which_parts: list[np.ndarray] = []
        slot_parts: list[np.ndarray] = []
        id_parts: list[np.ndarray] = []
        # Keys whose every slot (home to home + reach - 1) lies before ``below`` cannot hold an
        # entry at or after it: in a table being emptied by growth, that is the part moved already.
        todo = np.flatnonzero(home > below - reach) if below else np.arange(fps.size, dtype=np.intp)
        lo = 0
        # Windows of _FIRST_WINDOW slots while they are all taken, then the rest of the reach.
        for hi in sorted({min(_FIRST_WINDOW, reach), min(2 * _FIRST_WINDOW, reach), reach}):
            width = hi - lo
            at = home[todo] + lo
            # A window of (fingerprint, id) slots read as uint64s: one gather for both halves, i.e.
            # one cache miss per key where two separate arrays took two. Then the flat positions of
            # the hits (one 1-D nonzero: a 2-D one costs several times more).
            slots = _windows(self.slot_pairs, width, at).view(np.uint32)  # fp, id, fp, id, ...
            hits = np.flatnonzero(slots[:, 0::2] == fps[todo, None])
            which_parts.append(todo[hits // width])
            id_parts.append(slots.reshape(-1)[2 * hits + 1])
            if below:
                slot_parts.append(at[hits // width] + hits % width)
            if hi == reach:
                break
            # The keys whose window had no free slot (its 8 booleans read as one uint64): their
            # run may go on.
            taken = (slots[:, 1::2] != _EMPTY).view(np.uint64).ravel()
            todo = todo[taken == _ALL_TRUE]
            if todo.size == 0:
                break
            lo = hi
        which = np.concatenate(which_parts) if len(which_parts) > 1 else which_parts[0]
        ids = np.concatenate(id_parts) if len(id_parts) > 1 else id_parts[0]
        keep = ids != _EMPTY
        if below:
            keep &= np.concatenate(slot_parts) >= below
        return which[keep], ids[keep]

    def place(self, entries: np.ndarray) -> list[int]:
        """Store each entry (a slot's uint64: fingerprint in the low half, id in the high half, as
        :func:`pack` makes them and :meth:`held` returns them) in the first free slot less than
        _MAX_PROBE after its home; returns the entries (indices, in order) that found none, for
        the overflow dict.

        Round r tries slot home + r for every entry still unplaced (``todo``, in entry order, and
        ``at``, their slots): all of a round's entries are r slots past home, so the reach and the
        spill test need no per-entry arithmetic."""
        at = self.home(entries & _LOW)
        todo = np.arange(entries.size, dtype=np.intp)
        reach = self.reach
        pairs = self.slot_pairs
        spilled: list[int] = []
        r = 0
        while todo.size > _TAIL_ENTRIES:
            if r == _MAX_PROBE:
                spilled = todo.tolist()
                todo = todo[:0]
                break
            free = np.flatnonzero(pairs[at] == _FREE_SLOT)
            # Every entry that reaches a free slot writes its ticket (its position in todo) there;
            # the last write wins, and the winner is whoever reads its own ticket back. No sort needed.
            claim, tickets = at[free], free.astype(np.uint64)
            pairs[claim] = tickets
            won = pairs[claim] == tickets
            placed = free[won]  # positions in todo
            pairs[claim[won]] = entries[todo[placed]]
            if placed.size:
                reach = max(reach, r + 1)
            lost = np.ones(todo.size, dtype=bool)
            lost[placed] = False
            todo = todo[lost]
            at = at[lost] + 1
            r += 1
        if todo.size:
            reach = self._place_tail(entries, todo.tolist(), at.tolist(), r, reach, spilled)
        if reach > self.reach:
            self.set_reach(reach)
        return sorted(spilled)

    def _place_tail(self, entries: np.ndarray, todo: list[int], at: list[int], r: int, reach: int,
                    spilled: list[int]) -> int:
        """The entries left after ``r`` vectorized rounds of place(), placed in Python exactly as
        the further rounds would place them. Every unplaced entry moves one slot a round, so
        entries meet at a slot only if they are at one slot now (a group: one home), and a group
        reaches each slot after every group ahead of it: walking the groups front first, each to
        its free slots (the last entry of a group takes a free slot, as the last write wins in a
        round), gives the rounds' layout, at the cost of the slots walked. A vectorized round
        costs ~10 us however few entries it has, and long runs take up to _MAX_PROBE of them.
        Adds the entries that found no slot to ``spilled``; returns the new reach."""
        pairs, slot_ids = self.slot_pairs, self.ids
        groups: dict[int, list[int]] = {}
        for k, a in zip(todo, at, strict=True):  # entry order within a group, as in todo
            groups.setdefault(a, []).append(k)
        for a in sorted(groups, reverse=True):
            members = groups[a]
            end = a + _MAX_PROBE - r  # the slot the group would reach in round _MAX_PROBE
            s = a
            while members and s < end:
                if slot_ids[s] == _EMPTY:
                    pairs[s] = entries[members.pop()]
                    reach = max(reach, r + s - a + 1)
                s += 1
            spilled += members
        return reach

    def held(self, start: int, end: int) -> np.ndarray:
        """The entries in slots [start, end), packed as place() takes them: moving them is one
        compress and no unpacking (splitting into fingerprints and ids and packing again cost
        three times as much)."""
        pairs = self.slot_pairs[start:end]
        return pairs[pairs != _FREE_SLOT]

    @property
    def nbytes(self) -> int:
        return int(self.slot_pairs.nbytes)


class _Filter:
    """Which fingerprints a table may hold: one bit per cell, a fingerprint's cell its top bits
    scaled to the cells (as a home slot), set for every entry ever placed and never cleared (nothing
    is deleted). A clear bit means no entry has that fingerprint, so a batch lookup skips the key
    without reading the table: most keys of a batch are in no stored text (about 3 hits in 70 keys
    a text on bench_dedup's corpus), and a random read of the table (larger than the cache) cost
    ~60 ns a key where this test costs a few. ``_FILTER_BITS`` cells a slot (a byte, 1/8 of the
    table's memory) leave ~1 key in 11 of those not held to the table at 3/4 load (4 cells: 1 in 6,
    and ~0.5 µs a text more of lookups on bench_dedup's corpus)."""

    def __init__(self, slots: int) -> None:
        self.cells = np.uint64(_FILTER_BITS * slots)
        self.words = np.zeros(-(-_FILTER_BITS * slots // 64), dtype=np.uint64)

    def _cells(self, fps: np.ndarray) -> np.ndarray:
        return (fps.astype(np.uint64) * self.cells) >> np.uint64(32)

    def add(self, entries: np.ndarray, in_order: bool = False) -> None:
        """Mark the fingerprints of packed entries (a slot's uint64, fingerprint low). ``in_order``:
        they come from table slots in order (a growth's move), i.e. nearly sorted by fingerprint,
        so that neighbours often share a word: their bits are combined per run first."""
        cells = self._cells(entries & _LOW)
        at, bits = (cells >> np.uint64(6)).astype(np.intp), _ONE << (cells & _WORD_BITS)
        if in_order and at.size > 1:
            starts = np.flatnonzero(np.concatenate(([True], at[1:] != at[:-1])))
            at, bits = at[starts], np.bitwise_or.reduceat(bits, starts)
        words = self.words
        # A plain scatter, where of two entries of one word the last write wins; the bits so lost
        # are set again by the exact (and ~3x slower) ufunc.at, for those entries only.
        words[at] |= bits
        lost = np.flatnonzero(words[at] & bits != bits)
        if lost.size:
            np.bitwise_or.at(words, at[lost], bits[lost])

    def may_hold(self, fps: np.ndarray) -> np.ndarray:
        """The positions in ``fps`` whose fingerprint some entry may have."""
        cells = self._cells(fps)
        bits = self.words[(cells >> np.uint64(6)).astype(np.intp)] >> (cells & _WORD_BITS)
        return np.flatnonzero(bits & _ONE)

    @property
    def nbytes(self) -> int:
        return int(self.words.nbytes)


class BandTable:
    """Multimap uint64 key -> uint32 id: an open-addressing (linear probing) numpy hash table.

    Compact: a slot is a 32-bit fingerprint of the key plus the 32-bit id (8 bytes), and the
    table grows (to 5/2 slots per entry: _GROWTH) when it is 3/4 full, so it stays 2/5 to 3/4
    full. A lookup returns the ids stored under its keys, plus (rarely: about entries / 2**32
    per key) ids stored under another key with the same fingerprint; callers verify what they
    find (the LSH index compares signatures, the id and digest maps compare the values), so a
    fingerprint collision costs a comparison and never a wrong answer.

    An entry's home slot is its fingerprint scaled to the table size (``fp * slots >> 32``, so
    moving it needs nothing but the fingerprint); it is stored in the first free slot less than
    ``_MAX_PROBE`` slots after home. Nothing is ever deleted, so every entry lies less than
    ``reach`` slots after its home (``reach`` = the largest displacement so far, + 1) and before
    the first free slot after it: a single lookup reads the ``reach`` slots after each home
    slot, a batch lookup the first 8 and then on only where those are all taken. At load <= 3/4
    a window is practically never full; when it is (one key stored under very many ids makes
    one long run), the entry goes to a small overflow dict instead.

    A key stored under more than ~_MAX_PROBE + _MAX_POSTING ids is a *stop key*, like a stop word:
    the band value of a template's fixed words, shared by thousands of unrelated texts. From then
    on it answers no lookup and takes no insert. Answering it (its capped list) made every lookup
    of templated traffic return hundreds of unrelated candidates to verify, a cost growing with
    the index: on the prompts bench_pipeline sends, a decider fell to 2,527 docs/s at 300k
    instances (230 candidates a text); with stop keys 6,992 docs/s (97), and its index takes 515
    B per instance instead of 737 (bench/bench_dedup_scale.py). A near duplicate shares many bands
    with its original, not only its boilerplate ones, so it is still found through those
    (decisions unchanged on bench_dedup's corpus and the dedup evaluation's 47 seeds).

    Growth is incremental, as in Redis: the old slots are moved to the grown table a slice per
    insert, and until the last slice lookups read both (the old one only past the slices moved).
    Moving all at once stalled the caller in proportion to the table: 0.4-1 s per growth at
    1.3-4M entries (~100k-250k instances), which was the pipeline's p99 at 1,000 prompts/s.

    Single inserts (:meth:`add`, one instance at a time) first go to a dict buffer, which
    costs less per call than a vectorized insert of 16 keys; :meth:`flush` (automatic every
    ``_PENDING_LIMIT`` entries) places the buffer in the table in one pass.
    """

    def __init__(self, slots: int = _MIN_SLOTS) -> None:
        self._table = _Slots(slots)
        self._moving: _Slots | None = None  # the table before the last growth, while it empties
        # The fingerprints placed (_Filter): ``_filter`` holds all of them; during a growth
        # ``_next`` (sized for the grown table) gets the new and the moved ones, and replaces
        # ``_filter`` when the old table is empty.
        self._filter = _Filter(slots)
        self._next: _Filter | None = None
        self._moved = 0  # its slots before this one have been moved
        self._count = 0  # entries held in the table(s) and the overflow dict (a stop key's leave: _spill, _move)
        self._overflow: dict[int, list[int]] = {}  # fingerprint -> ids
        # Which top 16 bits of a fingerprint occur in _overflow (64 KiB, cache-resident): a batch
        # lookup tests its keys against that before the dict (np.isin of every key cost more).
        self._overflow_mask = np.zeros(1 << (32 - _MASK_SHIFT), dtype=bool)
        self._stopped: set[int] = set()  # stop keys' fingerprints (class docstring)
        self._stopped_sorted = np.empty(0, dtype=np.uint32)  # the same, sorted: rebuilt when the set grows
        self._stopped_mask = np.zeros(1 << (32 - _MASK_SHIFT), dtype=bool)  # as _overflow_mask
        # fingerprint -> id, or list of ids when several instances share it (rare).
        self._pending: dict[int, int | list[int]] = {}
        self._n_pending = 0

    def __len__(self) -> int:
        return self._count + self._n_pending

    def stopped(self, fps: np.ndarray) -> np.ndarray:
        """Positions of the fingerprints in ``fps`` that are stop keys. The mask leaves those that
        may be; a binary search in the sorted stop keys answers them. Templated traffic makes
        thousands of stop keys, and its batches hit the mask with thousands of keys: asking the set
        one key at a time in Python cost more than the lookups it spared."""
        if not self._stopped:
            return np.empty(0, dtype=np.intp)
        maybe = np.flatnonzero(self._stopped_mask[fps >> np.uint32(_MASK_SHIFT)])
        if maybe.size == 0:
            return maybe
        if self._stopped_sorted.size != len(self._stopped):  # the set only grows
            self._stopped_sorted = np.array(sorted(self._stopped), dtype=np.uint32)
        known, asked = self._stopped_sorted, fps[maybe]
        at = np.minimum(np.searchsorted(known, asked), known.size - 1)
        return maybe[known[at] == asked]

    def _live(self, fps: np.ndarray) -> np.ndarray | None:
        """Positions of the fingerprints in ``fps`` that are not stop keys; None: all of them (the
        usual case, no copy)."""
        dead = self.stopped(fps)
        if dead.size == 0:
            return None
        live = np.ones(fps.size, dtype=bool)
        live[dead] = False
        return np.flatnonzero(live)

    # -- lookups ---------------------------------------------------------------------------------
    def lookup(self, keys: np.ndarray) -> set[int]:
        """Ids stored under any of ``keys`` (a uint64 array; see the class docstring)."""
        fps = fingerprints(keys)
        live = self._live(fps)
        if live is not None:
            fps = fps[live]
        found: set[int] = set(self._table.lookup(fps).tolist())
        if self._moving is not None:
            found.update(self._moving.lookup(fps, below=self._moved).tolist())
        if self._pending or self._overflow:
            fps_list = fps.tolist()
            for held in map(self._pending.get, fps_list):
                if held is not None:
                    if isinstance(held, int):
                        found.add(held)
                    else:
                        found.update(held)
            if self._overflow:
                for fp in fps_list:
                    found.update(self._overflow.get(fp, ()))
        return found

    def lookup_many(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """All (i, id) with id stored under ``keys[i]``, for a 1-D uint64 array ``keys``."""
        return self.lookup_fingerprints(fingerprints(keys))

    def lookup_fingerprints(self, fps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """lookup_many() of the keys' :func:`fingerprints` (uint32), where the caller has them (the
        partitioned dedup's owners get them from the router: half the bytes of the keys)."""
        self.flush()
        live = self._live(fps)
        if live is not None:
            which, ids = self._lookup_fps(fps[live])
            return live[which], ids
        return self._lookup_fps(fps)

    def _lookup_fps(self, fps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """lookup_many() of fingerprints, none of them a stop key."""
        # Only the keys whose fingerprint may be held are read in the table(s) (_Filter); the
        # overflow dict, below, is asked for all (its entries are never moved to a grown table, so
        # a grown filter does not know them).
        maybe = self._filter.may_hold(fps)
        held = fps[maybe]
        which, ids = self._table.lookup_many(held)
        if self._moving is not None:
            more_which, more_ids = self._moving.lookup_many(held, below=self._moved)
            if more_which.size:
                which, ids = np.concatenate((which, more_which)), np.concatenate((ids, more_ids))
        which = maybe[which]
        if self._overflow:
            # Only the fingerprints that have overflowed are looked up in Python (popular band
            # values of very short texts overflow; iterating every key of a batch cost more than
            # the vectorized probe itself).
            # The mask leaves about one key in a hundred: the dict answers those directly (np.isin
            # against an array of the dict's keys, made per call, cost ten times as much).
            hits = np.flatnonzero(self._overflow_mask[fps >> np.uint32(_MASK_SHIFT)])
            overflow = self._overflow
            extra = [(i, ident) for i, fp in zip(hits.tolist(), fps[hits].tolist(), strict=True)
                     for ident in overflow.get(fp, ())]
            if extra:
                spilled_which, spilled_ids = zip(*extra, strict=True)
                which = np.concatenate((which, np.array(spilled_which, dtype=which.dtype)))
                ids = np.concatenate((ids, np.array(spilled_ids, dtype=np.uint32)))
        return which, ids

    # -- inserts ---------------------------------------------------------------------------------
    def add(self, keys: np.ndarray | list[int], ident: int) -> None:
        """Store ``ident`` under each of ``keys`` (ints, or a uint64 array)."""
        pending = self._pending
        fps = fingerprints(np.asarray(keys, dtype=np.uint64)).tolist()
        for fp in fps:
            held = pending.get(fp)
            if held is None:
                pending[fp] = ident
            elif isinstance(held, int):
                pending[fp] = [held, ident]
            else:
                held.append(ident)
        self._n_pending += len(fps)
        if self._n_pending >= _PENDING_LIMIT:
            self.flush()

    def flush(self) -> None:
        """Place the buffered single inserts in the table."""
        if not self._pending:
            return
        fps: list[int] = []
        ids: list[int] = []
        for fp, held in self._pending.items():
            if isinstance(held, int):
                fps.append(fp)
                ids.append(held)
            else:
                fps.extend([fp] * len(held))
                ids.extend(held)
        self._pending = {}
        self._n_pending = 0
        self._place(pack(np.array(fps, dtype=np.uint32), np.array(ids, dtype=np.uint32)))

    def add_many(self, keys: np.ndarray, ids: np.ndarray) -> None:
        """Store ``ids[i]`` under ``keys[i]`` for all i (vectorized linear probing)."""
        keys = np.asarray(keys, dtype=np.uint64).ravel()
        self.add_fingerprints(fingerprints(keys), ids)

    def add_fingerprints(self, fps: np.ndarray, ids: np.ndarray) -> None:
        """add_many() of the keys' :func:`fingerprints` (uint32), as lookup_fingerprints()."""
        self._place(pack(fps, np.asarray(ids, dtype=np.uint32).ravel()))

    def _place(self, entries: np.ndarray) -> None:
        if self._stopped:  # else every insert would unpack its fingerprints for nothing
            live = self._live((entries & _LOW).astype(np.uint32))
            if live is not None:
                entries = entries[live]
        if self._moving is not None:
            # The grown table takes 7N/8 new entries before it is 3/4 full again (N: the entries at
            # growth, held in ~4N/3 old slots): moving _MOVE_PER_ENTRY (> 32/21) old slots per new
            # entry empties the old table before the next growth.
            self._move(max(_MOVE_MIN, _MOVE_PER_ENTRY * entries.size))
        if self._count + entries.size > self._table.limit:
            if self._moving is not None:
                self._move(self._moving.ids.size)
            self._moving, self._moved = self._table, 0
            self._table = _Slots(max(self._table.slots, _MIN_SLOTS, int(_GROWTH * (self._count + entries.size))))
            self._next = _Filter(self._table.slots)
        self._filter.add(entries)
        if self._next is not None:
            self._next.add(entries)
        self._store(entries)
        self._count += entries.size

    def _store(self, entries: np.ndarray) -> None:
        spilled = self._table.place(entries)
        if spilled:
            left = entries[np.array(spilled, dtype=np.intp)]
            self._spill((left & _LOW).astype(np.uint32), (left >> np.uint64(32)).astype(np.uint32))

    def _move(self, slots: int) -> None:
        """Move the next ``slots`` slots of the old table to the current one."""
        old = self._moving
        assert old is not None
        start, end = self._moved, min(self._moved + slots, old.ids.size)
        entries = old.held(start, end)
        if self._stopped:
            # A stop key's entries (the ~_MAX_PROBE ids placed before it stopped) answer no lookup:
            # they are left behind, which frees their slots in the grown table.
            live = self._live((entries & _LOW).astype(np.uint32))
            if live is not None:
                self._count -= entries.size - live.size
                entries = entries[live]
        assert self._next is not None
        self._next.add(entries, in_order=True)
        self._moved = end  # first, so that no lookup finds an entry in both tables
        if end == old.ids.size:
            self._moving = None
            self._filter, self._next = self._next, None
        self._store(entries)

    def _spill(self, fps: np.ndarray, ids: np.ndarray) -> None:
        self._overflow_mask[fps >> np.uint32(_MASK_SHIFT)] = True
        overflow, stopped = self._overflow, self._stopped
        for fp, ident in zip(fps.tolist(), ids.tolist(), strict=True):
            if fp in stopped:  # a stop key of this same batch
                self._count -= 1
                continue
            held = overflow.setdefault(fp, [])
            held.append(ident)
            if len(held) >= _MAX_POSTING:  # a stop key from now on (class docstring)
                self._count -= len(held)  # _count: the entries that can still answer
                del overflow[fp]
                stopped.add(fp)
                self._stopped_mask[fp >> _MASK_SHIFT] = True

    @property
    def nbytes(self) -> int:
        return (self._table.nbytes + self._filter.nbytes + (self._moving.nbytes if self._moving is not None else 0)
                + (self._next.nbytes if self._next is not None else 0))


class LSHIndex:
    """MinHash LSH over signatures from :class:`~.minhash.MinHasher`, with verification.

    Each stored row keeps its normalized text length; a candidate pair is verified against
    the length-aware bar of :class:`~.similarity.PairThreshold` (``bar``; a fixed
    ``threshold`` when not given).

    Bands in tiers, so that only the pairs that can pass a low bar are searched with the loose
    bands. A pair needs the loose bands (chosen for the lowest bar) only if its shorter text is
    short (``< short_chars``, where the bar is below ``threshold``); and a text can only pass
    the bar with a text at most ``1 / lowest`` times its length (Jaccard <= the ratio of the
    shingle counts), so its partner is shorter than ``reach_chars``. With the loose bands for
    every pair, prompts that share a template (a fixed opening and closing around different
    words: Jaccard ~0.3) became candidates of about a quarter of everything stored, and dedup
    went quadratic (65 docs/s at 40k templated prompts, measured). So each text is keyed with:

    * the strict bands (chosen for ``threshold``), inserted and queried by every text;
    * the loose bands salted ``LO``: inserted by short texts, queried by texts under ``reach_chars``;
    * the loose bands salted ``MID``: inserted by texts from ``short_chars`` to ``reach_chars``,
      queried by short texts.

    A short text thus meets every text under ``reach_chars`` through the loose bands, and two
    longer texts meet only through the strict ones. With one fixed bar there is one tier.
    """

    def __init__(
        self,
        threshold: float,
        num_perm: int,
        seed: int = 1,
        weights: tuple[float, float] | None = None,
        bar: PairThreshold | None = None,
    ) -> None:
        self.bar = bar or PairThreshold(threshold, threshold)
        self.threshold = self.bar.lowest
        self.num_perm = num_perm
        # The loose bands (the partitioned router's only ones).
        self.bands, self.rows = optimal_bands(self.threshold, num_perm, *(weights or self.bar.band_weights))
        gen = np.random.RandomState((seed + _BAND_SEED_SALT) % (1 << 32))
        shape = (self.bands, self.rows)
        self._w = gen.randint(0, 1 << 62, size=shape, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
        self._w0 = gen.randint(0, 1 << 62, size=self.bands, dtype=np.uint64)
        self.tiered = self.bar.short_threshold < self.bar.threshold
        if self.tiered:
            self.strict_bands, self.strict_rows = optimal_bands(self.bar.threshold, num_perm)
            self._sw = gen.randint(0, 1 << 62, size=(self.strict_bands, self.strict_rows),
                                   dtype=np.uint64) * np.uint64(2) + np.uint64(1)
            self._sw0 = gen.randint(0, 1 << 62, size=self.strict_bands, dtype=np.uint64)
            self.short_chars = self.bar.full_chars
            self.reach_chars = int(np.ceil(self.bar.full_chars / self.bar.lowest))
            tiers = np.array([0, self.short_chars, self.reach_chars])  # one length of each tier
            self._insert_rows = self._rule(tiers, query=False)
            self._query_rows = self._rule(tiers, query=True)
        self.signatures = SignatureStore(num_perm)
        self.lengths = array("I")  # row -> normalized length of its text
        self.table = BandTable()

    def __len__(self) -> int:
        return len(self.signatures)

    def _lengths(self, rows: np.ndarray) -> np.ndarray:
        return np.frombuffer(self.lengths, dtype=np.uint32)[rows]

    def loose_keys_many(self, sigs: np.ndarray) -> np.ndarray:
        """One uint64 key per loose band of each row of ``sigs``: shape ``(len(sigs), bands)``
        (uint64 arithmetic wraps, which is the intended mod 2**64)."""
        return _band_sums(sigs.astype(np.uint64), self._w, self._w0)

    def band_keys_many(self, sigs: np.ndarray) -> np.ndarray:
        """Every key of each row of ``sigs`` (all tiers); which are inserted and queried depends on
        the text's length (:meth:`insert_mask`, :meth:`query_mask`)."""
        wide = sigs.astype(np.uint64)
        loose = _band_sums(wide, self._w, self._w0)
        if not self.tiered:
            return loose
        strict = _band_sums(wide, self._sw, self._sw0)
        return np.concatenate((strict, loose, loose ^ _MID_SALT), axis=1)

    def band_keys(self, sig: np.ndarray) -> np.ndarray:
        return self.band_keys_many(sig[None, :])[0]

    def _rule(self, lengths: np.ndarray, query: bool) -> np.ndarray:
        """(n, keys) booleans: the keys a text of each length inserts (query=False) or queries."""
        n = lengths.size
        short = (lengths < self.short_chars)[:, None]
        near = (lengths < self.reach_chars)[:, None]
        loose = np.ones((1, self.bands), dtype=bool)
        strict = np.ones((n, self.strict_bands), dtype=bool)
        lo, mid = (near, short) if query else (short, near & ~short)
        return np.concatenate((strict, lo & loose, mid & loose), axis=1)

    def _masks(self, lengths: np.ndarray, query: bool) -> np.ndarray:
        """_rule() of each length, as a row of the rule's three answers (short, up to reach, beyond)
        picked per text: one gather where the rule's broadcasts and concatenation cost ~80 µs a
        batch, and a batch asks four times."""
        lengths = np.asarray(lengths).reshape(-1)
        if not self.tiered:
            return np.ones((lengths.size, self.bands), dtype=bool)
        tier = (lengths >= self.short_chars).astype(np.intp) + (lengths >= self.reach_chars)
        return (self._query_rows if query else self._insert_rows)[tier]

    def insert_mask(self, lengths: np.ndarray) -> np.ndarray:
        return self._masks(lengths, query=False)

    def query_mask(self, lengths: np.ndarray) -> np.ndarray:
        return self._masks(lengths, query=True)

    def insert(self, sig: np.ndarray, keys: np.ndarray | None = None, length: int = 1 << 30) -> int:
        """Store ``sig`` (of a text ``length`` chars long); returns its row number (the id the
        index hands back as candidate)."""
        row = self.signatures.append(sig)
        self.lengths.append(min(length, 0xFFFFFFFF))
        if keys is None:
            keys = self.band_keys(sig)
        if keys.size:
            self.table.add(keys[self.insert_mask(np.array([length]))[0]], row)
        return row

    def insert_many(self, sigs: np.ndarray, keys: np.ndarray, keyed: np.ndarray, lengths: np.ndarray) -> int:
        """insert() for each row of ``sigs``, band keys only where ``keyed``; first row number."""
        first = self.signatures.append_many(sigs)
        self.lengths.extend(np.minimum(lengths, 0xFFFFFFFF).astype(np.uint32).tolist())
        rows = np.arange(first, first + len(sigs), dtype=np.uint32)
        if keyed.any():
            at = np.flatnonzero(self.insert_mask(lengths) & keyed[:, None])  # flat (text, key) positions
            self.table.add_many(keys.ravel()[at], rows[at // keys.shape[1]])
        return first

    def query(self, sig: np.ndarray, keys: np.ndarray | None = None, length: int = 1 << 30) -> list[tuple[int, float]]:
        """Rows whose estimated Jaccard with ``sig`` (of a text ``length`` chars long) passes the
        bar of the pair, with that estimate."""
        if keys is None:
            keys = self.band_keys(sig)
        candidates = self.table.lookup(keys[self.query_mask(np.array([length]))[0]])
        if not candidates:
            return []
        rows = sorted(candidates)
        bar, lengths = self.bar, self.lengths
        if len(rows) == 1:  # the common case: skip stacking
            n = int(np.count_nonzero(self.signatures.row(rows[0]) == sig))
            ok = bar.passes(n, self.num_perm, min(length, lengths[rows[0]]))
            return [(rows[0], n / self.num_perm)] if ok else []
        at = np.array(rows, dtype=np.int64)
        equal = np.count_nonzero(self.signatures.take(at) == sig, axis=1)
        keep = np.flatnonzero(self.passes_many(equal, np.minimum(self._lengths(at), length)))
        return [(rows[k], int(equal[k]) / self.num_perm) for k in keep.tolist()]

    def query_many(
        self, sigs: np.ndarray, keys: np.ndarray, keyed: np.ndarray, lengths: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """query() for every row i of ``sigs`` (text lengths ``lengths``) where ``keyed[i]``.

        Returns parallel arrays (i, row, equal positions) of the verified matches, i.e. the
        pairs whose estimated Jaccard ``equal / num_perm`` passes the bar of the pair, sorted by i.
        """
        empty = np.empty(0, dtype=np.int64)
        if not keyed.any() or len(self.table) == 0:
            return empty, empty, empty
        at = np.flatnonzero(self.query_mask(lengths) & keyed[:, None])  # flat (text, key) positions
        which, ids = self.table.lookup_many(keys.ravel()[at])
        if which.size == 0:
            return empty, empty, empty
        doc = at[which] // keys.shape[1]
        # One pair per (doc, row) however many bands it shares.
        pair = np.unique(doc.astype(np.int64) << 32 | ids.astype(np.int64))
        doc, row = pair >> 32, pair & 0xFFFFFFFF
        equal = np.count_nonzero(self.signatures.take(row) == sigs[doc], axis=1)
        keep = self.passes_many(equal, np.minimum(lengths[doc], self._lengths(row)))
        return doc[keep], row[keep], equal[keep]

    def live_keys(self, keys: np.ndarray) -> np.ndarray | None:
        """Positions of the band keys in ``keys`` that are no stop keys (a stop key answers no lookup
        and takes no insert: BandTable); None: all of them."""
        return self.table._live(fingerprints(keys))

    def passes_many(self, equal: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """PairThreshold.passes_many() at this index's signature width."""
        return self.bar.passes_many(equal, self.num_perm, lengths)

    @property
    def nbytes(self) -> int:
        return self.signatures.nbytes + self.table.nbytes
