"""Synthesis jobs end to end: test-double LLM, real Tansu broker, Faust worker, chDB pool, the CLI
as a user types it (`instructflow seeds load`, `synth run`, `synth status`, `up`).

Job 1 generates from the shipped demo seeds until its cap; every candidate goes through scrub,
score and dedup into the pool. Seeds loaded after it are used by the next job. Job 3 runs on a
restarted worker, which recovers seeds and the accepted pool from the log, so accepted synthetic
instances are its demonstrations — while the LLM times out, answers 500/429 and sends garbage,
which must be survived with nothing lost. A worker killed mid-job finishes it without repeating
a round; `up` restarted on the same data dir does not run its demo job again.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition

from instructflow.agents.synthesize import filters as f
from instructflow.agents.synthesize.seed import read_seeds
from instructflow.cli.seeds import DEMO_SEEDS, send_seeds
from instructflow.infra.broker import free_port
from instructflow.infra.llm_testserver import Faults, ServerThread, TestDouble
from instructflow.infra.stack import WorkerProcess
from instructflow.schemas import Instance, SynthRound
from instructflow.sinks.reader import RemotePool, open_reader
from instructflow.streams import runfile
from instructflow.streams.admin import ensure_topics
from instructflow.streams.kafka import client_options
from instructflow.streams.log import read_values
from instructflow.streams.settings import Settings
from instructflow.streams.topics import CANDIDATES, SYNTH_ROUNDS, topic_name
from tests.integration.support import run_cli
from tests.integration.test_pipeline import pool_rows
from tests.integration.test_up import processes_of

pytestmark = pytest.mark.integration

CAP = 24


@pytest.fixture
def llm() -> Iterator[ServerThread]:
    with ServerThread(TestDouble(seed=9, latency_s=0.02)) as srv:
        yield srv


def synthetic_rows(reader: RemotePool, database: str) -> list[tuple[str, str, str]]:
    try:
        _, rows = reader.query(f"SELECT origin_id, status, reject_reason FROM {database}.instances FINAL "
                               "WHERE source = 'synthetic'")
    except Exception:
        return []
    return [(str(o), str(s), str(r)) for o, s, r in rows]


async def candidate_origins(settings: Settings) -> set[str]:
    """Every synthetic candidate on the topic, read until the topic is quiet.

    Not via end offsets: Tansu's reported high watermark was seen one record short of the
    last offset on some partitions, which would hide exactly the records this test counts.
    """
    consumer = AIOKafkaConsumer(group_id=None, enable_auto_commit=False, auto_offset_reset="earliest",
                                **client_options(settings))
    await consumer.start()
    try:
        name = topic_name(CANDIDATES, settings)
        tps = [TopicPartition(name, p) for p in sorted(consumer.partitions_for_topic(name) or ())]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        out: set[str] = set()
        quiet = 0
        while quiet < 2:
            batches = await consumer.getmany(timeout_ms=700)
            quiet = 0 if batches else quiet + 1
            for records in batches.values():
                for r in records:
                    inst = Instance.model_validate_json(r.value)
                    if inst.source.value == "synthetic":
                        out.add(inst.origin_id)
        return out
    finally:
        await consumer.stop()


def job_of(origin_id: str) -> str:
    return origin_id.split(":")[1]


async def wait_all_decided(settings: Settings, reader: RemotePool, jobs: dict[str, int], timeout_s: float) -> None:
    """Until each job's cap of candidates is on the topic and every one of them is in the pool."""
    import asyncio

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        sent = {o for o in await candidate_origins(settings) if job_of(o) in jobs}
        per_job = Counter(job_of(o) for o in sent)
        pooled = {o for o, _, _ in synthetic_rows(reader, settings.clickhouse_database)}
        if all(per_job[j] >= cap for j, cap in jobs.items()) and sent <= pooled:
            return
        await asyncio.sleep(1.0)
    raise TimeoutError(f"synthetic candidates of {sorted(jobs)} not all decided after {timeout_s:.0f} s")


def synth_status(settings: Settings) -> dict[str, dict]:
    result = run_cli(settings, "synth", "status", "--json")
    assert result.returncode == 0, result.stderr
    return {j["job_id"]: j for j in json.loads(result.stdout)}


def job_rows(settings: Settings, job: str, reader: RemotePool | None = None) -> list[dict]:
    """The job's pool rows: through the running worker's ``reader`` (it owns the chDB path), else opened here."""
    if reader is None:
        rows = pool_rows(settings)
    else:
        names, values = reader.query(f"SELECT * FROM {settings.clickhouse_database}.instances FINAL")
        rows = [dict(zip(names, v, strict=True)) for v in values]
    return [r for r in rows if r["source"] == "synthetic" and job_of(r["origin_id"]) == job]


def is_candidate(row: dict) -> bool:
    """A row that left the synthesis filters (what a job's cap counts), whatever was decided later."""
    return not row["reject_reason"].startswith("synth_")


def check_status_against_pool(status: dict, rows: list[dict], cap: int) -> None:
    assert status["state"] == "finished" and status["pending"] == 0
    assert status["candidates"] == cap == sum(map(is_candidate, rows))
    assert status["candidates"] + status["filter_rejects"] == len(rows)
    assert status["accepted"] == sum(r["status"] == "accepted" for r in rows) > 0
    assert status["rejected"] == sum(r["status"] == "rejected" for r in rows)
    assert status["rounds"] == len({r["generation_round"] for r in rows})
    assert status["prompt_tokens"] == sum(r["prompt_tokens"] for r in rows) > 0
    assert status["completion_tokens"] == sum(r["completion_tokens"] for r in rows) > 0
    assert status["cost_usd"] > 0


FRESH_SEEDS = [
    {"id": "fresh-1", "instruction": "Name three spices that go well with roasted carrots.",
     "instances": [{"input": "", "output": "Cumin, coriander and smoked paprika."}]},
    {"id": "fresh-2", "instruction": "Suggest a name for a bakery that sells only sourdough bread.",
     "instances": [{"input": "", "output": "The Patient Loaf."}]},
    {"id": "fresh-3", "instruction": "Rewrite the sentence so that it sounds more polite.",
     "instances": [{"input": "Give me the report now.", "output": "Could you send me the report, please?"}]},
]


async def test_synthesis_jobs_end_to_end(settings: Settings, llm: ServerThread, tmp_path: Path):
    settings = settings.model_copy(update={
        "llm_base_url": llm.base_url, "llm_model": "testdouble", "llm_concurrency": 2, "llm_timeout_s": 1.0,
        "llm_max_retries": 6, "llm_price_prompt_per_1m": 1.0, "llm_price_completion_per_1m": 2.0})
    ensure_topics(settings)
    loaded = run_cli(settings, "seeds", "load", str(DEMO_SEEDS))
    assert loaded.returncode == 0 and "sent 20 seeds" in loaded.stdout, loaded.stderr
    seed_ids = {s.id for _, s in read_seeds(DEMO_SEEDS)}
    log = tmp_path / "worker.log"

    worker = WorkerProcess(settings, log).start()
    try:
        reader = worker.pool_reader()
        started = run_cli(settings, "synth", "run", "--max", str(CAP), "--id", "job-one")
        assert started.returncode == 0 and "job job-one sent to synth.jobs" in started.stdout, started.stderr
        await wait_all_decided(settings, reader, {"job-one": CAP}, 150)
        check_status_against_pool(synth_status(settings)["job-one"], job_rows(settings, "job-one", reader), CAP)
        run1 = {o: (s, r) for o, s, r in synthetic_rows(reader, settings.clickhouse_database)}

        # Seeds loaded on the running stack, after job 1 finished: the next job samples them.
        unknown = run_cli(settings, "synth", "run", "--seeds-domain", "fresh")
        assert unknown.returncode == 2 and "no seeds with domain fresh" in unknown.stderr
        assert "Traceback" not in unknown.stderr
        fresh = tmp_path / "fresh.jsonl"
        fresh.write_text("".join(json.dumps(x) + "\n" for x in FRESH_SEEDS))
        assert run_cli(settings, "seeds", "load", str(fresh), "--domain", "fresh").returncode == 0
        started = run_cli(settings, "synth", "run", "--seeds-domain", "fresh", "--max", "6", "--id", "job-fresh")
        assert started.returncode == 0 and "from 3 seeds" in started.stdout, started.stdout + started.stderr
        await wait_all_decided(settings, reader, {"job-fresh": 6}, 150)
        status = synth_status(settings)
    finally:
        worker.stop()
    assert status["job-one"]["state"] == status["job-fresh"]["state"] == "finished"

    rows = {r["origin_id"]: r for r in pool_rows(settings) if r["source"] == "synthetic"}
    fresh_ids = {x["id"] for x in FRESH_SEEDS}
    accepted_ids = {r["instance_id"] for r in rows.values() if r["status"] == "accepted"}
    fresh_rows = [r for o, r in rows.items() if job_of(o) == "job-fresh"]
    assert fresh_rows and all(set(r["demonstration_ids"]) & fresh_ids for r in fresh_rows)
    assert all(set(r["demonstration_ids"]) <= fresh_ids | accepted_ids for r in fresh_rows)
    accepted = [r for o, r in rows.items() if r["status"] == "accepted" and job_of(o) == "job-one"]
    assert len(accepted) >= CAP // 2
    for r in accepted:  # lineage points at real seeds (job 1 had no machine demonstrations yet)
        assert r["demonstration_ids"] and set(r["demonstration_ids"]) <= seed_ids
        assert r["model"] == "testdouble" and r["prompt_version"] and r["generation_round"] >= 1
        assert r["stage"] == 3 and r["instance_id"] and r["lang"] in {"en", "ko"}
    reasons = Counter(r["reject_reason"] for r in rows.values() if r["status"] == "rejected")
    assert reasons[f.BLACKLISTED] >= 1 and reasons[f.NOT_NOVEL] >= 1
    assert all(r["duplicate_of"] for r in rows.values() if r["reject_reason"] == f.NOT_NOVEL)

    # Job 3 on a restarted worker, under faults. State (seeds + accepted pool) comes back from the log.
    llm.double.faults = Faults(timeout=0.08, error500=0.12, error429=0.08, garbage=0.12, hang_s=3.0)
    worker = WorkerProcess(settings, log).start()
    try:
        reader = worker.pool_reader()
        assert run_cli(settings, "synth", "run", "--max", str(CAP), "--id", "job-three").returncode == 0
        await wait_all_decided(settings, reader, {"job-three": CAP}, 150)
        status = synth_status(settings)
    finally:
        worker.stop()
    assert sum(llm.double.stats.by_fault.values()) >= 3
    assert llm.double.stats.by_fault.get("garbage", 0) >= 1  # the fault plan's draws start with job 3
    rows2 = {r["origin_id"]: r for r in pool_rows(settings) if r["source"] == "synthetic"}
    new = {o: r for o, r in rows2.items() if job_of(o) == "job-three"}
    assert not set(new) & set(run1)
    # Accepted synthetic instances of earlier jobs are demonstrations of job 3.
    assert any(set(r["demonstration_ids"]) & accepted_ids for r in new.values())
    known = seed_ids | fresh_ids | {r["instance_id"] for r in rows2.values() if r["status"] == "accepted"}
    assert all(set(r["demonstration_ids"]) <= known for r in new.values())
    # Nothing lost: every candidate on the topic is a pool row; garbage became rejects with a reason.
    assert await candidate_origins(settings) <= set(rows2)
    assert any(r["reject_reason"] == f.UNPARSEABLE for r in new.values())
    check_status_against_pool(status["job-three"], list(new.values()), CAP)
    text = log.read_text(errors="replace")
    assert "Traceback" not in text, text[-3000:]


async def round_records(settings: Settings) -> list[SynthRound]:
    return [r async for r in read_values(settings, SYNTH_ROUNDS, SynthRound)]


async def test_worker_killed_mid_job_finishes_it_without_repeating_rounds(settings: Settings, tmp_path: Path):
    # Planted once: run_job clearing the job's recorded rounds before it starts (progress.rounds.clear()):
    # the restarted worker began again at round 1 and the first check below went red (8 round records,
    # 5 distinct: rounds 1-3 done twice).
    import asyncio

    cap = 40
    with ServerThread(TestDouble(seed=4, latency_s=0.4)) as llm:
        settings = settings.model_copy(update={"llm_base_url": llm.base_url, "llm_model": "testdouble",
                                               "llm_concurrency": 1, "llm_price_prompt_per_1m": 1.0})
        ensure_topics(settings)
        send_seeds(settings, DEMO_SEEDS)
        log = tmp_path / "worker.log"
        worker = WorkerProcess(settings, log).start()
        try:
            assert run_cli(settings, "synth", "run", "--max", str(cap), "--id", "job-r").returncode == 0
            deadline = time.monotonic() + 90
            while len(done := await round_records(settings)) < 3:
                assert time.monotonic() < deadline, "no rounds recorded"
                await asyncio.sleep(0.2)
            worker.kill()  # SIGKILL, mid-job
            before = sum(r.candidates for r in done)
            assert 0 < before < cap, before
            worker = WorkerProcess(settings, log).start()
            await wait_all_decided(settings, worker.pool_reader(), {"job-r": cap}, 180)
            status = synth_status(settings)["job-r"]
        finally:
            worker.stop()
        served_tokens = llm.double.stats.tokens

    records = await round_records(settings)
    assert len({r.key for r in records}) == len(records)  # no round recorded twice
    rows = job_rows(settings, "job-r")
    repeated = [o for o, n in Counter(r["origin_id"] for r in rows).items() if n > 1]
    assert not repeated, repeated  # a redone round would have new rows under the same origin ids
    check_status_against_pool(status, rows, cap)  # candidates == cap, not cap + what came before the kill
    assert sum(r["generation_round"] == 1 for r in rows) <= 16  # one round's worth, not two
    # Spend not doubled: the pool holds what was spent, short only of the rounds in flight at the kill.
    pooled_tokens = status["prompt_tokens"] + status["completion_tokens"]
    assert pooled_tokens <= served_tokens < 1.5 * pooled_tokens, (pooled_tokens, served_tokens)


def test_up_restarted_does_not_run_its_demo_job_again(tmp_path: Path):
    data_dir = tmp_path / "var"
    env = {k: v for k, v in os.environ.items() if not k.startswith("INSTRUCTFLOW_")}
    env.update({"INSTRUCTFLOW_DATA_DIR": str(data_dir), "INSTRUCTFLOW_SYNTH_MAX_INSTANCES": "12",
                "INSTRUCTFLOW_SESSION_TIMEOUT_S": "10", "INSTRUCTFLOW_HEARTBEAT_INTERVAL_S": "1",
                "INSTRUCTFLOW_REBALANCE_TIMEOUT_S": "10", "INSTRUCTFLOW_COMMIT_INTERVAL_S": "0.5"})
    settings = Settings(data_dir=data_dir)

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "instructflow.cli.main", *args], capture_output=True, text=True,
                              env=env, timeout=120)

    def up_once(out: Path, until: str) -> tuple[dict, int]:
        env["INSTRUCTFLOW_WEB_PORT"] = str(free_port())
        with out.open("wb") as sink:
            up = subprocess.Popen([sys.executable, "-m", "instructflow.cli.main", "up"], stdout=sink,
                                  stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, start_new_session=True)
        try:
            deadline = time.monotonic() + 240
            while True:
                assert up.poll() is None and time.monotonic() < deadline, out.read_text()
                time.sleep(2.0)
                if runfile.live_owner(settings) is None or "synth  : demo job" not in out.read_text():
                    continue
                jobs = json.loads(cli("synth", "status", "--json").stdout or "[]")
                demo = next((j for j in jobs if j["job_id"].startswith("demo-")), None)
                log = (settings.run_dir / "worker.log").read_text(errors="replace")
                if demo and demo["state"] == "finished" and demo["pending"] == 0 and until in log:
                    break
            time.sleep(5.0)  # a re-run would have started by now
            _, rows = open_reader(settings).query(
                "SELECT count() FROM instructflow.instances FINAL WHERE source = 'synthetic'")
            jobs = json.loads(cli("synth", "status", "--json").stdout)
            return next(j for j in jobs if j["job_id"].startswith("demo-")), int(rows[0][0])
        finally:
            os.killpg(up.pid, signal.SIGINT)
            up.wait(timeout=30)

    try:
        first, rows1 = up_once(tmp_path / "up1.out", "synthesis job demo-")  # its own log line: it ran
        text = " ".join((tmp_path / "up1.out").read_text().split())  # as rich wrapped it
        assert "stops after 12 candidates pass the synthesis filters" in text, text
        # What the banner says: the cap counts candidates; the filters' rejects are rows too.
        assert first["candidates"] == 12 and rows1 == first["candidates"] + first["filter_rejects"]
        # Restarted: new in-memory broker (empty topics), the same pool. The job is known done from the pool.
        second, rows2 = up_once(tmp_path / "up2.out", f"synthesis job {first['job_id']} is finished")
        assert second["job_id"] == first["job_id"] and rows2 == rows1
        assert (second["candidates"], second["prompt_tokens"]) == (first["candidates"], first["prompt_tokens"])
    finally:
        for pid in processes_of(data_dir):
            os.kill(pid, signal.SIGKILL)
