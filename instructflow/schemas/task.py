"""What ``tasks.raw`` carries: one benchmark record, normalized, before any template touches it.

A record keeps the dataset's own content (not yet an instruction) so that the template
choice can change and the pool be rebuilt from the same log without re-reading files.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class TaskType(StrEnum):
    """What a record asks for; it decides which fields a record has and which templates apply."""

    extractive_qa = "extractive_qa"
    nli = "nli"
    sts = "sts"
    math_word = "math_word"
    generic = "generic"


# A normalized field value. Lists keep multi-answer datasets (SQuAD dev has several
# reference answers per question) without flattening them into one string.
FieldValue = str | bool | int | float | list[str] | list[int]


class TaskRecord(BaseModel):
    """The value of topic ``tasks.raw``."""

    model_config = ConfigDict(extra="forbid")

    dataset: str = Field(min_length=1)
    split: str = "unspecified"
    record_id: str = Field(min_length=1, description="The dataset's own id, else the 1-based line.")
    task_type: TaskType
    fields: dict[str, FieldValue] = Field(default_factory=dict)
    lang: str = Field(min_length=2, description="Language of the record's text, e.g. 'en', 'ko'.")
    file: str = Field(default="", description="Name of the file the record was read from.")
    position: int = Field(
        default=0,
        description="1-based line where the record starts for line-based files "
        "(TSV/CSV/JSONL), else the 0-based record index; ``locator`` says which.",
    )
    locator: str = Field(default="", description="Human-readable place, e.g. 'line 17'.")


class RecordError(BaseModel):
    """A record that could not become an instance, and exactly where and why.

    Carries the record's coordinates, the field and the reason, not its text (a reason
    may quote a short offending value such as an unknown label).
    """

    model_config = ConfigDict(extra="forbid")

    file: str
    position: int
    field: str = ""
    reason: str
    locator: str = ""
    dataset: str = ""
    record_id: str = ""

    def __str__(self) -> str:
        where = self.locator or f"position {self.position}"
        field = f", field {self.field!r}" if self.field else ""
        rid = f" (record {self.record_id})" if self.record_id else ""
        return f"{self.file}: {where}{rid}{field}: {self.reason}"
