"""Replay rate vs the live pipeline rate, on the embedded broker, same prompts, same machine.

* live:   N chat prompts in prompts.raw; a worker (scrub -> score -> dedup -> sink) runs until all
          N are in the pool. Rate = N / (time from the worker's start to the last pool row,
          minus nothing: the consumer-group join is part of what a live rebuild would pay).
* replay: ``Replayer`` rebuilds the pool from instances.scrubbed (score -> dedup -> sink in
          one process, original dedup order) into a fresh chDB pool. Scrub is not re-run.

The two pools are then compared (must be identical). Run: ``.venv/bin/python bench/bench_replay.py
[--prompts 3000]``; writes bench/results/replay.json.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import uuid
from pathlib import Path

from loadgen import generated_batch, pool_count, wait_until

from instructflow.app.replay import Replayer
from instructflow.infra.broker import EmbeddedBroker, free_port
from instructflow.infra.stack import WorkerProcess
from instructflow.sinks.pool import Pool
from instructflow.sinks.pool_diff import diff_pools
from instructflow.streams.admin import ensure_topics
from instructflow.streams.producer import Publisher
from instructflow.streams.settings import Settings
from instructflow.streams.topics import PROMPTS_RAW

RESULTS = Path(__file__).resolve().parents[1] / "bench" / "results" / "replay.json"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--prompts", type=int, default=3000)
    args = ap.parse_args()
    n_dup = args.prompts // 10
    batch = generated_batch(n_unique=args.prompts - 2 * n_dup, n_exact=n_dup, n_near=n_dup, seed=5)
    with tempfile.TemporaryDirectory(prefix="bench-replay-") as tmp, \
            EmbeddedBroker(Path(tmp) / "broker.log") as broker:
        tag = uuid.uuid4().hex[:8]
        settings = Settings(data_dir=Path(tmp) / "data", kafka_bootstrap=broker.bootstrap, topic_prefix=f"b{tag}.",
                            app_id=f"bench-replay-{tag}", web_port=free_port(), batch_within_s=0.1)
        ensure_topics(settings)
        with Publisher(settings) as pub:
            for prompt in batch.prompts:
                pub.send(PROMPTS_RAW, prompt, key=prompt.id)
        n = len(batch.prompts)
        t0 = time.perf_counter()
        worker = WorkerProcess(settings, Path(tmp) / "worker.log").start()
        try:
            reader = worker.pool_reader()
            wait_until(lambda: pool_count(reader, settings.clickhouse_database) >= n, 1800, "live pool")
            live_s = time.perf_counter() - t0
        finally:
            worker.stop()
        target = Pool(f"chdb://{Path(tmp) / 'replayed'}", settings.clickhouse_database)
        t0 = time.perf_counter()
        try:
            progress = Replayer(settings, target).run()
        finally:
            target.close()
        replay_s = time.perf_counter() - t0
        diff = diff_pools((settings.pool_dsn, settings.clickhouse_database), (target.dsn, target.database))
    result = {
        "benchmark": "replay", "instances": n,
        "live": {"seconds": live_s, "per_s": n / live_s},
        "replay": {"seconds": replay_s, "per_s": n / replay_s, "accepted": progress.accepted,
                   "rejected": progress.rejected},
        "speedup": live_s / replay_s, "identical": diff.identical, "diff": diff.counts,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"live   {n} instances in {live_s:6.1f} s = {n / live_s:7.0f}/s (worker start, group join, scrub->sink)")
    print(f"replay {n} instances in {replay_s:6.1f} s = {n / replay_s:7.0f}/s (scored index + score->dedup->sink)")
    print(f"replay x{result['speedup']:.2f} the live rate; pools identical: {diff.identical}")


if __name__ == "__main__":
    main()
