"""``instructflow seeds …``: seed tasks for the synthesis loop into the compacted ``seeds`` topic."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from instructflow.agents.synthesize.seed import SeedError, read_seeds
from instructflow.cli.common import SkippedLines, console, fail, publish_lines, require_broker
from instructflow.schemas import Seed
from instructflow.sinks.synth_stats import SynthesisRow
from instructflow.streams.jsonl_check import check_jsonl
from instructflow.streams.settings import Settings, get_settings
from instructflow.streams.topics import SEEDS

seeds_app = typer.Typer(help="Seed tasks of the Self-Instruct loop (method c).", no_args_is_help=True)

DEMO_SEEDS = Path(__file__).resolve().parent.parent / "infra" / "demo" / "seeds.jsonl"


def send_seeds(settings: Settings, path: Path, domain: str = "", lang: str = "") -> tuple[int, list[SeedError]]:
    """Publish every readable seed of ``path`` keyed by its id; returns (sent, line errors)."""
    from instructflow.streams.producer import Publisher

    def with_lang(item: Seed | SeedError) -> Seed | SeedError:
        return item.model_copy(update={"lang": lang}) if lang and isinstance(item, Seed) else item

    report = SkippedLines()
    with Publisher(settings) as publisher:
        items = ((no, with_lang(item)) for no, item in read_seeds(path, domain))
        sent, errors = publish_lines(publisher, SEEDS, items, path, key_of=lambda s: s.id, report=report.add)
    report.close()
    return sent, errors


@seeds_app.command("load")
def load(
    file: Annotated[Path, typer.Argument(help="JSONL: Self-Instruct seed format or instruction/input/output lines.")],
    domain: Annotated[str, typer.Option(help="Tag seeds without a domain (steer with INSTRUCTFLOW_SYNTH_DOMAINS).")]
    = "",
    lang: Annotated[str, typer.Option(help="Language of every seed (default: detected per seed).")] = "",
) -> None:
    """Publish seed tasks to the compacted `seeds` topic; a seed with a known id replaces the old one."""
    if not file.is_file():
        raise fail(f"{file}: no such file")
    try:
        check_jsonl(file)
    except ValueError as exc:
        raise fail(str(exc)) from exc
    settings = require_broker(get_settings())
    sent, errors = send_seeds(settings, file, domain, lang)
    console.print(f"sent {sent} seeds to {SEEDS.name}; {len(errors)} lines skipped")
    if errors:
        raise typer.Exit(1)


def render_synthesis(rows: list[SynthesisRow], out: Console) -> None:
    if not rows:
        return
    table = Table(title="synthesis: LLM spend (tokens from usage; cost = estimate from INSTRUCTFLOW_LLM_PRICE_*)")
    for col in ("model", "prompt", "rounds", "accepted", "rejected", "in flight", "prompt tok", "completion tok",
                "cost USD"):
        table.add_column(col, justify="left" if col in {"model", "prompt"} else "right")
    for r in rows:
        table.add_row(r.model, r.prompt_version, str(r.rounds), str(r.accepted), str(r.rejected), str(r.candidates),
                      f"{r.prompt_tokens:,}", f"{r.completion_tokens:,}", f"{r.cost_usd:.4f}")
    out.print(table)


def synthesis_json(rows: list[SynthesisRow]) -> list[dict]:
    return [asdict(r) for r in rows]
