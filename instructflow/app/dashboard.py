"""The pool dashboard, served by the worker that owns the pool: an HTML page, its script, and
the chart data as JSON from the views of migration 0004. Also samples Kafka lag per agent.

It runs inside the pool-owning worker because in embedded mode (chDB) no other process may
open the pool. The page's charts are drawn by app/static/dashboard.js: no CDN, no library.
The page and its data need a console session allowed "stats" (reviewer, admin) or the local
credential; every response carries the console's Content Security Policy (no inline script).
"""

from __future__ import annotations

import asyncio
import json
import logging
from importlib import resources
from typing import Any

import faust
from faust.web import Request, Response, View

from instructflow.app.lag import LagSampler
from instructflow.app.topology import edge_inputs
from instructflow.console.callers import Callers
from instructflow.console.routes import SECURITY_HEADERS
from instructflow.sinks.dashboards import CHART_BY_NAME, all_charts, chart_data
from instructflow.sinks.pool import Pool
from instructflow.streams.runtime import Runtime
from instructflow.streams.settings import Settings

log = logging.getLogger(__name__)

STATIC = {
    "dashboard.js": "application/javascript",
    "dashboard.css": "text/css",
}


def _static(name: str) -> str:
    return (resources.files("instructflow.app") / "static" / name).read_text(encoding="utf-8")


def _secured(response: Response) -> Response:
    response.headers.update(SECURITY_HEADERS)
    return response


def mount_dashboard(app: faust.App, pool: Pool | None, settings: Settings, callers: Callers) -> None:
    """Routes under /dashboard and the lag sampler; nothing on a worker that has no pool."""
    if pool is None:
        return
    reader: Pool = pool  # narrowed for the route classes below
    database = settings.clickhouse_database

    class Guarded(View):
        """A dashboard view: refused (401/403) unless the caller may see stats; always with CSP."""

        async def dispatch(self, request: Any) -> Any:
            refused = callers.refusal(request, "stats")
            if refused is None:
                return _secured(await super().dispatch(request))
            if request.path == "/dashboard" and refused[0] == 401:  # a browser: to the sign-in page
                return _secured(self.json({"error": refused[1]}, status=303,
                                          headers={"Location": "/console/login?next=dashboard"}))
            return _secured(self.json({"error": refused[1]}, status=refused[0]))

    @app.page("/dashboard")
    class Page(Guarded):
        async def get(self, request: Request) -> Response:
            return self.html(_static("dashboard.html"))

    @app.page("/dashboard/static/{name}")
    class Static(View):  # the page's code and style: no data, served to anyone
        async def get(self, request: Request, name: str) -> Response:
            if name not in STATIC:
                return _secured(self.json({"error": "not found"}, status=404))
            return _secured(self.text(_static(name), content_type=STATIC[name]))

    @app.page("/dashboard/api/charts")
    class Charts(Guarded):
        async def get(self, request: Request) -> Response:
            try:
                charts = await asyncio.to_thread(all_charts, reader, database)
            except Exception as exc:  # the views appear with the sink's migration
                return self.json({"error": f"{type(exc).__name__}: {exc}"}, status=503)
            return self.text(json.dumps({"database": database, "charts": charts}, ensure_ascii=False),
                             content_type="application/json")

    @app.page("/dashboard/api/charts/{name}")
    class OneChart(Guarded):
        async def get(self, request: Request, name: str) -> Response:
            if name not in CHART_BY_NAME:
                return self.json({"error": f"unknown chart {name}"}, status=404)
            try:
                chart = await asyncio.to_thread(chart_data, reader, database, CHART_BY_NAME[name])
            except Exception as exc:
                return self.json({"error": f"{type(exc).__name__}: {exc}"}, status=503)
            return self.text(json.dumps(chart, ensure_ascii=False), content_type="application/json")

    # Every agent of the deployment, not only this worker's: the edge worker's agents share the consumer group.
    agents = {**edge_inputs(settings), **Runtime.of(app).agents()}
    sampler = LagSampler(settings, agents)

    @app.timer(settings.lag_sample_interval_s)
    async def sample_lag() -> None:
        try:
            await asyncio.to_thread(sampler.record, pool)
        except Exception as exc:  # a missed sample is only a gap in a chart
            log.warning("lag sample failed: %s: %s", type(exc).__name__, exc)
            await asyncio.to_thread(sampler.close)
