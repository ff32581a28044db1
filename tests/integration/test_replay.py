"""Replay on real parts: the live pipeline builds a pool; a replay from the topics into a fresh
chDB pool equals it; a replay with a stricter dedup threshold differs only in dedup decisions."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.loadgen import generated_batch, pool_count, wait_until
from instructflow.app.replay import Replayer
from instructflow.infra.stack import WorkerProcess
from instructflow.sinks.pool import Pool
from instructflow.sinks.pool_diff import diff_pools
from instructflow.streams.settings import Settings
from tests.integration.support import publish

pytestmark = pytest.mark.integration


def test_replay_into_a_fresh_pool_equals_the_live_pool(settings: Settings, tmp_path: Path):
    batch = generated_batch(n_unique=200, n_exact=20, n_near=20, seed=11)
    publish(settings, batch.prompts)
    worker = WorkerProcess(settings, tmp_path / "worker.log").start()
    try:
        reader = worker.pool_reader()
        wait_until(lambda: pool_count(reader, settings.clickhouse_database) >= len(batch.prompts), 300,
                   "the live pool")
    finally:
        worker.stop()
    live = (settings.pool_dsn, settings.clickhouse_database)

    fresh = Pool(f"chdb://{tmp_path / 'replayed'}", settings.clickhouse_database)
    try:
        seen = []
        result = Replayer(settings, fresh).run(lambda p: seen.append((p.phase, p.read, p.lag)))
    finally:
        fresh.close()
    assert result.accepted + result.rejected == len(batch.prompts)
    assert seen[-1][2] == 0 and {phase for phase, *_ in seen} == {"index scored order", "score → dedup → pool"}
    same = diff_pools(live, (fresh.dsn, fresh.database))
    assert same.identical, same.counts
    assert same.equal == len(batch.prompts)

    # Re-curation: a stricter threshold (lower Jaccard) can only reject more, never less.
    strict_settings = settings.model_copy(update={"dedup_threshold": 0.3})
    strict = Pool(f"chdb://{tmp_path / 'strict'}", settings.clickhouse_database)
    try:
        again = Replayer(settings, strict, strict_settings).run()
    finally:
        strict.close()
    d = diff_pools(live, (strict.dsn, strict.database))
    assert d.counts["only_in_a"] == d.counts["only_in_b"] == d.counts["content_differs"] == 0
    print("strict replay:", again.accepted, "accepted vs", result.accepted, d.counts)
    assert again.accepted < result.accepted
    assert all("duplicate_" in a + b for _, a, b in d.decision_differs)

    # A replay refuses a pool that is not fresh.
    used = Pool(f"chdb://{tmp_path / 'replayed'}", settings.clickhouse_database)
    try:
        with pytest.raises(RuntimeError, match="fresh pool"):
            Replayer(settings, used).run()
    finally:
        used.close()
