"""The physical floor of a prompt: each core's own CPU per item, measured alone, in pipeline order.

What the live pipeline cannot cost less than: the same generated prompts as bench_pipeline.py
(5% exact, 5% near copies), each stage run alone, batch by batch as its agent runs it, timed in
CPU seconds (``time.process_time``, this process only):

* edge worker: decode the prompt JSON; scrub; score; encode ``instances.scrubbed`` and
  ``instances.scored``;
* pool worker: decode the scored instance; dedup (MinHash + LSH, the batch path); pool insert
  (chDB through clickhouse-connect, one insert per batch); annotate-select; encode
  ``instances.accepted``.

bench_pipeline.py measures the same prompts end to end as CPU per prompt of each worker process;
the difference between the two is what the framework (Kafka clients, the runtime, the event
loop) costs; the slowest batch of each stage (CPU ms) shows what feeds the latency tail.
With ``--dedup-mode partitioned`` the pool worker's dedup is the partitioned one (agents/dedup/
partitioned/), every message through its JSON as over Kafka: router, encode probes and ballots,
owners (decode, answer, encode votes), combiner (decode, decide); all P partitions in the one
process, as in the two-worker stack where the pool worker holds them all.
Run: .venv/bin/python bench/bench_floor.py [--n 20000] [--batch 500] [--dedup-mode single|partitioned]
Writes bench/results/floor.json (floor-partitioned.json for the partitioned mode).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from loadgen import generated_batch

from instructflow.agents.annotate.agent import AnnotationSelectStep
from instructflow.agents.dedup.agent import DedupStep
from instructflow.agents.dedup.partitioned.agents import partitioned_dedup_steps
from instructflow.agents.score.agent import ScoreStep
from instructflow.agents.scrub.agent import ScrubStep
from instructflow.schemas import Instance, Prompt, Status
from instructflow.schemas.dedup import ProbeBatch, VoteBatch
from instructflow.sinks.pool import Pool
from instructflow.streams.loop import settle_heap
from instructflow.streams.settings import Settings
from instructflow.streams.step import Origin, Step, run_batch
from instructflow.streams.topics import ACCEPTED, DEDUP_BANDS, DEDUP_VOTES, PROMPTS_RAW, SCORED, SCRUBBED

HERE = Path(__file__).resolve().parent


class Clock:
    """CPU seconds per stage, summed over batches, and the slowest batch of each stage (a stall
    in one batch, e.g. a hash table growing all at once, is the pipeline's latency tail).

    A stage is timed on this thread's CPU clock: chDB merges the inserted parts in its own threads,
    in the background, and the process clock would charge that to whichever stage runs meanwhile
    (it made the dedup combiner look 3x dearer than it is). The background threads' CPU is the
    process's minus the stages' (:meth:`background`), charged to the pool worker."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = defaultdict(float)
        self.worst: dict[str, float] = defaultdict(float)
        self._process0 = time.process_time()

    def background(self) -> float:
        return time.process_time() - self._process0 - sum(self.spent.values())

    def run(self, stage: str, fn: Callable[[], Any]) -> Any:
        t0 = time.thread_time()
        out = fn()
        took = time.thread_time() - t0
        self.spent[stage] += took
        self.worst[stage] = max(self.worst[stage], took)
        return out


def emitted(outcomes: list[Any], topic: Any) -> list[Any]:
    return [e.value for out in outcomes if not isinstance(out, Exception) for e in out if e.topic is topic]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--dedup-mode", choices=("single", "partitioned"), default="single")
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-floor-"))
    settings = Settings(data_dir=root, synth_enabled=False, dedup_mode=args.dedup_mode)
    gen = generated_batch(int(args.n * 0.9), int(args.n * 0.05), int(args.n * 0.05), seed=2, prefix="b")
    raw = [p.model_dump_json().encode() for p in gen.prompts]
    now = datetime.now(UTC)
    scrub, score = ScrubStep(settings), ScoreStep(settings)
    dedup, select = DedupStep(settings, follow_log=False), AnnotationSelectStep(settings)
    pool = Pool(settings.pool_dsn, settings.clickhouse_database)
    pool.migrate()
    settle_heap()  # as each agent does once its step is prepared

    def steps(step: Step, values: list[Any], topic: Any, partition: int = 0, first: int = 0) -> list[Any]:
        return run_batch(step, [(v, Origin(topic.name, partition, first + i, now)) for i, v in enumerate(values)])

    router, owner, combiner = partitioned_dedup_steps(settings)
    offsets: dict[tuple[str, int], int] = defaultdict(int)  # (topic, partition) -> next offset

    def consume(step: Step, topic: Any, partition: int, value: Any) -> list[Any]:
        """One message of a partitioned topic, at that partition's next offset (no catch-up)."""
        at = (topic.name, partition)
        offsets[at] += 1
        return steps(step, [value], topic, partition, offsets[at] - 1)

    def partitioned(values: list[Any]) -> list[Any]:
        """The partitioned dedup of one batch of scored instances: each hop's CPU on its own line."""
        at = offsets[(SCORED.name, 0)]
        offsets[(SCORED.name, 0)] += len(values)
        routed = clock.run("pool: dedup router", lambda: steps(router, values, SCORED, 0, at))
        wire = clock.run("pool: dedup encode probes + ballots", lambda: [
            (e.topic, e.partition, e.data or e.value.model_dump_json().encode()) for out in routed for e in out])
        votes = [(p, data) for topic, p, data in wire if topic is DEDUP_VOTES]
        for p, data in [(p, data) for topic, p, data in wire if topic is DEDUP_BANDS]:
            probes = clock.run("pool: dedup owners decode", lambda d=data: ProbeBatch.model_validate_json(d))
            answered = clock.run("pool: dedup owners", lambda p=p, m=probes: consume(owner, DEDUP_BANDS, p, m))
            votes += clock.run("pool: dedup owners encode votes", lambda a=answered: [
                (e.partition, e.value.model_dump_json().encode()) for e in a[0]])
        decided: list[Any] = []
        for p, data in votes:
            msg = clock.run("pool: dedup combiner decode", lambda d=data: VoteBatch.model_validate_json(d))
            decided += clock.run("pool: dedup combiner", lambda p=p, m=msg: consume(combiner, DEDUP_VOTES, p, m))
        return decided

    clock = Clock()
    accepted_total = 0
    for start in range(0, len(raw), args.batch):
        chunk = raw[start:start + args.batch]
        prompts = clock.run("edge: decode prompt", lambda c=chunk: [Prompt.model_validate_json(r) for r in c])
        scrubbed = emitted(clock.run("edge: scrub", lambda p=prompts: steps(scrub, p, PROMPTS_RAW)), SCRUBBED)
        scored_out = clock.run("edge: score", lambda s=scrubbed: steps(score, s, SCRUBBED))
        scored = emitted(scored_out, SCORED)
        wire = clock.run("edge: encode scrubbed + scored",
                         lambda s=scrubbed, c=scored: ([i.model_dump_json().encode() for i in s],
                                                       [i.model_dump_json().encode() for i in c]))[1]
        values = clock.run("pool: decode scored", lambda w=wire: [Instance.model_validate_json(b) for b in w])
        decided = partitioned(values) if args.dedup_mode == "partitioned" else \
            clock.run("pool: dedup", lambda v=values: steps(dedup, v, SCORED))
        accepted = [i for i in emitted(decided, ACCEPTED) if i.status is Status.accepted]
        rejected = [e.value for out in decided if not isinstance(out, Exception) for e in out
                    if e.topic is not ACCEPTED]
        clock.run("pool: sink insert", lambda r=accepted + rejected: pool.insert(r))
        clock.run("pool: annotate-select", lambda a=accepted: steps(select, a, ACCEPTED))
        clock.run("pool: encode accepted", lambda a=accepted: [i.model_dump_json().encode() for i in a])
        accepted_total += len(accepted)
    asyncio.run(select.end_batch())
    clock.spent["pool: chDB background threads"] = clock.background()
    n = len(raw)
    per = {stage: spent / n * 1e6 for stage, spent in clock.spent.items()}
    edge = sum(v for k, v in per.items() if k.startswith("edge"))
    pool_side = sum(v for k, v in per.items() if k.startswith("pool"))
    worst_ms = {stage: round(spent * 1e3, 1) for stage, spent in clock.worst.items()}
    result = {"n": n, "batch": args.batch, "dedup_mode": args.dedup_mode, "accepted": accepted_total,
              "us_per_prompt": per, "edge_us": edge, "pool_us": pool_side, "total_us": edge + pool_side,
              "slowest_batch_cpu_ms": worst_ms}
    for stage, us in per.items():
        print(f"{stage:34s} {us:8.1f} us/prompt   slowest batch {worst_ms.get(stage, 0.0):7.1f} ms")
    print(f"{'edge worker floor':34s} {edge:8.1f} us/prompt\n{'pool worker floor':34s} {pool_side:8.1f} us/prompt\n"
          f"{'total':34s} {edge + pool_side:8.1f} us/prompt")
    out = HERE / "results" / ("floor.json" if args.dedup_mode == "single" else "floor-partitioned.json")
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
