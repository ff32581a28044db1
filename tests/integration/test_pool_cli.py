"""`instructflow pool stats|query` answer both while a worker owns the chDB pool and after it stopped."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from instructflow.infra.loadgen import generated_batch, pool_count, wait_until
from instructflow.infra.stack import WorkerProcess, settings_env
from instructflow.sinks.reader import RemotePool
from instructflow.streams.admin import ensure_topics
from instructflow.streams.producer import Publisher
from instructflow.streams.settings import Settings
from instructflow.streams.topics import PROMPTS_RAW

pytestmark = pytest.mark.integration


def cli(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **settings_env(settings)}
    return subprocess.run([sys.executable, "-m", "instructflow.streams.cli", *args], capture_output=True,
                          text=True, env=env, timeout=120)


def test_pool_commands_route_through_the_owner_then_open_the_pool(settings: Settings, tmp_path: Path):
    batch = generated_batch(n_unique=40, n_exact=5, n_near=0, seed=21)
    ensure_topics(settings)
    with Publisher(settings) as pub:
        for prompt in batch.prompts:
            pub.send(PROMPTS_RAW, prompt, key=prompt.id)
    worker = WorkerProcess(settings, tmp_path / "worker.log").start()
    query = "SELECT status, count() AS n FROM instructflow.instances FINAL GROUP BY status ORDER BY status"
    try:
        wait_until(lambda: pool_count(RemotePool(worker.web_url), "instructflow") >= 45, 180, "45 pooled")
        # chDB lets one process open the path: this only works because the CLI asks the worker.
        live = cli(settings, "pool", "query", query)
        stats = cli(settings, "pool", "stats", "--json")
        refused = cli(settings, "pool", "query", "DROP TABLE instructflow.instances")
    finally:
        worker.stop()
    offline = cli(settings, "pool", "query", query)

    expected = [{"status": "accepted", "n": 40}, {"status": "rejected", "n": 5}]
    assert live.returncode == 0, live.stderr
    assert [json.loads(line) for line in live.stdout.splitlines()] == expected
    assert offline.returncode == 0, offline.stderr
    assert [json.loads(line) for line in offline.stdout.splitlines()] == expected
    assert stats.returncode == 0 and json.loads(stats.stdout)["total"] == 45
    assert refused.returncode == 2 and "only SELECT" in refused.stderr
