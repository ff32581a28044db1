"""``instructflow tasks …``: benchmark datasets into ``tasks.raw``, and the template library."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from instructflow.agents.format.library import TemplateLibrary
from instructflow.agents.format.readers import DATASETS, UnreadableFileError, read_records
from instructflow.agents.format.template import TemplateError
from instructflow.cli.common import SkippedLines, console, err, fail, require_broker
from instructflow.schemas import RecordError
from instructflow.streams.settings import get_settings
from instructflow.streams.topics import TASKS_RAW

tasks_app = typer.Typer(help="Benchmark task datasets (method a) and their templates.", no_args_is_help=True)
TEMPLATE_COLUMNS = ("id", "task_type", "lang", "record_langs", "direction", "options", "datasets", "source")


@tasks_app.command("load")
def load(
    dataset: Annotated[str, typer.Argument(help=f"{', '.join(DATASETS)}, or any name for your own file"
                                                 " (with --task-type and/or --map).")],
    file: Annotated[Path, typer.Argument(help="The dataset file (or a Hugging Face dataset directory).")],
    split: Annotated[str | None, typer.Option(help="Split name, when the file name does not tell.")] = None,
    mapping: Annotated[str | None, typer.Option("--map", help="Generic files: e.g. instruction=q,output=a")] = None,
    task_type: Annotated[str | None, typer.Option(help="Generic files: the task type.")] = None,
    lang: Annotated[str | None, typer.Option(help="Language of the records, when it cannot be told.")] = None,
    fmt: Annotated[str | None, typer.Option("--format", help="jsonl | csv | tsv | parquet | hf")] = None,
    id_field: Annotated[str | None, typer.Option(help="Field holding the record id.")] = None,
) -> None:
    """Read DATASET from FILE in its published format and publish each record to tasks.raw."""
    from instructflow.streams.limits import MessageTooLarge
    from instructflow.streams.producer import Publisher

    if dataset not in DATASETS and not (mapping or task_type):
        close = difflib.get_close_matches(dataset, DATASETS, n=1)
        raise fail(f"unknown dataset '{dataset}'{f' (did you mean {close[0]}?)' if close else ''}; known:"
                   f" {', '.join(DATASETS)}; for your own file pass --task-type (e.g. generic) and --map if its"
                   " columns are not instruction/input/output")
    settings = require_broker(get_settings())
    try:
        records = read_records(dataset, file, split=split, mapping=mapping, task_type=task_type, lang=lang,
                               fmt=fmt, id_field=id_field)
    except (UnreadableFileError, ValueError) as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    sent, skipped = 0, SkippedLines()
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err)
    with Publisher(settings) as publisher, progress:
        task = progress.add_task(f"tasks.raw ← {file.name}: 0 records", total=None)
        for record in records:
            if isinstance(record, RecordError):
                skipped.add(record)
            else:
                try:
                    publisher.send(TASKS_RAW, record, key=f"{record.dataset}:{record.split}:{record.record_id}")
                    sent += 1
                except MessageTooLarge as exc:
                    skipped.add(f"{file}: record {record.record_id}: {exc}")
            if (sent + len(skipped)) % 500 == 0:
                progress.update(task, description=f"tasks.raw ← {file.name}: {sent} records, {len(skipped)} skipped")
        progress.update(task, description=f"tasks.raw ← {file.name}: {sent} records, {len(skipped)} skipped")
    skipped.close()
    console.print(f"sent {sent} {dataset} records to {TASKS_RAW.name}; {len(skipped)} skipped")
    if skipped:
        raise typer.Exit(1)


@tasks_app.command("templates")
def templates(
    task_type: Annotated[str | None, typer.Option(help="Only this task type.")] = None,
) -> None:
    """List the template library: shipped templates plus INSTRUCTFLOW_TEMPLATE_DIRS."""
    try:
        library = TemplateLibrary.load(*get_settings().template_paths)
    except TemplateError as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    rows = [t.summary() for t in library.list(task_type)]
    table = Table(title=f"{len(rows)} templates")
    for col in TEMPLATE_COLUMNS:
        table.add_column(col)
    for row in rows:
        table.add_row(*(row[c] for c in TEMPLATE_COLUMNS))
    console.print(table)
