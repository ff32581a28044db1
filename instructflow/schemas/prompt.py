"""What a production chat service publishes to ``prompts.raw``."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Role = Literal["system", "user", "assistant", "tool"]


class Message(BaseModel):
    """One chat turn in OpenAI chat-completions form."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    role: Role
    content: str


class Prompt(BaseModel):
    """A real user prompt, single or multi-turn, exactly as the chat API saw it.

    It still holds PII: only the scrub agent may read it, and nothing derived from
    the raw text (not even a hash) leaves that agent.
    """

    model_config = ConfigDict(extra="ignore")

    id: str | None = Field(default=None, max_length=256, description="Client's own id; kept as origin_id.")
    messages: list[Message] = Field(min_length=1, max_length=256)
    lang: str | None = Field(default=None, description="Language hint from the client, e.g. 'en', 'ko'.")
    metadata: dict[str, str] = Field(default_factory=dict)
    sent_at: datetime | None = None

    @field_validator("messages")
    @classmethod
    def _has_user_turn(cls, messages: list[Message]) -> list[Message]:
        if not any(m.role == "user" and m.content.strip() for m in messages):
            raise ValueError("needs at least one non-empty user message")
        return messages
