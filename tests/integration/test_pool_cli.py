"""`instructflow pool stats|query` answer both while a worker owns the chDB pool and after it stopped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.loadgen import generated_batch, pool_count, wait_until
from instructflow.infra.stack import WorkerProcess
from instructflow.streams.settings import Settings
from tests.integration.support import publish, run_cli

pytestmark = pytest.mark.integration


def test_pool_commands_route_through_the_owner_then_open_the_pool(settings: Settings, tmp_path: Path):
    batch = generated_batch(n_unique=40, n_exact=5, n_near=0, seed=21)
    publish(settings, batch.prompts)
    worker = WorkerProcess(settings, tmp_path / "worker.log").start()
    query = "SELECT status, count() AS n FROM instructflow.instances FINAL GROUP BY status ORDER BY status"
    try:
        wait_until(lambda: pool_count(worker.pool_reader(), "instructflow") >= 45, 180, "45 pooled")
        # chDB lets one process open the path: this only works because the CLI asks the worker.
        live = run_cli(settings, "pool", "query", query)
        stats = run_cli(settings, "pool", "stats", "--json")
        refused = run_cli(settings, "pool", "query", "DROP TABLE instructflow.instances")
    finally:
        worker.stop()
    offline = run_cli(settings, "pool", "query", query)

    expected = [{"status": "accepted", "n": 40}, {"status": "rejected", "n": 5}]
    assert live.returncode == 0, live.stderr
    assert [json.loads(line) for line in live.stdout.splitlines()] == expected
    assert offline.returncode == 0, offline.stderr
    assert [json.loads(line) for line in offline.stdout.splitlines()] == expected
    assert stats.returncode == 0 and json.loads(stats.stdout)["total"] == 45
    assert refused.returncode == 2 and "only SELECT" in refused.stderr
