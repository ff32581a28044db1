"""What lands on ``deadletter``: the original bytes, untouched, and why they could not go on."""

from __future__ import annotations

from datetime import datetime

from pydantic import Base64Bytes, BaseModel, ConfigDict, Field

from instructflow.schemas.instance import utcnow


class DeadLetter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    agent: str
    error: str = Field(description="Why it failed: the exception type and a message free of payload values.")
    topic: str
    partition: int
    offset: int
    key: Base64Bytes | None = None
    original: Base64Bytes
    at: datetime = Field(default_factory=utcnow)
