"""The instance: one instruction-tuning example, from whichever source, at any pipeline step."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from instructflow.schemas.copying import with_fields
from instructflow.schemas.prompt import Message


class Source(StrEnum):
    task = "task"
    chat = "chat"
    synthetic = "synthetic"


class Status(StrEnum):
    candidate = "candidate"
    accepted = "accepted"
    rejected = "rejected"


# Stage in the hybrid training mix; fixed by source (see DESIGN.md).
STAGE_OF: dict[Source, int] = {Source.task: 1, Source.chat: 2, Source.synthetic: 3}


class Lineage(BaseModel):
    """Where an instance came from, precisely enough to find its origin again."""

    model_config = ConfigDict(extra="forbid")

    topic: str = ""
    partition: int = -1
    offset: int = -1
    dataset: str = ""
    split: str = ""
    record_id: str = ""
    template_id: str = ""
    demonstration_ids: list[str] = Field(default_factory=list)
    model: str = ""
    prompt_version: str = ""
    generation_round: int = 0
    annotator_id: str = ""
    # Stage-2 human annotation (agents/annotate, console/): who reviewed, how long the
    # annotator worked on it (claim to submit, seconds), the review verdict and the
    # annotator's 1-5 rating of the prompt (0: not rated).
    reviewer_id: str = ""
    annotation_seconds: float = 0.0
    review_verdict: str = ""
    annotator_rating: int = Field(default=0, ge=0, le=5)
    # LLM spend attributed to this instance (synthesis): each request's usage is split over
    # the rows it produced, so summing the pool gives what was spent.
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0

    def __eq__(self, other: object) -> bool:
        """pydantic's equality (same class, same field values; a Lineage has no private or extra
        attributes, and its ``__dict__`` holds exactly its fields) in one dict comparison. Encoding with
        ``exclude_defaults`` (the partitioned dedup's ballots) compares every instance's lineage with
        a default one: pydantic's ``BaseModel.__eq__`` on two different lineages cost ~9 µs there,
        most of a ballot entry's encoding (session 20)."""
        if not isinstance(other, BaseModel):
            return NotImplemented
        return self.__class__ is other.__class__ and self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]  # as pydantic's unfrozen models: unhashable


# Instance's default lineage, made from a default one's fields: pydantic calls a field's default
# factory for every ``exclude_defaults`` comparison as well (each ballot entry of the partitioned dedup),
# and Lineage() validates its defaults (~1.4 µs; this ~0.6). Fresh values for the mutable defaults.
_LINEAGE = Lineage()
_LINEAGE_FACTORIES = {name: field.default_factory for name, field in Lineage.model_fields.items()
                      if field.default_factory is not None}


def new_lineage() -> Lineage:
    """``Lineage()``: the same fields, none of them set, without validating the defaults again."""
    fields = _LINEAGE.__dict__.copy()
    for name, factory in _LINEAGE_FACTORIES.items():
        fields[name] = factory()  # type: ignore[call-arg]
    return with_fields(_LINEAGE, fields, set())


def utcnow() -> datetime:
    return datetime.now(UTC)


class Instance(BaseModel):
    """An instance travelling through the pipeline and, finally, a row of the pool.

    ``content_hash`` and ``dedup_sketch`` are computed from scrubbed text only.
    """

    model_config = ConfigDict(extra="forbid")

    instance_id: str = ""
    origin_id: str = ""
    source: Source
    stage: int = Field(ge=1, le=3)
    lang: str = ""
    instruction: str = ""
    input: str = ""
    output: str = ""
    messages: list[Message] = Field(default_factory=list)
    status: Status = Status.candidate
    reject_reason: str = ""
    duplicate_of: str = ""
    content_hash: str = ""
    # Dedup's sketch of the scrubbed text (normalized length, content digest, b-bit MinHash
    # signature; base64, ~370 chars), made by the parallel score step so the one-core dedup
    # sequencer only decodes it (agents/dedup/sketch.py). Travels on instances.scored only:
    # dedup clears it on what it decides, and it is no pool column.
    dedup_sketch: str = ""
    scores: dict[str, float] = Field(default_factory=dict)
    pii: dict[str, int] = Field(default_factory=dict, description="Entity type -> count; never values.")
    lineage: Lineage = Field(default_factory=new_lineage)
    created_at: datetime = Field(default_factory=utcnow)

    def text(self) -> str:
        """The text that scoring and dedup look at: the request, not the answer."""
        if self.messages:
            return "\n".join(m.content for m in self.messages if m.role == "user")
        instruction, given = self.instruction, self.input  # the request and its input, if any
        return f"{instruction}\n{given}" if instruction and given else instruction or given

    def reject(self, reason: str, duplicate_of: str = "") -> Instance:
        return self.model_copy(
            update={"status": Status.rejected, "reject_reason": reason, "duplicate_of": duplicate_of}
        )

    def accept(self) -> Instance:
        return self.model_copy(update={"status": Status.accepted, "reject_reason": ""})
