"""The dedup sketch: what dedup needs of a text, computed once in the parallel stage.

Normalizing and MinHashing a text is most of dedup's work, and the decider is one core (it
reads the one-partition sequencer, ``instances.scored``). So the score step, which any number
of workers run, computes the sketch and carries it on the scored record
(``Instance.dedup_sketch``); the single decider and the partitioned router only decode it, look
up and route. A record without a usable sketch (an old record, a replay of old logs, a record
from another producer, a sketch made under other settings) gets it computed where it is
decided, by the same function, so decisions do not depend on where the sketch was made
(tests/unit/test_dedup_sketch.py).

A sketch is the base64 of::

    header  <BBBBI: format version, normalization version, shingle, marks flag, seed
    length  <I:     normalized text length (the near-duplicate bar depends on it; 0 = empty text)
    digest  16 B:   BLAKE2b-128 of the normalized text (the exact-duplicate key, content_hash)
    signature       num_perm bytes: the b-bit (b = 8) MinHash signature

b-bit signatures (Li & König): each 32-bit MinHash value is folded to 8 bits (xor of its four
bytes). Equal values stay equal; unequal ones collide with probability 1/256, so the fraction
of equal positions estimates J + (1 - J) / 256: at the bars used (0.40-0.8) that is +0.001 to
+0.002, a sixth of one position in 128, while signatures take a quarter of the bytes in every
message and in the index (docs/production.md, sizing). Band keys are computed from the folded
values by the index, in bulk, which costs less than carrying 8 bytes per band; a band of 4
folded values still has 2**32 values, so unrelated texts rarely share one.

The marks flag is ``verify.MARKS_VERSION`` when the text holds no value words (numbers,
weekdays... : the word-level veto of verify.py), 0 when it does or was not read: most texts
hold none, so the one-core decider reads the words of the few others only (~5 µs an instance
saved there). A flag of another marks version means "not read", so it is never trusted stale;
a sketch of the first format (byte 0, "reserved") is read the same way.
"""

from __future__ import annotations

import base64
import binascii
import struct
from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np

from instructflow.agents.dedup import verify
from instructflow.agents.dedup.config import DedupConfig
from instructflow.agents.dedup.minhash import MinHasher
from instructflow.agents.dedup.normalize import NORMALIZATION_VERSION, content_digest, normalize
from instructflow.schemas import Instance

SKETCH_VERSION = 1
SIGNATURE_DTYPE = np.uint8  # b-bit signatures, b = 8 (below)
_HEADER = struct.Struct("<BBBBI")
_MARKS_FLAG = 3  # header byte
_DIGEST = 16


def fold(signatures: np.ndarray) -> np.ndarray:
    """32-bit MinHash values -> 8-bit (b-bit MinHash with b = 8): xor of the four bytes."""
    sigs = np.asarray(signatures, dtype=np.uint32)
    sigs = sigs ^ (sigs >> np.uint32(16))
    return (sigs ^ (sigs >> np.uint32(8))).astype(SIGNATURE_DTYPE)


class Sketches(NamedTuple):
    """Sketches of many texts: row i of each belongs to text i."""

    digests: list[bytes]
    signatures: np.ndarray  # (n, num_perm) uint8
    lengths: np.ndarray  # int64 (n,): normalized lengths; 0 = empty text (no band keys)
    unmarked: np.ndarray  # bool (n,): the text is known to hold no value words (verify.py)
    marks: Sequence[verify.Marks] = ()  # per text, when asked for (of_instances' marks_below)

    @property
    def keyed(self) -> np.ndarray:
        """Texts that have band keys (an empty text can only be an exact duplicate)."""
        return self.lengths > 0


class Sketcher:
    """Makes, encodes and decodes sketches for one dedup configuration."""

    def __init__(self, num_perm: int = 128, shingle: int = 3, seed: int = 1) -> None:
        self.hasher = MinHasher(num_perm=num_perm, shingle=shingle, seed=seed)
        self.num_perm = num_perm
        self._header = _HEADER.pack(SKETCH_VERSION, NORMALIZATION_VERSION, shingle, 0, seed)
        self._header_row = np.frombuffer(self._header, dtype=np.uint8)
        self._unmarked_header = _HEADER.pack(SKETCH_VERSION, NORMALIZATION_VERSION, shingle, verify.MARKS_VERSION, seed)
        # The header bytes a sketch must match to be used (all but the marks flag).
        self._checked = np.ones(_HEADER.size, dtype=bool)
        self._checked[_MARKS_FLAG] = False
        self._sig_at = _HEADER.size + 4 + _DIGEST
        used = self._sig_at + num_perm
        # Zero bytes up to a multiple of 3: no base64 padding, so a batch of sketches decodes as
        # one string (see of_instances).
        self._pad = b"\0" * (-used % 3)
        self._size = used + len(self._pad)
        self._chars = self._size // 3 * 4

    @classmethod
    def from_config(cls, config: DedupConfig) -> Sketcher:
        return cls(num_perm=config.num_perm, shingle=config.shingle)

    # -- making -------------------------------------------------------------------------------------
    def of_texts(self, texts: Sequence[str]) -> Sketches:
        normalized = [normalize(t) for t in texts]
        return Sketches(
            [content_digest(n) for n in normalized],
            fold(self.hasher.signatures(normalized)),
            np.fromiter(map(len, normalized), dtype=np.int64, count=len(normalized)),
            np.zeros(len(normalized), dtype=bool),  # not read here: the decider reads them
        )

    def encode(self, digest: bytes, signature: np.ndarray, length: int, unmarked: bool = False) -> str:
        raw = b"".join((self._unmarked_header if unmarked else self._header, struct.pack("<I", min(length, 0xFFFFFFFF)),
                        digest, signature.astype(SIGNATURE_DTYPE).tobytes(), self._pad))
        return base64.b64encode(raw).decode("ascii")

    def sketch(self, text: str) -> str:
        """The encoded sketch of one text: what the score step puts on the record."""
        return self.sketch_many([text])[0]

    def sketch_many(self, texts: Sequence[str]) -> list[str]:
        """The encoded sketches of ``texts``, hashed in one batch (a third of the cost per text of
        one at a time: the MinHash is vectorized over the batch's shingles)."""
        made = self.of_texts(texts)
        return [self.encode(digest, signature, length, not verify.marks(text))
                for digest, signature, length, text in zip(made.digests, made.signatures, made.lengths.tolist(),
                                                           texts, strict=True)]

    def attach(self, inst: Instance) -> None:
        """Put the sketch of ``inst`` on it (in place: the score step owns its fresh copy)."""
        self.attach_many([inst])

    def attach_many(self, insts: Sequence[Instance]) -> None:
        """attach() for each of ``insts``, in one batch."""
        for inst, sketch in zip(insts, self.sketch_many([inst.text() for inst in insts]), strict=True):
            inst.dedup_sketch = sketch

    # -- reading ------------------------------------------------------------------------------------
    def _rows(self, sketches: list[str]) -> np.ndarray:
        """The decoded bytes of well-formed sketches, one row each; a row of zeros (no valid
        header) for one that is not base64."""
        try:  # the common case: one decode for the whole batch
            raw = base64.b64decode("".join(sketches), validate=True)
        except (binascii.Error, ValueError):
            raw = b"".join(self._one(s) for s in sketches)
        return np.frombuffer(raw, dtype=np.uint8).reshape(len(sketches), self._size)

    def _one(self, sketch: str) -> bytes:
        try:
            return base64.b64decode(sketch, validate=True)
        except (binascii.Error, ValueError):
            return bytes(self._size)

    def of_instances(self, insts: Sequence[Instance], marks_below: int | None = None) -> Sketches:
        """Sketches of instances: decoded where carried, computed (in one batch) where not, i.e.
        where the sketch is absent, malformed, or made under other settings (its header differs).
        With ``marks_below``, also the value marks of each text (verify.marks_many: texts shorter
        than that and not flagged unmarked), read from the texts built here for the computed ones
        (building a text twice cost half a microsecond an instance)."""
        n = len(insts)
        digests: list[bytes] = [b""] * n
        sigs = np.empty((n, self.num_perm), dtype=SIGNATURE_DTYPE)
        lengths = np.empty(n, dtype=np.int64)
        carried = np.zeros(n, dtype=bool)
        unmarked = np.zeros(n, dtype=bool)
        sketches = [inst.dedup_sketch for inst in insts]
        sized = [i for i, sketch in enumerate(sketches) if len(sketch) == self._chars]
        if sized:
            rows = self._rows([sketches[i] for i in sized])
            valid = ((rows[:, : _HEADER.size] == self._header_row) | ~self._checked).all(axis=1)
            at, rows = np.array(sized, dtype=np.intp)[valid], rows[valid]
            unmarked[at] = rows[:, _MARKS_FLAG] == verify.MARKS_VERSION
            head = _HEADER.size
            lengths[at] = rows[:, head : head + 4].copy().view("<u4").ravel()
            sigs[at] = rows[:, self._sig_at : self._sig_at + self.num_perm]
            blob = rows[:, head + 4 : self._sig_at].tobytes()
            for k, i in enumerate(at.tolist()):
                digests[i] = blob[k * _DIGEST : (k + 1) * _DIGEST]
            carried[at] = True
        missing = np.flatnonzero(~carried).tolist()
        # Per text: the text, where built here, else its getter (only read if its marks are).
        texts: list[str | Callable[[], str]] = [inst.text for inst in insts] if marks_below is not None else []
        if missing:
            built = [insts[i].text() for i in missing]
            made = self.of_texts(built)
            sigs[missing], lengths[missing] = made.signatures, made.lengths
            for i, digest, text in zip(missing, made.digests, built, strict=True):
                digests[i] = digest
                if texts:
                    texts[i] = text
        if marks_below is None:
            return Sketches(digests, sigs, lengths, unmarked)
        marks = verify.marks_many(texts, lengths.tolist(), marks_below, unmarked.tolist())
        return Sketches(digests, sigs, lengths, unmarked, marks)
