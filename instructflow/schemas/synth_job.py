"""Synthesis jobs: what ``instructflow synth run`` asks for, and the durable record of each round done.

A job is a bounded Self-Instruct run with its own steering (seed domains, language, topics,
model) and a cap in candidates. ``synth.jobs`` (compacted, key: job id) holds the requests;
``synth.rounds`` (compacted, key: ``<job id>:<round>``) one record per finished round, written
after the round's rows reached Kafka: a restarted worker skips those rounds and counts their
candidates against the cap, so nothing done is generated (or paid for) twice. Rows in the pool
carry the job id in their origin id (``synth:<job id>:<round>:<n>``), which rebuilds the same
progress when the topics are gone (the embedded broker keeps them in memory only).
"""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, Field

# Job ids are a segment of ``synth:<job id>:<round>:<n>`` origin ids: no colons.
JOB_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"


def _now() -> datetime:
    return datetime.now(UTC)


class SynthJob(BaseModel):
    """The value of topic ``synth.jobs`` (key: ``job_id``)."""

    model_config = ConfigDict(extra="forbid")

    job_id: str = Field(pattern=JOB_ID_PATTERN, description="Letters, digits, '_', '.', '-'; no ':'.")
    max_candidates: int = Field(ge=0, description="Stop after this many candidates leave the filters; 0: no cap.")
    seeds_domains: list[str] = Field(default_factory=list, description="Sample only seeds with these domains.")
    lang: str = Field(default="", description="Target language ('en', 'ko'); empty: any supported.")
    topics: list[str] = Field(default_factory=list, description="Steer generation toward these topics.")
    model: str = Field(default="", description="Model at the worker's endpoint; empty: INSTRUCTFLOW_LLM_MODEL.")
    requested_at: datetime = Field(default_factory=_now)


class SynthRound(BaseModel):
    """The value of topic ``synth.rounds`` (key: ``<job_id>:<round>``): one round of a job, done."""

    model_config = ConfigDict(extra="forbid")

    job_id: str = Field(pattern=JOB_ID_PATTERN)
    round: int = Field(ge=1)
    candidates: int = Field(ge=0, description="Rows sent on to scrub -> score -> dedup (they count against the cap).")
    rejects: int = Field(ge=0, description="Rows the synthesis filters rejected (incl. past the cap).")
    prompt_tokens: int = Field(default=0, ge=0)
    completion_tokens: int = Field(default=0, ge=0)
    cost_usd: float = Field(default=0.0, ge=0)
    finished_at: datetime = Field(default_factory=_now)

    @property
    def key(self) -> str:
        return f"{self.job_id}:{self.round}"
