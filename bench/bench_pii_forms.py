"""Structured identifiers and addresses in every written form: value gone / fully covered.

    .venv/bin/python bench/bench_pii_forms.py [--seed 2026] [--per-form 40] [--split heldout]

Samples come from instructflow/evaluation/pii_forms.py (Korean and English templates, values
glued to particles and punctuation, every separator, full-width digits, prefixes); the default
reports on the *held-out* templates with a seed not used while tuning. Then the scrubber on
presidio's synthetic corpus (../shared/data) for CREDIT_CARD and STREET_ADDRESS, with the span
overlap recall/precision of instructflow/evaluation/pii.py. Prints tables (markdown)
and writes bench/results/pii_forms.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

from instructflow.agents.scrub.scrubber import Scrubber  # noqa: E402
from instructflow.evaluation import pii as ev  # noqa: E402
from instructflow.evaluation import pii_forms as pf  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--per-form", type=int, default=40)
    parser.add_argument("--split", default="heldout", choices=("tune", "heldout", "all"))
    parser.add_argument("--unlabelled", action="store_true", help="neutral words instead of 'card number' etc.")
    args = parser.parse_args(argv)

    scrubber = Scrubber(languages=("en", "ko"), score_threshold=0.4)

    def detect(text: str) -> list[ev.Span]:
        return [(f.entity_type, f.start, f.end) for f in scrubber.analyze(text)]

    samples = pf.generate_forms(args.seed, args.per_form, split=args.split, labelled=not args.unlabelled)
    start = time.perf_counter()
    by_variant = pf.score_forms(samples, detect, pf.variant_key)
    seconds = time.perf_counter() - start
    by_glue = pf.score_forms(samples, detect, pf.glue_key)
    by_entity = pf.score_forms(samples, detect, lambda s: (s.lang, s.entity))

    label = "neutral labels" if args.unlabelled else "labelled"
    rate = len(samples) / seconds
    print(f"{len(samples)} samples, seed {args.seed}, {args.split} templates, {label}, {rate:.0f}/s\n")
    print("| entity | lang | n | value gone | fully covered | worst form (full) |")
    print("|---|---|---:|---:|---:|---|")
    worst: dict[tuple[str, str], tuple[float, str]] = defaultdict(lambda: (2.0, ""))
    for (lang, entity, form), score in by_variant.items():
        if score.full_rate < worst[(lang, entity)][0]:
            worst[(lang, entity)] = (score.full_rate, form)
    for (lang, entity), score in sorted(by_entity.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        rate, form = worst[(lang, entity)]
        print(f"| {entity} | {lang} | {score.n} | {score.gone_rate:.3f} | {score.full_rate:.3f} | {form} {rate:.3f} |")
    print("\nper attachment (glued = Korean particle right after the value):\n")
    print("| entity | lang | attachment | n | value gone | fully covered |")
    print("|---|---|---|---:|---:|---:|")
    for (lang, entity, glue), score in sorted(by_glue.items(), key=lambda kv: (kv[0][1], kv[0][0], kv[0][2])):
        print(f"| {entity} | {lang} | {glue} | {score.n} | {score.gone_rate:.3f} | {score.full_rate:.3f} |")
    print("\nper value form (both languages' samples; n per language = per-form):\n")
    print("| entity | form | ko gone | ko full | en gone | en full |")
    print("|---|---|---:|---:|---:|---:|")
    forms = sorted({(e, f) for (_, e, f) in by_variant})
    for entity, form in forms:
        cells = []
        for lang in ("ko", "en"):
            s = by_variant.get((lang, entity, form))
            cells += [f"{s.gone_rate:.2f}", f"{s.full_rate:.2f}"] if s else ["", ""]
        print(f"| {entity} | {form} | " + " | ".join(cells) + " |")

    corpus_path = ev.shared_data_dir(REPO) / ev.PRESIDIO_FILE
    corpus = {}
    if corpus_path.exists():
        corpus_samples = ev.load_presidio(corpus_path)
        report = ev.evaluate(corpus_samples, ev.predict_all(corpus_samples, detect))
        print(f"\npresidio synthetic corpus ({len(corpus_samples)} texts), span-overlap scoring:\n")
        print("| gold type | recall | precision of mapped type |")
        print("|---|---:|---:|")
        for gold in ("CREDIT_CARD", "STREET_ADDRESS", "PHONE_NUMBER", "US_SSN", "IP_ADDRESS", "EMAIL_ADDRESS"):
            r, p = report.recall(gold), report.precision(ev.GOLD_TO_PREDICTED[gold])
            print(f"| {gold} | {r.rate:.3f} ({r.tp}/{r.total}) | {p.rate:.3f} ({p.tp}/{p.total}) |")
            corpus[gold] = {"recall": [r.tp, r.total], "precision": [p.tp, p.total]}
    else:
        print(f"\n(no presidio corpus at {corpus_path}; set INSTRUCTFLOW_SHARED_DATA)", file=sys.stderr)

    out = REPO / "bench" / "results" / ("pii_forms_unlabelled.json" if args.unlabelled else "pii_forms.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "seed": args.seed, "per_form": args.per_form, "split": args.split, "labelled": not args.unlabelled,
        "samples": len(samples),
        "forms": [{"lang": k[0], "entity": k[1], "form": k[2], "n": v.n, "gone": v.gone, "full": v.full}
                  for k, v in by_variant.items()],
        "attachment": [{"lang": k[0], "entity": k[1], "glue": k[2], "n": v.n, "gone": v.gone, "full": v.full}
                       for k, v in by_glue.items()],
        "corpus": corpus,
    }
    out.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    print(f"\nwrote {out.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
