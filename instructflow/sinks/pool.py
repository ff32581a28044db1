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
from instructflow.streams.settings_check import mask_dsn

READ_ONLY = {"readonly": 1}
_READ_STATEMENT = re.compile(r"^\s*(SELECT|WITH|SHOW|DESCRIBE|DESC|EXPLAIN|EXISTS)\b", re.IGNORECASE)
_LITERALS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`")


class PoolUnavailable(SinkUnavailable):
    """The pool cannot be written now; the caller retries and must not acknowledge the batch."""


class PoolUnreachable(PoolUnavailable):
    """The pool's engine or server cannot be opened; the message names the DSN (password masked)."""


class NotReadOnly(ValueError):
    pass


def _reason(exc: Exception) -> str:
    """The useful part of a driver error: '[Errno 111] Connection refused' rather than 400 characters."""
    text = mask_dsn(str(exc))
    if (errno := re.search(r"\[Errno -?\d+\] [^'\")]+", text)) is not None:
        return errno.group(0)
    return text.strip().splitlines()[0][:300] if text.strip() else type(exc).__name__


class Pool:
    def __init__(self, dsn: str, database: str) -> None:
        self.dsn = dsn
        self.database = database
        self._client: Client | None = None
        self._reads_in_database = False
        # chDB is one engine per process; clickhouse-connect's client is not thread-safe.
        self._lock = threading.Lock()

    @property
    def client(self) -> Client:
        if self._client is None:
            try:
                self._client = clickhouse_connect.get_client(dsn=self.dsn)
            except Exception as exc:  # refused, DNS, auth, chDB path locked: all mean "cannot open it"
                raise PoolUnreachable(f"cannot open the pool {mask_dsn(self.dsn)}: {_reason(exc)}") from exc
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
                self.client.insert(f"{self.database}.{table}", rows, column_names=list(column_names))
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
            self._default_to_pool_database()
            result = self.client.query(sql, parameters=parameters or {}, settings=READ_ONLY)
            return list(result.column_names), [tuple(r) for r in result.result_rows]

    def _default_to_pool_database(self) -> None:
        """Unqualified names (``SELECT … FROM instances``) mean the pool's tables, once the database exists."""
        if self._reads_in_database:
            return
        found = self.client.query("SELECT count() FROM system.databases WHERE name = {db:String}",
                                  parameters={"db": self.database}).result_rows[0][0]
        if found:
            self.client.database = self.database
            self._reads_in_database = True

    def iter_dicts(self, sql: str, parameters: dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        names, rows = self.query(sql, parameters)
        for row in rows:
            yield dict(zip(names, row, strict=True))

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None
                self._reads_in_database = False
