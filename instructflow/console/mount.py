"""Put the console on a worker's Faust web server: the process that owns the pool serves it.

In embedded mode chDB allows one process per path, and that is the worker running the pool
sink; so the console lives in that worker (``app/worker.py`` calls :func:`mount_console`).
"""

from __future__ import annotations

import asyncio
import logging

import faust
from faust.web.drivers.aiohttp import Web as AiohttpWeb

from instructflow.console.callers import Callers
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
    service.warm_scrubber()  # now, before the loop runs: see warm_scrubber
    service.local_admin_token = callers.local_token  # the CLI's `users add` uses the one local credential
    callers.sessions = service.sessions  # console sign-ins open the dashboards and pool queries too
    web = app.web
    if not isinstance(web, AiohttpWeb):  # the console's routes are aiohttp handlers
        raise RuntimeError(f"the console needs Faust's aiohttp web driver, not {type(web).__name__}")
    ConsoleRoutes(service).add_to(web.web_app)

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
