"""Who owns the embedded pool right now: a small file the worker writes, and readers trust only if alive.

chDB lets one process open a path; CLI commands that find a live owner ask it over HTTP.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from instructflow.streams.settings import Settings


@dataclass(frozen=True)
class RunFile:
    pid: int
    web_url: str
    pool_dsn: str
    kafka_bootstrap: str


def path(settings: Settings) -> Path:
    return settings.run_dir / "worker.json"


def write(settings: Settings, web_url: str) -> None:
    p = path(settings)
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(RunFile(os.getpid(), web_url, settings.pool_dsn, settings.kafka_bootstrap))))
    tmp.replace(p)


def remove(settings: Settings) -> None:
    p = path(settings)
    try:
        if json.loads(p.read_text())["pid"] == os.getpid():
            p.unlink()
    except (OSError, ValueError, KeyError):
        pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def live_owner(settings: Settings) -> RunFile | None:
    """The running worker that owns this settings' pool, if there is one."""
    try:
        data = RunFile(**json.loads(path(settings).read_text()))
    except (OSError, ValueError, TypeError):
        return None
    if data.pool_dsn != settings.pool_dsn or not _alive(data.pid):
        return None
    return data
