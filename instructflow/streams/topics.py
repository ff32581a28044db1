"""The topic registry: names, partitions, retention, compaction and value type of every topic."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from instructflow.schemas import AnnotationItem, DeadLetter, Instance, Prompt, Seed, SynthJob, SynthRound, TaskRecord
from instructflow.schemas.dedup import ProbeBatch, VoteBatch
from instructflow.streams.limits import request_bytes
from instructflow.streams.settings import Settings

HOUR_MS = 3_600_000


@dataclass(frozen=True)
class TopicSpec:
    name: str
    value_type: type[BaseModel]
    # One partition where a total order is the point: dedup must see every candidate
    # in one sequence to decide "first one wins" deterministically on replay.
    single_partition: bool = False
    holds_pii: bool = False
    compacted: bool = False

    def partitions(self, settings: Settings) -> int:
        return 1 if self.single_partition else settings.topic_partitions

    def config(self, settings: Settings) -> dict[str, str]:
        # The broker refuses what no agent could pass on (streams/limits.py).
        size = {"max.message.bytes": str(request_bytes(settings))}
        if self.compacted:
            return {"cleanup.policy": "compact", **size}
        if self.holds_pii:
            return {"retention.ms": str(settings.raw_retention_hours * HOUR_MS), **size}
        return {"retention.ms": "-1", **size}  # the log of record: the pool is rebuilt from it


PROMPTS_RAW = TopicSpec("prompts.raw", Prompt, holds_pii=True)
CANDIDATES = TopicSpec("instances.candidates", Instance, holds_pii=True)
SCRUBBED = TopicSpec("instances.scrubbed", Instance)
SCORED = TopicSpec("instances.scored", Instance, single_partition=True)
ACCEPTED = TopicSpec("instances.accepted", Instance)
REJECTED = TopicSpec("instances.rejected", Instance)
DEADLETTER = TopicSpec("deadletter", DeadLetter, holds_pii=True)
SEEDS = TopicSpec("seeds", Seed, compacted=True)
# Synthesis jobs (`instructflow synth run`) and the record of each round a job finished: the
# synthesis agent's durable progress, so a restart neither repeats nor re-pays a round.
SYNTH_JOBS = TopicSpec("synth.jobs", SynthJob, compacted=True)
SYNTH_ROUNDS = TopicSpec("synth.rounds", SynthRound, compacted=True)
# Benchmark records in their normalized form; kept, so a rebuild can re-format them.
TASKS_RAW = TopicSpec("tasks.raw", TaskRecord)
# Scrubbed prompts selected for human answers (agents/annotate); the console consumes it.
ANNOTATION_QUEUE = TopicSpec("annotation.queue", AnnotationItem)

# Partitioned dedup (dedup_mode = "partitioned"): probes to band owners (partition = band key mod P), and
# ballots + owner votes (partition = the seq's block mod P), a batch of instances per message. Both are the owners' and
# combiner's state: kept.
DEDUP_BANDS = TopicSpec("dedup.bands", ProbeBatch)
DEDUP_VOTES = TopicSpec("dedup.votes", VoteBatch)

ALL: tuple[TopicSpec, ...] = (PROMPTS_RAW, CANDIDATES, SCRUBBED, SCORED, ACCEPTED, REJECTED, DEADLETTER, SEEDS,
                             SYNTH_JOBS, SYNTH_ROUNDS, ANNOTATION_QUEUE, TASKS_RAW, DEDUP_BANDS, DEDUP_VOTES)


def topic_name(spec: TopicSpec, settings: Settings) -> str:
    return f"{settings.topic_prefix}{spec.name}"
