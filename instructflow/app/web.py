"""HTTP routes on the worker's own web server: health, and the pool for CLI commands.

In embedded mode the worker's process owns the chDB path, so ``instructflow pool …``
run beside it must ask here instead of opening the pool itself.
"""

from __future__ import annotations

import asyncio
import json
import os
from typing import Any

import faust
from faust.web import Request, Response, View

from instructflow.sinks.pool import NotReadOnly, Pool


def _json_default(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def mount(app: faust.App, pool: Pool | None) -> None:
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
            body = await request.json()
            try:
                names, rows = await asyncio.to_thread(owned.query, body["sql"], body.get("parameters"))
            except NotReadOnly as exc:
                return self.json({"error": str(exc)}, status=400)
            except Exception as exc:  # a query error is the caller's to read, not a server crash
                return self.json({"error": f"{type(exc).__name__}: {exc}"}, status=400)
            text = json.dumps({"columns": names, "rows": rows}, default=_json_default, ensure_ascii=False)
            return self.text(text, content_type="application/json")
