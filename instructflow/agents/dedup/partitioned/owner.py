"""A band owner: the buckets of one ``dedup.bands`` partition, answering "did an earlier one match?".

Rule ("first seen wins among candidates"): a probe with sequence number ``s`` for instance
``x`` gets

* ``exact_of`` = the first instance with the same content digest, if it came before ``s``;
* ``near_of``  = among instances found under one of the probe's *query* keys that came before
  ``s``, the one with the highest verified Jaccard (signature agreement) passing the
  length-aware bar of the pair (agents/dedup/similarity.py), ties to the smallest id.

The probe's keys carry the tiers of single mode's index (router.py): the owner inserts the
instance under its insert keys and looks up under its query keys, as ``LSHIndex`` does.

Only *earlier candidates* count, never "what was accepted", so an owner needs to know
nothing of other partitions, and its answer is a pure function of the probes with lower
sequence numbers that it holds: deterministic under redelivery, restart and replay.

An instance seen again (a redelivery after a crash, or a revision that keeps its id) is
answered with the sequence number of its *first* probe here, so it gets the same answer as
the first time, and it is not stored twice.

Memory: the owners of one worker share one :class:`SharedRows` (signature, id, seq and length
of each instance once, however many of the worker's partitions hold it: an instance reaches
about min(P, 33) partitions). A row is keyed by (id, seq), and the router sends the same
signature and length for one (id, seq) to every partition, so sharing changes no answer; each
owner keeps only its band table, its digests, and which shared rows it holds.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass

import numpy as np

from instructflow.agents.dedup import verify
from instructflow.agents.dedup.config import DedupConfig
from instructflow.agents.dedup.index import BandTable, SignatureStore, fingerprints
from instructflow.agents.dedup.partitioned.router import combiner_partitions, pick, unb64
from instructflow.agents.dedup.rows import DigestRows, IdRows
from instructflow.agents.dedup.similarity import SHORT_BAR, PairThreshold
from instructflow.agents.dedup.sketch import SIGNATURE_DTYPE
from instructflow.schemas.dedup import KEY_INSERT, KEY_QUERY, ProbeBatch, VoteBatch

_DIGEST = 16
_RECENT = 1 << 14  # ids remembered by SharedRows._recent: a few router batches
_JOIN_BITS = 18  # cells of the in-batch join's bitmap (BandOwner._near): 256 KiB


@dataclass(frozen=True)
class Answers:
    """An owner's answers to one probe batch, entry by entry: the first earlier instance with the
    same digest ("" if none or not owned here); the best earlier near candidate ("" if none) and its
    estimated Jaccard. Columns, as the vote messages carry them."""

    exact_of: list[str]
    near_of: list[str]
    similarity: list[float]

    def __len__(self) -> int:
        return len(self.exact_of)


class SharedRows:
    """Signature, id, sequence number and normalized length of each (id, seq), once per worker."""

    def __init__(self, num_perm: int) -> None:
        self.signatures = SignatureStore(num_perm)
        self.seq = array("q")
        self.length = array("I")
        self.ids = IdRows()
        self.marks = verify.MarkRows()  # the values of each row's text (verify.py)
        # id -> all its rows, only for ids stored under more than one seq (a revision that kept its id
        # and reached a partition that never saw the first): rare, so a dict.
        self._more: dict[str, list[int]] = {}
        # id -> row of the rows stored last: a worker's owners get the same router batch one after the
        # other, so all but the first find its ids here instead of hashing and probing for each.
        self._recent: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.seq)

    def rows_of_many(self, idents: list[str]) -> list[list[int]]:
        """Every row of each id (usually none or one)."""
        recent, more = self._recent, self._more
        missed = [ident for ident in idents if ident not in recent]
        found = dict(zip(missed, self.ids.find_many(missed), strict=True)) if missed else {}
        out = []
        for ident in idents:
            row = recent.get(ident, found.get(ident))
            out.append(more.get(ident) or ([] if row is None else [row]))
        return out

    def row_of_many(self, idents: list[str]) -> np.ndarray | None:
        """The row of each id (-1: none), as an array; None if one of them has several rows (then
        :meth:`rows_of_many` answers)."""
        recent, more = self._recent, self._more
        if more and not more.keys().isdisjoint(idents):
            return None
        got = [recent.get(ident, -1) for ident in idents]
        out = np.array(got, dtype=np.int64)
        missed = np.flatnonzero(out < 0)
        if missed.size and len(self.seq):
            found = self.ids.find_many([idents[i] for i in missed.tolist()])
            out[missed] = [-1 if row is None else row for row in found]
        return out

    def extend(self, idents: list[str], seqs: np.ndarray, sigs: np.ndarray, lengths: np.ndarray,
               held: dict[int, list[int]], marks: list[verify.Marks]) -> int:
        """New rows for (idents[k], seqs[k]), none of them stored yet; ``held[k]``: the rows already
        stored for idents[k] (under other seqs; only the ids that have some). Returns the first new
        row."""
        first = self.signatures.append_many(sigs)
        self.seq.extend(seqs.tolist())
        self.length.extend(np.minimum(lengths, 0xFFFFFFFF).tolist())
        self.ids.extend(idents)
        for k, m in enumerate(marks):
            if m:
                self.marks.add(first + k, m)
        for k, before in held.items():
            self._more[idents[k]] = [*before, first + k]
        if len(self._recent) > _RECENT:
            self._recent.clear()
        self._recent.update(zip(idents, range(first, first + len(idents)), strict=True))
        return first

    @property
    def nbytes(self) -> int:
        return (self.signatures.nbytes + (self.seq.itemsize + self.length.itemsize) * len(self.seq)
                + self.marks.nbytes)


class BandOwner:
    def __init__(self, threshold: float = 0.8, num_perm: int = 128, bar: PairThreshold | None = None,
                 shared: SharedRows | None = None) -> None:
        self.bar = bar or PairThreshold(threshold, min(threshold, SHORT_BAR))
        self.threshold = threshold
        self.num_perm = num_perm
        self.shared = shared if shared is not None else SharedRows(num_perm)  # (an empty one is falsy)
        self.table = BandTable()  # band key -> shared row
        self._held = bytearray()  # shared row -> 1 if this owner holds it
        self._count = 0
        # The content digests this partition owns (1/P of its rows): entry k belongs to shared row
        # _digest_row[k] (compact, as rows.py).
        self._digests = DigestRows()
        self._digest_row = array("I")

    @classmethod
    def from_config(cls, config: DedupConfig, shared: SharedRows | None = None) -> BandOwner:
        return cls(config.threshold, config.num_perm, config.bar, shared)

    def __len__(self) -> int:
        return self._count

    def answer_batch(self, batch: ProbeBatch) -> Answers:
        """Answer each probe of ``batch`` as if one after the other, remembering each (idempotent per
        instance id). Raises ValueError for a batch whose columns do not fit (another version).

        In bulk, like the Deduplicator's batch path: the table and the digests are asked once for the
        whole batch (the state before it), and matches inside the batch come from joining the batch's
        own keys (what a later probe queries against what an earlier one inserts)."""
        n = len(batch.seqs)
        counts = np.array(batch.key_counts, dtype=np.int64)
        total = int(counts.sum())
        # The band keys' 32-bit fingerprints (index.fingerprints: all the table and the join use);
        # version 2 probes carried the 64-bit keys.
        fps = unb64(batch.keys, "<u4", "keys", total).astype(np.uint32) if batch.version >= 3 else \
            fingerprints(unb64(batch.keys, "<u8", "keys", total))
        modes = unb64(batch.modes, np.uint8, "modes", total)
        digests = unb64(batch.digests, np.uint8, "digests", n * _DIGEST).tobytes()
        sigs = unb64(batch.signatures, SIGNATURE_DTYPE, "signatures", n * self.num_perm).reshape(n, self.num_perm)
        if n == 0:
            return Answers([], [], [])
        ids, marks = batch.instance_ids, batch.marks
        entry = np.repeat(np.arange(n), counts)  # key -> its entry
        seqs = np.array(batch.seqs, dtype=np.int64)
        lengths = np.array(batch.lengths, dtype=np.int64)
        rows, new = self._rows(ids, seqs, sigs, lengths, marks)
        exact = self._exact(ids, digests, batch.owns_digest, rows, seqs, new)
        near = self._near(fps, modes, entry, rows, seqs, new, sigs, lengths, marks)
        stored = ((modes & KEY_INSERT) != 0) & new[entry]
        self._store(fps[stored], rows[entry[stored]], rows, new, digests, batch.owns_digest)
        shared = self.shared
        exact_of = [""] * n
        for i in np.flatnonzero(exact >= 0).tolist():
            exact_of[i] = shared.ids[int(exact[i])]
        near_of, similarity = [""] * n, [0.0] * n
        for i, found in near.items():
            ranked = [(-sim, other) for sim, other in found if other != ids[i]]
            if ranked:  # the most similar; ties to the smallest id
                neg, near_of[i] = min(ranked)
                similarity[i] = -neg
        return Answers(exact_of, near_of, similarity)

    def _rows(self, ids: list[str], seqs: np.ndarray, sigs: np.ndarray, lengths: np.ndarray,
              marks: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
        """Each entry's shared row, and whether this owner takes it in now (``new``).

        An id this owner holds (seen before: a redelivery, or a revision that kept its id) is
        answered as then, under the sequence number it was first seen at (``seqs`` is updated), and
        stores nothing. Otherwise the row is the shared one of (id, seq), when another owner of this
        worker stored it already, or a new shared row. The state is the one before the batch: only
        this owner adds during it."""
        shared, n = self.shared, len(ids)
        one = shared.row_of_many(ids) if len(set(ids)) == n else None
        if one is not None:
            return self._rows_once(ids, one, seqs, sigs, lengths, marks)
        known = shared.rows_of_many(ids)
        rows = np.full(n, -1, dtype=np.int64)
        new = np.zeros(n, dtype=bool)
        fresh: dict[str, int] = {}  # id -> its first entry in this batch
        again: list[int] = []  # entries whose id an earlier entry of this batch takes in
        added: list[int] = []
        held, seq_of = self._held, shared.seq
        for i, ident in enumerate(ids):
            if ident in fresh:
                again.append(i)
                continue
            mine = next((r for r in known[i] if r < len(held) and held[r]), None)
            if mine is not None:
                rows[i], seqs[i] = mine, seq_of[mine]
                continue
            fresh[ident] = i
            new[i] = True
            same = next((r for r in known[i] if seq_of[r] == seqs[i]), None)  # another owner's
            if same is None:
                added.append(i)
            else:
                rows[i] = same
        if added:
            first_row = shared.extend([ids[i] for i in added], seqs[added], sigs[added], lengths[added],
                                      {k: known[i] for k, i in enumerate(added) if known[i]},
                                      [tuple(marks[i]) for i in added] if marks else [verify.NO_MARKS] * len(added))
            rows[added] = np.arange(first_row, first_row + len(added))
        for i in again:  # answered as its first entry: same row, same sequence number, nothing stored
            first = fresh[ids[i]]
            rows[i], seqs[i] = rows[first], seqs[first]
        return rows, new

    def _rows_once(self, ids: list[str], found: np.ndarray, seqs: np.ndarray, sigs: np.ndarray,
                   lengths: np.ndarray, marks: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
        """_rows() of a batch whose ids are distinct and have at most one shared row each (``found``,
        -1: none), the usual case: the same answers, with array operations instead of a loop."""
        shared, held = self.shared, np.frombuffer(self._held, dtype=np.uint8)
        seq_of = np.frombuffer(shared.seq, dtype=np.int64)
        has = found >= 0
        mine = has & (found < held.size)
        mine[mine] = held[found[mine]] != 0
        del held  # no export may outlive this: the bytearray must stay resizable
        rows = np.where(mine, found, -1)
        seqs[mine] = seq_of[found[mine]]
        new = ~mine
        same = new & has
        same[same] = seq_of[found[same]] == seqs[same]
        del seq_of  # as held: shared.seq grows below
        rows[same] = found[same]
        added = np.flatnonzero(new & ~same)
        if added.size:
            before = np.flatnonzero(has[added])  # an id stored under another seq: a revision
            listed = added.tolist()
            first_row = shared.extend([ids[i] for i in listed], seqs[added], sigs[added], lengths[added],
                                      {k: [int(found[added[k]])] for k in before.tolist()},
                                      [tuple(marks[i]) for i in listed] if marks else [verify.NO_MARKS] * len(listed))
            rows[added] = np.arange(first_row, first_row + added.size)
        return rows, new

    def _exact(self, ids: list[str], digests: bytes, owns: list[bool], rows: np.ndarray, seqs: np.ndarray,
               new: np.ndarray) -> np.ndarray:
        """Per entry: the shared row of the first earlier instance with its digest (-1: none)."""
        shared = self.shared
        out = np.full(len(ids), -1, dtype=np.int64)
        asked = [i for i, o in enumerate(owns) if o]
        if not asked:
            return out
        mine = [digests[i * _DIGEST : (i + 1) * _DIGEST] for i in asked]
        held = self._digests.rows_many(mine)
        # Only an entry that found its digest stored, or shares it with another entry of the batch,
        # can have an earlier one: the others (nearly all) are skipped.
        if len(set(mine)) == len(mine):
            some = [k for k, found in enumerate(held) if found]
        else:
            counts: dict[bytes, int] = {}
            for digest in mine:
                counts[digest] = counts.get(digest, 0) + 1
            some = [k for k, (digest, found) in enumerate(zip(mine, held, strict=True)) if found or counts[digest] > 1]
        firsts: dict[bytes, int] = {}  # digest -> first row by (seq, row), the state growing through the batch
        for i, found in [(asked[k], held[k]) for k in some]:
            digest = digests[i * _DIGEST : (i + 1) * _DIGEST]
            rows_with = [self._digest_row[k] for k in found]
            if digest in firsts:
                rows_with.append(firsts[digest])
            first = min(rows_with, key=lambda r: (shared.seq[r], r)) if rows_with else None
            if first is not None and shared.seq[first] < seqs[i] and shared.ids[first] != ids[i]:
                out[i] = first
            if new[i]:
                row = int(rows[i])
                firsts[digest] = row if first is None else min((first, row), key=lambda r: (shared.seq[r], r))
        return out

    def _near(self, fps: np.ndarray, modes: np.ndarray, entry: np.ndarray, rows: np.ndarray, seqs: np.ndarray,
              new: np.ndarray, sigs: np.ndarray, lengths: np.ndarray,
              marks: list[list[int]]) -> dict[int, list[tuple[float, str]]]:
        """Per entry: (similarity, id) of every earlier instance found under its query keys (``fps``:
        their fingerprints) that passes the bar of the pair and has the same values (verify.py;
        ``marks``: the batch's, may be empty)."""
        shared = self.shared
        # A stop key answers no lookup and takes no insert, so it pairs nothing inside the batch
        # either (as in the Deduplicator's batch path: the same decisions in both modes).
        stopped = self.table.stopped(fps)
        asks = ((modes & KEY_QUERY) != 0) & (lengths[entry] > 0)
        asks[stopped] = False
        q_fp, q_entry = fps[asks], entry[asks]
        # Against the table as it is before the batch.
        which, found = self.table.lookup_fingerprints(q_fp)
        pair_entry, pair_row = q_entry[which], found.astype(np.int64)
        # Inside the batch: an earlier new entry that inserted a key (its fingerprint) this one queries.
        holds = ((modes & KEY_INSERT) != 0) & new[entry]
        holds[stopped] = False
        if holds.any() and q_fp.size:
            # The inserted fingerprints sorted with their position in the low bits (one sort of
            # uint64s: ties stay in key order, as a stable argsort, at a fraction of its cost); each
            # query key is searched once, and only the few found once more for the end of their run.
            held_at = np.flatnonzero(holds)
            packed = np.sort(fps[held_at].astype(np.uint64) << np.uint64(32)
                             | np.arange(held_at.size, dtype=np.uint64))
            i_fp = (packed >> np.uint64(32)).astype(np.uint32)
            i_entry = entry[held_at][(packed & np.uint64(0xFFFFFFFF)).astype(np.intp)]
            # Most query keys are inserted by no entry of the batch: a bitmap of the inserted
            # fingerprints' top bits leaves few (~1 in 60 at 4k inserted keys) to search for.
            cells = np.zeros(1 << _JOIN_BITS, dtype=bool)
            cells[i_fp >> np.uint32(32 - _JOIN_BITS)] = True
            maybe = np.flatnonzero(cells[q_fp >> np.uint32(32 - _JOIN_BITS)])
            lo = np.searchsorted(i_fp, q_fp[maybe], "left")
            found = np.flatnonzero(i_fp[np.minimum(lo, i_fp.size - 1)] == q_fp[maybe])
            found_at = maybe[found]
            if found_at.size:
                lo = lo[found]
                # The end of each run of equal inserted fingerprints, per position (one pass, where a
                # second search per found key cost more: templated texts share many keys in a batch).
                ends = np.append(np.flatnonzero(i_fp[1:] != i_fp[:-1]) + 1, i_fp.size)
                run_end = np.repeat(ends, np.diff(ends, prepend=0))
                hits = run_end[lo] - lo
                at = np.repeat(lo, hits) + np.arange(int(hits.sum())) - np.repeat(np.cumsum(hits) - hits, hits)
                later, earlier = np.repeat(q_entry[found_at], hits), i_entry[at]
                keep = earlier < later
                pair_entry = np.concatenate((pair_entry, later[keep]))
                pair_row = np.concatenate((pair_row, rows[earlier[keep]]))
        if pair_entry.size == 0:
            return {}
        seq_of = np.frombuffer(shared.seq, dtype=np.int64)
        keep = seq_of[pair_row] < seqs[pair_entry]
        pair = np.unique(pair_entry[keep] << 32 | pair_row[keep])  # one pair however many keys it shares
        pair_entry, pair_row = pair >> 32, pair & 0xFFFFFFFF
        equal = np.count_nonzero(shared.signatures.take(pair_row) == sigs[pair_entry], axis=1)
        short = np.minimum(np.frombuffer(shared.length, dtype=np.uint32)[pair_row], lengths[pair_entry])
        ok = np.flatnonzero(self.bar.passes_many(equal, self.num_perm, short))
        out: dict[int, list[tuple[float, str]]] = {}
        for k in ok.tolist():
            mine = marks[int(pair_entry[k])] if marks else verify.NO_MARKS
            if mine and not verify.same_values(tuple(mine), shared.marks.get(int(pair_row[k]))):
                continue
            out.setdefault(int(pair_entry[k]), []).append((int(equal[k]) / self.num_perm, shared.ids[int(pair_row[k])]))
        return out

    def _store(self, fps: np.ndarray, key_rows: np.ndarray, rows: np.ndarray, new: np.ndarray, digests: bytes,
               owns: list[bool]) -> None:
        """Insert the new entries: held flags, band keys (``fps``: their fingerprints), owned digests."""
        added = rows[new]
        if added.size:
            top = int(added.max()) + 1
            if top > len(self._held):
                self._held.extend(bytes(max(top - len(self._held), len(self._held) // 2)))
            held = np.frombuffer(self._held, dtype=np.uint8)
            held[added] = 1
            del held  # no export may outlive this: the bytearray must stay resizable
            self._count += int(added.size)
        if fps.size:
            self.table.add_fingerprints(fps, key_rows)
        mine = [i for i in np.flatnonzero(new).tolist() if owns[i]]
        self._digests.extend([digests[i * _DIGEST : (i + 1) * _DIGEST] for i in mine])
        self._digest_row.extend(rows[mine].tolist())

    @property
    def nbytes(self) -> int:
        """Bytes this owner holds (band table, held flags, the digests it owns); the shared rows come
        once per worker on top."""
        digests = self._digests.nbytes + self._digest_row.itemsize * len(self._digest_row)
        return self.table.nbytes + len(self._held) + digests


def vote_batches(answers: Answers, probes: ProbeBatch, owner: int, partitions: int,
                 budget: int) -> list[tuple[int, VoteBatch]]:
    """An owner's answers to one probe batch as vote messages: one per combiner partition (more if
    one would exceed ``budget`` bytes)."""
    ids, seqs, n = probes.instance_ids, probes.seqs, len(probes.seqs)
    # Where the router sent the ballots (by the probes' version: blocks of seqs, or seq mod P).
    parts = combiner_partitions(np.array(seqs, dtype=np.int64), partitions, probes.version)
    # Upper bound of an entry's JSON (escapes: 6 bytes a character at worst).
    sizes = 6 * (np.fromiter(map(len, ids), dtype=np.int64, count=n)
                 + np.fromiter(map(len, answers.exact_of), dtype=np.int64, count=n)
                 + np.fromiter(map(len, answers.near_of), dtype=np.int64, count=n)) + 96
    runs: list[tuple[int, list[int]]] = []
    for part in np.unique(parts).tolist():
        members = np.flatnonzero(parts == part)
        ends = np.cumsum(sizes[members])
        start = 0
        while start < members.size:  # cut where the budget would be exceeded (at least one entry a run)
            stop = max(start + 1, int(np.searchsorted(ends, ends[start] - sizes[members[start]] + budget, "right")))
            runs.append((part, members[start:stop].tolist()))
            start = stop
    # Built without validation (model_construct), as the router's messages: the combiner validates.
    return [(part, VoteBatch.model_construct(
                version=3, kind="votes", owner=owner, seqs=pick(seqs, run), instance_ids=pick(ids, run),
                voters=pick(probes.voters, run), exact_of=pick(answers.exact_of, run),
                near_of=pick(answers.near_of, run), similarity=pick(answers.similarity, run)))
            for part, run in runs]
