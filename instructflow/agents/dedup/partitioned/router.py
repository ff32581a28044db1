"""The router: one instance in sequence order -> one probe per owner partition, plus its ballot.

``instances.scored`` stays single-partition: it is the sequencer, and its offset is the
instance's global sequence number ``seq``. The expensive part of dedup (normalize, MinHash)
happens here once; owners only look up keys and compare signatures. Each band key belongs to
partition ``key mod P`` of ``dedup.bands`` and the content digest to ``digest mod P``; one
probe per distinct partition carries all of that partition's keys and the signature once,
so an owner stores an instance's signature at most once.
"""

from __future__ import annotations

import base64
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from instructflow.agents.dedup.config import DedupConfig
from instructflow.agents.dedup.index import LSHIndex
from instructflow.agents.dedup.minhash import MinHasher
from instructflow.agents.dedup.normalize import content_digest, normalize
from instructflow.agents.dedup.similarity import PairThreshold
from instructflow.schemas import Instance
from instructflow.schemas.dedup import BandProbe, DedupVote


def digest_partition(digest: bytes, partitions: int) -> int:
    return int.from_bytes(digest[:8], "little") % partitions


def encode_signature(sig: np.ndarray) -> str:
    return base64.b64encode(sig.astype("<u4").tobytes()).decode("ascii")


def decode_signature(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype="<u4").astype(np.uint32)


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
        self.hasher = MinHasher(num_perm=num_perm, shingle=shingle, seed=seed)
        # Only its band-key weights are used; they equal the single-partition Deduplicator's
        # (same banding: chosen for the lowest bar of ``bar``).
        self.bands = LSHIndex(threshold=threshold, num_perm=num_perm, seed=seed,
                              bar=bar or PairThreshold(threshold, min(threshold, 0.45)))

    @classmethod
    def from_config(cls, config: DedupConfig, partitions: int) -> BandRouter:
        return cls(partitions, config.threshold, config.num_perm, config.shingle, bar=config.bar)

    def route(self, inst: Instance, seq: int) -> Routed:
        if not inst.instance_id:
            raise ValueError("dedup needs instance_id (duplicates must point at an instance)")
        normalized = normalize(inst.text())
        digest = content_digest(normalized)
        by_part: dict[int, list[int]] = defaultdict(list)
        signature = ""
        if normalized:  # an empty text can only be an exact duplicate
            sig = self.hasher.signature(normalized)
            signature = encode_signature(sig)
            for key in self.bands.band_keys(sig).tolist():
                by_part[key % self.partitions].append(key)
        digest_part = digest_partition(digest, self.partitions)
        parts = sorted(set(by_part) | {digest_part})
        probes = {
            p: BandProbe(seq=seq, instance_id=inst.instance_id, voters=len(parts), keys=by_part.get(p, []),
                         digest=digest.hex() if p == digest_part else "",
                         signature=signature if by_part.get(p) else "", length=len(normalized))
            for p in parts
        }
        ballot = DedupVote(kind="ballot", instance_id=inst.instance_id, seq=seq, voters=len(parts),
                           instance=inst, content_hash=digest.hex())
        return Routed(probes, ballot)
