"""The synthesis part of ``pool stats``: rows, verdicts, tokens and estimated cost per model."""

from __future__ import annotations

from dataclasses import dataclass

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
