"""Two workers of one app against one broker and one pool: partitioned dedup stays global.

Also checks what each worker exposes for operations: liveness, readiness, Prometheus metrics,
and JSON log lines that carry no PII.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import httpx
import pytest

from bench.loadgen import generated_batch, pool_count, wait_until
from bench.scaleout import metric_sum, scrape, start_workers, stop_workers
from instructflow.streams.settings import Settings
from tests.integration.test_pipeline import MALFORMED, PII_CASES, assert_pairs, pii_prompts, pool_rows, publish

pytestmark = pytest.mark.integration


async def test_two_workers_partitioned_dedup_is_global_and_observable(settings: Settings, tmp_path: Path):
    settings = settings.model_copy(update={"dedup_mode": "partitioned", "topic_partitions": 4})
    batch = generated_batch(n_unique=400, n_exact=40, n_near=40, seed=17)
    prompts = batch.prompts + pii_prompts()
    workers = start_workers(settings, 2, tmp_path)
    try:
        publish(settings, prompts, MALFORMED)
        reader = workers[0].pool_reader()
        wait_until(lambda: pool_count(reader, settings.clickhouse_database) >= len(prompts), 300,
                   f"{len(prompts)} pooled")
        samples = [scrape(w) for w in workers]
        for w in workers:
            assert httpx.get(f"{w.web_url}/health/live", timeout=5).status_code == 200
            assert httpx.get(f"{w.web_url}/health/ready", timeout=5).json()["status"] == "ready"
    finally:
        stop_workers(workers)
    rows = pool_rows(settings, [p.id or "" for p in prompts])
    assert len(rows) == len(prompts)
    assert Counter(r["origin_id"] for r in rows) == Counter(p.id for p in prompts)
    # Duplicates were caught across owner partitions held by different processes.
    assert_pairs(rows, batch)
    assert sum(r["status"] == "accepted" and r["origin_id"] in batch.exact_of for r in rows) <= 40

    # Both workers did work: the scrub partitions and the band owners were shared.
    for s in samples:
        assert metric_sum(s, "instructflow_messages_in_total", agent="scrub") > 0
        assert metric_sum(s, "instructflow_messages_in_total", agent="dedup_owner") > 0
    total_in = sum(metric_sum(s, "instructflow_messages_in_total", agent="scrub") for s in samples)
    assert total_in >= len(prompts) + len(MALFORMED)
    assert sum(metric_sum(s, "instructflow_dead_letters_total", agent="scrub") for s in samples) >= len(MALFORMED)
    rejects = sum(metric_sum(s, "instructflow_rejects_total", agent="dedup_combiner", reason="duplicate_near")
                  for s in samples)
    assert rejects >= 40
    assert any(metric_sum(s, "instructflow_batch_seconds_count", agent="dedup_owner") > 0 for s in samples)
    assert any(k.startswith("instructflow_consumer_lag{") for s in samples for k in s)

    # Logs: JSON lines, and no planted PII value in any worker's log.
    for i in range(2):
        text = (tmp_path / f"worker{i}.log").read_text(errors="replace")
        lines = [ln for ln in text.splitlines() if ln.startswith("{")]
        assert lines and all(json.loads(ln)["level"] for ln in lines)
        for _, values in PII_CASES:
            for value in values:
                assert value not in text, value
