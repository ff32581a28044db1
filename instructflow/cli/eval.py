"""``instructflow eval``: measure quality claims on labelled sets we did not write."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

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
    labelled: Annotated[
        list[Path] | None,
        typer.Option("--labelled", help="your own text, one per line, values tagged <value:TYPE> (repeat)"),
    ] = None,
) -> None:
    """Recall ("value gone"), full coverage and precision of the PII scrubber, per entity type
    and language, over the presidio corpus, KLUE-NER (held-out half), generated names and
    PII-free real text (also Korean law and bills, from konlpy's corpora), or over your own
    labelled files (--labelled; only those unless --set names shipped sets too)."""
    from instructflow.agents.scrub.scrubber import Scrubber
    from instructflow.evaluation.pii import Sample, SetInfo, format_report
    from instructflow.evaluation.pii_sets import MissingData
    from instructflow.evaluation.runner import available_sets, run_set, summary
    from instructflow.evaluation.tagged import LabelledFileError, labelled_sets

    known = available_sets()
    chosen = sets or ([] if labelled else list(known))
    unknown = [s for s in chosen if s not in known]
    if unknown:
        err.print(f"[red]error:[/] unknown set {', '.join(unknown)} (known: {', '.join(known)})")
        raise typer.Exit(2)
    jobs: list[tuple[SetInfo, list[Sample] | None]] = [(known[name], None) for name in chosen]
    for path in labelled or []:
        try:
            jobs.extend(labelled_sets(path))
        except LabelledFileError as exc:
            err.print(f"[red]error:[/] {exc}", highlight=False)
            raise typer.Exit(2) from None
    scrubber = Scrubber()

    def detect(text: str) -> list[tuple[str, int, int]]:
        return [(f.entity_type, f.start, f.end) for f in scrubber.analyze(text)]

    results = []
    for info, samples in jobs:
        try:
            result = run_set(info, detect, samples)
        except MissingData as exc:
            err.print(f"[red]error:[/] set {info.name}: {exc}")
            raise typer.Exit(2) from None
        results.append(result)
        if not as_json:
            console.print(
                f"[bold]== {info.name}[/]: {info.description} — {len(result.samples)} texts, "
                f"{result.texts_per_s:.0f} texts/s",
                highlight=False,
            )
            print(format_report(result.report))  # plain: tables must not wrap
            if by_form:
                print(format_report(result.report, by_form=True))
            print()
    if as_json:
        print(json.dumps([summary(r) for r in results], indent=2, ensure_ascii=False))


@eval_app.command("quality")
def eval_quality(
    quick: Annotated[bool, typer.Option("--quick", help="one dedup seed, 20 pairs per cell (a few seconds)")] = False,
    labelled: Annotated[
        list[Path] | None,
        typer.Option("--labelled", help="labelled TSV to score (repeat; default: the shipped labelled sets)"),
    ] = None,
    seeds: Annotated[
        list[int] | None, typer.Option("--seed", help="dedup sample seed (repeat; default: 1 and 7)")
    ] = None,
    no_dedup: Annotated[bool, typer.Option("--no-dedup", help="verdicts only (no shared data needed)")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON document")] = False,
) -> None:
    """The quality gates against their targets: the scorer's accept/reject verdicts on labelled
    prompts (agreement, errors per class and language, other-language prompts accepted) and dedup
    recall per perturbation and length class and false duplicates on perturbed copies of real
    text (INSTRUCTFLOW_SHARED_DATA). Exit 1 when a target is missed."""
    from instructflow.evaluation import quality
    from instructflow.evaluation.pii import shared_data_dir

    try:
        files = quality.labelled_files(labelled or ())
        verdicts = quality.verdicts(files)
        per_cell = quality.QUICK_PER_CELL if quick else 60
        chosen = seeds or list(quality.DEDUP_SEEDS[:1] if quick else quality.DEDUP_SEEDS)
        dedups = [] if no_dedup else quality.dedup(shared_data_dir(), chosen, per_cell)
    except (quality.MissingData, ValueError) as exc:  # missing file, malformed labelled line
        err.print(f"[red]error:[/] {exc}", highlight=False, soft_wrap=True)  # one line, however long
        raise typer.Exit(2) from None
    floors = [f for v in verdicts for f in v.floors()] + [f for d in dedups for f in d.floors()]
    if as_json:
        print(json.dumps(_quality_json(verdicts, dedups, floors), indent=2, ensure_ascii=False))
    else:
        for v in verdicts:
            _print_verdicts(v)
        for d in dedups:
            _print_dedup(d)
        print("== targets")
        for f in floors:
            bound = f"{'>=' if f.at_least else '<='} {_num(f.bound)}"
            print(f"  {'met   ' if f.met else 'MISSED'}  {f.name}: {_num(f.value)} (target {bound})")
    if not all(f.met for f in floors):
        raise typer.Exit(1)


def _num(x: float) -> str:
    return str(x) if float(x).is_integer() else f"{x:.4f}"


def _print_verdicts(v: Any) -> None:
    r = v.report
    print(f"== verdicts: {v.name} ({r.total} prompts)")
    print(f"  agreement {r.agreement:.1%}, same reason too {r.reason_agreement:.1%}, "
          f"other-language accepted {len(r.other_lang_accepted)}")
    print(f"  {'class':<14}{'errors':>8}   {'lang':<6}{'errors':>8}")
    classes, langs = sorted(r.by_class), sorted(r.by_lang)
    for i in range(max(len(classes), len(langs))):
        left = f"{classes[i]:<14}{r.errors_by_class[classes[i]]:>4}/{r.by_class[classes[i]]:<3}" if i < len(classes) \
            else " " * 22
        right = f"{langs[i]:<6}{r.errors_by_lang[langs[i]]:>4}/{r.by_lang[langs[i]]}" if i < len(langs) else ""
        print(f"  {left}   {right}")
    for expected, got, text in r.mistakes:
        print(f"  expected {expected}, got {got}: {text[:100]}")


def _print_dedup(d: Any) -> None:
    from instructflow.evaluation.dedup import LENGTH_CLASSES, PERTURBATIONS

    r = d.report
    print(f"== dedup: seed {d.seed} ({d.pairs} pairs)")
    print(f"  {'recall':<12}" + "".join(f"{c:>11}" for c in LENGTH_CLASSES))
    for kind in PERTURBATIONS:
        print(f"  {kind:<12}" + "".join(f"{r.recall(kind, c):>11.3f}" for c in LENGTH_CLASSES))
    print(f"  overall recall {r.recall():.3f}; false duplicates {r.false_duplicate_rate():.2%} ("
          + ", ".join(f"{k} {r.false_dup[k]}/{n}" for k, n in sorted(r.non_dup.items()))
          + f"); exact copies decided as near {r.exact_as_near}")


def _quality_json(verdicts: list[Any], dedups: list[Any], floors: list[Any]) -> dict[str, Any]:
    from instructflow.evaluation.quality import dedup_summary, verdict_summary

    return {
        "verdicts": {v.name: verdict_summary(v.report) for v in verdicts},
        "dedup": {f"seed {d.seed}": {"pairs": d.pairs, **dedup_summary(d.report)} for d in dedups},
        "targets": [{"name": f.name, "value": f.value, "bound": f.bound, "met": f.met} for f in floors],
    }
