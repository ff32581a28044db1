"""Messages of the partitioned dedup (``dedup_mode = "partitioned"``; agents/dedup/partitioned/).

``dedup.bands`` carries :class:`BandProbe` from the router to the band owners; ``dedup.votes``
carries :class:`DedupVote` (the router's ballot with the instance, and one vote per owner) to
the combiner. Both hold scrubbed, derived data only: band keys, a MinHash signature, a
content digest, ids.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from instructflow.schemas.instance import Instance


class BandProbe(BaseModel):
    """One instance's bands that one owner partition holds, asked in sequence order."""

    model_config = ConfigDict(extra="forbid")

    seq: int = Field(ge=0, description="Offset of the instance in instances.scored: the global order.")
    instance_id: str = Field(min_length=1)
    voters: int = Field(ge=1, description="How many owner partitions this instance was sent to.")
    keys: list[int] = Field(default_factory=list, description="uint64 band keys owned by this partition.")
    digest: str = Field(default="", description="Hex content digest, when this partition owns it.")
    signature: str = Field(default="", description="Base64 of the uint32 MinHash signature (little endian).")
    length: int = Field(default=0, ge=0, description="Normalized text length: the near-duplicate bar depends on"
                        " the shorter text of a pair (agents/dedup/similarity.py). 0: unknown, the full bar.")
    marks: list[int] = Field(default_factory=list, description="The text's values (numbers, weekdays, dates...),"
                             " one int each: a candidate with a substituted value is no duplicate"
                             " (agents/dedup/verify.py).")


class DedupVote(BaseModel):
    """``ballot``: the instance waiting for its votes; ``vote``: one owner's answer about it."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["ballot", "vote"]
    instance_id: str = Field(min_length=1)
    seq: int = Field(ge=0)
    voters: int = Field(ge=1)
    owner: int = Field(default=-1, description="The owner partition that voted (votes only).")
    instance: Instance | None = None  # ballots only
    content_hash: str = ""  # ballots only
    exact_of: str = ""  # an earlier candidate with the same normalized text
    near_of: str = ""  # the best earlier candidate with verified Jaccard >= threshold
    similarity: float = 0.0
