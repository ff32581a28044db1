"""One worker process: topics ensured, agents running, pool owned (where this worker sinks)."""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

import faust

from instructflow.app.dashboard import mount_dashboard
from instructflow.app.health import mount_health
from instructflow.app.topology import build_app
from instructflow.app.web import mount
from instructflow.console.callers import Callers
from instructflow.console.mount import mount_console
from instructflow.sinks.pool import Pool, query_limits
from instructflow.streams import local_token, runfile
from instructflow.streams.admin import ensure_topics
from instructflow.streams.errors import describe_error
from instructflow.streams.jsonlog import json_logging_config, json_logging_wanted
from instructflow.streams.metrics import metrics_of
from instructflow.streams.runtime import Runtime
from instructflow.streams.settings import Settings

log = logging.getLogger(__name__)

EXIT_AGENT_CRASHED = 70  # EX_SOFTWARE


class BoundedWorker(faust.Worker):
    """A Faust worker whose shutdown cannot hang: after the grace period the process exits.

    Offsets are committed only for work that reached Kafka and the pool, so a hard exit
    loses nothing; the next start redoes the tail, and the idempotent sink absorbs it.
    """

    def __init__(self, *args: Any, grace_s: float, on_exit: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._grace_s = grace_s
        self._on_exit = on_exit

    def _schedule_shutdown(self, signal: Any) -> None:
        timer = threading.Timer(self._grace_s, self._hard_exit)
        timer.daemon = True
        timer.start()
        super()._schedule_shutdown(signal)

    def _hard_exit(self) -> None:
        self._on_exit()
        os._exit(0)


def run_worker(settings: Settings, own_pool: bool = True) -> None:
    ensure_topics(settings)
    pool = Pool(settings.pool_dsn, settings.clickhouse_database, query_limits(settings)) if own_pool else None
    app = build_app(settings, pool)
    # The local credential for this machine's CLI, new at every start (streams/local_token.py).
    callers = Callers(local_token.create(settings) if pool is not None else "")
    mount(app, pool, callers)
    mount_health(app, metrics_of(app), pool)  # /health/live, /health/ready, /metrics
    mount_dashboard(app, pool, settings, callers)
    mount_console(app, pool, settings, callers)  # annotation console, where this worker owns the pool

    def cleanup() -> None:
        runfile.remove(settings)

    async def exit_on_crash(agent: str, exc: BaseException) -> None:
        # The batch the agent was in is neither finished nor dead-lettered, and its step's state may be
        # half-updated. Exiting is the one recovery that is always right: nothing of that batch was
        # committed, so the supervisor's restart (`up`, compose, Kubernetes) redoes it.
        log.error("agent %s crashed (%s); the worker exits (code %d) so that its supervisor restarts it",
                  agent, describe_error(exc), EXIT_AGENT_CRASHED)
        cleanup()
        os._exit(EXIT_AGENT_CRASHED)

    Runtime.of(app).on_crash = exit_on_crash

    @app.task
    async def announce() -> None:
        # Written once the web server listens, so a reader that finds it can query right away.
        runfile.write(settings, f"http://{settings.web_host}:{settings.web_port}")

    loglevel = os.environ.get("INSTRUCTFLOW_LOG_LEVEL", "info")
    worker = BoundedWorker(app, loglevel=loglevel,
                           logging_config=json_logging_config(loglevel) if json_logging_wanted() else None,
                           grace_s=settings.shutdown_timeout_s, on_exit=cleanup, quiet=True)
    try:
        worker.execute_from_commandline()
    finally:
        cleanup()
