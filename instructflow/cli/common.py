"""What every command shares: the two consoles and finding the broker and the pool.

Kept apart from cli/main.py so that the sub-command modules import it, never main (no cycle).
"""

from __future__ import annotations

import logging
import sys
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
from instructflow.streams.settings_check import SettingsInvalid, mask_dsn
from instructflow.streams.topics import TopicSpec

if TYPE_CHECKING:
    from instructflow.streams.producer import Publisher

console = Console()
err = Console(stderr=True)
_debug = False


def set_debug(on: bool) -> None:
    global _debug
    _debug = on
    if not on:  # drivers log their own copy of an error we report in one line
        logging.getLogger("clickhouse_connect").setLevel(logging.CRITICAL)


def one_line(exc: BaseException) -> str:
    lines = mask_dsn(str(exc)).strip().splitlines()
    return lines[0][:400] if lines else type(exc).__name__


def sql_error(exc: BaseException) -> str:
    """ClickHouse's message without the driver's wrapping and the server's stack: 'Code: 60. DB::Exception:
    Unknown table expression identifier 'x' … (UNKNOWN_TABLE)'."""
    text = mask_dsn(str(exc))
    code = text.find("Code: ")
    text = text[code:] if code >= 0 else text
    text = text.split(" Stack trace:")[0].split(". (version ")[0]
    return " ".join(text.split())[:500]


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``error: message`` (one line) and return the Exit to raise."""
    err.print(f"[red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def run_cli(app: typer.Typer) -> None:
    """Run the app; an error reaches the user as one line (the traceback only with --debug)."""
    from instructflow.sinks.pool import PoolUnavailable

    set_debug("--debug" in sys.argv[1:])  # before the callback parses it: settings fail at start
    try:
        app()
    except SettingsInvalid as exc:
        if _debug:
            raise
        for problem in exc.problems:
            err.print(f"[red]error:[/] {problem}", highlight=False, soft_wrap=True)
        sys.exit(2)
    except (PoolUnavailable, OSError) as exc:  # an unreachable pool, a missing or unreadable file
        if _debug:
            raise
        err.print(f"[red]error:[/] {one_line(exc)}", highlight=False, soft_wrap=True)
        sys.exit(2)
    except Exception as exc:
        if _debug:
            raise
        err.print(f"[red]error:[/] {type(exc).__name__}: {one_line(exc)} (run with --debug for the traceback)",
                  highlight=False, soft_wrap=True)
        sys.exit(1)


class SkippedLines:
    """Reports bad lines of an input file: the first ``limit`` in full, then only how many more."""

    def __init__(self, limit: int = 10) -> None:
        self.limit = limit
        self.count = 0

    def add(self, item: object) -> None:
        self.count += 1
        if self.count <= self.limit:
            err.print(f"[red]skipped[/] {item}", highlight=False, soft_wrap=True)

    def __len__(self) -> int:
        return self.count

    def close(self) -> None:
        if self.count > self.limit:
            err.print(f"[red]skipped[/] … and {self.count - self.limit} more lines (first {self.limit} shown)",
                      highlight=False)


def require_broker(settings: Settings) -> Settings:
    """The configured broker, or the embedded one of an `instructflow up` running on this data dir."""
    if settings.kafka_bootstrap:
        return settings
    if (owner := runfile.live_owner(settings)) is not None:
        return settings.model_copy(update={"kafka_bootstrap": owner.kafka_bootstrap})
    raise fail("INSTRUCTFLOW_KAFKA_BOOTSTRAP is not set and no `instructflow up` is running"
               f" on data dir {settings.data_dir} (INSTRUCTFLOW_DATA_DIR).")


def pool_reader(settings: Settings) -> Any:
    """The pool for reading: over the running worker's HTTP port if it owns the chDB path, else opened here."""
    reader = open_reader(settings)
    if isinstance(reader, Pool):
        reader.migrate()  # nobody else has it open: make sure the tables exist
    return reader


def publish_lines(publisher: Publisher, spec: TopicSpec, items: Iterable[tuple[int, BaseModel | LineError]],
                  path: Path, key_of: Callable[[Any], str | None],
                  report: Callable[[LineError], None],
                  progress: Callable[[int], None] = lambda _: None) -> tuple[int, list[LineError]]:
    """Send each value read from ``path``; a line that could not be read, is over the size limit or
    is refused by the broker goes to ``report`` (a :class:`SkippedLines`) as FILE:LINE: field: reason,
    and the lines after it go on."""
    sent, errors = 0, list[LineError]()
    for no, item in items:
        if not isinstance(item, LineError):
            refusal = publisher.send_line(spec, item, key_of(item), str(path), no)
            if refusal is None:
                sent += 1
                progress(sent + len(errors))
                continue
            item = refusal
        errors.append(item)
        report(item)
    for refusal in publisher.refused():
        sent -= 1
        errors.append(refusal)
        report(refusal)
    return sent, errors
