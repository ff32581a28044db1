"""Put the console on a worker's Faust web server: the process that owns the pool serves it.

In embedded mode chDB allows one process per path, and that is the worker running the pool
sink; so the console lives in that worker (``app/worker.py`` calls :func:`mount_console`).
"""

from __future__ import annotations

import asyncio
import logging

import faust

from instructflow.app.callers import Callers
from instructflow.console.routes import ConsoleRoutes
from instructflow.console.service import ConsoleService
from instructflow.console.store import ConsoleStore
from instructflow.sinks.pool import Pool
from instructflow.streams.settings import Settings

log = logging.getLogger(__name__)


def mount_console(app: faust.App, pool: Pool | None, settings: Settings, callers: Callers) -> ConsoleService | None:
    """Serve the console under /console on ``app``'s web server; None where there is no pool."""
    if pool is None or not settings.annotation_console:
        return None
    service = ConsoleService(settings, ConsoleStore(pool))
    service.local_admin_token = callers.local_token  # the CLI's `users add` uses the one local credential
    callers.sessions = service.sessions  # console sign-ins open the dashboards and pool queries too
    ConsoleRoutes(service).add_to(app.web.web_app)

    @app.task
    async def console() -> None:
        try:
            await service.run()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("console stopped")
            raise

    return service
