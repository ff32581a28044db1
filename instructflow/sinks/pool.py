"""The instance pool in ClickHouse: one client API for chDB on disk and a server over HTTP."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from typing import Any

import clickhouse_connect
from clickhouse_connect.driver.client import Client

from instructflow.schemas import Instance
from instructflow.schemas.pool import COLUMN_NAMES, to_row
from instructflow.sinks.migrations import migrate
from instructflow.streams.errors import SinkUnavailable

READ_ONLY = {"readonly": 1}
_READ_STATEMENT = re.compile(r"^\s*(SELECT|WITH|SHOW|DESCRIBE|DESC|EXPLAIN|EXISTS)\b", re.IGNORECASE)
_LITERALS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`")


class PoolUnavailable(SinkUnavailable):
    """The pool cannot be written now; the caller retries and must not acknowledge the batch."""


class NotReadOnly(ValueError):
    pass


class Pool:
    def __init__(self, dsn: str, database: str) -> None:
        self.dsn = dsn
        self.database = database
        self._client: Client | None = None
        # chDB is one engine per process; clickhouse-connect's client is not thread-safe.
        self._lock = threading.Lock()

    @property
    def client(self) -> Client:
        if self._client is None:
            self._client = clickhouse_connect.get_client(dsn=self.dsn)
        return self._client

    def migrate(self) -> list[str]:
        with self._lock:
            return migrate(self.client, self.database)

    def insert(self, instances: Sequence[Instance]) -> None:
        if not instances:
            return
        rows = [to_row(i) for i in instances]
        try:
            with self._lock:
                self.client.insert(f"{self.database}.instances", rows, column_names=list(COLUMN_NAMES))
        except Exception as exc:  # the driver raises many types; all mean "not written"
            raise PoolUnavailable(f"insert of {len(rows)} instances failed: {type(exc).__name__}") from exc

    def insert_rows(self, table: str, rows: Sequence[Sequence[Any]], column_names: Sequence[str]) -> None:
        """Insert into another table of this database (console state); values go as data, never SQL."""
        if not rows:
            return
        try:
            with self._lock:
                self.client.insert(f"{self.database}.{table}", list(rows), column_names=list(column_names))
        except Exception as exc:  # the driver raises many types; all mean "not written"
            raise PoolUnavailable(f"insert of {len(rows)} rows into {table} failed: {type(exc).__name__}") from exc

    def query(self, sql: str, parameters: dict[str, Any] | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Run a read-only query. ClickHouse's ``readonly`` setting enforces it; the prefix check
        only turns the common mistake into a clear message."""
        if not _READ_STATEMENT.match(sql):
            raise NotReadOnly("only SELECT / WITH / SHOW / DESCRIBE / EXPLAIN / EXISTS queries are allowed")
        sql = sql.strip().rstrip(";")
        if ";" in _LITERALS.sub("", sql):
            raise NotReadOnly("one statement at a time")
        with self._lock:
            result = self.client.query(sql, parameters=parameters or {}, settings=READ_ONLY)
            return list(result.column_names), list(result.result_rows)

    def iter_dicts(self, sql: str, parameters: dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        names, rows = self.query(sql, parameters)
        for row in rows:
            yield dict(zip(names, row, strict=True))

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None
