"""What every command shares: the two consoles and finding the broker and the pool.

Kept apart from cli/main.py so that the sub-command modules import it, never main (no cycle).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from pydantic import BaseModel
from rich.console import Console

from instructflow.sinks.pool import Pool
from instructflow.sinks.reader import open_reader
from instructflow.streams import runfile
from instructflow.streams.line_error import LineError
from instructflow.streams.settings import Settings
from instructflow.streams.topics import TopicSpec

if TYPE_CHECKING:
    from instructflow.streams.producer import Publisher

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


def publish_lines(publisher: Publisher, spec: TopicSpec, items: Iterable[tuple[int, BaseModel | LineError]],
                  path: Path, key_of: Callable[[Any], str | None],
                  progress: Callable[[int], None] = lambda _: None) -> tuple[int, list[LineError]]:
    """Send each value read from ``path``; a line that could not be read, is over the size limit or
    is refused by the broker is reported as FILE:LINE: field: reason, and the lines after it go on."""
    sent, errors = 0, []
    for no, item in items:
        if not isinstance(item, LineError):
            refusal = publisher.send_line(spec, item, key_of(item), str(path), no)
            if refusal is None:
                sent += 1
                progress(sent + len(errors))
                continue
            item = refusal
        errors.append(item)
        err.print(f"[red]skipped[/] {item}", highlight=False)
    for refusal in publisher.refused():
        sent -= 1
        errors.append(refusal)
        err.print(f"[red]not sent[/] {refusal}", highlight=False)
    return sent, errors
