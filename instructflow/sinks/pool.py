"""The instance pool in ClickHouse: one client API for chDB on disk and a server over HTTP.

Three sessions (chDB connection handles on the one engine, or HTTP clients), so that nothing a
reader does can reach the writer:

* the writer: inserts and migrations only, never a caller's SQL;
* the internal reader: the fixed queries of this package (stats, dashboards, console state),
  read-only;
* the outside reader: SQL from ``/pool/query`` and ``instructflow pool query``, checked against
  sinks/query_guard.py and run in a session locked read-only with time, memory and row limits
  set once at its start (``readonly=1`` forbids changing them afterwards, by SETTINGS or SET).

No per-query ``settings=`` ever reaches clickhouse-connect: its chDB backend applies those to
what it takes for an INSERT with ``SET`` and cannot restore them once ``readonly=1`` is on, so
one refused ``WITH … INSERT`` used to leave the shared session read-only for good.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import clickhouse_connect
from clickhouse_connect.driver.client import Client
from clickhouse_connect.driver.insert import InsertContext

from instructflow.schemas import Instance
from instructflow.schemas.pool import COLUMN_NAMES, to_row
from instructflow.sinks.migrations import migrate
from instructflow.sinks.query_guard import QueryRefused, check_tree, parse_tree
from instructflow.streams.errors import SinkUnavailable
from instructflow.streams.settings_check import mask_dsn

_READ_STATEMENT = re.compile(r"^\s*(SELECT|WITH|SHOW|DESCRIBE|DESC|EXPLAIN|EXISTS)\b", re.IGNORECASE)
_LITERALS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`")


class PoolUnavailable(SinkUnavailable):
    """The pool cannot be written now; the caller retries and must not acknowledge the batch."""


class PoolUnreachable(PoolUnavailable):
    """The pool's engine or server cannot be opened; the message names the DSN (password masked)."""


def _reason(exc: Exception) -> str:
    """The useful part of a driver error: '[Errno 111] Connection refused' rather than 400 characters."""
    text = mask_dsn(str(exc))
    if (errno := re.search(r"\[Errno -?\d+\] [^'\")]+", text)) is not None:
        return errno.group(0)
    return text.strip().splitlines()[0][:300] if text.strip() else type(exc).__name__


class NotReadOnly(QueryRefused):
    pass


@dataclass(frozen=True)
class QueryLimits:
    """Limits of the outside reader's session (settings pool_query_*)."""

    timeout_s: float = 30.0
    max_memory_mb: int = 1024
    max_rows: int = 100_000

    def session_settings(self) -> dict[str, Any]:
        # readonly last: once it is 1 the session refuses every later change.
        return {"max_execution_time": self.timeout_s, "timeout_overflow_mode": "throw",
                "max_memory_usage": self.max_memory_mb * 1024 * 1024, "max_result_rows": self.max_rows,
                "result_overflow_mode": "throw", "readonly": 1}


INTERNAL_READER = {"readonly": 1}


def query_limits(settings: Any) -> QueryLimits:
    return QueryLimits(settings.pool_query_timeout_s, settings.pool_query_max_memory_mb, settings.pool_query_max_rows)


class Pool:
    def __init__(self, dsn: str, database: str, limits: QueryLimits | None = None) -> None:
        self.dsn = dsn
        self.database = database
        self.limits = limits or QueryLimits()
        self._client: Client | None = None
        self._reader: Client | None = None
        self._outside: Client | None = None
        self._functions: frozenset[str] | None = None
        # clickhouse-connect's clients are not thread-safe: one lock per session, so a reader
        # never holds the writer's.
        self._lock = threading.Lock()
        self._read_lock = threading.Lock()
        self._outside_lock = threading.Lock()
        self.last_write_error: str | None = None
        # One insert context per (table, columns), reused batch after batch, as clickhouse-connect
        # allows: a fresh one per insert asks the table's column types again, and it holds a bound
        # method of itself, so each batch's rows lived on as cyclic garbage until a GC pass freed
        # them (15-160 ms gen-0 passes in the pool worker, measured with bench_floor).
        self._contexts: dict[tuple[str, tuple[str, ...]], InsertContext] = {}

    @property
    def client(self) -> Client:
        """The writer's session."""
        if self._client is None:
            try:
                self._client = clickhouse_connect.get_client(dsn=self.dsn)
            except Exception as exc:  # refused, DNS, auth, chDB path locked: all mean "cannot open it"
                raise PoolUnreachable(f"cannot open the pool {mask_dsn(self.dsn)}: {_reason(exc)}") from exc
        return self._client

    def _session(self, settings: dict[str, Any], database: str | None = None) -> Client:
        return clickhouse_connect.get_client(dsn=self.dsn, settings=settings, database=database)

    def migrate(self) -> list[str]:
        with self._lock:
            return migrate(self.client, self.database)

    def insert(self, instances: Sequence[Instance]) -> None:
        if not instances:
            return
        rows = [to_row(i) for i in instances]
        self._write(f"{self.database}.instances", rows, list(COLUMN_NAMES), f"{len(rows)} instances")

    def insert_rows(self, table: str, rows: Sequence[Sequence[Any]], column_names: Sequence[str]) -> None:
        """Insert into another table of this database (console state); values go as data, never SQL."""
        if not rows:
            return
        self._write(f"{self.database}.{table}", list(rows), list(column_names), f"{len(rows)} rows into {table}")

    def _write(self, table: str, rows: list[Any], column_names: list[str], what: str) -> None:
        key = (table, tuple(column_names))
        try:
            with self._lock:
                context = self._contexts.get(key)
                if context is None:
                    context = self._contexts[key] = self.client.create_insert_context(table, column_names)
                self.client.insert(data=rows, context=context)
        except Exception as exc:  # the driver raises many types; all mean "not written"
            self._contexts.pop(key, None)  # a context an insert failed in is not trusted again
            self.last_write_error = type(exc).__name__
            self._reopen_if_stuck()
            raise PoolUnavailable(f"insert of {what} failed: {type(exc).__name__}") from exc
        self.last_write_error = None

    def writer_readonly(self) -> bool:
        """Whether the writer's session is read-only (it must never be)."""
        with self._lock:
            return str(self.client.command("SELECT getSetting('readonly')")).strip() != "0"

    def _reopen_if_stuck(self) -> None:
        """A writer session found read-only is thrown away; the next write opens a fresh one."""
        try:
            if self.writer_readonly():
                with self._lock:
                    if self._client is not None:
                        self._client.close()
                        self._client = None
                        self._contexts.clear()
        except Exception:  # the pool is down altogether: nothing to reopen yet
            pass

    def writable(self) -> tuple[bool, str]:
        """For readiness: the writer's session answers, is not read-only, and the last write worked."""
        try:
            if self.writer_readonly():
                return False, "writer session is read-only"
        except Exception as exc:
            return False, type(exc).__name__
        if self.last_write_error is not None:
            return False, f"last write failed: {self.last_write_error}"
        return True, "ok"

    def query(self, sql: str, parameters: dict[str, Any] | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Run one of this package's own read queries in the internal read-only session."""
        if not _READ_STATEMENT.match(sql):
            raise NotReadOnly("only SELECT / WITH / SHOW / DESCRIBE / EXPLAIN / EXISTS queries are allowed")
        sql = sql.strip().rstrip(";")
        if ";" in _LITERALS.sub("", sql):
            raise NotReadOnly("one statement at a time")
        with self._read_lock:
            if self._reader is None:
                self._reader = self._session(INTERNAL_READER)
            result = self._reader.query(sql, parameters=parameters or {})
            return list(result.column_names), [tuple(r) for r in result.result_rows]

    def outside_query(self, sql: str, parameters: dict[str, Any] | None = None
                      ) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Run SQL that came from outside this package: checked, then run in the locked-down session."""
        sql = sql.strip().rstrip(";").strip()
        if not sql:
            raise NotReadOnly("empty query")
        with self._outside_lock:
            client = self._outside_session()
            try:
                tree = client.query(f"EXPLAIN AST {sql}", parameters=parameters or {}).result_rows
            except Exception as exc:
                raise QueryRefused(f"not a query that can be read here: {_first_line(exc)}") from exc
            check_tree(parse_tree(str(r[0]) for r in tree), self.database, self._allowed_functions(),
                       trailer="Native")
            result = client.query(sql, parameters=parameters or {})
            return list(result.column_names), [tuple(r) for r in result.result_rows]

    def _outside_session(self) -> Client:
        if self._outside is None:
            # Unqualified names mean the pool's tables (chDB: USE on the handle; HTTP: per request).
            self._outside = self._session(self.limits.session_settings(), self.database)
        return self._outside

    def _allowed_functions(self) -> frozenset[str]:
        if self._functions is None:  # the engine's own catalogue, read once (it exceeds max_result_rows)
            _, rows = self.query("SELECT name, alias_to, categories, case_insensitive FROM system.functions")
            self._functions = allowed_function_names(rows)
        return self._functions

    def iter_dicts(self, sql: str, parameters: dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        names, rows = self.query(sql, parameters)
        for row in rows:
            yield dict(zip(names, row, strict=True))

    def close(self) -> None:
        for lock, name in ((self._outside_lock, "_outside"), (self._read_lock, "_reader"), (self._lock, "_client")):
            with lock:
                client = getattr(self, name)
                if client is not None:
                    client.close()
                    setattr(self, name, None)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else type(exc).__name__


def allowed_function_names(rows: Sequence[Sequence[Any]]) -> frozenset[str]:
    """From system.functions rows (name, alias_to, categories, case_insensitive): the allowed names.

    Case-insensitive ones are added lower-cased as well (the parse keeps the case typed)."""
    from instructflow.sinks.query_guard import EXTRA_FUNCTIONS, SAFE_CATEGORIES

    categories = {name: {c.strip() for c in str(cats).split(",") if c.strip()} for name, _, cats, _ in rows}
    out: set[str] = set(EXTRA_FUNCTIONS)
    for name, alias_to, _, case_insensitive in rows:
        cats = categories[name] or categories.get(alias_to, set())
        if cats & SAFE_CATEGORIES or name in EXTRA_FUNCTIONS or alias_to in EXTRA_FUNCTIONS:
            out.add(name)
            if case_insensitive:
                out.add(name.lower())
    return frozenset(out)
