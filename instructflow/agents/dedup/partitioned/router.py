"""The router: a batch of instances in sequence order -> one probe batch per owner partition, plus ballots.

``instances.scored`` stays single-partition: it is the sequencer, and its offset is the
instance's global sequence number ``seq``. The router does no MinHash: the score step carries
each instance's sketch (agents/dedup/sketch.py; computed here only for a record without one),
so routing is decoding it, deriving the band keys of a whole batch at once, and grouping them.

The keys are single mode's tiers (agents/dedup/index.py ``LSHIndex``: strict bands between all
texts, loose bands only where a short text is in the pair), each with its mode: inserted,
queried, or both, for this text's length. An owner then inserts and looks up exactly what the
single index would, so templated texts (Jaccard ~0.3 with each other) do not become candidates
of each other through the loose bands (measured: 2.3 ms per instance in the owners without the
tiers, on the generated prompts of bench_pipeline).

Each band key belongs to partition ``key mod P`` of ``dedup.bands`` and the content digest to
``digest mod P``. One message per owner partition carries a run of consecutive instances (their
keys, signatures, lengths, digests where owned), and one message per combiner partition their
ballots; a run is cut where a message would exceed ``budget`` bytes, so no message nears the size
limit. An instance's combiner partition is its block of ``COMBINER_BLOCK`` sequence numbers mod P
(probes of version 3; ``seq mod P`` for version 2): a router batch (<= 500 instances) then makes one
ballot message, rarely two, and each owner one or two vote messages, where ``seq mod P`` made P
of each (at P = 4: ~10 messages a batch instead of 24); the combiners take the blocks in turns.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import TypeVar

import numpy as np
from pydantic import TypeAdapter

from instructflow.agents.dedup import verify
from instructflow.agents.dedup.config import DedupConfig
from instructflow.agents.dedup.index import LSHIndex, fingerprints
from instructflow.agents.dedup.similarity import SHORT_BAR, PairThreshold
from instructflow.agents.dedup.sketch import SIGNATURE_DTYPE, Sketcher
from instructflow.schemas import Instance
from instructflow.schemas.dedup import KEY_INSERT, KEY_QUERY, ProbeBatch, VoteBatch

_DIGEST = 16
# Bytes of a message's fields per entry besides its id, keys and signature (JSON numbers, commas).
_ENTRY_OVERHEAD = 64
# A ballot's instance as VoteBatch encodes it (schemas/dedup.py): sizes when a batch must be cut.
_BALLOT_INSTANCE = TypeAdapter(Instance)
_SKETCH = {"dedup_sketch"}


def digest_partition(digest: bytes, partitions: int) -> int:
    return int.from_bytes(digest[:8], "little") % partitions


# Sequence numbers per combiner block (probes of version 3): a batch's instances share a combiner.
COMBINER_BLOCK = 4096
# The probe version the router sends; version 2 (votes to ``seq mod P``) is still answered, so an
# owner replaying or answering an older router's probes sends their votes where its ballots went.
PROBE_VERSION = 3


def combiner_partition(seq: int, partitions: int, version: int = PROBE_VERSION) -> int:
    """The dedup.votes partition of an instance's ballot and votes: known to router and owners alike."""
    return int(combiner_partitions(np.array([seq], dtype=np.int64), partitions, version)[0])


def combiner_partitions(seqs: np.ndarray, partitions: int, version: int = PROBE_VERSION) -> np.ndarray:
    """:func:`combiner_partition` of each of ``seqs`` (int64), at once."""
    return (seqs // COMBINER_BLOCK if version >= 3 else seqs) % partitions


def b64(array: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(array).tobytes()).decode("ascii")


def unb64(text: str, dtype: type | str, what: str, count: int) -> np.ndarray:
    """A column of a batch message; a wrong size (another version, a bad producer) raises ValueError."""
    raw = base64.b64decode(text, validate=True)
    out = np.frombuffer(raw, dtype=dtype)
    if out.size != count:
        raise ValueError(f"{what} has {out.size} values, expected {count}: a message of another version?")
    return out


T = TypeVar("T")


def pick(values: Sequence[T], at: list[int]) -> list[T]:
    """``[values[i] for i in at]``, in C (itemgetter: about half the cost of the comprehension)."""
    if len(at) == 1:
        return [values[at[0]]]
    return list(itemgetter(*at)(values)) if at else []


def _est(ident: str) -> int:
    """Upper bound on an id's JSON size (escapes: 6 bytes per character at worst)."""
    return 6 * len(ident) + _ENTRY_OVERHEAD


@dataclass(frozen=True)
class Routed:
    """The messages of the run of instances ``[start, end)`` of a batch."""

    start: int
    end: int
    probes: dict[int, ProbeBatch]  # owner partition -> probes
    ballots: dict[int, VoteBatch]  # combiner partition -> ballots
    ballot_data: dict[int, bytes]  # combiner partition -> its ballots encoded (what the runtime sends)


class BandRouter:
    def __init__(self, partitions: int, threshold: float = 0.8, num_perm: int = 128, shingle: int = 3,
                 seed: int = 1, bar: PairThreshold | None = None, budget: int = 512 * 1024) -> None:
        if partitions < 1:
            raise ValueError("partitions must be >= 1")
        self.partitions = partitions
        self.budget = budget
        self.sketcher = Sketcher(num_perm=num_perm, shingle=shingle, seed=seed)
        # Only its band keys and tier masks are used; they equal the single-partition Deduplicator's.
        self.bar = bar or PairThreshold(threshold, min(threshold, SHORT_BAR))
        self.bands = LSHIndex(threshold=threshold, num_perm=num_perm, seed=seed, bar=self.bar)

    @classmethod
    def from_config(cls, config: DedupConfig, partitions: int, budget: int = 512 * 1024) -> BandRouter:
        return cls(partitions, config.threshold, config.num_perm, config.shingle, bar=config.bar, budget=budget)

    def route_batch(self, insts: Sequence[Instance], seqs: Sequence[int]) -> list[Routed]:
        """The messages for ``insts`` (at sequence numbers ``seqs``), in runs; raises ValueError (for
        the whole batch) if one has no id."""
        if any(not inst.instance_id for inst in insts):
            raise ValueError("dedup needs instance_id (duplicates must point at an instance)")
        n, parts_n = len(insts), self.partitions
        if n == 0:
            return []
        made = self.sketcher.of_instances(insts, self.bar.reach_chars)
        keys = self.bands.band_keys_many(made.signatures)
        fps = fingerprints(keys)  # what the owners store and look up (probes of version 3 carry these)
        modes = (self.bands.insert_mask(made.lengths).astype(np.uint8) * np.uint8(KEY_INSERT)
                 | self.bands.query_mask(made.lengths).astype(np.uint8) * np.uint8(KEY_QUERY))
        modes[made.lengths == 0] = 0  # an empty text: its digest only
        parts = (keys % np.uint64(parts_n)).astype(np.int64)
        parts[modes == 0] = -1  # keys this text neither inserts nor queries: not sent
        # Keys per (instance, partition); the keys not sent (-1) count in an extra first column.
        cells = (np.arange(n)[:, None] * (parts_n + 1) + parts + 1).ravel()
        counts = np.bincount(cells, minlength=n * (parts_n + 1)).reshape(n, parts_n + 1)[:, 1:]
        digest_parts = np.array([digest_partition(d, parts_n) for d in made.digests], dtype=np.int64)
        sent = counts > 0
        sent[np.arange(n), digest_parts] = True
        voters = sent.sum(axis=1)
        # Runs: cut before an instance that would take one message over the budget. The ballots' sizes
        # are known once encoded (the runtime sends these bytes: Routed.ballot_data); an instance's
        # own encoding is asked for only when a ballot message of the whole batch is over the budget.
        per_key, per_sig = 12, (self.sketcher.num_perm + _DIGEST) * 4 // 3 + 4
        size = counts * per_key + sent * per_sig
        idents = np.array([_est(inst.instance_id) for inst in insts], dtype=np.int64)
        probe_size = size + sent * idents[:, None]
        seq_list = [int(s) for s in seqs]
        combiners = combiner_partitions(np.array(seq_list, dtype=np.int64), parts_n)
        hexes = [d.hex() for d in made.digests]
        marks = made.marks
        digests = np.frombuffer(b"".join(made.digests), dtype=np.uint8).reshape(n, _DIGEST)

        def route(runs: list[tuple[int, int]]) -> list[Routed]:
            return [self._run(a, b, insts, seq_list, made.signatures, made.lengths, digests, hexes, fps, modes,
                              parts, counts, sent, voters, digest_parts, combiners, marks) for a, b in runs]

        routed = route(self._runs(probe_size, np.zeros(n, dtype=np.int64), combiners))
        if all(len(data) <= self.budget for r in routed for data in r.ballot_data.values()):
            return routed
        ballot_size = np.array([len(_BALLOT_INSTANCE.dump_json(inst, exclude_defaults=True, exclude=_SKETCH))
                                for inst in insts], dtype=np.int64) + idents + 2 * _DIGEST + _ENTRY_OVERHEAD
        return route(self._runs(probe_size, ballot_size, combiners))

    def _runs(self, probe_size: np.ndarray, ballot_size: np.ndarray, combiners: np.ndarray) -> list[tuple[int, int]]:
        """Runs [start, end) of the batch such that no message of a run exceeds the budget (a lone
        instance over it stays alone: the runtime dead-letters it)."""
        n, parts_n = probe_size.shape
        ballot_parts = np.zeros((n, parts_n), dtype=np.int64)
        ballot_parts[np.arange(n), combiners] = ballot_size
        if (probe_size.sum(axis=0) <= self.budget).all() and (ballot_parts.sum(axis=0) <= self.budget).all():
            return [(0, n)]  # the common case: the whole batch in one message per partition
        # Greedy, as one pass adding instance after instance would cut, but a search per run instead
        # of numpy calls per instance: a run ends before the first instance that takes any message
        # (column) of the run over the budget. Sizes are >= 0, so the running sums are sorted.
        ends = np.zeros((2 * parts_n, n + 1), dtype=np.int64)  # per message column: bytes of the first k
        np.cumsum(np.concatenate((probe_size, ballot_parts), axis=1).T, axis=1, out=ends[:, 1:])
        runs, start = [], 0
        while start < n:
            fits = min(int(np.searchsorted(col, col[start] + self.budget, "right")) - 1 for col in ends)
            end = min(n, max(start + 1, fits))
            runs.append((start, end))
            start = end
        return runs

    def _run(self, a: int, b: int, insts: Sequence[Instance], seqs: list[int], sigs: np.ndarray,
             lengths: np.ndarray, digests: np.ndarray, hexes: list[str], fps: np.ndarray, modes: np.ndarray,
             parts: np.ndarray, counts: np.ndarray, sent: np.ndarray, voters: np.ndarray,
             digest_parts: np.ndarray, combiners: np.ndarray, marks: Sequence[verify.Marks]) -> Routed:
        # The messages are built without pydantic's validation (model_construct): their columns come
        # from this batch's own arrays, and every consumer validates what it decodes.
        probes: dict[int, ProbeBatch] = {}
        ids = [inst.instance_id for inst in insts]
        has_marks = np.fromiter(map(bool, marks), dtype=bool, count=len(marks))
        mark_lists = [list(m) for m in marks] if has_marks[a:b].any() else []  # shared by the messages
        for p in range(self.partitions):
            rows = np.flatnonzero(sent[a:b, p]) + a
            if rows.size == 0:
                continue
            mine = parts[rows] == p  # row-major: each instance's keys in band order, instance after instance
            owns = digest_parts[rows] == p
            owned = digests[rows]
            owned[~owns] = 0  # only the owning partition gets the digest
            if rows.size == b - a:  # every instance of the run (the usual case at small P): slices
                run_seqs, run_ids = seqs[a:b], ids[a:b]
                run_marks = mark_lists[a:b]
            else:
                row_list = rows.tolist()
                run_seqs, run_ids = pick(seqs, row_list), pick(ids, row_list)
                run_marks = pick(mark_lists, row_list) if has_marks[rows].any() else []
            probes[p] = ProbeBatch.model_construct(
                version=PROBE_VERSION, seqs=run_seqs, instance_ids=run_ids,
                voters=voters[rows].tolist(), lengths=lengths[rows].tolist(), owns_digest=owns.tolist(),
                key_counts=counts[rows, p].tolist(), keys=b64(fps[rows][mine].astype("<u4")),
                modes=b64(modes[rows][mine]), digests=b64(owned), signatures=b64(sigs[rows].astype(SIGNATURE_DTYPE)),
                marks=run_marks)
        out: dict[int, VoteBatch] = {}
        for c in np.unique(combiners[a:b]).tolist():
            members = (np.flatnonzero(combiners[a:b] == c) + a).tolist()
            out[c] = VoteBatch.model_construct(version=3, kind="ballots", seqs=pick(seqs, members),
                                               instance_ids=pick(ids, members), voters=voters[members].tolist(),
                                               instances=pick(insts, members),
                                               content_hashes=pick(hexes, members))
        return Routed(a, b, probes, out, {c: msg.model_dump_json().encode() for c, msg in out.items()})
