"""The pool's sessions on real chDB: a writer stuck read-only is reported and replaced, and nothing
an outside query does reaches the writer (the fault behind issue 11's stuck pool)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from instructflow.schemas import Instance, Lineage, Message, Source
from instructflow.sinks.pool import Pool, PoolUnavailable, QueryLimits

pytestmark = pytest.mark.integration


def instance(i: int) -> Instance:
    return Instance(instance_id=f"s{i}", source=Source.chat, stage=2, messages=[Message(role="user", content="hi")],
                    lineage=Lineage(topic="t", partition=0, offset=i), created_at=datetime(2026, 1, 1, tzinfo=UTC))


@pytest.fixture
def pool(tmp_path: Path) -> Iterator[Pool]:
    p = Pool(f"chdb://{tmp_path / 'pool'}", "instructflow", QueryLimits(timeout_s=5, max_rows=1000))
    p.migrate()
    yield p
    p.close()  # chDB opens one path per process: release it for the tests that follow


def count(pool: Pool) -> int:
    return pool.query("SELECT count() FROM instructflow.instances FINAL")[1][0][0]


def test_a_writer_stuck_read_only_fails_readiness_then_recovers(pool: Pool):
    # Planted: _reopen_if_stuck() a no-op -> every later insert failed and writable() stayed False (red).
    pool.insert([instance(1)])
    assert pool.writable() == (True, "ok")
    pool.client.command("SET readonly = 1")  # what clickhouse-connect's SET dance used to leave behind
    assert pool.writable() == (False, "writer session is read-only")
    with pytest.raises(PoolUnavailable):
        pool.insert([instance(2)])  # refused: the sink retries this batch, unacknowledged
    pool.insert([instance(2)])  # the retry lands on a fresh writer session
    assert pool.writable() == (True, "ok") and count(pool) == 2


def test_refused_outside_queries_leave_the_writer_writable(pool: Pool):
    # Planted: outside_query() through the writer's client with settings={"readonly": 1} (the
    # old Pool.query) and no allowlist -> the next insert failed with READONLY (red).
    for sql in ("WITH 1 AS x INSERT INTO instructflow.instances (instance_id) VALUES ('x')",
                "SELECT 1 SETTINGS readonly = 0"):
        with pytest.raises(Exception):  # noqa: B017 - refused by the check or by the engine: either is fine here
            pool.outside_query(sql)
    pool.insert([instance(3)])
    assert pool.writable() == (True, "ok") and count(pool) == 1
    assert pool.outside_query("SELECT count() FROM instances")[1] == [(1,)]


def test_the_outside_session_is_locked_whatever_the_check_lets_through(pool: Pool):
    # The second wall, behind the allowlist. Planted: "readonly" dropped from
    # QueryLimits.session_settings() -> the direct INSERT below was written (red).
    session = pool._outside_session()
    assert session.query("SELECT getSetting('readonly'), getSetting('max_execution_time'), "
                         "getSetting('max_result_rows')").result_rows == [(1, 5, 1000)]
    with pytest.raises(Exception, match="READONLY"):
        session.command("INSERT INTO instructflow.instances (instance_id) VALUES ('bypass')")
    with pytest.raises(Exception, match="READONLY"):
        session.command("SET max_execution_time = 0")
    assert count(pool) == 0
