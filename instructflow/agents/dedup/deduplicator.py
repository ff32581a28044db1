"""The dedup agent's pure core: exact and near-duplicate decisions over a growing set.

State is the set of *accepted* instances (the ones this core said were unique, plus any fed
through :meth:`Deduplicator.remember` when the agent rebuilds itself from the
``instances.accepted`` topic at startup). A new instance is

* ``exact``  when its normalized text (see :mod:`.normalize`) has the content hash of an
  earlier instance, remembered or rejected as a near duplicate: exact copies are exact
  whatever arrived in between (a copy of a text that was itself a near duplicate of some
  variant is an exact copy of that text, not a second near duplicate of the variant), as
  the partitioned owners decide ("first seen");
* ``near``   when MinHash LSH finds a remembered instance whose *estimated* Jaccard
  similarity of character-shingle sets passes the length-aware bar of the pair
  (:mod:`.similarity`; candidates are verified on the stored signatures, so LSH false
  positives never reject anything), unless the two texts differ by a substituted value, a
  number, weekday, date and the like (:mod:`.verify`, on the marks kept per row);
* ``unique`` otherwise, and then it is remembered.

At-least-once delivery: after a crash the same instance (same ``instance_id``) can arrive
again after it was accepted. Comparing it with itself would reject it as its own exact
duplicate and drop an instance the pool already has, so an ``instance_id`` already
remembered is a *redelivery*: it is accepted again and nothing is inserted twice.

Replays are deterministic: signatures use fixed seeds, and when several remembered
instances match, the one chosen does not depend on the order they were remembered in
(highest similarity, then smallest ``instance_id``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, NamedTuple

import numpy as np

from instructflow.agents.dedup import verify
from instructflow.agents.dedup.config import DedupConfig
from instructflow.agents.dedup.index import LSHIndex
from instructflow.agents.dedup.rows import DigestRows, IdRows
from instructflow.agents.dedup.similarity import SHORT_BAR, PairThreshold
from instructflow.agents.dedup.sketch import Sketcher
from instructflow.schemas import Instance, Status
from instructflow.schemas.copying import plain, with_fields

VerdictKind = Literal["unique", "exact", "near"]

# Instance.reject_reason values; part of what the pool and dashboards group by.
REASON_EXACT = "duplicate_exact"
REASON_NEAR = "duplicate_near"


class Verdict(NamedTuple):
    """What :meth:`Deduplicator.check` concluded about one instance (a NamedTuple: one is made per
    decided instance, and a frozen dataclass cost more than twice as much to construct)."""

    kind: VerdictKind
    duplicate_of: str = ""  # instance_id of the remembered instance it duplicates
    content_hash: str = ""  # hex BLAKE2b-128 of the normalized text
    similarity: float = 0.0  # 1.0 for exact, estimated Jaccard for near, 0.0 for unique
    redelivery: bool = False  # instance_id already remembered: accept again, insert nothing


class _Prepared(NamedTuple):
    """Everything derived from one text, computed once and used by both check and insert."""

    digest: bytes
    signature: np.ndarray
    band_keys: np.ndarray  # empty for an empty text: it can only be an exact duplicate
    length: int  # of the normalized text: the near-duplicate bar depends on it
    marks: verify.Marks = verify.NO_MARKS  # its values (numbers, weekdays...): verify.py


class _Batch(NamedTuple):
    """_Prepared for many texts: row i of each array belongs to text i."""

    digests: list[bytes]
    signatures: np.ndarray  # (n, num_perm)
    band_keys: np.ndarray  # (n, bands)
    keyed: np.ndarray  # bool (n,): False for an empty text, whose band keys are not used
    lengths: np.ndarray  # int64 (n,): normalized text lengths
    marks: Sequence[verify.Marks]  # per text: its values (verify.py)


# The fields a decision changes (with_decision): the fields-set of every decided copy adds them.
_DECIDED_FIELDS = frozenset(("status", "reject_reason", "duplicate_of", "content_hash", "dedup_sketch"))
assert plain(Instance), "with_fields() would drop the extra fields or private attributes of Instance"


def _decided(inst: Instance, status: Status, reason: str, duplicate_of: str, content_hash: str) -> Instance:
    """``inst`` with a decision's fields (see with_decision): the field dict changed in place of
    an update dict, one copy per decided instance (copy_with cost twice as much)."""
    fields = inst.__dict__.copy()
    fields["status"] = status
    fields["reject_reason"] = reason
    fields["duplicate_of"] = duplicate_of
    fields["content_hash"] = content_hash
    fields["dedup_sketch"] = ""
    return with_fields(inst, fields, inst.__pydantic_fields_set__ | _DECIDED_FIELDS)


def with_decision(inst: Instance, kind: VerdictKind, duplicate_of: str, content_hash: str) -> Instance:
    """``inst`` decided: accepted (``kind`` unique) or rejected as a duplicate of ``duplicate_of``,
    with its content hash. One copy with every change (Instance.accept/reject plus content_hash),
    for the single decider and the partitioned combiner alike; the sketch has served its purpose
    and does not travel further (a rebuild recomputes it)."""
    if kind == "unique":
        return _decided(inst, Status.accepted, "", inst.duplicate_of, content_hash)
    return _decided(inst, Status.rejected, REASON_EXACT if kind == "exact" else REASON_NEAR, duplicate_of,
                    content_hash)


class Deduplicator:
    """Exact + MinHash-LSH near-duplicate detection; see the module docstring."""

    def __init__(
        self,
        threshold: float = 0.8,
        num_perm: int = 128,
        shingle: int = 3,
        seed: int = 1,
        short_threshold: float | None = SHORT_BAR,
        short_chars: int = 100,
    ) -> None:
        if not 0.0 < threshold < 1.0:
            raise ValueError("threshold must be in (0, 1)")
        self.threshold = threshold
        self.bar = PairThreshold(threshold, short_threshold or threshold, short_chars)
        self.sketcher = Sketcher(num_perm=num_perm, shingle=shingle, seed=seed)
        self.hasher = self.sketcher.hasher
        self.index = LSHIndex(threshold=threshold, num_perm=num_perm, seed=seed, bar=self.bar)
        self._no_keys = np.empty(0, dtype=np.uint64)
        # Row r of the index belongs to instance _rows[r], whose text has digest row r of _digests
        # (compact maps: rows.py).
        self._rows = IdRows()
        self._digests = DigestRows()
        # Digest -> id of the first instance rejected as a near duplicate with that text
        # (only when no remembered instance has it): later exact copies point there.
        self._near_of_digest: dict[bytes, str] = {}
        # Row -> values of its text, for the word-level veto of candidates (verify.py).
        self._marks = verify.MarkRows()

    @classmethod
    def from_config(cls, config: DedupConfig) -> Deduplicator:
        return cls(threshold=config.threshold, num_perm=config.num_perm, shingle=config.shingle,
                   short_threshold=config.short_threshold, short_chars=config.short_chars)

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, instance_id: object) -> bool:
        return isinstance(instance_id, str) and self._rows.find(instance_id) is not None

    def _first_holder(self, rows: list[int]) -> str | None:
        """The smallest id among remembered rows with one digest (two only come via remember()):
        exact verdicts then do not depend on the order of a rebuild."""
        return min(map(self._rows.__getitem__, rows)) if rows else None

    # -- preparation -------------------------------------------------------------------------
    # The sketch (normalized length, digest, signature) is carried on the record by the score
    # step, or computed here when it is not (sketch.py); band keys are derived here, in bulk.
    def _prepare(self, inst: Instance) -> _Prepared:
        made = self.sketcher.of_instances([inst], self.bar.reach_chars)
        signature, length = made.signatures[0], int(made.lengths[0])
        keys = self.index.band_keys(signature) if length else self._no_keys
        return _Prepared(made.digests[0], signature, keys, length, made.marks[0])

    def _prepare_many(self, insts: Sequence[Instance]) -> _Batch:
        made = self.sketcher.of_instances(insts, self.bar.reach_chars)
        return _Batch(made.digests, made.signatures, self.index.band_keys_many(made.signatures), made.keyed,
                      made.lengths, made.marks)

    # -- decisions -----------------------------------------------------------------------------
    def _verdict(self, instance_id: str, prep: _Prepared) -> Verdict:
        content_hash = prep.digest.hex()
        if instance_id and self._rows.find(instance_id) is not None:
            return Verdict("unique", "", content_hash, 0.0, redelivery=True)
        holder = self._first_holder(self._digests.rows(prep.digest))
        if holder is not None:
            return Verdict("exact", holder, content_hash, 1.0)
        first = self._near_of_digest.get(prep.digest)
        if first is not None and first != instance_id:
            return Verdict("exact", first, content_hash, 1.0)
        if prep.band_keys.size:
            matches = self.index.query(prep.signature, prep.band_keys, prep.length)
            matches = verify.keep(prep.marks, matches, self._marks.get)
            if matches:
                # Highest similarity, then smallest id: independent of insertion order.
                row, similarity = min(matches, key=lambda m: (-m[1], self._rows[m[0]]))
                return Verdict("near", self._rows[row], content_hash, similarity)
        return Verdict("unique", "", content_hash, 0.0)

    def _insert(self, instance_id: str, prep: _Prepared) -> None:
        self._marks.add(self.index.insert(prep.signature, prep.band_keys, prep.length), prep.marks)
        self._rows.append(instance_id)
        self._digests.append(prep.digest)

    @staticmethod
    def _emit(inst: Instance, verdict: Verdict) -> Instance:
        return with_decision(inst, verdict.kind, verdict.duplicate_of, verdict.content_hash)

    def _decide(self, inst: Instance, prep: _Prepared) -> Instance:
        if not inst.instance_id:
            raise ValueError("dedup needs instance_id (duplicates must point at an instance)")
        verdict = self._verdict(inst.instance_id, prep)
        if verdict.kind == "unique" and not verdict.redelivery:
            self._insert(inst.instance_id, prep)
        elif verdict.kind == "near":
            self._near_of_digest.setdefault(prep.digest, inst.instance_id)
        return self._emit(inst, verdict)

    def check(self, inst: Instance) -> Verdict:
        """Classify ``inst`` against the remembered instances, without changing state."""
        return self._verdict(inst.instance_id, self._prepare(inst))

    def decide(self, inst: Instance) -> Instance:
        """Check, remember if unique, and return the accepted or rejected copy of ``inst``.

        Raises ValueError for an instance without ``instance_id`` (the agent dead-letters it).
        """
        return self._decide(inst, self._prepare(inst))

    def decide_batch(self, insts: Sequence[Instance]) -> list[Instance]:
        """Same results as ``[decide(i) for i in insts]``, computed in bulk.

        Instances are still decided one after the other, so a duplicate pair inside one
        batch is caught exactly as it would be across batches. An instance without
        ``instance_id`` raises ValueError after the ones before it were decided and
        remembered, as the sequential loop would.
        """
        missing = next((i for i, inst in enumerate(insts) if not inst.instance_id), None)
        if missing is not None:
            self.decide_batch(insts[:missing])
            raise ValueError("dedup needs instance_id (duplicates must point at an instance)")
        return self._decide_many(insts)

    def _decide_many(self, insts: Sequence[Instance]) -> list[Instance]:
        """``insts`` decided one after the other (their decided copies), inserting the unique ones.

        Signatures and band keys of the whole batch are computed at once, and the index is
        queried once for the batch against the state before it. Matches *inside* the batch
        come from grouping the batch's own band keys: instance i can match an earlier j of
        the batch only if they share a band key, and only if j was inserted (decided unique)
        by the time i is decided, exactly what a sequential index query would see. The loop
        makes each decided copy itself (no Verdict in between: it ran once per instance).
        """
        n = len(insts)
        if n == 0:
            return []
        batch = self._prepare_many(insts)
        sigs, keys, keyed = batch.signatures, batch.band_keys, batch.keyed
        num_perm = self.sketcher.num_perm
        # The compact maps are asked once for the whole batch (state before it); what the batch
        # itself adds is tracked in dicts until it is stored at the end.
        idents = [inst.instance_id for inst in insts]
        id_keys = IdRows.keys(idents)
        known = self._rows.find_many(idents, id_keys)
        holders = [self._first_holder(rows) if rows else None for rows in self._digests.rows_many(batch.digests)]
        # Redeliveries and exact copies of remembered texts are decided before any near match is
        # looked at, and never inserted: their band keys are not looked up.
        asks = keyed & np.fromiter((k is None and h is None for k, h in zip(known, holders, strict=True)),
                                   dtype=bool, count=n)
        # Verified matches against the index as it is before the batch: doc -> [(row, sim)].
        old: dict[int, list[tuple[int, float]]] = {}
        docs, rows, equal = self.index.query_many(sigs, keys, asks, batch.lengths)
        for d, r, e in zip(docs.tolist(), rows.tolist(), equal.tolist(), strict=True):
            old.setdefault(d, []).append((r, e / num_perm))
        # Verified matches inside the batch: later doc -> [(earlier doc, sim)].
        new: dict[int, list[tuple[int, float]]] = {}
        later, earlier, equal = self._pairs_within(sigs, keys, asks, batch.lengths)
        for i, j, e in zip(later.tolist(), earlier.tolist(), equal.tolist(), strict=True):
            new.setdefault(i, []).append((j, e / num_perm))

        near_of_digest = self._near_of_digest
        id_rows, base = self._rows, len(self.index)
        new_ids: list[str] = []  # ids of the rows this batch inserts, in row order
        new_row_of: dict[str, int] = {}
        new_holder: dict[bytes, str] = {}  # digest -> id, of the rows this batch inserts

        def name(row: int) -> str:
            return id_rows[row] if row < base else new_ids[row - base]

        def marks_of(row: int) -> verify.Marks:
            return self._marks.get(row) if row < base else batch.marks[inserted[row - base]]

        inserted: list[int] = []  # batch positions, in insertion (= row) order
        row_in_batch: dict[int, int] = {}  # batch position -> row, for the inserted ones
        decided: list[Instance] = []
        emit, accepted, rejected = decided.append, Status.accepted, Status.rejected
        for i, (inst, iid, digest) in enumerate(zip(insts, idents, batch.digests, strict=True)):
            if known[i] is not None or iid in new_row_of:  # a redelivery: accepted again
                emit(_decided(inst, accepted, "", inst.duplicate_of, digest.hex()))
                continue
            holder = holders[i]
            if holder is None:
                holder = new_holder.get(digest)
                if holder is None and (first := near_of_digest.get(digest)) is not None and first != iid:
                    holder = first
            if holder is not None:
                emit(_decided(inst, rejected, REASON_EXACT, holder, digest.hex()))
                continue
            matches = old.get(i)
            if i in new:
                matches = (matches or []) + [(row_in_batch[j], sim) for j, sim in new[i] if j in row_in_batch]
            if matches:
                matches = verify.keep(batch.marks[i], matches, marks_of)
                if matches:
                    # Highest similarity, then smallest id: independent of insertion order.
                    row = min(matches, key=lambda m: (-m[1], name(m[0])))[0]
                    emit(_decided(inst, rejected, REASON_NEAR, name(row), digest.hex()))
                    near_of_digest.setdefault(digest, iid)
                    continue
            emit(_decided(inst, accepted, "", inst.duplicate_of, digest.hex()))
            row = base + len(inserted)
            row_in_batch[i] = row
            inserted.append(i)
            new_ids.append(iid)
            new_row_of[iid] = row
            new_holder[digest] = iid
        if inserted:
            at = np.array(inserted, dtype=np.intp)
            row0 = self.index.insert_many(sigs[at], keys[at], keyed[at], batch.lengths[at])
            self._store_marks(row0, [batch.marks[i] for i in inserted])
            self._rows.extend(new_ids, id_keys[at])
            self._digests.extend([batch.digests[i] for i in inserted])
        return decided

    def _store_marks(self, row0: int, marks: Sequence[verify.Marks]) -> None:
        """The marks of rows row0, row0 + 1, ...: only the rows that have some are added, since
        MarkRows gives every row it was not told about none (most texts hold no value, and one
        add() per row was a microsecond an instance)."""
        for k, m in enumerate(marks):
            if m:
                self._marks.add(row0 + k, m)

    def _pairs_within(
        self, sigs: np.ndarray, keys: np.ndarray, keyed: np.ndarray, lengths: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(later, earlier, equal positions) for batch pairs that the index would have found and verified:
        a key the later one queries equal to a key the earlier one inserted (LSHIndex's tiers)."""
        empty = np.empty(0, dtype=np.int64)
        if np.count_nonzero(keyed) < 2:
            return empty, empty, empty
        # What each text does with each of its keys: 1 = queries it, 2 = inserts it (0 = neither,
        # or an empty text); flat positions in the (texts, keys) arrays.
        roles = self.index.query_mask(lengths).view(np.uint8) | (self.index.insert_mask(lengths).view(np.uint8) << 1)
        roles &= keyed.view(np.uint8)[:, None] * np.uint8(3)
        at = np.flatnonzero(roles)
        flat = keys.ravel()[at]
        # A stop key of the index pairs nothing across batches (it answers no lookup, takes no insert),
        # so it pairs nothing inside one either. A template's fixed words make such keys, shared by
        # a fifth of a templated batch: pairing through them was quadratic in the batch size.
        live = self.index.live_keys(flat)
        if live is not None:
            at, flat = at[live], flat[live]
        # Only keys that occur more than once in the batch can pair texts, and they are few. Found
        # with one sort of values that carry their position in their low bits (a seventh of the
        # cost of an argsort of them all): equal keys have equal high bits, so every entry of a
        # repeated key is kept (and a rare equal-high-bits pair of different keys too, which the
        # exact grouping below separates again).
        low = int(flat.size).bit_length()
        ordered = np.sort(flat >> np.uint64(low) << np.uint64(low) | np.arange(flat.size, dtype=np.uint64))
        prefix = ordered >> np.uint64(low)
        same = prefix[1:] == prefix[:-1]
        if not same.any():
            return empty, empty, empty
        shared = np.zeros(flat.size, dtype=bool)
        shared[1:] = same
        shared[:-1] |= same
        shared = (ordered[shared] & np.uint64((1 << low) - 1)).astype(np.intp)
        at, flat = at[shared], flat[shared]
        owner, role = at // keys.shape[1], roles.ravel()[at]
        # Any order of equal keys will do (the pairs are normalized and made unique below), and
        # numpy's unstable sort of uint64 is several times faster than the stable one.
        order = np.argsort(flat)
        flat, owner, role = flat[order], owner[order], role[order]
        asks, holds = (role & 1).view(bool), (role >> 1).view(bool)
        differs = flat[1:] != flat[:-1]
        if differs.all():
            return empty, empty, empty
        # Runs of equal keys (usually two entries): every pair inside a run, generated by
        # offset (position i with i + d in its run), so the work is vectorized per offset
        # and only the longest run sets the number of passes.
        run_start = np.concatenate(([0], np.flatnonzero(differs) + 1))
        run_len = np.diff(np.concatenate((run_start, [flat.size])))
        # Only a run where some text inserts the key and another queries it can pair texts. The
        # others are mostly keys every text of one length tier queries and none inserts (a loose
        # band over a template's words): hundreds long, they set the passes below for nothing.
        pairs = (run_len > 1) & (np.add.reduceat(holds, run_start) > 0) & (np.add.reduceat(asks, run_start) > 0)
        if not pairs.any():
            return empty, empty, empty
        end = np.repeat(run_start + run_len, run_len)  # per position: the end of its run
        pos = np.flatnonzero(np.repeat(pairs, run_len))
        end = end[pos]
        chunks = []
        for d in range(1, int(run_len[pairs].max())):
            at = pos[pos + d < end]
            if at.size == 0:
                break
            a, b = at + d, at
            # The later text must query the key and the earlier one have inserted it.
            a_later = owner[a] > owner[b]
            found = np.where(a_later, asks[a] & holds[b], asks[b] & holds[a])
            chunks.append(np.stack((owner[a][found], owner[b][found])))
        both = np.concatenate(chunks, axis=1)
        hi, lo = np.maximum(both[0], both[1]), np.minimum(both[0], both[1])
        distinct = np.unique((hi[hi != lo] << 32) | lo[hi != lo])
        if distinct.size == 0:
            return empty, empty, empty
        later, earlier = distinct >> 32, distinct & 0xFFFFFFFF
        equal = np.count_nonzero(sigs[later] == sigs[earlier], axis=1)
        keep = self.index.passes_many(equal, np.minimum(lengths[later], lengths[earlier]))
        return later[keep], earlier[keep], equal[keep]

    # -- state rebuild ---------------------------------------------------------------------------
    def remember(self, inst: Instance) -> bool:
        """Add an already-accepted instance; idempotent per instance_id. True if it was new."""
        return self.remember_batch([inst]) == 1

    def remember_batch(self, insts: Sequence[Instance]) -> int:
        """remember() for many instances (startup rebuild); returns how many were new."""
        if any(not inst.instance_id for inst in insts):
            raise ValueError("cannot remember an instance without instance_id")
        fresh: list[Instance] = []
        seen: set[str] = set()
        for inst, row in zip(insts, self._rows.find_many([i.instance_id for i in insts]), strict=True):
            if row is None and inst.instance_id not in seen:
                seen.add(inst.instance_id)
                fresh.append(inst)
        if not fresh:
            return 0
        batch = self._prepare_many(fresh)
        row0 = self.index.insert_many(batch.signatures, batch.band_keys, batch.keyed, batch.lengths)
        self._store_marks(row0, batch.marks)
        self._rows.extend([inst.instance_id for inst in fresh])
        self._digests.extend(batch.digests)
        return len(fresh)
