"""The pool's migrated table is exactly the column list that schemas/pool.py defines."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from instructflow.schemas import Instance, Lineage, Message, Source
from instructflow.schemas.pool import INSTANCE_COLUMNS
from instructflow.sinks.pool import NotReadOnly, Pool


@pytest.fixture(scope="module")
def pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pool]:
    p = Pool(f"chdb://{tmp_path_factory.mktemp('pool') / 'db'}", "instructflow")
    p.migrate()
    yield p
    p.close()  # chDB opens one path per process: release it for the tests that follow


def _norm(t: str) -> str:
    return re.sub(r"\s+", " ", t).replace("( ", "(").replace(" )", ")")


def test_migrated_columns_match_the_schema(pool: Pool):
    _, rows = pool.query("DESCRIBE TABLE instructflow.instances")
    described = {name: _norm(ctype) for name, ctype, *_ in rows}
    expected = {c.name: _norm(c.type) for c in INSTANCE_COLUMNS}
    assert {k: described[k] for k in expected} == expected
    assert set(described) - set(expected) == {"ingested_at"}


def test_migrations_apply_once(pool: Pool):
    assert pool.migrate() == []


def test_insert_is_idempotent_by_instance_id(pool: Pool):
    inst = Instance(instance_id="abc", source=Source.chat, stage=2, messages=[Message(role="user", content="hi")],
                    scores={"quality": 0.5}, pii={"PERSON": 2}, lineage=Lineage(topic="t", partition=1, offset=9),
                    created_at=datetime(2026, 1, 1, tzinfo=UTC))
    pool.insert([inst])
    pool.insert([inst, inst])
    _, rows = pool.query("SELECT count(), any(pii['PERSON']), any(origin_offset) FROM instructflow.instances FINAL "
                         "WHERE instance_id = {id:String}", {"id": "abc"})
    assert rows == [(1, 2, 9)]


def test_inserts_leave_no_cyclic_garbage_holding_rows(pool: Pool):
    """A fresh clickhouse-connect insert context per insert holds a bound method of itself, so each
    batch's rows lived until a GC pass (15-160 ms passes in the pool worker). Planted once: a new
    context per insert (the pool's cache bypassed) left one InsertContext per insert here."""
    insts = [Instance(instance_id=f"g{i}", source=Source.chat, stage=2, instruction=f"text {i}") for i in range(50)]
    pool.insert(insts[:25])  # the table's context exists from here on
    gc.collect()
    flags = gc.get_debug()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for k in range(3):
            pool.insert(insts[k * 8:(k + 1) * 8])
        gc.collect()
        left = [o for o in gc.garbage if type(o).__name__ == "InsertContext"]
    finally:
        gc.garbage.clear()
        gc.set_debug(flags)
    assert left == []
    _, rows = pool.query("SELECT count() FROM instructflow.instances FINAL WHERE startsWith(instance_id, 'g')")
    assert rows == [(25,)]


@pytest.mark.parametrize("sql", ["INSERT INTO instructflow.instances (instance_id) VALUES ('x')",
                                 "DROP TABLE instructflow.instances", "SELECT 1; DROP TABLE x"])
def test_queries_are_read_only(pool: Pool, sql: str, tmp_path: Path):
    # its own row, so that it runs alone too (-k): the count below must see the table survive
    pool.insert([Instance(instance_id="ro", source=Source.chat, stage=2, instruction="kept")])
    with pytest.raises((NotReadOnly, Exception)):
        pool.query(sql)
    _, rows = pool.query("SELECT count() FROM instructflow.instances")
    assert rows[0][0] >= 1
