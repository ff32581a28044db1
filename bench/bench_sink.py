"""CPU of a pool insert by batch size: what ``pool_batch_size`` buys (chDB through clickhouse-connect).

The same scored-looking instances (bench_pipeline.py's generated prompts) inserted into a fresh chDB
pool, one ``Pool.insert`` a batch, for each batch size in one run, in alternating rounds (a fresh pool
each time), so that every size sees the same host:

* insert thread: CPU of the calling thread (to_row, clickhouse-connect's Native encoding, chDB's part
  writing, which runs in the caller);
* other threads: the process's CPU meanwhile minus the caller's (chDB's merges of the new parts, its
  pools);
* after: the process's CPU in the ``--settle`` seconds after the last insert (the merges that follow).

Per row, so sizes compare directly; a fixed cost per insert shows as cost/row falling with the size.
Run: .venv/bin/python bench/bench_sink.py [--n 20000] [--sizes 100,500,2000] [--rounds 2] [--settle 5]
Writes bench/results/sink.json.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from loadgen import generated_batch

from instructflow.agents.scrub.intake import instance_from_prompt
from instructflow.schemas import Instance
from instructflow.sinks.pool import Pool
from instructflow.streams.settings import Settings
from instructflow.streams.step import Origin
from instructflow.streams.topics import PROMPTS_RAW

HERE = Path(__file__).resolve().parent
SCORES = {"quality": 0.61, "request": 0.7, "length": 0.9, "noise": 0.01, "language": 1.0, "spam": 0.0,
          "diversity": 0.8, "complexity": 0.4, "turns": 0.05, "repetition": 0.0, "pii_density": 0.0}


def instances(n: int) -> list[Instance]:
    now = datetime.now(UTC)
    prompts = generated_batch(n, 0, 0, seed=2, prefix="s").prompts
    return [instance_from_prompt(p, Origin(PROMPTS_RAW.name, 0, i, now), b"k" * 32)
            .model_copy(update={"scores": SCORES, "lang": "en"}) for i, p in enumerate(prompts)]


def one(rows: list[Instance], size: int, settle_s: float) -> dict[str, float]:
    """µs per row of inserting ``rows`` ``size`` at a time into a fresh pool."""
    settings = Settings(data_dir=Path(tempfile.mkdtemp(prefix="bench-sink-")), synth_enabled=False)
    pool = Pool(settings.pool_dsn, settings.clickhouse_database)
    pool.migrate()
    process0, thread0 = time.process_time(), time.thread_time()
    for start in range(0, len(rows), size):
        pool.insert(rows[start:start + size])
    thread = time.thread_time() - thread0
    process = time.process_time() - process0
    time.sleep(settle_s)
    after = time.process_time() - process0 - process
    pool.close()
    n = len(rows)
    return {"insert_thread_us": thread / n * 1e6, "other_threads_us": (process - thread) / n * 1e6,
            "after_us": after / n * 1e6, "total_us": (process + after) / n * 1e6}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--sizes", default="100,500,2000")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--settle", type=float, default=5.0)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = instances(args.n)
    runs: dict[int, list[dict[str, float]]] = {size: [] for size in sizes}
    for _ in range(args.rounds):
        for size in sizes:
            runs[size].append(one(rows, size, args.settle))
    best = {size: min(r, key=lambda x: x["total_us"]) for size, r in runs.items()}
    base = best[sizes[0]]["total_us"]
    for size, r in best.items():
        print(f"batch {size:6d}: {r['total_us']:6.1f} us/row (insert thread {r['insert_thread_us']:5.1f}, "
              f"other threads {r['other_threads_us']:5.1f}, after {r['after_us']:4.1f}); "
              f"{base / r['total_us']:.2f}x batch {sizes[0]}")
    out = HERE / "results" / "sink.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"n": args.n, "rounds": args.rounds, "best": best, "runs": runs}, indent=2))


if __name__ == "__main__":
    main()
