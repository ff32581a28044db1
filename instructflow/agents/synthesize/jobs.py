"""Synthesis jobs as a pure core: which jobs exist, which of their rounds are done, what is left.

The book is filled from the log (``synth.jobs`` and ``synth.rounds``) and, where those are
gone (the embedded broker keeps topics in memory only), from the pool's synthetic rows, whose
origin ids name job and round. A round recorded in both counts once, by its topic record,
which the agent writes after the round's rows reached Kafka: the pool may not have all of
them yet. The agent and ``instructflow synth status`` read the same book.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from pathlib import Path

from instructflow.schemas import SynthJob, SynthRound


def demo_job_id(seed_file: Path, max_candidates: int, model: str) -> str:
    """The demo job's id, the same on every `instructflow up` with the same seeds, cap and model,
    so a restart finds it done (or half done) instead of generating it again."""
    h = hashlib.blake2b(digest_size=5)
    for part in (seed_file.read_bytes(), str(max_candidates).encode(), model.encode()):
        h.update(part)
        h.update(b"\x1e")
    return f"demo-{h.hexdigest()}"


@dataclass
class JobProgress:
    job: SynthJob
    rounds: dict[int, SynthRound] = field(default_factory=dict)

    @property
    def candidates(self) -> int:
        return sum(r.candidates for r in self.rounds.values())

    @property
    def rejects(self) -> int:
        return sum(r.rejects for r in self.rounds.values())

    @property
    def prompt_tokens(self) -> int:
        return sum(r.prompt_tokens for r in self.rounds.values())

    @property
    def completion_tokens(self) -> int:
        return sum(r.completion_tokens for r in self.rounds.values())

    @property
    def cost_usd(self) -> float:
        return sum(r.cost_usd for r in self.rounds.values())

    @property
    def finished(self) -> bool:
        return self.job.max_candidates > 0 and self.candidates >= self.job.max_candidates

    @property
    def state(self) -> str:
        return "finished" if self.finished else ("running" if self.rounds else "queued")

    def next_round(self, in_flight: set[int]) -> int:
        """The lowest round number neither done nor in flight: a round lost in a crash is redone
        under its own number, so round numbers stay dense."""
        n = 1
        while n in self.rounds or n in in_flight:
            n += 1
        return n

    def may_start(self, in_flight: int, per_round_max: int) -> bool:
        """Start another round only if the rounds already in flight are not expected to reach the cap.

        Every candidate past the cap was paid for and is kept only as a ``synth_over_cap`` reject,
        so near the cap rounds run one at a time. A round is expected to yield what the job's
        rounds so far yielded on average (``per_round_max`` before the first one is done).
        """
        cap = self.job.max_candidates
        if cap == 0 or in_flight == 0:
            return not self.finished
        done = len(self.rounds)
        expected = math.ceil(self.candidates / done) if done else per_round_max
        return self.candidates + in_flight * max(1, expected) < cap


@dataclass
class JobBook:
    jobs: dict[str, JobProgress] = field(default_factory=dict)
    # Rounds recorded before their job's request was read (the topics are read concurrently).
    _orphans: dict[str, dict[int, SynthRound]] = field(default_factory=dict)

    def on_job(self, job: SynthJob) -> None:
        progress = self.jobs.get(job.job_id)
        if progress is None:
            progress = self.jobs[job.job_id] = JobProgress(job, self._orphans.pop(job.job_id, {}))
        else:
            progress.job = job  # a re-sent request (same id) keeps its progress

    def on_round(self, rnd: SynthRound, from_pool: bool = False) -> None:
        """A round done; ``from_pool``: rebuilt from pool rows, so a topic record of it wins."""
        rounds = self.jobs[rnd.job_id].rounds if rnd.job_id in self.jobs else self._orphans.setdefault(rnd.job_id, {})
        if not (from_pool and rnd.round in rounds):
            rounds[rnd.round] = rnd

    def next_job(self) -> JobProgress | None:
        """The oldest job not finished: jobs run one after another, in the order they were asked for."""
        pending = [p for p in self.jobs.values() if not p.finished]
        return min(pending, key=lambda p: (p.job.requested_at, p.job.job_id), default=None)

    def in_order(self) -> list[JobProgress]:
        return sorted(self.jobs.values(), key=lambda p: (p.job.requested_at, p.job.job_id))
