"""HTTP routes on the worker's own web server: health, and the pool for CLI commands.

In embedded mode the worker's process owns the chDB path, so ``instructflow pool …``
run beside it must ask here instead of opening the pool itself. ``/pool/query`` takes the local
credential or an admin's console session (console/callers.py) and runs the SQL through the pool's
outside reader (allowlist, read-only session with limits: sinks/query_guard.py, sinks/pool.py).
"""

from __future__ import annotations

import asyncio
import json
import os
from typing import Any

import faust
from faust.web import Request, Response, View

from instructflow.console.callers import Callers
from instructflow.sinks.pool import Pool
from instructflow.sinks.query_guard import QueryRefused


def _json_default(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def mount(app: faust.App, pool: Pool | None, callers: Callers) -> None:
    @app.page("/health")
    class Health(View):
        async def get(self, request: Request) -> Response:
            return self.json({"status": "ok", "pid": os.getpid(), "pool": pool is not None})

    if pool is None:
        return
    owned: Pool = pool  # narrowed for the route class below

    @app.page("/pool/query")
    class Query(View):
        async def post(self, request: Request) -> Response:
            if (refused := callers.refusal(request, "admin")) is not None:
                return self.json({"error": refused[1]}, status=refused[0])
            try:
                body = await request.json()
                sql, parameters = str(body["sql"]), body.get("parameters")
            except (ValueError, KeyError, TypeError):
                return self.json({"error": 'expected JSON {"sql": …, "parameters": {…}}'}, status=400)
            try:
                names, rows = await asyncio.to_thread(owned.outside_query, sql, parameters)
            except QueryRefused as exc:
                return self.json({"error": str(exc)}, status=400)
            except Exception as exc:  # a query error (timeout, limit, syntax) is the caller's to read
                return self.json({"error": f"{type(exc).__name__}: {exc}"}, status=400)
            text = json.dumps({"columns": names, "rows": rows}, default=_json_default, ensure_ascii=False)
            return self.text(text, content_type="application/json")
