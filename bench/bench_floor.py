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
Run: .venv/bin/python bench/bench_floor.py [--n 20000] [--batch 500]
Writes bench/results/floor.json.
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
from instructflow.agents.score.agent import ScoreStep
from instructflow.agents.scrub.agent import ScrubStep
from instructflow.schemas import Instance, Prompt, Status
from instructflow.sinks.pool import Pool
from instructflow.streams.loop import settle_heap
from instructflow.streams.settings import Settings
from instructflow.streams.step import Origin, Step, run_batch
from instructflow.streams.topics import ACCEPTED, PROMPTS_RAW, SCORED, SCRUBBED

HERE = Path(__file__).resolve().parent


class Clock:
    """CPU seconds per stage, summed over batches, and the slowest batch of each stage (a stall
    in one batch, e.g. a hash table growing all at once, is the pipeline's latency tail)."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = defaultdict(float)
        self.worst: dict[str, float] = defaultdict(float)

    def run(self, stage: str, fn: Callable[[], Any]) -> Any:
        t0 = time.process_time()
        out = fn()
        took = time.process_time() - t0
        self.spent[stage] += took
        self.worst[stage] = max(self.worst[stage], took)
        return out


def emitted(outcomes: list[Any], topic: Any) -> list[Any]:
    return [e.value for out in outcomes if not isinstance(out, Exception) for e in out if e.topic is topic]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--batch", type=int, default=500)
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-floor-"))
    settings = Settings(data_dir=root, synth_enabled=False)
    gen = generated_batch(int(args.n * 0.9), int(args.n * 0.05), int(args.n * 0.05), seed=2, prefix="b")
    raw = [p.model_dump_json().encode() for p in gen.prompts]
    now = datetime.now(UTC)
    scrub, score = ScrubStep(settings), ScoreStep(settings)
    dedup, select = DedupStep(settings, follow_log=False), AnnotationSelectStep(settings)
    pool = Pool(settings.pool_dsn, settings.clickhouse_database)
    pool.migrate()
    clock = Clock()
    settle_heap()  # as each agent does once its step is prepared

    def steps(step: Step, values: list[Any], topic: Any) -> list[Any]:
        return run_batch(step, [(v, Origin(topic.name, 0, i, now)) for i, v in enumerate(values)])

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
        decided = clock.run("pool: dedup", lambda v=values: steps(dedup, v, SCORED))
        accepted = [i for i in emitted(decided, ACCEPTED) if i.status is Status.accepted]
        rejected = [e.value for out in decided if not isinstance(out, Exception) for e in out
                    if e.topic is not ACCEPTED]
        clock.run("pool: sink insert", lambda r=accepted + rejected: pool.insert(r))
        clock.run("pool: annotate-select", lambda a=accepted: steps(select, a, ACCEPTED))
        clock.run("pool: encode accepted", lambda a=accepted: [i.model_dump_json().encode() for i in a])
        accepted_total += len(accepted)
    asyncio.run(select.end_batch())
    n = len(raw)
    per = {stage: spent / n * 1e6 for stage, spent in clock.spent.items()}
    edge = sum(v for k, v in per.items() if k.startswith("edge"))
    pool_side = sum(v for k, v in per.items() if k.startswith("pool"))
    worst_ms = {stage: round(spent * 1e3, 1) for stage, spent in clock.worst.items()}
    result = {"n": n, "batch": args.batch, "accepted": accepted_total, "us_per_prompt": per, "edge_us": edge,
              "pool_us": pool_side, "total_us": edge + pool_side, "slowest_batch_cpu_ms": worst_ms}
    for stage, us in per.items():
        print(f"{stage:34s} {us:8.1f} us/prompt   slowest batch {worst_ms[stage]:7.1f} ms")
    print(f"{'edge worker floor':34s} {edge:8.1f} us/prompt\n{'pool worker floor':34s} {pool_side:8.1f} us/prompt\n"
          f"{'total':34s} {edge + pool_side:8.1f} us/prompt")
    out = HERE / "results" / "floor.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
