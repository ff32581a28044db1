"""End-to-end live prompts: produce -> scrub -> score -> dedup -> chDB pool, on the embedded stack.

The stack is exactly what `instructflow up` starts (infra/stack.py), measured side by side in one
run with one worker process (every agent in it) and with two (the default: format and
scrub+score in an edge process, dedup, the sink and the web apps in the pool process). For each:
  1. sustained throughput: N prompts produced as fast as possible into the running stack,
     timed from the first send until all N rows are in the pool;
  2. latency at a fixed offered load (default 1,000 prompts/s for 30 s): per row, pool
     ingested_at minus the prompt's Kafka timestamp, p50/p99.
Run: .venv/bin/python bench/bench_pipeline.py [--n 100000] [--rate 1000] [--seconds 30] [--workers 1,2]
     [--dedup-modes single,partitioned]
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
import uuid
from pathlib import Path

from loadgen import generated_batch, pool_count, wait_until
from process_cpu import cpu_seconds

from instructflow.infra.broker import EmbeddedBroker, free_port
from instructflow.infra.stack import EmbeddedStack
from instructflow.streams.producer import Publisher
from instructflow.streams.settings import Settings
from instructflow.streams.topics import PROMPTS_RAW

TARGET_RATE = 3000.0
TARGET_P99_S = 1.0
TARGET_CPU_MS = 0.5


def measure(broker: EmbeddedBroker, root: Path, workers: int, n: int, rate: float, seconds: float,
            dedup_mode: str = "single") -> dict:
    tag = uuid.uuid4().hex[:6]
    settings = Settings(data_dir=root / f"{workers}w-{tag}", kafka_bootstrap=broker.bootstrap, web_port=free_port(),
                        topic_prefix=f"b{tag}.", app_id=f"bench-pipeline-{tag}", embedded_workers=workers,
                        dedup_mode=dedup_mode)  # type: ignore[arg-type]  # checked by Settings
    results: dict[str, float | str] = {"workers": workers, "dedup_mode": dedup_mode}
    with EmbeddedStack(settings) as stack:
        reader = stack.worker.pool_reader()
        db = settings.clickhouse_database
        with Publisher(stack.settings) as pub:
            # Warm-up: every worker has joined the group once the first rows are pooled.
            warm = generated_batch(200, 0, 0, seed=1, prefix="w")
            for p in warm.prompts:
                pub.send(PROMPTS_RAW, p, key=p.id)
            pub.flush()
            wait_until(lambda: pool_count(reader, db) >= 200, 300, "warm-up")

            batch = generated_batch(int(n * 0.9), int(n * 0.05), int(n * 0.05), seed=2, prefix="b")
            pids = {w.log_path.stem: w.proc.pid for w in stack.workers if w.proc is not None}
            cpu0 = {name: cpu_seconds(pid) for name, pid in pids.items()}
            # Not counted in the target (CPU summed over the workers), but on the same two cores:
            # the broker, and this process (producing the prompts, polling the pool).
            others: dict[str, int | str] = {"bench": "self"} if broker.pid is None else \
                {"broker": broker.pid, "bench": "self"}
            others0 = {name: cpu_seconds(pid) for name, pid in others.items()}
            start = time.monotonic()
            for p in batch.prompts:
                pub.send(PROMPTS_RAW, p, key=p.id)
            pub.flush()
            produced_s = time.monotonic() - start
            total = 200 + len(batch.prompts)
            wait_until(lambda: pool_count(reader, db) >= total, 3600, "all pooled", every_s=1.0)
            elapsed = time.monotonic() - start
            for name, pid in pids.items():
                results[f"cpu_ms_per_prompt_{name}"] = (cpu_seconds(pid) - cpu0[name]) * 1000 / len(batch.prompts)
            results["cpu_ms_per_prompt"] = sum(float(results[f"cpu_ms_per_prompt_{name}"]) for name in pids)
            for name, pid in others.items():
                results[f"cpu_ms_per_prompt_{name}"] = (cpu_seconds(pid) - others0[name]) * 1000 / len(batch.prompts)
            results["throughput_n"] = len(batch.prompts)
            results["throughput_prompts_per_s"] = len(batch.prompts) / elapsed
            results["produce_prompts_per_s"] = len(batch.prompts) / produced_s

            paced = generated_batch(int(rate * seconds), 0, 0, seed=3, prefix="r")
            paced_from = time.time() - 0.001  # every earlier row was pooled (and created) before this
            t0 = time.monotonic()
            for i, p in enumerate(paced.prompts):
                pub.send(PROMPTS_RAW, p, key=p.id)
                if i % 50 == 0:
                    pub.flush()
                    lag = t0 + i / rate - time.monotonic()
                    if lag > 0:
                        time.sleep(lag)
            pub.flush()
            total += len(paced.prompts)
            wait_until(lambda: pool_count(reader, db) >= total, 600, "paced pooled", every_s=1.0)
        _, rows = reader.query(
            "SELECT quantile(0.5)(d), quantile(0.99)(d), max(d) FROM (SELECT "
            "dateDiff('millisecond', created_at, ingested_at) / 1000 AS d "
            f"FROM {db}.instances FINAL WHERE created_at >= toDateTime64({paced_from:.3f}, 3))"
        )
    results["latency_rate"] = rate
    results["latency_p50_s"], results["latency_p99_s"], results["latency_max_s"] = map(float, rows[0])
    return results


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--rate", type=float, default=1000.0)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--workers", default="1,2", help="Worker processes of the stack to measure, side by side.")
    ap.add_argument("--dedup-modes", default="single", help="Dedup modes (single,partitioned), side by side.")
    args = ap.parse_args()

    root = Path(tempfile.mkdtemp(prefix="bench-pipeline-"))
    runs: list[dict] = []
    try:
        with EmbeddedBroker(root / "broker.log") as broker:
            for mode in args.dedup_modes.split(","):
                for workers in map(int, args.workers.split(",")):
                    runs.append(measure(broker, root, workers, args.n, args.rate, args.seconds, mode))
                    print(json.dumps(runs[-1]), flush=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)

    for r in runs:
        print(f"{r['dedup_mode']} dedup, {r['workers']} worker process(es): "
              f"sustained {r['throughput_prompts_per_s']:.0f} prompts/s over "
              f"{r['throughput_n']} prompts (target {TARGET_RATE:.0f}/s: ratio "
              f"{r['throughput_prompts_per_s'] / TARGET_RATE:.2f}x), CPU {r['cpu_ms_per_prompt']:.3f} ms per prompt "
              f"over the workers (target {TARGET_CPU_MS}); latency at {args.rate:.0f}/s: "
              f"p50 {r['latency_p50_s']:.2f} s, p99 {r['latency_p99_s']:.2f} s (target p99 <= {TARGET_P99_S} s)")
    out = Path(__file__).parent / "results" / "pipeline.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"runs": runs}, indent=2))


if __name__ == "__main__":
    main()
