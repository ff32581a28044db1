"""``instructflow synth …``: start synthesis jobs on a running stack and follow them.

A job is a message on ``synth.jobs``; the synthesis agent runs jobs one after another and
records each round it finishes on ``synth.rounds``. ``status`` reads those two topics and the
pool (accepted/rejected so far); the pool alone still tells a job's rounds after the embedded
broker restarted with empty topics.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from pydantic import BaseModel, ValidationError
from rich.table import Table

from instructflow.agents.synthesize.jobs import JobBook, demo_job_id
from instructflow.cli.common import console, err, pool_reader, require_broker
from instructflow.schemas import Seed, SynthJob
from instructflow.schemas.synth_job import JOB_ID_PATTERN
from instructflow.sinks.synth_stats import JobRoundRow, collect_job_rounds
from instructflow.streams.settings import Settings, get_settings
from instructflow.streams.topics import SEEDS, SYNTH_JOBS, SYNTH_ROUNDS, TopicSpec

synth_app = typer.Typer(help="Synthesis jobs (method c): start one, see them all.", no_args_is_help=True)


def _read_topic(settings: Settings, spec: TopicSpec) -> list[BaseModel]:
    from instructflow.streams.log import read_values

    async def read() -> list[BaseModel]:
        # Unparsable records and tombstones are skipped: not ours to judge here; the agent skips them too.
        return [value async for value in read_values(settings, spec, spec.value_type)]

    return asyncio.run(read())


def publish_job(settings: Settings, job: SynthJob) -> None:
    from instructflow.streams.producer import Publisher

    with Publisher(settings) as publisher:
        publisher.send(SYNTH_JOBS, job, key=job.job_id)


def demo_job(settings: Settings, seed_file: Path) -> SynthJob:
    """`instructflow up`'s demo job: a deterministic id, so a restart does not run it again."""
    cap = settings.synth_max_instances
    return SynthJob(job_id=demo_job_id(seed_file, cap, settings.llm_model), max_candidates=cap,
                    seeds_domains=list(settings.synth_domains), lang=settings.synth_lang,
                    topics=list(settings.synth_topics),
                    requested_at=datetime(2000, 1, 1, tzinfo=UTC))  # before any job a user asks for


@synth_app.command("run")
def run(
    seeds_domain: Annotated[list[str] | None, typer.Option(
        help="Sample only seeds loaded with this --domain (repeatable); default INSTRUCTFLOW_SYNTH_DOMAINS.")] = None,
    lang: Annotated[str | None, typer.Option(help="Target language, e.g. ko; default INSTRUCTFLOW_SYNTH_LANG.")]
    = None,
    topics: Annotated[list[str] | None, typer.Option(
        help="Steer toward this topic (repeatable); default INSTRUCTFLOW_SYNTH_TOPICS.")] = None,
    max_candidates: Annotated[int | None, typer.Option(
        "--max", min=0, help="Stop after this many candidates (0: no cap); default INSTRUCTFLOW_SYNTH_MAX_INSTANCES.")]
    = None,
    model: Annotated[str, typer.Option(help="Model at the worker's endpoint; default INSTRUCTFLOW_LLM_MODEL.")] = "",
    job_id: Annotated[str, typer.Option("--id", help="Job id (default: generated); the same id is the same job.")]
    = "",
) -> None:
    """Start a synthesis job on the running stack; `instructflow synth status` follows it."""
    settings = require_broker(get_settings())
    domains = list(seeds_domain) if seeds_domain else list(settings.synth_domains)
    seeds = [s for s in _read_topic(settings, SEEDS) if isinstance(s, Seed)]
    usable = [s for s in seeds if not domains or s.domain in domains]
    if not usable:
        where = f" with domain {', '.join(domains)}" if domains else ""
        err.print(f"[red]error:[/] no seeds{where} in topic {SEEDS.name} ({len(seeds)} seeds in all); load some with "
                  f"`instructflow seeds load FILE{' --domain ' + domains[0] if domains else ''}`", highlight=False)
        raise typer.Exit(2)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    try:
        job = SynthJob(job_id=job_id or f"job-{stamp}-{secrets.token_hex(2)}",
                       max_candidates=settings.synth_max_instances if max_candidates is None else max_candidates,
                       seeds_domains=domains, lang=settings.synth_lang if lang is None else lang,
                       topics=list(topics) if topics else list(settings.synth_topics), model=model)
    except ValidationError:
        err.print(f"[red]error:[/] --id: '{job_id}' is not a job id (pattern {JOB_ID_PATTERN})", highlight=False)
        raise typer.Exit(2) from None
    publish_job(settings, job)
    cap = f"up to {job.max_candidates} candidates" if job.max_candidates else "no cap (runs until stopped)"
    console.print(f"job {job.job_id} sent to {SYNTH_JOBS.name}: {cap} from {len(usable)} seeds; "
                  "follow it with `instructflow synth status`", highlight=False)


@dataclass(frozen=True)
class JobStatus:
    job_id: str
    state: str  # queued | running | finished | earlier (rows in the pool, request gone with the topics)
    model: str
    lang: str
    seeds_domains: list[str]
    topics: list[str]
    max_candidates: int
    rounds: int
    candidates: int
    filter_rejects: int
    accepted: int
    rejected: int
    pending: int
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float


def job_statuses(settings: Settings) -> list[JobStatus]:
    """Jobs and their rounds from the topics, completed by the pool (verdicts, and the rounds of
    jobs whose topics are gone: an embedded broker restarts empty)."""
    book = JobBook()
    for job in _read_topic(settings, SYNTH_JOBS):
        book.on_job(job)  # type: ignore[arg-type]
    for rnd in _read_topic(settings, SYNTH_ROUNDS):
        book.on_round(rnd)  # type: ignore[arg-type]
    requested = set(book.jobs)
    try:
        rows = collect_job_rounds(pool_reader(settings), settings.clickhouse_database)
    except Exception as exc:  # no pool table yet: nothing was pooled
        err.print(f"[yellow]pool not read[/] ({type(exc).__name__}): accepted/rejected unknown", highlight=False)
        rows = []
    pooled: dict[str, list[JobRoundRow]] = {}
    for r in rows:
        pooled.setdefault(r.job_id, []).append(r)
        if r.job_id not in book.jobs:
            book.on_job(SynthJob(job_id=r.job_id, max_candidates=0, requested_at=datetime(1970, 1, 1, tzinfo=UTC)))
        book.on_round(r.as_round(), from_pool=True)
    out = []
    for p in book.in_order():
        mine = pooled.get(p.job.job_id, [])
        out.append(JobStatus(
            p.job.job_id, p.state if p.job.job_id in requested else "earlier", p.job.model, p.job.lang,
            p.job.seeds_domains, p.job.topics, p.job.max_candidates, len(p.rounds), p.candidates, p.rejects,
            sum(r.accepted for r in mine), sum(r.rejected for r in mine), sum(r.pending for r in mine),
            p.prompt_tokens, p.completion_tokens, round(p.cost_usd, 6)))
    return out


@synth_app.command("status")
def status(as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False) -> None:
    """Every synthesis job: state, rounds, candidates of its cap, pool verdicts so far, tokens and cost."""
    settings = require_broker(get_settings())
    jobs = job_statuses(settings)
    if as_json:
        console.print_json(json.dumps([asdict(j) for j in jobs]))
        return
    if not jobs:
        console.print("no synthesis jobs yet: `instructflow synth run` starts one")
        return
    table = Table(title="synthesis jobs (accepted/rejected: pool verdicts so far, the filters' rejects included)")
    columns = ("job", "state", "model", "rounds", "candidates", "accepted", "rejected", "pending", "tokens",
               "cost USD")
    for col in columns:
        table.add_column(col, justify="left" if col in {"job", "state", "model"} else "right")
    for j in jobs:
        cap = f"/{j.max_candidates}" if j.max_candidates else ""
        table.add_row(j.job_id, j.state, j.model or "(default)", str(j.rounds), f"{j.candidates}{cap}",
                      str(j.accepted), str(j.rejected), str(j.pending), f"{j.prompt_tokens + j.completion_tokens:,}",
                      f"{j.cost_usd:.4f}")
    console.print(table)
