"""What lands on ``deadletter``: the original bytes, untouched, and why they could not go on."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from instructflow.schemas.instance import utcnow


class DeadLetter(BaseModel):
    # The original bytes may be anything (invalid UTF-8 included): base64 in JSON, raw in Python.
    model_config = ConfigDict(extra="forbid", ser_json_bytes="base64", val_json_bytes="base64")

    agent: str
    error: str = Field(description="Why it failed: the exception type and a message free of payload values.")
    topic: str
    partition: int
    offset: int
    key: bytes | None = None
    original: bytes
    original_size: int | None = Field(default=None, description="Set where `original` holds only the first bytes"
                                      " (the message was over the size limit): its full size.")
    at: datetime = Field(default_factory=utcnow)
