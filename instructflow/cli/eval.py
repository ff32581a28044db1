"""``instructflow eval``: measure quality claims on labelled sets we did not write."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console

eval_app = typer.Typer(help="Evaluate the pipeline's components on labelled sets.", no_args_is_help=True)
console = Console()
err = Console(stderr=True)


@eval_app.command("pii")
def eval_pii(
    sets: Annotated[list[str] | None, typer.Option("--set", help="set to score (repeat; default: all)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON document")] = False,
    by_form: Annotated[bool, typer.Option("--by-form", help="also print one row per written form")] = False,
) -> None:
    """Recall ("value gone"), full coverage and precision of the PII scrubber, per entity type
    and language, over the presidio corpus, KLUE-NER (held-out half), generated names and
    PII-free real text."""
    from instructflow.agents.scrub.scrubber import Scrubber
    from instructflow.evaluation.pii import format_report
    from instructflow.evaluation.pii_sets import MissingData
    from instructflow.evaluation.runner import available_sets, run_set, summary

    known = available_sets()
    chosen = sets or list(known)
    unknown = [s for s in chosen if s not in known]
    if unknown:
        err.print(f"[red]error:[/] unknown set {', '.join(unknown)} (known: {', '.join(known)})")
        raise typer.Exit(2)
    scrubber = Scrubber()

    def detect(text: str) -> list[tuple[str, int, int]]:
        return [(f.entity_type, f.start, f.end) for f in scrubber.analyze(text)]

    results = []
    for name in chosen:
        try:
            result = run_set(known[name], detect)
        except MissingData as exc:
            err.print(f"[red]error:[/] set {name}: {exc}")
            raise typer.Exit(2) from None
        results.append(result)
        if not as_json:
            console.print(
                f"[bold]== {name}[/]: {known[name].description} — {len(result.samples)} texts, "
                f"{result.texts_per_s:.0f} texts/s",
                highlight=False,
            )
            print(format_report(result.report))  # plain: tables must not wrap
            if by_form:
                print(format_report(result.report, by_form=True))
            print()
    if as_json:
        print(json.dumps([summary(r) for r in results], indent=2, ensure_ascii=False))
