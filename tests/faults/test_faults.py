"""Fault injection on one machine: the local broker, worker processes, chDB, the LLM test double.

Every test ends with the pool equal to the expected set (each valid prompt exactly one row,
planted duplicate pairs decided right) and every bad message in the dead-letter topic with a
reason. Kill points are drawn from seeded RNGs; a failure message names the seed and schedule.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from kafka import KafkaProducer

from bench.loadgen import Batch, generated_batch, pool_count, wait_until
from bench.scaleout import metric_sum, ready, scrape, start_workers, stop_workers, wait_ready
from instructflow.agents.scrub.origin_id import keyed_origin_id, load_key
from instructflow.app.worker import EXIT_AGENT_CRASHED
from instructflow.cli.main import restart_worker
from instructflow.cli.seeds import DEMO_SEEDS, send_seeds
from instructflow.cli.synth import publish_job
from instructflow.infra.broker import EmbeddedBroker
from instructflow.infra.llm_testserver import Faults, ServerThread, TestDouble
from instructflow.infra.processes import RestartBudget
from instructflow.infra.stack import WorkerProcess
from instructflow.schemas import Instance, SynthJob
from instructflow.streams.admin import ensure_topics
from instructflow.streams.kafka import client_options
from instructflow.streams.limits import fit_original
from instructflow.streams.log import read_values
from instructflow.streams.producer import Publisher
from instructflow.streams.settings import Settings
from instructflow.streams.topics import ACCEPTED, PROMPTS_RAW, REJECTED, topic_name
from tests.faults.hostile import hostile_stream
from tests.integration.support import dead_letters, publish_paced, run_cli
from tests.integration.test_pipeline import MALFORMED, assert_pairs, pool_rows, publish
from tests.integration.test_synthesis import CAP, candidate_origins, wait_all_decided

pytestmark = [pytest.mark.integration, pytest.mark.faults]

KILLS_PER_RUN = 10  # x 2 seeded runs = 20 SIGKILLs


async def assert_pool_is(settings: Settings, batch: Batch, what: str) -> None:
    rows = pool_rows(settings, [p.id or "" for p in batch.prompts])
    await assert_one_id_per_prompt(settings, rows, what)
    expected = Counter(p.id for p in batch.prompts)
    got = Counter(r["origin_id"] for r in rows)
    lost, extra = expected - got, got - expected
    assert not lost and not extra, f"{what}: lost {sorted(lost)[:10]}, duplicated/unexpected {sorted(extra)[:10]}"
    assert_pairs(rows, batch)


async def assert_one_id_per_prompt(settings: Settings, rows: list[dict], what: str) -> None:
    """Each prompt decided under one instance id on instances.accepted and instances.rejected (the
    log the pool is rebuilt from), however often it was redelivered: a redelivery must reproduce
    its id, or a second id is a second row (a duplicate, or a reject that hides the first).
    Under FINAL the pool shows one row per id whatever happened, so its ids alone prove nothing.
    Planted (once, then restored): a random salt in agents/identity.instance_id gave redelivered
    prompts a second id, and this check failed (seed 1001, single mode: 10+ prompts)."""
    key = load_key(settings)
    client_of = {keyed_origin_id(str(r["origin_id"]), key): r["origin_id"] for r in rows}
    ids_of: dict[str, set[str]] = {}
    for spec in (ACCEPTED, REJECTED):
        async for inst in read_values(settings, spec, Instance):
            ids_of.setdefault(client_of.get(inst.origin_id, inst.origin_id), set()).add(inst.instance_id)
    twice = {o: sorted(ids) for o, ids in ids_of.items() if len(ids) > 1}
    assert not twice, f"{what}: decided under two instance ids: {list(twice.items())[:5]}"


async def assert_dead_lettered(settings: Settings, originals: list[bytes]) -> None:
    """Each bad message a dead letter: byte for byte, or, over the size limit, its first bytes and size."""
    letters = await dead_letters(settings, len(originals))
    got = Counter((d.original, d.original_size) for d in letters)
    missing = Counter(fit_original(raw, None, settings) for raw in originals) - got
    assert not missing, f"{sum(missing.values())} bad messages not dead-lettered"
    assert all(d.error and d.agent for d in letters)


def wait_until_in_flight(worker: WorkerProcess, settings: Settings, what: str, between: Callable[[], None],
                         timeout_s: float = 60) -> float:
    """Until ``worker`` is in its group, has consumed prompts and holds some it has fetched but not
    committed (its own lag on prompts.raw, from the highwater of its fetches); returns that lag.
    A kill then interrupts unfinished work, which the group must redo: not a worker still loading,
    nor one idle between batches. ``between`` runs between looks (it keeps the stream flowing)."""
    raw = topic_name(PROMPTS_RAW, settings)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if ready(worker):
            samples = scrape(worker)
            owed = metric_sum(samples, "instructflow_consumer_lag", topic=raw)
            if owed > 0 and metric_sum(samples, "instructflow_messages_in_total", agent="scrub") > 0:
                return owed
        between()
        time.sleep(0.1)
    raise AssertionError(f"{what}: worker never had work in flight within {timeout_s:.0f} s; see {worker.log_path}")


@pytest.mark.parametrize(("mode", "seed"), [("single", 1001), ("partitioned", 2002)])
async def test_sigkill_workers_at_seeded_random_points(settings: Settings, tmp_path: Path, mode: str, seed: int):
    """Two workers of one app; ten times, once both are in the group, the stream flows for a seeded
    time and a seeded choice of worker is SIGKILLed as soon as it has work in flight, then restarted."""
    rng = random.Random(seed)
    settings = settings.model_copy(update={"dedup_mode": mode, "topic_partitions": 4, "session_timeout_s": 6.0})
    batch = generated_batch(n_unique=500, n_exact=30, n_near=30, seed=seed)
    ensure_topics(settings)
    workers = start_workers(settings, 2, tmp_path)
    schedule: list[tuple[int, float, float]] = []
    pending = list(batch.prompts)
    pub = Publisher(settings)

    def feed(n: int = 1) -> None:  # the stream: the next prompts of the batch, flushed
        for prompt in pending[:n]:
            pub.send(PROMPTS_RAW, prompt, key=prompt.id)
        del pending[:n]
        pub.flush()

    try:
        for _ in range(KILLS_PER_RUN):
            wait_ready(workers, 120)
            victim, after = rng.randrange(2), rng.uniform(0.2, 3.0)
            flowing_until = time.monotonic() + after
            while time.monotonic() < flowing_until:
                feed()
                time.sleep(0.1)
            owed = wait_until_in_flight(workers[victim], settings, f"seed {seed}, kills so far {schedule}", feed)
            workers[victim].kill()  # SIGKILL: no flush, no commit
            schedule.append((victim, round(after, 2), owed))
            workers[victim] = WorkerProcess(workers[victim].settings, workers[victim].log_path,
                                            own_pool=workers[victim].own_pool).start()
        feed(len(pending))
        for raw in MALFORMED:
            pub.send(PROMPTS_RAW, raw)
        pub.close()
        reader = workers[0].pool_reader()
        wait_until(lambda: pool_count(reader, settings.clickhouse_database) >= len(batch.prompts), 300,
                   f"all prompts pooled (seed {seed}, kills {schedule})")
        await assert_dead_lettered(settings, MALFORMED)
    finally:
        stop_workers(workers)
    await assert_pool_is(settings, batch,
                         f"seed {seed}, mode {mode}, kills (worker, s after healthy, lag at kill) {schedule}")


async def test_broker_frozen_then_resumed(settings: Settings, tmp_path: Path):
    """SIGSTOP the broker (its log is in memory: it must not be restarted) past the session timeout."""
    broker = EmbeddedBroker(tmp_path / "own-broker.log").start()  # never the shared session broker
    try:
        settings = settings.model_copy(update={"kafka_bootstrap": broker.bootstrap})
        batch = generated_batch(n_unique=300, n_exact=20, n_near=20, seed=5)
        ensure_topics(settings)
        worker = WorkerProcess(settings, tmp_path / "worker.log").start()
        try:
            producer = threading.Thread(target=publish_paced, args=(settings, batch.prompts, 40.0), daemon=True)
            producer.start()
            reader = worker.pool_reader()
            wait_until(lambda: pool_count(reader, settings.clickhouse_database) >= 40, 120, "first rows")
            assert broker.pid is not None
            os.kill(broker.pid, signal.SIGSTOP)
            time.sleep(12.0)  # longer than the session timeout (10 s): the group must recover
            os.kill(broker.pid, signal.SIGCONT)
            producer.join(timeout=120)
            wait_until(lambda: pool_count(reader, settings.clickhouse_database) >= len(batch.prompts), 240,
                       "all pooled after the broker came back")
        finally:
            worker.stop()
        await assert_pool_is(settings, batch, "broker frozen 12 s")
    finally:
        if broker.pid is not None:
            os.kill(broker.pid, signal.SIGCONT)
        broker.stop()


def _chattr(flag: str, path: Path) -> bool:
    return subprocess.run(["chattr", flag, str(path)], capture_output=True).returncode == 0


async def test_pool_unwritable_for_a_while(settings: Settings, tmp_path: Path):
    """The instances table's directory is made immutable (even root cannot add a part) for 8 s."""
    if shutil.which("chattr") is None:
        pytest.skip("chattr not installed")
    batch = generated_batch(n_unique=300, n_exact=20, n_near=20, seed=8)
    publish(settings, batch.prompts[:50])
    worker = WorkerProcess(settings, tmp_path / "worker.log").start()
    locked: Path | None = None
    try:
        reader = worker.pool_reader()
        wait_until(lambda: pool_count(reader, settings.clickhouse_database) >= 20, 120, "first rows")
        _, rows = reader.query("SELECT data_paths FROM system.tables WHERE database = {db:String} "
                               "AND name = 'instances'", {"db": settings.clickhouse_database})
        table_dir = Path(rows[0][0][0])
        if not _chattr("+i", table_dir):
            pytest.skip("chattr +i not permitted here (needs CAP_LINUX_IMMUTABLE)")
        locked = table_dir
        publish(settings, batch.prompts[50:])
        deadline = time.monotonic() + 30
        while metric_sum(scrape(worker), "instructflow_pool_retries_total", agent="sink") < 1:
            assert time.monotonic() < deadline, "the sink never found the pool unwritable"
            time.sleep(0.5)
        time.sleep(8.0)
        _chattr("-i", table_dir)
        locked = None
        wait_until(lambda: pool_count(reader, settings.clickhouse_database) >= len(batch.prompts), 240,
                   "all pooled after the pool came back")
    finally:
        if locked is not None:
            _chattr("-i", locked)
        worker.stop()
    await assert_pool_is(settings, batch, "pool unwritable 8 s")


async def test_ten_thousand_hostile_messages(settings: Settings, tmp_path: Path):
    stream = hostile_stream(10_000, seed=4, limit=settings.max_message_bytes)
    assert len(stream.invalid) > 4000 and len(stream.valid_ids) > 3000
    ensure_topics(settings)
    # Another producer, as a production service would be: its own limit is above ours (the embedded
    # broker does not enforce max.message.bytes), so the payloads over the limit reach the topic.
    producer = KafkaProducer(max_request_size=4 * settings.max_message_bytes, linger_ms=20,
                             **client_options(settings))
    for raw in stream.messages:
        producer.send(topic_name(PROMPTS_RAW, settings), raw)
    producer.flush()
    producer.close()
    worker = WorkerProcess(settings, tmp_path / "worker.log").start()
    try:
        reader = worker.pool_reader()
        wait_until(lambda: pool_count(reader, settings.clickhouse_database) >= len(stream.valid_ids), 400,
                   f"{len(stream.valid_ids)} valid hostile prompts pooled")
        await assert_dead_lettered(settings, stream.invalid)
        live = scrape(worker)
    finally:
        worker.stop()
    rows = pool_rows(settings, stream.valid_ids)
    assert Counter(r["origin_id"] for r in rows) == Counter(stream.valid_ids)
    assert metric_sum(live, "instructflow_dead_letters_total", agent="scrub") >= len(stream.invalid)
    # Injection text and control characters are data: each valid prompt's text reaches the pool
    # exactly as sent (a NUL taken as a C string's end on the way to chDB would cut it short).
    # Planted (once, then restored): agents/scrub/intake.py dropping NUL characters from the text
    # failed this check.
    noisy = [r for r in rows if r["origin_id"] in stream.noisy]
    assert sum("\x00" in stream.noisy[r["origin_id"]] for r in noisy) > 10, "too few NULs: the check is vacuous"
    changed = [r["origin_id"] for r in noisy if r["messages"][0]["content"] != stream.noisy[r["origin_id"]]]
    assert not changed, f"{len(changed)} prompts changed on the way: {changed[:5]}"


async def test_llm_endpoint_that_misbehaves(settings: Settings, tmp_path: Path):
    """Timeouts, 500s, 429s and garbage bodies on a third of the calls: every candidate still one row."""
    faults = Faults(timeout=0.1, error500=0.1, error429=0.1, garbage=0.1, hang_s=5.0)
    with ServerThread(TestDouble(seed=3, latency_s=0.01, faults=faults)) as llm:
        settings = settings.model_copy(update={
            "llm_base_url": llm.base_url, "llm_model": "testdouble",
            "llm_concurrency": 2, "llm_timeout_s": 1.0, "llm_max_retries": 8})
        ensure_topics(settings)
        send_seeds(settings, DEMO_SEEDS)
        publish_job(settings, SynthJob(job_id="faults", max_candidates=CAP))
        worker = WorkerProcess(settings, tmp_path / "worker.log").start()
        try:
            reader = worker.pool_reader()
            await wait_all_decided(settings, reader, {"faults": CAP}, 200)
        finally:
            worker.stop()
        assert sum(llm.double.stats.by_fault.values()) > 0, "no fault was injected"
    sent = await candidate_origins(settings)
    rows = [r for r in pool_rows(settings) if r["source"] == "synthetic"]
    pooled = Counter(r["origin_id"] for r in rows)
    # Every candidate is a row (filter rejects of the loop go straight to instances.rejected, so the
    # pool holds more than the candidates topic), and no origin is a row twice.
    assert sent and set(sent) <= set(pooled)
    assert max(pooled.values()) == 1


class CrashingWorker(WorkerProcess):
    module = "tests.faults.crashing_worker"


async def test_a_crashed_agent_exits_the_worker_and_its_restart_redoes_the_batch(
        settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The scrub agent crashes once half-way through sending a batch's results: the worker exits (70)
    instead of running on without it,
    the supervisor's restart (`up`'s own code) redoes the batch, and liveness is 200 again.
    Planted (once, then restored): without the exit-on-crash hook (app/worker.py) the worker ran on
    with the agent restarted by Faust and this test failed waiting for the exit."""
    monkeypatch.setenv("INSTRUCTFLOW_TEST_CRASH_MARK", str(tmp_path / "crashed"))
    batch = generated_batch(n_unique=60, n_exact=0, n_near=0, seed=21)
    worker = CrashingWorker(settings, tmp_path / "worker.log").start()
    try:
        publish(settings, batch.prompts)
        proc = worker.proc
        assert proc is not None
        assert proc.wait(timeout=60) == EXIT_AGENT_CRASHED, (tmp_path / "worker.log").read_text()[-3000:]
        assert (tmp_path / "crashed").exists()
        restart_worker(worker, RestartBudget())
        worker.wait_healthy(120)
        reader = worker.pool_reader()
        wait_until(lambda: pool_count(reader, settings.clickhouse_database) >= len(batch.prompts), 240,
                   "all prompts pooled after the restart")
        assert httpx.get(f"{worker.web_url}/health/live", timeout=5).status_code == 200
    finally:
        worker.stop()
    await assert_pool_is(settings, batch, "scrub agent crashed once")


def _prompt_of_size(pid: str, size: int) -> bytes:
    """A valid prompt whose JSON is exactly ``size`` bytes."""
    head = b'{"id": "' + pid.encode() + b'", "messages": [{"role": "user", "content": "Explain tides. '
    tail = b'"}]}'
    return head + b"x" * (size - len(head) - len(tail)) + tail


async def test_messages_over_the_size_limit_are_dead_lettered_and_the_stream_goes_on(
        settings: Settings, tmp_path: Path):
    """Above every limit: a 10 MB prompt through the topic (another producer; the embedded broker does
    not enforce max.message.bytes), a value one byte over the limit, one under it whose scrubbed
    instance grows over it, and a 17 MB line through the CLI. Each over-limit message is a dead letter
    naming its size; the valid messages after them are pooled; the CLI reports FILE:LINE and still
    sends the lines after the bad one. Planted (once, then restored): without the runtime's size
    checks on input and output (Runtime._handle_batch, Runtime._encoded) only the last guard at the
    send caught the values, without the input's coordinates or bytes, and this test failed on the
    10 MB prompt's missing dead letter."""
    limit = settings.max_message_bytes
    ensure_topics(settings)
    oversized = {"huge": _prompt_of_size("huge", 10_000_000), "over": _prompt_of_size("over", limit + 1),
                 "grows": _prompt_of_size("grows", limit - 64)}
    producer = KafkaProducer(max_request_size=32 * 1024 * 1024, **client_options(settings))
    for raw in oversized.values():
        producer.send(topic_name(PROMPTS_RAW, settings), raw).get(timeout=60)
    producer.close()
    after = generated_batch(n_unique=20, n_exact=0, n_near=0, seed=31)
    publish(settings, after.prompts[:10])
    lines = tmp_path / "prompts.jsonl"
    with lines.open("wb") as f:
        f.write(after.prompts[10].model_dump_json().encode() + b"\n")
        f.write(_prompt_of_size("cli-huge", 17_000_000) + b"\n")
        for p in after.prompts[11:]:
            f.write(p.model_dump_json().encode() + b"\n")
    cli = run_cli(settings, "produce", "prompts", str(lines))
    assert cli.returncode == 1, cli.stdout + cli.stderr
    assert f"{lines}:2: message: MessageTooLarge: message of" in cli.stderr.replace("\n", ""), cli.stderr
    assert "sent 10 prompts to prompts.raw; 1 lines skipped" in cli.stdout, cli.stdout
    worker = WorkerProcess(settings, tmp_path / "worker.log").start()
    try:
        reader = worker.pool_reader()
        wait_until(lambda: pool_count(reader, settings.clickhouse_database) >= len(after.prompts), 240,
                   "the valid prompts after the oversized ones pooled")
        letters = await dead_letters(settings, len(oversized))
        assert httpx.get(f"{worker.web_url}/health/live", timeout=5).status_code == 200
    finally:
        worker.stop()
    await assert_pool_is(settings, after, "after oversized messages")
    by_size = {d.original_size: d for d in letters}
    for name, raw in oversized.items():
        if name == "grows":
            letter = next(d for d in letters if "instances.scrubbed" in d.error)
        else:
            letter = by_size[len(raw)]
            assert letter.error.startswith(f"MessageTooLarge: message of {len(raw)} bytes"), letter.error
        assert letter.agent == "scrub" and raw.startswith(letter.original), name
        assert len(letter.model_dump_json()) <= limit, name  # the dead letter itself fits
    assert "Explain tides" not in " ".join(d.error for d in letters)  # sizes, never content
