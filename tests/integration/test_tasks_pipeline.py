"""Task datasets end to end: `instructflow tasks load` -> tasks.raw -> format -> scrub/score/dedup -> chDB pool."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.loadgen import pool_count, wait_until
from instructflow.agents.format.readers import read_records
from instructflow.agents.scrub.policy import ANSWER_LOST
from instructflow.infra.stack import WorkerProcess
from instructflow.schemas import TaskRecord
from instructflow.sinks.pool import Pool
from instructflow.streams.admin import ensure_topics
from instructflow.streams.producer import Publisher
from instructflow.streams.settings import Settings
from instructflow.streams.topics import TASKS_RAW
from tests.integration.support import dead_letters, run_cli

pytestmark = pytest.mark.integration
PUBLIC_PASSAGE = ("William the Conqueror was the first Norman king of England. He was born in Falaise, a region in "
                  "France. The museum's desk answers on 010-1234-5678.")
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
    # Per-source policy (docs/privacy.md): a public figure and place stay in a task instance and
    # its answer still matches the passage; the phone number in the same passage does not stay.
    # Planted once: INSTRUCTFLOW_SCRUB_TASK_POLICY=full -> "William the Conqueror" became a
    # placeholder and the row's output no longer matched.
    public = TaskRecord(dataset="squad", split="dev", record_id="public-1", task_type="extractive_qa", lang="en",
                        fields={"context": PUBLIC_PASSAGE, "question": "Who was the first Norman king of England?",
                                "answers": ["William the Conqueror"], "answer_starts": [0]})
    expected["squad"] += 1
    with Publisher(settings) as pub:
        pub.send(TASKS_RAW, bad)
        pub.send(TASKS_RAW, public)

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
    (row,) = [r for r in rows if r["record_id"] == "public-1"]
    assert row["reject_reason"] != ANSWER_LOST
    text = "\n".join((row["instruction"], row["input"], row["output"]))
    assert "William the Conqueror" in text and "Falaise, a region in France" in text
    assert "010-1234-5678" not in text and "<PHONE_NUMBER_1>" in text and row["pii"] == {"PHONE_NUMBER": 1}
    # Whichever template was chosen, an answer that was a span of the prompt still is one.
    if "William the Conqueror" in row["output"]:
        assert row["output"].strip() in row["instruction"] + "\n" + row["input"]
    assert len(letters) == 1 and letters[0].agent == "format"
    assert "answers" in letters[0].error and TaskRecord.model_validate_json(letters[0].original).record_id == "bad-1"
