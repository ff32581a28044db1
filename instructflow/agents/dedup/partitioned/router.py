"""The router: one instance in sequence order -> one probe per owner partition, plus its ballot.

``instances.scored`` stays single-partition: it is the sequencer, and its offset is the
instance's global sequence number ``seq``. The router does no MinHash: the score step carries
each instance's sketch (agents/dedup/sketch.py; computed here only for a record without one),
so routing is decoding it, deriving the band keys of a whole batch at once, and grouping them.
Each band key belongs to partition ``key mod P`` of ``dedup.bands`` and the content digest to
``digest mod P``; one probe per distinct partition carries all of that partition's keys and the
signature once, so an owner stores an instance's signature at most once.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from instructflow.agents.dedup import verify
from instructflow.agents.dedup.config import DedupConfig
from instructflow.agents.dedup.index import LSHIndex
from instructflow.agents.dedup.similarity import PairThreshold
from instructflow.agents.dedup.sketch import SIGNATURE_DTYPE, Sketcher
from instructflow.schemas import Instance
from instructflow.schemas.dedup import BandProbe, DedupVote


def digest_partition(digest: bytes, partitions: int) -> int:
    return int.from_bytes(digest[:8], "little") % partitions


def encode_signature(sig: np.ndarray) -> str:
    return base64.b64encode(sig.astype(SIGNATURE_DTYPE).tobytes()).decode("ascii")


def decode_signature(text: str, num_perm: int) -> np.ndarray:
    """The b-bit signature of a probe (sketch.py). A probe of an older version (32-bit values of
    an earlier shingle hash) cannot be compared with these: recreate dedup.bands and replay
    (docs/production.md), as when the partition count changes."""
    raw = base64.b64decode(text)
    if len(raw) != num_perm * np.dtype(SIGNATURE_DTYPE).itemsize:
        raise ValueError(f"signature has {len(raw)} bytes, expected {num_perm}: a probe of another version?")
    return np.frombuffer(raw, dtype=SIGNATURE_DTYPE)


@dataclass(frozen=True)
class Routed:
    probes: dict[int, BandProbe]  # owner partition -> probe
    ballot: DedupVote


class BandRouter:
    def __init__(self, partitions: int, threshold: float = 0.8, num_perm: int = 128, shingle: int = 3,
                 seed: int = 1, bar: PairThreshold | None = None) -> None:
        if partitions < 1:
            raise ValueError("partitions must be >= 1")
        self.partitions = partitions
        self.sketcher = Sketcher(num_perm=num_perm, shingle=shingle, seed=seed)
        # Only its band-key weights are used; they equal the single-partition Deduplicator's
        # (same banding: chosen for the lowest bar of ``bar``).
        self.bar = bar or PairThreshold(threshold, min(threshold, 0.40))
        self.bands = LSHIndex(threshold=threshold, num_perm=num_perm, seed=seed, bar=self.bar)

    @classmethod
    def from_config(cls, config: DedupConfig, partitions: int) -> BandRouter:
        return cls(partitions, config.threshold, config.num_perm, config.shingle, bar=config.bar)

    def route(self, inst: Instance, seq: int) -> Routed:
        return self.route_batch([inst], [seq])[0]

    def route_batch(self, insts: Sequence[Instance], seqs: Sequence[int]) -> list[Routed]:
        """route() of each instance; raises ValueError (for the whole batch) if one has no id."""
        if any(not inst.instance_id for inst in insts):
            raise ValueError("dedup needs instance_id (duplicates must point at an instance)")
        made = self.sketcher.of_instances(insts)
        keys = self.bands.loose_keys_many(made.signatures)  # one tier: each owner inserts what it is asked
        # Each instance's keys sorted by partition (stable: band order within one), and the count
        # per (instance, partition): the probes are then list slices, no per-key Python.
        parts = (keys % np.uint64(self.partitions)).astype(np.int64)
        order = np.argsort(parts, axis=1, kind="stable")
        sorted_keys = np.take_along_axis(keys, order, axis=1).tolist()
        counts = np.zeros((len(insts), self.partitions), dtype=np.int64)
        np.add.at(counts, (np.repeat(np.arange(len(insts)), keys.shape[1]), parts.ravel()), 1)
        counts_list = counts.tolist()
        lengths = made.lengths.tolist()
        digest_parts = [digest_partition(d, self.partitions) for d in made.digests]
        width = self.sketcher.num_perm
        sig_bytes = made.signatures.tobytes()
        marks = verify.marks_many([inst.text() for inst in insts], lengths, self.bar.reach_chars)
        out = []
        for i, (inst, seq) in enumerate(zip(insts, seqs, strict=True)):
            ident, length, digest_part = inst.instance_id, lengths[i], digest_parts[i]
            hex_digest = made.digests[i].hex()
            counts_i = counts_list[i] if length else [0] * self.partitions  # an empty text: digest only
            voters = sum(1 for c in counts_i if c) + (not counts_i[digest_part])
            signature = base64.b64encode(sig_bytes[i * width : (i + 1) * width]).decode("ascii") if length else ""
            row, at = sorted_keys[i], 0
            probes: dict[int, BandProbe] = {}
            for part, count in enumerate(counts_i):
                if count or part == digest_part:
                    # (pydantic's validating constructor measured faster than model_construct here)
                    probes[part] = BandProbe(seq=seq, instance_id=ident, voters=voters, keys=row[at : at + count],
                                             digest=hex_digest if part == digest_part else "",
                                             signature=signature if count else "", length=length,
                                             marks=list(marks[i]) if count else [])
                    at += count
            # The ballot carries the instance as it came (the combiner drops the sketch when it
            # decides): a copy here would cost the one-core sequencer more than the bytes cost.
            ballot = DedupVote(kind="ballot", instance_id=ident, seq=seq, voters=voters, instance=inst,
                               content_hash=hex_digest)
            out.append(Routed(probes, ballot))
        return out
