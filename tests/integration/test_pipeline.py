"""End to end on real parts: Tansu broker on loopback, Faust worker process, chDB pool."""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pytest

from bench.loadgen import Batch, generated_batch, pool_count, wait_until
from instructflow.agents.scrub.origin_id import keyed_origin_id, load_key
from instructflow.infra.stack import WorkerProcess
from instructflow.schemas import Message, Prompt
from instructflow.sinks.pool import Pool
from instructflow.streams.settings import Settings
from tests.integration.support import dead_letters, publish, publish_paced

pytestmark = pytest.mark.integration

# (prompt text, the values that must never reach the pool or the logs)
PII_CASES: list[tuple[str, list[str]]] = [
    ("My name is Jennifer Walsh and my phone number is 415-555-0134. How do I appeal a parking ticket?",
     ["Jennifer Walsh", "415-555-0134"]),
    ("Please email the invoice to robert.king@example.com and explain how VAT is computed on it.",
     ["robert.king@example.com"]),
    ("Charge 4111 1111 1111 1111 again? Explain how to dispute a duplicate card payment with my bank.",
     ["4111 1111 1111 1111"]),
    ("제 이름은 김민준이고 전화번호는 010-1234-5678입니다. 요금제를 바꾸는 방법을 알려주세요.",
     ["김민준", "010-1234-5678"]),
    ("주민등록번호 900101-1234567 을 입력하라는 문자가 왔는데 피싱인지 확인하는 방법을 알려주세요.",
     ["900101-1234567"]),
    ("서울특별시 강남구 테헤란로 123 에 사는데 주말에 갈 만한 전시회를 추천해 주세요.",
     ["테헤란로 123"]),
    # Issue 12 forms: glued to Korean particles, 12-19 digit cards, prefixes, impossible dates, whole addresses.
    # Planted once: identifiers.compile_ascii without ASCII rules -> "jangboram" reached the pool.
    ("메일은 jangboram@naver.com으로요. 답장 템플릿을 만들어 주세요.", ["jangboram@naver.com", "jangboram"]),
    ("카드번호 2221 0012 3456 7896로 결제했는데 환불 절차를 알려주세요.", ["2221 0012 3456 7896", "3456 7896"]),
    ("Call +1-212-555-0147x204 or 001-415-555-0199 to reschedule; how do I write a polite reminder?",
     ["212-555-0147", "0147x204", "415-555-0199"]),
    ("주민번호 900001-1234567로 가입이 안 되는데 이유가 뭘까요?", ["900001-1234567"]),
    ("Ship to 1777 Kramer Court Apt. 3, Johnsonfurt, NE 80119 - what is the cheapest courier?",
     ["Kramer Court", "Johnsonfurt", "80119"]),
    ("배송지는 서울특별시 강남구 테헤란로 152, 101동 1002호 (역삼동)입니다. 택배 분실 시 대처법은?",
     ["테헤란로 152", "1002호", "(역삼동)"]),
]

MALFORMED: list[bytes] = [
    b"{not json",
    b"\xff\xfe\x00 not utf-8",
    b'{"messages": []}',
    b'{"messages": [{"role": "user", "content": "   "}]}',
    b'{"id": "m5", "messages": "hello"}',
    b"",
    b'{"lang": 5, "messages": [{"role": "user", "content": "call me at 010-9999-8888"}]}',
]


def pii_prompts() -> list[Prompt]:
    return [Prompt(id=f"pii{i}", messages=[Message(role="user", content=text)])
            for i, (text, _) in enumerate(PII_CASES)]


def run_until_pooled(settings: Settings, worker: WorkerProcess, expected: int, timeout_s: float = 300) -> None:
    reader = worker.pool_reader()
    wait_until(lambda: pool_count(reader, settings.clickhouse_database) >= expected, timeout_s,
               f"{expected} instances in the pool")


def pool_rows(settings: Settings, client_ids: Iterable[str] = ()) -> list[dict]:
    """Every row; a chat row's origin_id (a keyed hash) read back as the client id it hashes, for
    the ``client_ids`` given (as a client holding its ids and the key would find its rows)."""
    key = load_key(settings)
    known = {keyed_origin_id(c, key): c for c in client_ids}
    pool = Pool(settings.pool_dsn, settings.clickhouse_database)
    try:
        rows = list(pool.iter_dicts(f"SELECT * FROM {settings.clickhouse_database}.instances FINAL"))
    finally:
        pool.close()
    for r in rows:
        r["origin_id"] = known.get(r["origin_id"], r["origin_id"])
    return rows


def assert_pairs(rows: list[dict], batch: Batch) -> None:
    """Each planted pair: exactly one accepted, the other rejected as a duplicate of it."""
    by_origin = {r["origin_id"]: r for r in rows}
    for pairs, reason in ((batch.exact_of, "duplicate_exact"), (batch.near_of, "duplicate_near")):
        for copy, original in pairs.items():
            a, b = by_origin[copy], by_origin[original]
            statuses = sorted([a["status"], b["status"]])
            assert statuses == ["accepted", "rejected"], (copy, original, statuses)
            winner, loser = (a, b) if a["status"] == "accepted" else (b, a)
            assert loser["reject_reason"] == reason, (copy, loser["reject_reason"])
            assert loser["duplicate_of"] == winner["instance_id"]


async def test_prompts_flow_to_pool_scrubbed_deduplicated_and_dead_lettered(settings: Settings, tmp_path: Path):
    batch = generated_batch(n_unique=300, n_exact=25, n_near=25)
    prompts = batch.prompts + pii_prompts()
    publish(settings, prompts, MALFORMED)
    worker = WorkerProcess(settings, tmp_path / "worker.log").start()
    try:
        run_until_pooled(settings, worker, len(prompts))
        letters = await dead_letters(settings, len(MALFORMED))
    finally:
        worker.stop()
    rows = pool_rows(settings, [p.id or "" for p in prompts])

    # Counts add up exactly: every valid prompt is one row, accepted or rejected; nothing else.
    assert len(rows) == len(prompts)
    assert Counter(r["origin_id"] for r in rows) == Counter(p.id for p in prompts)
    status = Counter(r["status"] for r in rows)
    assert status["accepted"] + status["rejected"] == len(prompts)
    assert all(r["source"] == "chat" and r["stage"] == 2 and r["output"] == "" for r in rows)
    assert_pairs(rows, batch)
    unique_accepted = {r["origin_id"] for r in rows if r["status"] == "accepted"}
    assert len(unique_accepted & {p.id for p in batch.prompts}) == 300

    # No PII value anywhere in the pool, and none in the worker's log.
    dump = json.dumps(rows, default=str, ensure_ascii=False)
    log = (tmp_path / "worker.log").read_text(errors="replace")
    for _, values in PII_CASES:
        for value in values:
            assert value not in dump, value
            assert value not in log, value
    by_origin = {r["origin_id"]: r for r in rows}
    assert by_origin["pii0"]["pii"].get("PERSON") == 1 and by_origin["pii0"]["pii"].get("PHONE_NUMBER") == 1
    assert "<PERSON_1>" in by_origin["pii0"]["messages"][0]["content"]

    # Every malformed message is in the dead-letter topic, byte for byte, with a reason free of its values.
    assert sorted(d.original for d in letters) == sorted(MALFORMED)
    assert all(d.agent == "scrub" and d.error for d in letters)
    assert not any("010-9999-8888" in d.error for d in letters)


async def test_worker_killed_mid_stream_loses_and_duplicates_nothing(settings: Settings, tmp_path: Path):
    batch = generated_batch(n_unique=2500, n_exact=150, n_near=150, seed=11)
    total = len(batch.prompts)
    head, tail = batch.prompts[:100], batch.prompts[100:]
    publish(settings, head)
    # The stream keeps flowing while the worker dies and comes back: once the worker consumes,
    # a producer thread sends the rest at a pace below the pipeline's, so the kill lands with
    # work in flight on every topic.
    producer = threading.Thread(target=publish_paced, args=(settings, tail, 150.0), kwargs={"flush_every": 20},
                                daemon=True)
    log = tmp_path / "worker.log"
    worker = WorkerProcess(settings, log).start()
    try:
        reader = worker.pool_reader()
        wait_until(lambda: pool_count(reader, settings.clickhouse_database) >= 50, 240, "the worker consuming")
        producer.start()
        wait_until(lambda: pool_count(reader, settings.clickhouse_database) >= 400, 240, "400 pooled")
        worker.kill()  # SIGKILL: no flush, no commit, no goodbye
        assert producer.is_alive(), "the kill came after the stream ended"
        worker = WorkerProcess(settings, log).start()
        run_until_pooled(settings, worker, total)
    finally:
        producer.join(timeout=60)
        worker.stop()
    rows = pool_rows(settings, [p.id or "" for p in batch.prompts])
    assert len(rows) == total
    assert Counter(r["origin_id"] for r in rows) == Counter(p.id for p in batch.prompts)
    assert_pairs(rows, batch)
    assert sum(r["status"] == "accepted" for r in rows) == 2500
