"""Liveness, readiness and Prometheus metrics on the worker's web server.

* ``/health/live``: the event loop answers and no agent has crashed. A supervisor
  (Kubernetes, compose) restarts the process when this fails.
* ``/health/ready``: every agent is in its consumer group (it received an assignment,
  possibly empty when there are more workers than partitions) and is not rebalancing;
  a worker that owns the pool is ready only while the pool can be written (the writer's
  session answers, is not read-only, and the last write succeeded). Load balancers and the
  scale-out tooling wait on it.
* ``/metrics``: Prometheus text exposition of :class:`~.metrics.WorkerMetrics`.
"""

from __future__ import annotations

import asyncio
import os
import time
from typing import Any

import faust
from faust.web import Request, Response, View

from instructflow.sinks.pool import Pool
from instructflow.streams.metrics import WorkerMetrics
from instructflow.streams.runtime import Runtime

PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class Readiness:
    """The agents' consumer-group state, from their loops' rebalance callbacks."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.started = time.monotonic()

    def crashed_agents(self) -> list[str]:
        return self.runtime.crashed()

    def state(self) -> dict[str, Any]:
        loops = self.runtime.loops
        return {"joined": all(loop.joined for loop in loops),
                "rebalancing": any(loop.rebalancing for loop in loops),
                "assigned_partitions": sum(len(loop.lag()) for loop in loops)}

    @property
    def ready(self) -> bool:
        return self.runtime.ready()


def mount_health(app: faust.App, metrics: WorkerMetrics, pool: Pool | None) -> Readiness:
    readiness = Readiness(Runtime.of(app))

    @app.page("/health/live")
    class Live(View):
        async def get(self, request: Request) -> Response:
            crashed = readiness.crashed_agents()
            body = {"status": "crashed" if crashed else "ok", "pid": os.getpid(), "crashed_agents": crashed,
                    "uptime_s": round(time.monotonic() - readiness.started, 1)}
            return self.json(body, status=503 if crashed else 200)

    @app.page("/health/ready")
    class Ready(View):
        async def get(self, request: Request) -> Response:
            body: dict[str, Any] = {"pid": os.getpid(), **readiness.state()}
            ok = readiness.ready
            if ok and pool is not None:
                try:
                    ok, body["pool"] = await asyncio.wait_for(asyncio.to_thread(pool.writable), timeout=5)
                except TimeoutError:  # the writer is held (a long insert): not ready to take more
                    ok, body["pool"] = False, "writer busy"
            metrics.ready.set(1 if ok else 0)
            body["status"] = "ready" if ok else "not_ready"
            return self.json(body, status=200 if ok else 503)

    @app.page("/metrics")
    class Metrics(View):
        async def get(self, request: Request) -> Response:
            metrics.ready.set(1 if readiness.ready else 0)
            # aiohttp refuses parameters in content_type=, so the full header goes in headers.
            return self.bytes(metrics.exposition(), headers={"Content-Type": PROMETHEUS_CONTENT_TYPE})

    return readiness
