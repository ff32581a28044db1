"""Scale-out: pipeline throughput with 1 vs 2 worker processes of one app, side by side in one run.

    .venv/bin/python bench/bench_scaleout.py [--n 20000] [--repeat 3] [--modes single,partitioned,roles]

For each configuration: a fresh topic prefix and consumer group on one local broker; the
workers are started and waited for until ready (in the group) and warmed up (a warm-up batch
is pooled, so every worker has its partitions and its presidio/MinHash state loaded); then N
generated prompts (unique + exact + near copies) are produced as fast as possible and the
clock runs from the first send until all N rows are in the pool (read through worker 0, which
owns the chDB pool; worker 1 runs with --no-sink; in mode "roles" worker 1 runs format and
scrub+score, worker 0 the rest). Throughput = N / that time ("live": the load generator shares
the two cores). Then "drain": the workers are stopped, N more prompts are produced, the workers
are started again, and the rate is N over the time from all workers being ready (in the group)
to the last of those rows reaching the pool (the workers alone, as a cluster drains a backlog).
Every configuration runs once per round (--repeat rounds, a fresh broker each), and the ratio
compares the median of 2 workers with that of 1 worker of the same mode. CPU of the machine is
shared by the broker, the producer and the workers: on a 2-core machine two workers cannot reach 2x.

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

from loadgen import WORDS, Batch, generated_batch, pool_count, wait_until
from scaleout import start_workers, stop_workers

from instructflow.infra.broker import EmbeddedBroker, free_port
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


def produce(settings: Settings, batch: Batch) -> None:
    with Publisher(settings) as pub:
        for p in batch.prompts:
            pub.send(PROMPTS_RAW, p, key=p.id)


def drain_rate(reader: RemotePool, db: str, prefix: str, since: float) -> float:
    """The batch's rows per second from ``since`` (epoch seconds) until the last of them reached the pool."""
    _, rows = reader.query(f"SELECT count(), toUnixTimestamp64Milli(max(ingested_at)) "
                           f"FROM {db}.instances FINAL WHERE startsWith(origin_id, '{prefix}')")
    count, last_ms = map(int, rows[0])
    return count / (last_ms / 1000 - since)


def run(broker: EmbeddedBroker, root: Path, workers: int, mode: str, n: int, partitions: int,
        context_words: int = 0, drain: bool = True) -> dict:
    tag = uuid.uuid4().hex[:6]
    work = root / f"{mode}-{workers}w-{tag}"
    settings = Settings(data_dir=work / "data", kafka_bootstrap=broker.bootstrap, topic_prefix=f"b{tag}.",
                        app_id=f"bench-scaleout-{tag}", web_port=free_port(), topic_partitions=partitions,
                        dedup_mode="partitioned" if mode == "partitioned" else "single", session_timeout_s=10.0,
                        heartbeat_interval_s=1.0, rebalance_timeout_s=10.0, commit_interval_s=0.5, synth_enabled=False)
    ensure_topics(settings)
    by_role = mode == "roles"
    procs = start_workers(settings, workers, work, by_role=by_role)
    db = settings.clickhouse_database
    result: dict = {"mode": mode, "workers": workers, "partitions": partitions, "context_words": context_words}
    try:
        reader = procs[0].pool_reader()
        warm = generated_batch(n_unique=300, n_exact=0, n_near=0, seed=99, prefix="w")
        produce(settings, warm)
        wait_until(lambda: pool_count(reader, db) >= len(warm.prompts), 300, "warm-up pooled")
        batch = generated_batch(n_unique=int(n * 0.9), n_exact=n // 20, n_near=n - int(n * 0.9) - n // 20, seed=7)
        if context_words:
            batch = lengthen(batch, context_words)
        total = len(warm.prompts) + len(batch.prompts)
        # Live: the load generator produces on the same two cores while the workers consume.
        cpu0 = os.times()
        started = time.perf_counter()
        produce(settings, batch)
        produced = time.perf_counter() - started
        wait_until(lambda: pool_count(reader, db) >= total, 1800, f"{total} pooled", every_s=0.25)
        elapsed = time.perf_counter() - started
        cpu1 = os.times()
        result.update({
            "n": len(batch.prompts), "mean_chars": round(sum(len(p.messages[0].content) for p in batch.prompts)
                                                         / len(batch.prompts)),
            "seconds": round(elapsed, 2), "produce_seconds": round(produced, 2),
            "prompts_per_s": round(len(batch.prompts) / elapsed, 1),
            "bench_process_cpu_s": round((cpu1.user + cpu1.system) - (cpu0.user + cpu0.system), 2)})
        if drain:
            # Drain: the same amount produced while no worker runs, then consumed by the restarted
            # workers alone (as a production cluster drains a backlog, its producers elsewhere).
            # The clock runs from all workers ready to the last of these rows in the pool.
            stop_workers(procs)
            backlog = generated_batch(n_unique=int(n * 0.9), n_exact=n // 20, n_near=n - int(n * 0.9) - n // 20,
                                      seed=8, prefix="d")
            if context_words:
                backlog = lengthen(backlog, context_words)
            produce(settings, backlog)
            procs = start_workers(settings, workers, work, by_role=by_role)
            ready_at = time.time()  # every worker in the group: the clock starts (dedup's state rebuild counts)
            reader = procs[0].pool_reader()
            total += len(backlog.prompts)
            wait_until(lambda: pool_count(reader, db) >= total, 1800, f"{total} pooled", every_s=0.5)
            result["drain_prompts_per_s"] = round(drain_rate(reader, db, "d", ready_at), 1)
    finally:
        stop_workers(procs)
        shutil.rmtree(work, ignore_errors=True)
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--partitions", type=int, default=4)
    ap.add_argument("--modes", default="single,partitioned,roles",
                    help="single / partitioned: every worker runs every agent, with that dedup mode; roles: worker"
                    " 0 runs dedup and the sink, worker 1 format and scrub+score (the embedded stack's split).")
    ap.add_argument("--context-words", type=int, default=0,
                    help="Lengthen each prompt by a context paragraph with a name and phone (chat-length text).")
    ap.add_argument("--drain", action=argparse.BooleanOptionalAction, default=True,
                    help="Also measure draining a backlog produced while the workers were stopped.")
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
                        r = run(broker, root, workers, mode, args.n, args.partitions, args.context_words,
                                drain=args.drain)
                        runs.append({**r, "round": rep})
                        print(json.dumps(runs[-1]), flush=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    kinds = ["prompts_per_s"] + (["drain_prompts_per_s"] if args.drain else [])
    medians = {(kind, mode, w): statistics.median(r[kind] for r in runs if r["mode"] == mode and r["workers"] == w)
               for kind in kinds for mode in modes for w in (1, 2)}
    ratios = {f"{kind}/{mode}": round(medians[kind, mode, 2] / medians[kind, mode, 1], 2)
              for kind in kinds for mode in modes}
    result = {"cpus": os.cpu_count(), "target_ratio": TARGET_RATIO, "runs": runs, "ratio_2_vs_1": ratios,
              "medians": {f"{kind}/{mode}/{w}w": v for (kind, mode, w), v in medians.items()}}
    out = HERE / "results" / ("scaleout.json" if not args.context_words else f"scaleout_ctx{args.context_words}.json")
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    for kind in kinds:
        for mode in modes:
            print(f"{'drain' if kind.startswith('drain') else 'live'} {mode}: median {medians[kind, mode, 1]:.0f} -> "
                  f"{medians[kind, mode, 2]:.0f} prompts/s, 2 workers / 1 worker = {ratios[f'{kind}/{mode}']:.2f}x "
                  f"(target {TARGET_RATIO}x)")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
