"""Pool operations on the command line: ``export``, ``replay``, ``pool diff``, and the dashboard
summary that ``pool stats`` prints under its tables."""

from __future__ import annotations

import shlex
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from instructflow.cli.common import console, err, fail, require_broker
from instructflow.sinks.dashboards import CHARTS, chart_data
from instructflow.sinks.reader import PoolReader
from instructflow.streams.settings import Settings, get_settings


def _refuse_if_owned(settings: Settings, what: str, dsn: str | None = None) -> None:
    """chDB: one process per path. Export, replay and diff read/write a pool directly (streaming a
    consistent snapshot is not something to do through a worker's HTTP route), so they refuse
    to run while a worker owns the path, and say which one."""
    from instructflow.streams import runfile

    dsn = dsn or settings.pool_dsn
    if not dsn.startswith("chdb://") or (owner := runfile.live_owner(settings)) is None or owner.pool_dsn != dsn:
        return
    raise fail(f"the pool {dsn} is open in a running worker (pid {owner.pid}, {owner.web_url}). chDB lets one"
               f" process open a pool: stop it (Ctrl-C in `instructflow up`) and run `instructflow {what}` again.")


def _when(text: str | None) -> datetime | None:
    if not text:
        return None
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def export(
    out: Annotated[Path, typer.Option("--out", help="Directory for train/validation files and the dataset card.")],
    fmt: Annotated[str, typer.Option("--format", help="openai | sharegpt | alpaca")] = "openai",
    file_format: Annotated[str, typer.Option("--file-format", help="jsonl | parquet")] = "jsonl",
    validation: Annotated[float, typer.Option(help="Share of instances in the validation split.")] = 0.05,
    seed: Annotated[int, typer.Option(help="Seed of the stage sampling and of the in-file order.")] = 0,
    lang: Annotated[list[str], typer.Option("--lang", help="Keep only this language (repeatable).")] = [],  # noqa: B006
    source: Annotated[list[str], typer.Option("--source", help="task | chat | synthetic (repeatable).")] = [],  # noqa: B006
    min_quality: Annotated[float | None, typer.Option(help="Keep instances with quality >= this.")] = None,
    since: Annotated[str | None, typer.Option(help="created_at >= this ISO date/time (UTC).")] = None,
    until: Annotated[str | None, typer.Option(help="created_at < this ISO date/time (UTC).")] = None,
    mix: Annotated[str, typer.Option(help="Stage shares, e.g. '1:0.5,2:0.3,3:0.2'; empty: everything.")] = "",
    curriculum: Annotated[bool, typer.Option(help="Write stages one after the other, in --mix order.")] = False,
    limit: Annotated[int | None, typer.Option(help="At most this many instances in all.")] = None,
    shuffle_window: Annotated[int, typer.Option(help="Lines shuffled together (seeded) in each file.")] = 10_000,
    name: Annotated[str, typer.Option(help="Dataset name in the card.")] = "instructflow-export",
) -> None:
    """Write a training set from the pool: JSONL/Parquet in OpenAI, ShareGPT or Alpaca format, with a
    train/validation split, the staged mix and a dataset card. Same pool + arguments: identical bytes."""
    from instructflow.sinks.export.filters import ExportFilter
    from instructflow.sinks.export.mix import Mix, explain, parse_shares
    from instructflow.sinks.export.writer import Exporter, ExportOptions
    from instructflow.sinks.pool import Pool

    settings = get_settings()
    _refuse_if_owned(settings, "export")
    try:
        opts = ExportOptions(
            out_dir=out, fmt=fmt, file_format=file_format, validation_share=validation, seed=seed,
            shuffle_window=shuffle_window, name=name,
            filters=ExportFilter(tuple(lang), tuple(source), min_quality, _when(since), _when(until)),
            mix=Mix(parse_shares(mix), curriculum, limit),
            command=shlex.join(["instructflow", *sys.argv[1:]]),
        )
        opts.validate()
    except ValueError as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    pool = Pool(settings.pool_dsn, settings.clickhouse_database)
    pool.migrate()
    with Progress(TextColumn("export"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TimeRemainingColumn(), console=err) as progress:
        task = progress.add_task("export", total=None)
        card = Exporter(pool.client, settings.clickhouse_database, settings.pool_dsn).run(
            opts, lambda done, total: progress.update(task, completed=done, total=total))
    pool.close()
    counts = ", ".join(f"{s} {card['splits'][s]['instances']}" for s in card["splits"])
    console.print(f"wrote {counts} ({fmt}, {file_format}) to {out}; card: {out / 'README.md'}")
    note = explain(opts.mix, {int(s): n for s, n in card["mix"]["eligible"].items()},
                   {int(s): n for s, n in card["mix"]["taken"].items()})
    if note:
        console.print(note, highlight=False)


def replay(
    to: Annotated[str, typer.Option("--to", help="The fresh pool: a chDB path, or a chdb:// / http(s):// DSN.")],
    to_database: Annotated[str | None, typer.Option(help="Database in the fresh pool (default: the same name).")]
    = None,
    dedup_threshold: Annotated[float | None, typer.Option(help="Override INSTRUCTFLOW_DEDUP_THRESHOLD.")] = None,
    min_quality: Annotated[float | None, typer.Option(help="Override INSTRUCTFLOW_MIN_QUALITY.")] = None,
) -> None:
    """Rebuild the pool from the Kafka log (instances.scrubbed, in the original dedup order) into a fresh
    pool, re-running score and dedup with this run's settings. Compare with `instructflow pool diff`."""
    from instructflow.app.replay import Replayer
    from instructflow.sinks.pool import Pool

    source = require_broker(get_settings())
    dsn = to if "://" in to else f"chdb://{Path(to).resolve().as_posix()}"
    if dsn == source.pool_dsn and (to_database or source.clickhouse_database) == source.clickhouse_database:
        raise fail("--to is the live pool; replay into a fresh pool (a new path or database).")
    overrides: dict[str, Any] = {}
    if dedup_threshold is not None:
        overrides["dedup_threshold"] = dedup_threshold
    if min_quality is not None:
        overrides["min_quality"] = min_quality
    run_settings = Settings.model_validate({**source.model_dump(), **overrides})
    target = Pool(dsn, to_database or source.clickhouse_database)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("lag {task.fields[lag]}  {task.fields[rate]:.0f}/s  "
                             "accepted {task.fields[acc]} rejected {task.fields[rej]}"),
                  TimeElapsedColumn(), console=err) as progress:
        task = progress.add_task("replay", total=None, lag=0, rate=0.0, acc=0, rej=0)

        def show(p: Any) -> None:
            progress.update(task, description=p.phase, completed=p.read, total=p.total, lag=p.lag, rate=p.rate,
                            acc=p.accepted, rej=p.rejected)

        try:
            result = Replayer(source, target, run_settings).run(show)
        except RuntimeError as exc:
            err.print(f"[red]error:[/] {exc}", highlight=False)
            raise typer.Exit(2) from exc
        finally:
            target.close()
    console.print(f"replayed into {dsn} ({target.database}): {result.accepted} accepted, {result.rejected} rejected,"
                  f" {result.skipped} unparsable records skipped")


def pool_diff(
    a: Annotated[str, typer.Argument(help="Pool A: chDB path or DSN (append #database to pick a database).")],
    b: Annotated[str | None, typer.Argument(help="Pool B, the same way; omitted: A is compared with this data"
                                                  " dir's pool (INSTRUCTFLOW_DATA_DIR / CLICKHOUSE_DSN).")] = None,
) -> None:
    """Compare two pools by instance id, content and decision (status, reason, duplicate_of); exit 1 if they differ."""
    from instructflow.sinks.pool_diff import diff_pools

    settings = get_settings()
    if b is None:  # `pool diff OTHER`: the configured pool against OTHER
        a, b = settings.pool_dsn, a

    def parse(text: str) -> tuple[str, str]:
        where, _, db = text.partition("#")
        if "://" not in where:
            path = Path(where).expanduser().resolve()
            if not path.is_dir():  # chDB would create an empty pool there and report it equal to nothing
                raise fail(f"{where}: no such pool (no directory {path})")
            where = f"chdb://{path.as_posix()}"
        _refuse_if_owned(settings, "pool diff", where)
        return where, db or settings.clickhouse_database

    pools = parse(a), parse(b)
    try:
        d = diff_pools(*pools)
    except RuntimeError as exc:
        raise fail(str(exc)) from exc
    table = Table(title=f"pool diff: A {d.a_rows} rows, B {d.b_rows} rows")
    table.add_column("")
    table.add_column("instances", justify="right")
    table.add_column("examples")
    table.add_row("equal", str(d.equal), "")
    for kind, examples in (("only_in_a", d.only_in_a), ("only_in_b", d.only_in_b),
                           ("content_differs", d.content_differs), ("decision_differs", d.decision_differs)):
        shown = [e if isinstance(e, str) else f"{e[0]}: {e[1]} → {e[2]}" for e in examples[:3]]
        table.add_row(kind.replace("_", " "), str(d.counts[kind]), "\n".join(shown))
    console.print(table)
    console.print("[green]identical[/]" if d.identical else "[yellow]the pools differ[/]")
    if not d.identical:
        raise typer.Exit(1)


def _cell(value: Any, percent: bool) -> str:
    if isinstance(value, float):
        return f"{value:.1%}" if percent else f"{value:,.4g}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def render_dashboard(reader: PoolReader, database: str, max_rows: int = 12) -> None:
    """The dashboard's charts as terminal tables (the time series summed over time)."""
    for chart in CHARTS:
        try:
            data = chart_data(reader, database, chart)
        except Exception:  # a pool migrated before the dashboards: nothing to show
            continue
        if not data["rows"]:
            continue
        rows = data["rows"]
        if chart.kind == "line":
            totals: dict[str, float] = {}
            for _, series, y in rows:
                totals[series] = totals.get(series, 0) + y
            rows = [[s, "total", v] for s, v in sorted(totals.items())]
            title = f"{chart.title.split(' (')[0]} (total since {data['rows'][0][0]})"
        else:
            title = chart.title
        table = Table(title=title, title_justify="left")
        table.add_column("")
        table.add_column("series")
        table.add_column(chart.y_label, justify="right")
        top = max((abs(float(y)) for *_, y in rows), default=0) or 1
        table.add_column("")
        for x, series, y in rows[:max_rows]:
            table.add_row(str(x), series, _cell(y, chart.percent), "█" * round(20 * abs(float(y)) / top))
        if len(rows) > max_rows:
            table.add_row("…", f"{len(rows) - max_rows} more", "", "")
        console.print(table)


def register(app: typer.Typer, pool_app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("replay")(replay)
    pool_app.command("diff")(pool_diff)
