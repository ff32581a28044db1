"""Scale-out: pipeline throughput with 1 vs 2 worker processes of one app, side by side in one run.

    .venv/bin/python bench/bench_scaleout.py [--n 20000] [--repeat 3] [--modes single,partitioned,roles]

For each configuration: a fresh topic prefix and consumer group on one local broker; the
workers are started and waited for until ready (in the group) and warmed up (a warm-up batch
is pooled, so every worker has its partitions and its presidio/MinHash state loaded); then N
generated prompts (unique + exact + near copies) are produced as fast as possible and the
clock runs from the first send until all N rows are in the pool (read through worker 0, which
owns the chDB pool; worker 1 runs with --no-sink; in mode "roles" worker 1 runs format and
scrub+score, worker 0 the rest). Throughput = N / that time. Every configuration runs once per
round (--repeat rounds, a fresh broker each), and the ratio compares the median of 2 workers with
that of 1 worker of the same mode. CPU of the machine is shared by the broker, the producer and
the workers: on a 2-core machine two workers cannot reach 2x.

Writes bench/results/scaleout.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from instructflow.infra.broker import EmbeddedBroker, free_port
from instructflow.infra.loadgen import WORDS, Batch, generated_batch, pool_count, wait_until
from instructflow.infra.scaleout import start_workers, stop_workers
from instructflow.schemas import Message, Prompt
from instructflow.sinks.reader import RemotePool
from instructflow.streams.admin import ensure_topics
from instructflow.streams.producer import Publisher
from instructflow.streams.settings import Settings
from instructflow.streams.topics import PROMPTS_RAW

HERE = Path(__file__).resolve().parent
TARGET_RATIO = 1.7


NAMES = ("Jennifer Walsh", "Robert King", "Maria Garcia", "David Chen", "Sarah Johnson", "Michael Brown")


def lengthen(batch: Batch, words: int) -> Batch:
    """Chat-length prompts (the generated ones are ~100 characters): each gets a context paragraph
    with a name and a phone number, chosen by a hash of its id, so scrub does real work."""
    out = Batch(exact_of=batch.exact_of, near_of=batch.near_of)
    for p in batch.prompts:
        h = int.from_bytes(p.id.encode()[-6:].ljust(6, b"0"), "little")
        ctx = " ".join(WORDS[(h + 7 * i) % len(WORDS)] for i in range(words))
        text = (f"My colleague {NAMES[h % len(NAMES)]} (415-555-{h % 10000:04d}) asked me this. {ctx}. "
                + p.messages[0].content)
        out.prompts.append(Prompt(id=p.id, messages=[Message(role="user", content=text)]))
    return out


def run(broker: EmbeddedBroker, root: Path, workers: int, mode: str, n: int, partitions: int,
        context_words: int = 0) -> dict:
    tag = uuid.uuid4().hex[:6]
    work = root / f"{mode}-{workers}w-{tag}"
    settings = Settings(data_dir=work / "data", kafka_bootstrap=broker.bootstrap, topic_prefix=f"b{tag}.",
                        app_id=f"bench-scaleout-{tag}", web_port=free_port(), topic_partitions=partitions,
                        dedup_mode="partitioned" if mode == "partitioned" else "single", session_timeout_s=10.0,
                        heartbeat_interval_s=1.0, rebalance_timeout_s=10.0, commit_interval_s=0.5, synth_enabled=False)
    ensure_topics(settings)
    procs = start_workers(settings, workers, work, by_role=(mode == "roles"))
    reader = RemotePool(procs[0].web_url)
    db = settings.clickhouse_database
    try:
        warm = generated_batch(n_unique=300, n_exact=0, n_near=0, seed=99, prefix="w")
        with Publisher(settings) as pub:
            for p in warm.prompts:
                pub.send(PROMPTS_RAW, p, key=p.id)
        wait_until(lambda: pool_count(reader, db) >= len(warm.prompts), 300, "warm-up pooled")
        batch = generated_batch(n_unique=int(n * 0.9), n_exact=n // 20, n_near=n - int(n * 0.9) - n // 20, seed=7)
        if context_words:
            batch = lengthen(batch, context_words)
        total = len(warm.prompts) + len(batch.prompts)
        cpu0 = os.times()
        started = time.perf_counter()
        with Publisher(settings) as pub:
            for p in batch.prompts:
                pub.send(PROMPTS_RAW, p, key=p.id)
        produced = time.perf_counter() - started
        wait_until(lambda: pool_count(reader, db) >= total, 1800, f"{total} pooled", every_s=0.25)
        elapsed = time.perf_counter() - started
        cpu1 = os.times()
    finally:
        stop_workers(procs)
        shutil.rmtree(work, ignore_errors=True)
    return {"mode": mode, "workers": workers, "partitions": partitions, "n": len(batch.prompts),
            "context_words": context_words, "mean_chars": round(sum(len(p.messages[0].content)
                                                                   for p in batch.prompts) / len(batch.prompts)),
            "seconds": round(elapsed, 2), "produce_seconds": round(produced, 2),
            "prompts_per_s": round(len(batch.prompts) / elapsed, 1),
            "bench_process_cpu_s": round((cpu1.user + cpu1.system) - (cpu0.user + cpu0.system), 2)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--partitions", type=int, default=4)
    ap.add_argument("--modes", default="single,partitioned,roles",
                    help="single / partitioned: every worker runs every agent, with that dedup mode; roles: worker"
                    " 0 runs dedup and the sink, worker 1 format and scrub+score (the embedded stack's split).")
    ap.add_argument("--context-words", type=int, default=0,
                    help="Lengthen each prompt by a context paragraph with a name and phone (chat-length text).")
    ap.add_argument("--repeat", type=int, default=3,
                    help="Rounds; each runs every configuration once on a fresh broker, and the ratio compares"
                    " medians (identical configurations vary by tens of percent between runs here).")
    args = ap.parse_args()
    modes = args.modes.split(",")
    root = Path(tempfile.mkdtemp(prefix="bench-scaleout-"))
    runs: list[dict] = []
    try:
        for rep in range(args.repeat):
            with EmbeddedBroker(root / f"broker{rep}.log") as broker:
                # Alternate the order of 1 and 2 workers between rounds, so drift favours neither.
                for mode in modes:
                    for workers in (1, 2) if rep % 2 == 0 else (2, 1):
                        r = run(broker, root, workers, mode, args.n, args.partitions, args.context_words)
                        runs.append({**r, "round": rep})
                        print(json.dumps(runs[-1]), flush=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    medians = {(mode, w): statistics.median(r["prompts_per_s"] for r in runs if r["mode"] == mode and r["workers"] == w)
               for mode in modes for w in (1, 2)}
    ratios = {mode: round(medians[mode, 2] / medians[mode, 1], 2) for mode in modes}
    result = {"cpus": os.cpu_count(), "target_ratio": TARGET_RATIO, "runs": runs, "ratio_2_vs_1": ratios,
              "median_prompts_per_s": {f"{mode}/{w}w": v for (mode, w), v in medians.items()}}
    out = HERE / "results" / ("scaleout.json" if not args.context_words else f"scaleout_ctx{args.context_words}.json")
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    for mode, ratio in ratios.items():
        print(f"{mode}: median {medians[mode, 1]:.0f} -> {medians[mode, 2]:.0f} prompts/s, 2 workers / 1 worker ="
              f" {ratio:.2f}x (target {TARGET_RATIO}x)")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
