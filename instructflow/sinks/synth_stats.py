"""The synthesis part of ``pool stats``: rows, verdicts, tokens and estimated cost per model."""

from __future__ import annotations

from dataclasses import dataclass

from instructflow.schemas import SynthRound
from instructflow.sinks.reader import PoolReader


@dataclass(frozen=True)
class SynthesisRow:
    model: str
    prompt_version: str
    rounds: int
    accepted: int
    rejected: int
    candidates: int  # still in flight (scrub/score/dedup have not decided yet) or written as candidates
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


def collect_synthesis_stats(reader: PoolReader, database: str) -> list[SynthesisRow]:
    _, rows = reader.query(
        f"SELECT model, prompt_version, uniqExact(generation_round), countIf(status = 'accepted'), "
        "countIf(status = 'rejected'), countIf(status = 'candidate'), sum(prompt_tokens), "
        f"sum(completion_tokens), sum(cost_usd) FROM {database}.instances FINAL "
        "WHERE source = 'synthetic' GROUP BY model, prompt_version ORDER BY model, prompt_version"
    )
    return [SynthesisRow(str(m), str(v), int(r), int(a), int(x), int(c), int(pt), int(ct), float(cost))
            for m, v, r, a, x, c, pt, ct, cost in rows]


@dataclass(frozen=True)
class JobRoundRow:
    """One round of one synthesis job as the pool has it (rows are keyed ``synth:<job>:<round>:<n>``)."""

    job_id: str
    round: int
    candidates: int  # rows that left the synthesis filters (whatever scrub/score/dedup decided later)
    rejects: int  # rows the synthesis filters rejected (reasons synth_*)
    accepted: int
    rejected: int
    pending: int  # candidates not decided yet
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float

    def as_round(self) -> SynthRound:
        return SynthRound(job_id=self.job_id, round=self.round, candidates=self.candidates, rejects=self.rejects,
                          prompt_tokens=self.prompt_tokens, completion_tokens=self.completion_tokens,
                          cost_usd=self.cost_usd)


def collect_job_rounds(reader: PoolReader, database: str, job_ids: list[str] | None = None) -> list[JobRoundRow]:
    """Per job and round, from the pool's synthetic rows; ``job_ids`` restricts to those jobs."""
    where = "source = 'synthetic' AND startsWith(origin_id, 'synth:')"
    params = {}
    if job_ids is not None:
        where += " AND job IN {jobs:Array(String)}"
        params["jobs"] = job_ids
    _, rows = reader.query(
        "SELECT splitByChar(':', origin_id)[2] AS job, generation_round, "
        "countIf(NOT startsWith(reject_reason, 'synth_')), countIf(startsWith(reject_reason, 'synth_')), "
        "countIf(status = 'accepted'), countIf(status = 'rejected'), countIf(status = 'candidate'), "
        "sum(prompt_tokens), sum(completion_tokens), sum(cost_usd) "
        f"FROM {database}.instances FINAL WHERE {where} GROUP BY job, generation_round ORDER BY job, generation_round",
        params or None)
    return [JobRoundRow(str(j), int(r), int(c), int(x), int(a), int(rj), int(p), int(pt), int(ct), float(cost))
            for j, r, c, x, a, rj, p, pt, ct, cost in rows]
