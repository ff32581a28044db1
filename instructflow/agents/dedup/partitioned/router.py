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

from instructflow.agents.dedup.config import DedupConfig
from instructflow.agents.dedup.index import LSHIndex
from instructflow.agents.dedup.similarity import PairThreshold
from instructflow.agents.dedup.sketch import Sketcher, fold16
from instructflow.schemas import Instance
from instructflow.schemas.dedup import BandProbe, DedupVote


def digest_partition(digest: bytes, partitions: int) -> int:
    return int.from_bytes(digest[:8], "little") % partitions


def encode_signature(sig: np.ndarray) -> str:
    return base64.b64encode(sig.astype("<u2").tobytes()).decode("ascii")


def decode_signature(text: str, num_perm: int) -> np.ndarray:
    """The uint16 signature of a probe; a probe written before b-bit signatures (uint32 values,
    4 bytes each) is folded the same way the sketch folds, so old logs replay into new owners."""
    raw = base64.b64decode(text)
    if len(raw) == 4 * num_perm:
        return fold16(np.frombuffer(raw, dtype="<u4"))
    return np.frombuffer(raw, dtype="<u2").astype(np.uint16)


@dataclass(frozen=True)
class Routed:
    probes: dict[int, BandProbe]  # owner partition -> probe
    ballot: DedupVote


class BandRouter:
    def __init__(self, partitions: int, threshold: float = 0.8, num_perm: int = 128, shingle: int = 4,
                 seed: int = 1, bar: PairThreshold | None = None) -> None:
        if partitions < 1:
            raise ValueError("partitions must be >= 1")
        self.partitions = partitions
        self.sketcher = Sketcher(num_perm=num_perm, shingle=shingle, seed=seed)
        # Only its band-key weights are used; they equal the single-partition Deduplicator's
        # (same banding: chosen for the lowest bar of ``bar``).
        self.bands = LSHIndex(threshold=threshold, num_perm=num_perm, seed=seed,
                              bar=bar or PairThreshold(threshold, min(threshold, 0.45)))

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
        keys = self.bands.band_keys_many(made.signatures)
        parts = (keys % np.uint64(self.partitions)).astype(np.int64)
        lengths = made.lengths.tolist()
        out = []
        for i, (inst, seq) in enumerate(zip(insts, seqs, strict=True)):
            digest = made.digests[i]
            by_part: dict[int, list[int]] = {}
            signature = ""
            if lengths[i]:  # an empty text can only be an exact duplicate
                signature = encode_signature(made.signatures[i])
                for key, part in zip(keys[i].tolist(), parts[i].tolist(), strict=True):
                    by_part.setdefault(part, []).append(key)
            digest_part = digest_partition(digest, self.partitions)
            voters = len(by_part) + (digest_part not in by_part)
            hex_digest = digest.hex()
            # Built without validation: every value is made here, of the declared types.
            probes = {
                p: BandProbe.model_construct(seq=seq, instance_id=inst.instance_id, voters=voters,
                                             keys=by_part.get(p, []),
                                             digest=hex_digest if p == digest_part else "",
                                             signature=signature if p in by_part else "", length=lengths[i])
                for p in sorted(by_part.keys() | {digest_part})
            }
            # The ballot's instance travels without its sketch: the probes carry what owners need.
            ballot = DedupVote.model_construct(kind="ballot", instance_id=inst.instance_id, seq=seq, voters=voters,
                                               owner=-1, instance=inst.model_copy(update={"dedup_sketch": ""}),
                                               content_hash=hex_digest, exact_of="", near_of="", similarity=0.0)
            out.append(Routed(probes, ballot))
        return out
