"""What the compacted ``seeds`` topic carries: one seed task of the Self-Instruct loop, keyed by its id.

The shape is the Self-Instruct seed format (id, name, instruction, instances, is_classification)
so the paper's 175 seeds load unchanged; ``lang`` and ``domain`` let a user steer the loop
toward a language or a domain with a handful of seeds of their own.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class SeedInstance(BaseModel):
    model_config = ConfigDict(extra="ignore")

    input: str = ""
    output: str = ""


class Seed(BaseModel):
    """The value of topic ``seeds`` (key: ``id``; a later value with the same id replaces it)."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(min_length=1, max_length=256, description="The seed file's own id, kept as given.")
    name: str = ""
    instruction: str = Field(min_length=1)
    instances: list[SeedInstance] = Field(default_factory=list)
    is_classification: bool = False
    lang: str = Field(default="", description="'en', 'ko', …; detected from the instruction when not given.")
    domain: str = Field(default="", description="Free tag (e.g. 'legal'); settings can restrict sampling to some.")
