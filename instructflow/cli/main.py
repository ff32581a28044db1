"""``instructflow``: run the pipeline, feed it, and look into the pool."""

from __future__ import annotations

import json
import logging
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from pydantic import BaseModel
from rich.console import Group
from rich.live import Live
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from instructflow.cli.common import (
    SkippedLines,
    console,
    err,
    fail,
    pool_reader,
    publish_lines,
    require_broker,
    run_cli,
    set_debug,
    sql_error,
)
from instructflow.cli.eval import eval_app
from instructflow.cli.ops import register as register_ops
from instructflow.cli.ops import render_dashboard
from instructflow.cli.prompt_file import check_file, count_records, read_prompts
from instructflow.cli.seeds import DEMO_SEEDS, render_synthesis, seeds_app, send_seeds, synthesis_json
from instructflow.cli.synth import demo_job, publish_job, synth_app
from instructflow.cli.tasks import tasks_app
from instructflow.cli.users import print_console_access, users_app
from instructflow.schemas import DeadLetter, Instance, Prompt
from instructflow.sinks.pool import PoolUnavailable
from instructflow.sinks.reader import open_reader
from instructflow.sinks.stats import PoolStats, collect_stats
from instructflow.sinks.synth_stats import collect_synthesis_stats
from instructflow.streams.settings import AGENT_NAMES, Settings, get_settings
from instructflow.streams.settings_check import mask_dsn
from instructflow.streams.topics import PROMPTS_RAW

if TYPE_CHECKING:
    from instructflow.infra.processes import RestartBudget
    from instructflow.infra.stack import EmbeddedStack, WorkerProcess

app = typer.Typer(help="instructflow: a streaming factory for instruction-tuning data.", no_args_is_help=True)
produce_app = typer.Typer(help="Send data into the pipeline's topics.", no_args_is_help=True)
pool_app = typer.Typer(help="Look into the instance pool (ClickHouse).", no_args_is_help=True)
app.add_typer(produce_app, name="produce")
app.add_typer(pool_app, name="pool")
app.add_typer(seeds_app, name="seeds")
app.add_typer(synth_app, name="synth")
app.add_typer(tasks_app, name="tasks")
app.add_typer(users_app, name="users")
app.add_typer(eval_app, name="eval")


SCHEMAS: dict[str, type[BaseModel]] = {"prompt": Prompt, "instance": Instance, "deadletter": DeadLetter}
DEMO_PROMPTS = Path(__file__).resolve().parent.parent / "infra" / "demo" / "prompts.jsonl"


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err)


def send_prompts(settings: Settings, path: Path, fmt: str = "auto", column: str = "text",
                 id_column: str | None = None) -> tuple[int, int]:
    """Publish the file's prompts; returns (sent, lines skipped). Raises ValueError before sending anything
    if the file is not what its format says."""
    from instructflow.streams.producer import Publisher

    fmt = check_file(path, fmt, column)
    total = count_records(path, fmt)
    skipped = SkippedLines()
    with Publisher(settings) as publisher, _progress() as progress:
        task = progress.add_task(f"prompts.raw ← {path.name} (records)", total=total)
        sent, errors = publish_lines(publisher, PROMPTS_RAW, read_prompts(path, fmt, column, id_column), path,
                                     key_of=lambda p: p.id, progress=lambda n: progress.update(task, completed=n),
                                     report=skipped.add)
        progress.update(task, completed=total)
    skipped.close()
    return sent, len(errors)


@produce_app.command("prompts")
def produce_prompts(
    file: Annotated[Path, typer.Argument(help="JSONL (OpenAI chat `messages`) or CSV/TSV with a text column.")],
    fmt: Annotated[str, typer.Option("--format", help="auto | jsonl | csv | tsv")] = "auto",
    column: Annotated[str, typer.Option(help="CSV/TSV column holding the prompt text.")] = "text",
    id_column: Annotated[str | None, typer.Option(help="CSV/TSV column holding the client's id.")] = None,
) -> None:
    """Send real user prompts to prompts.raw; bad lines are reported (file:line: field: reason) and skipped."""
    try:
        check_file(file, fmt, column)  # before looking for the broker: a wrong file is the first thing to say
        settings = require_broker(get_settings())
        sent, skipped = send_prompts(settings, file, fmt, column, id_column)
    except ValueError as exc:
        raise fail(str(exc)) from exc
    console.print(f"sent {sent} prompts to {PROMPTS_RAW.name}; {skipped} lines skipped")
    if skipped:
        raise typer.Exit(1)


@app.callback()
def root(
    debug: Annotated[bool, typer.Option("--debug", help="On an error, show the full traceback.")] = False,
) -> None:
    """instructflow: a streaming factory for instruction-tuning data."""
    set_debug(debug)
    get_settings()  # every command starts from valid settings (one line per bad INSTRUCTFLOW_* value)


@app.command()
def schema(name: Annotated[str, typer.Argument(help="prompt | instance | deadletter")] = "prompt") -> None:
    """Print the JSON schema of a topic's value, for producers outside this project."""
    if name not in SCHEMAS:
        raise typer.BadParameter(f"unknown schema '{name}'; one of {', '.join(SCHEMAS)}")
    console.print_json(json.dumps(SCHEMAS[name].model_json_schema()))


@app.command("settings")
def show_settings() -> None:
    """Every setting, its environment variable and its current value (secrets masked); refuses bad values."""
    current = get_settings()
    table = Table(title="settings (env INSTRUCTFLOW_<NAME>)")
    for col in ("env", "value", "description"):
        table.add_column(col, overflow="fold")
    for name, field in Settings.model_fields.items():
        value = mask_dsn(str(getattr(current, name)))
        table.add_row(f"INSTRUCTFLOW_{name.upper()}", value, field.description or "")
    console.print(table)


@app.command()
def worker(
    sink: Annotated[bool, typer.Option(help="Write to the pool from this worker.")] = True,
    agents: Annotated[str, typer.Option(help="Comma-separated agents to run (format, scrub, dedup, sink,"
                                             " synthesize); default INSTRUCTFLOW_AGENTS, or all.")] = "",
) -> None:
    """Run one Faust worker (production: one per host, any number)."""
    from instructflow.app.worker import run_worker
    from instructflow.streams.jsonlog import configure_json_logging, json_logging_wanted

    settings = get_settings()
    if agents:
        chosen = [a.strip() for a in agents.split(",") if a.strip()]
        unknown = sorted(set(chosen) - set(AGENT_NAMES))
        if unknown:
            err.print(f"[red]error:[/] --agents: unknown agent(s) {', '.join(unknown)}; choose from "
                      f"{', '.join(AGENT_NAMES)}", highlight=False)
            raise typer.Exit(2)
        settings = settings.model_copy(update={"agents": chosen})
    if json_logging_wanted():  # structured from the first line (INSTRUCTFLOW_LOG_JSON=0: plain text)
        configure_json_logging("INFO")
    else:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    run_worker(require_broker(settings), own_pool=sink)


def _table(title: str, columns: tuple[str, ...], rows: Sequence[tuple[object, ...]]) -> Table:
    table = Table(title=title)
    for col in columns:
        table.add_column(col, justify="right" if col in {"stage", "count"} else "left")
    for row in rows:
        table.add_row(*map(str, row))
    return table


def stats_tables(stats: PoolStats) -> list[Table]:
    tables = [_table(f"pool: {stats.total} instances", ("source", "stage", "status", "count"),
                     stats.by_source_status)]
    if stats.rejects_by_reason:
        tables.append(_table("rejects by reason", ("source", "reason", "count"), stats.rejects_by_reason))
    if stats.pii_by_type:
        tables.append(_table("PII scrubbed (entity counts)", ("entity", "count"), stats.pii_by_type))
    return tables


def render_stats(stats: PoolStats) -> None:
    for table in stats_tables(stats):
        console.print(table)


@pool_app.command("stats")
def pool_stats(as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False) -> None:
    """Counts by source, stage and status; rejects by reason; PII found."""
    settings = get_settings()
    reader = pool_reader(settings)
    stats = collect_stats(reader, settings.clickhouse_database)
    synthesis = collect_synthesis_stats(reader, settings.clickhouse_database)
    if as_json:
        console.print_json(json.dumps({"total": stats.total, "by_source_status": stats.by_source_status,
                                       "rejects_by_reason": stats.rejects_by_reason,
                                       "pii_by_type": stats.pii_by_type,
                                       "synthesis": synthesis_json(synthesis)}))
    else:
        render_stats(stats)
        render_synthesis(synthesis, console)
        render_dashboard(reader, settings.clickhouse_database)


@pool_app.command("query")
def pool_query(
    sql: Annotated[str, typer.Argument(help="A read-only query, e.g. SELECT … FROM instances (the pool's database"
                                            " is the default one)")],
) -> None:
    """Run a read-only query and print one JSON object per row (the same allowlist and limits as the
    worker's /pool/query: the pool's database, a few system tables, no file/url/remote functions)."""
    settings = get_settings()
    reader = pool_reader(settings)
    try:
        names, rows = reader.outside_query(sql)
    except PoolUnavailable:
        raise
    except Exception as exc:  # refused by the allowlist, syntax, unknown table, a limit: one line
        raise fail(sql_error(exc)) from exc
    for row in rows:
        sys.stdout.write(json.dumps(dict(zip(names, row, strict=True)), default=str, ensure_ascii=False) + "\n")


@app.command()
def up(
    demo: Annotated[bool, typer.Option(help="Load the project's demo prompts once the stack is up.")] = True,
    seconds: Annotated[float, typer.Option(help="Stop after this many seconds (0: run until Ctrl-C).")] = 0,
) -> None:
    """Start the embedded stack: local broker (unless configured), workers with all agents, on-disk chDB pool."""
    from instructflow.infra.processes import RestartBudget
    from instructflow.infra.stack import EmbeddedStack

    settings = get_settings()
    stack = EmbeddedStack(settings, synthesis=True)
    stopping = False

    def on_signal(signum: int, _frame: object) -> None:
        # Raised wherever `up` is (starting a child, waiting for one, sending the demo): the
        # `finally` below stops whatever has been started by then, within the shutdown bound.
        # A second signal changes nothing: the stop is already bounded.
        nonlocal stopping
        if not stopping:
            stopping = True
            raise KeyboardInterrupt

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        _run_stack(stack, demo, seconds, RestartBudget())
    except KeyboardInterrupt:
        pass
    finally:
        stopping = True
        with console.status("stopping…"):
            stack.stop()
        console.print("stopped.")


def _run_stack(stack: EmbeddedStack, demo: bool, seconds: float, restarts: RestartBudget) -> None:
    with console.status("starting: broker, topics, worker (consumer-group join can take ~30 s)…"):
        stack.start()
    settings = stack.settings
    broker = (f"embedded Tansu at {settings.kafka_bootstrap} (in-memory log: for demos and tests only)"
              if stack.broker else f"Kafka at {settings.kafka_bootstrap}")
    console.print(f"[bold green]instructflow is up[/]\n  broker : {broker}\n  pool   : {settings.pool_dsn}"
                  f"\n  worker : {stack.worker.web_url} (log: {stack.worker.log_path})")
    if stack.edge is not None:
        console.print(f"  edge   : {stack.edge.web_url} runs {', '.join(stack.edge.settings.agents)}"
                      f" (log: {stack.edge.log_path})")
    print_console_access(console, settings, stack.worker.web_url, demo_accounts=demo)
    if demo:
        sent, _ = send_prompts(settings, DEMO_PROMPTS)
        console.print(f"  demo   : sent {sent} prompts from {DEMO_PROMPTS.name}")
    if stack.llm_double is not None:
        console.print(f"  llm    : [yellow]TEST DOUBLE[/] at {settings.llm_base_url} (deterministic word-list "
                      "replies, not a model; set INSTRUCTFLOW_LLM_BASE_URL for a real endpoint)")
    elif settings.synth_enabled and settings.llm_base_url:
        console.print(f"  llm    : {settings.llm_model} at {settings.llm_base_url}")
    if demo and settings.synth_enabled and settings.llm_base_url:
        n_seeds, _ = send_seeds(settings, DEMO_SEEDS)
        job = demo_job(settings, DEMO_SEEDS)
        publish_job(settings, job)
        console.print(f"  seeds  : sent {n_seeds} seed tasks from {DEMO_SEEDS.name}")
        # The cap counts candidates (rows that passed the synthesis filters); every proposal the filters
        # reject is a pool row too, with its reason and spend: several times the cap in synthetic rows.
        console.print(f"  synth  : demo job {job.job_id}: stops after {job.max_candidates} candidates pass the "
                      "synthesis filters; the proposals they reject are pooled as well (reasons synth_*), so "
                      "expect several times that many synthetic rows; a job already done on this pool is not "
                      "run again (`instructflow synth status`)")
    console.print(f"  charts : {stack.worker.web_url}/dashboard (sign in as a reviewer or admin;"
                  f" metrics: {stack.worker.web_url}/metrics)")
    console.print("  look   : `instructflow pool stats`, `instructflow pool query \"SELECT …\"` (in another"
                  " terminal); Ctrl-C stops everything")
    started = time.monotonic()
    reader = open_reader(settings)
    # One summary refreshed in place: the stream never stops changing it.
    with Live(Text("waiting for the first instances…"), console=console, refresh_per_second=1) as live:
        while seconds <= 0 or time.monotonic() - started < seconds:
            time.sleep(1.0)
            for w in stack.workers:
                if not w.alive():
                    restart_worker(w, restarts)
            try:
                stats = collect_stats(reader, settings.clickhouse_database)
            except Exception:  # the pool tables appear with the sink's first batch
                continue
            live.update(Group(*stats_tables(stats)))


def restart_worker(worker: WorkerProcess, restarts: RestartBudget) -> None:
    """A worker that exited (an agent crashed: app/worker.py exits rather than run without it)
    is started again, as compose or Kubernetes would; a crash loop ends `up`."""
    code = worker.proc.returncode if worker.proc is not None else None
    if not restarts.allow():
        err.print(f"[red]worker exited[/] with {code} {restarts.limit} times within {restarts.window_s:.0f} s; "
                  f"giving up; see {worker.log_path}", highlight=False)
        raise typer.Exit(1)
    err.print(f"[yellow]worker exited[/] with {code}; restarting it (see {worker.log_path})", highlight=False)
    worker.spawn()


register_ops(app, pool_app)  # export, replay, pool diff (cli/ops.py)


def main() -> None:
    run_cli(app)


if __name__ == "__main__":
    main()
