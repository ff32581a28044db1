"""Messages of the partitioned dedup (``dedup_mode = "partitioned"``; agents/dedup/partitioned/).

``dedup.bands`` carries :class:`ProbeBatch` from the router to the band owners; ``dedup.votes``
carries :class:`VoteBatch` (the router's ballots with the instances, and each owner's votes) to
the combiners. Both hold scrubbed, derived data only: band keys, MinHash signatures, content
digests, ids, and (ballots) the scrubbed instance.

One message carries a run of consecutive instances (one router batch, cut to stay well under
the message size limit), not one instance: per message, the runtime's decode, produce and
bookkeeping cost more than an owner's work on one instance. Numeric columns are base64 of
little-endian numpy arrays (one decode per column, no per-number JSON).

Version 2 replaced the per-instance ``BandProbe``/``DedupVote`` of version 1. :class:`VoteBatch`
version 3 carries the ballots' instances as JSON objects (their default-valued fields left out),
where version 2 carried each as a JSON string: one parse instead of two, and a third of the bytes
(session 19). :class:`ProbeBatch` version 3 (session 20) sends an instance's ballot and votes to the
combiner partition of its block of sequence numbers instead of ``seq mod P`` (fewer, larger vote
messages), and carries the band keys' 32-bit fingerprints instead of the 64-bit keys (all an owner
uses: half the bytes); owners still answer version 2, sending those votes to ``seq mod P`` as before,
so owners are upgraded before the router. A message of another version fails validation (``version`` / unknown fields /
``instances`` of strings) and goes to the dead-letter topic; docs/production.md says to recreate
dedup.bands/dedup.votes and replay.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from instructflow.schemas.instance import Instance

# The list columns default to ``[]``, not ``default_factory=list``: pydantic copies a mutable default
# for every model, and the router and owners build these messages with ``model_construct``, which
# inspects a default factory's signature on every call (~50 µs a column, measured with pydantic
# 2.14: more than building the message).

# Bits of ProbeBatch.modes, per band key: whether the owner inserts the instance under it, and
# whether it looks earlier instances up under it (the tiers of agents/dedup/index.py LSHIndex).
KEY_INSERT = 1
KEY_QUERY = 2


class ProbeBatch(BaseModel):
    """The probes of consecutive instances that one owner partition holds, in sequence order.

    Entry ``i`` is instance ``instance_ids[i]`` at sequence number ``seqs[i]``; its keys are the next
    ``key_counts[i]`` of ``keys`` (with their ``modes``); its digest is row ``i`` of ``digests``
    where ``owns_digest[i]`` (all zeros otherwise); its signature is row ``i`` of ``signatures``.
    """

    model_config = ConfigDict(extra="forbid")

    version: Literal[2, 3] = Field(description="3: the ballots and votes of an instance go to its block of"
                                   " sequence numbers' combiner partition (router.combiner_partition); 2: seq mod P.")
    seqs: list[int] = Field(description="Offset of each instance in instances.scored: the global order.")
    instance_ids: list[str]
    voters: list[int] = Field(description="How many owner partitions each instance was sent to.")
    lengths: list[int] = Field(description="Normalized text lengths: the near-duplicate bar depends on the"
                               " shorter text of a pair (agents/dedup/similarity.py). 0: an empty text.")
    owns_digest: list[bool] = Field(description="Whether this partition owns the instance's content digest.")
    key_counts: list[int] = Field(description="Band keys of each instance in this message.")
    keys: str = Field(default="", description="Base64 of the band keys, instance after instance: version 3 their"
                      " uint32 fingerprints (agents/dedup/index.py fingerprints: all an owner uses), version 2"
                      " the uint64 keys.")
    modes: str = Field(default="", description="Base64 of one uint8 per key: KEY_INSERT | KEY_QUERY.")
    digests: str = Field(default="", description="Base64 of 16 bytes per instance (content digest).")
    signatures: str = Field(default="", description="Base64 of num_perm uint8 per instance (b-bit MinHash).")
    marks: list[list[int]] = Field(default=[], description="Each text's values (numbers, weekdays,"
                                   " dates...; agents/dedup/verify.py): a candidate with a substituted value is"
                                   " no duplicate. Empty: none carried (every text without values).")

    @model_validator(mode="after")
    def _columns_align(self) -> ProbeBatch:
        n = len(self.seqs)
        if any(len(col) != n for col in (self.instance_ids, self.voters, self.lengths, self.owns_digest,
                                         self.key_counts)) or (self.marks and len(self.marks) != n):
            raise ValueError("probe batch columns differ in length")
        # all() and min() run in C: a generator per entry cost more than validating the columns.
        if not all(self.instance_ids) or min(self.seqs, default=0) < 0 or min(self.voters, default=1) < 1:
            raise ValueError("probe batch: empty instance id, negative seq or no voters")
        return self


# The ballots' instances are sent without their dedup sketch: the owners got the signature already.
_NO_SKETCH = {"instances": {"__all__": {"dedup_sketch"}}}


class VoteBatch(BaseModel):
    """``ballots``: instances waiting for their votes (from the router); ``votes``: one owner's
    answers about instances. Entry ``i`` is about ``instance_ids[i]`` at ``seqs[i]``."""

    model_config = ConfigDict(extra="forbid")

    version: Literal[3]
    kind: Literal["ballots", "votes"]
    seqs: list[int]
    instance_ids: list[str]
    voters: list[int]
    owner: int = Field(default=-1, description="The owner partition that voted (votes only).")
    # ballots: each instance (its dedup sketch dropped; encoded with ``exclude_defaults``, see
    # BALLOT_DUMP) and content digest (hex)
    instances: list[Instance] = Field(default=[])
    content_hashes: list[str] = Field(default=[])
    # votes: an earlier candidate with the same normalized text; the best earlier candidate passing
    # the near bar, and its estimated Jaccard ("" / 0.0: none)
    exact_of: list[str] = Field(default=[])
    near_of: list[str] = Field(default=[])
    similarity: list[float] = Field(default=[])

    def model_dump_json(self, **kwargs: Any) -> str:
        """The wire form (version 3): fields at their default left out, the ballots' instances
        without their sketch. What the router, the runtime and the tests encode alike; decoding
        restores the same values (a field left out takes its default)."""
        kwargs.setdefault("exclude_defaults", True)
        kwargs.setdefault("exclude", _NO_SKETCH)
        return super().model_dump_json(**kwargs)

    @model_validator(mode="after")
    def _columns_align(self) -> VoteBatch:
        n = len(self.seqs)
        cols = (self.instances, self.content_hashes) if self.kind == "ballots" else \
            (self.exact_of, self.near_of, self.similarity)
        if any(len(col) != n for col in (self.instance_ids, self.voters, *cols)):
            raise ValueError(f"{self.kind} batch columns differ in length")
        if self.kind == "votes" and self.owner < 0:
            raise ValueError("votes need their owner partition")
        if not all(self.instance_ids) or min(self.voters, default=1) < 1:
            raise ValueError(f"{self.kind} batch: empty instance id or no voters")
        return self
