"""What every command shares: the two consoles and finding the broker and the pool.

Kept apart from cli/main.py so that the sub-command modules import it, never main (no cycle).
"""

from __future__ import annotations

from typing import Any

import typer
from rich.console import Console

from instructflow.sinks.pool import Pool
from instructflow.sinks.reader import open_reader
from instructflow.streams import runfile
from instructflow.streams.settings import Settings

console = Console()
err = Console(stderr=True)


def require_broker(settings: Settings) -> Settings:
    """The configured broker, or the embedded one of an `instructflow up` running on this data dir."""
    if settings.kafka_bootstrap:
        return settings
    if (owner := runfile.live_owner(settings)) is not None:
        return settings.model_copy(update={"kafka_bootstrap": owner.kafka_bootstrap})
    err.print("[red]error:[/] INSTRUCTFLOW_KAFKA_BOOTSTRAP is not set and no `instructflow up` is running"
              f" on data dir {settings.data_dir}.", highlight=False)
    raise typer.Exit(2)


def pool_reader(settings: Settings) -> Any:
    """The pool for reading: over the running worker's HTTP port if it owns the chDB path, else opened here."""
    reader = open_reader(settings)
    if isinstance(reader, Pool):
        reader.migrate()  # nobody else has it open: make sure the tables exist
    return reader
