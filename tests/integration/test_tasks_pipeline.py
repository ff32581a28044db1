"""Task datasets end to end: `instructflow tasks load` -> tasks.raw -> format -> scrub/score/dedup -> chDB pool."""

from __future__ import annotations

from pathlib import Path

import pytest

from instructflow.agents.format.readers import read_records
from instructflow.infra.loadgen import pool_count, wait_until
from instructflow.infra.stack import WorkerProcess
from instructflow.schemas import TaskRecord
from instructflow.sinks.pool import Pool
from instructflow.streams.admin import ensure_topics
from instructflow.streams.producer import Publisher
from instructflow.streams.settings import Settings
from instructflow.streams.topics import TASKS_RAW
from tests.integration.support import dead_letters, run_cli

pytestmark = pytest.mark.integration
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "tasks"
LOADS = [("squad", "squad_mini.json"), ("mnli", "mnli_mini.tsv"), ("kornli", "kornli_mini.tsv"),
         ("gsm8k", "gsm8k_mini.jsonl")]


async def test_task_files_become_pool_instances(settings: Settings, tmp_path: Path):
    ensure_topics(settings)
    expected: dict[str, int] = {}
    for dataset, name in LOADS:
        done = run_cli(settings, "tasks", "load", dataset, str(FIXTURES / name), "--split", "dev")
        good = [r for r in read_records(dataset, FIXTURES / name, split="dev") if isinstance(r, TaskRecord)]
        expected[dataset] = len(good)
        assert done.returncode in (0, 1), done.stderr
        assert f"sent {len(good)} {dataset} records" in done.stdout
    # A record that passed no reader: its answer is not a span of its context.
    bad = TaskRecord(dataset="squad", split="dev", record_id="bad-1", task_type="extractive_qa", lang="en",
                     fields={"context": "The sky is blue.", "question": "What colour is grass?", "answers": ["green"]})
    with Publisher(settings) as pub:
        pub.send(TASKS_RAW, bad)

    worker = WorkerProcess(settings, tmp_path / "worker.log").start()
    try:
        total = sum(expected.values())
        wait_until(lambda: pool_count(worker.pool_reader(), settings.clickhouse_database) >= total, 240,
                   f"{total} task instances")
        letters = await dead_letters(settings, 1)
    finally:
        worker.stop()

    pool = Pool(settings.pool_dsn, settings.clickhouse_database)
    rows = list(pool.iter_dicts("SELECT * FROM instructflow.instances FINAL"))
    assert len(rows) == total
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["dataset"]] = counts.get(row["dataset"], 0) + 1
        assert row["source"] == "task" and row["stage"] == 1
        assert row["template_id"] and row["record_id"] and row["split"] == "dev" and row["output"]
        assert row["origin_id"] == f"{row['dataset']}:dev:{row['record_id']}"
    assert counts == expected
    assert len(letters) == 1 and letters[0].agent == "format"
    assert "answers" in letters[0].error and TaskRecord.model_validate_json(letters[0].original).record_id == "bad-1"
