"""Read access to the pool, wherever it is: opened here, or asked of the worker that owns it."""

from __future__ import annotations

from typing import Any, Protocol

import httpx

from instructflow.sinks.pool import NotReadOnly, Pool, query_limits
from instructflow.streams import local_token, runfile
from instructflow.streams.settings import Settings


class PoolReader(Protocol):
    def query(self, sql: str, parameters: dict[str, Any] | None = None) -> tuple[list[str], list[tuple[Any, ...]]]: ...

    def outside_query(self, sql: str, parameters: dict[str, Any] | None = None
                      ) -> tuple[list[str], list[tuple[Any, ...]]]: ...


class RemotePool:
    """The pool of a running embedded worker, over its local HTTP route."""

    def __init__(self, web_url: str, headers: dict[str, str] | None = None, timeout_s: float = 60.0) -> None:
        self.web_url = web_url
        self.headers = headers or {}  # the local credential (streams/local_token.py)
        self.timeout_s = timeout_s

    def query(self, sql: str, parameters: dict[str, Any] | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
        resp = httpx.post(f"{self.web_url}/pool/query", json={"sql": sql, "parameters": parameters or {}},
                          headers=self.headers, timeout=self.timeout_s)
        body = resp.json()
        if resp.status_code != 200:
            message = body.get("error", resp.text)
            raise NotReadOnly(message) if resp.status_code == 400 else RuntimeError(f"{resp.status_code}: {message}")
        return body["columns"], [tuple(r) for r in body["rows"]]

    # Everything sent to the worker is checked as outside SQL there.
    outside_query = query


def open_reader(settings: Settings) -> PoolReader:
    if settings.embedded_pool and (owner := runfile.live_owner(settings)) is not None:
        return RemotePool(owner.web_url, local_token.headers(settings))
    return Pool(settings.pool_dsn, settings.clickhouse_database, query_limits(settings))
