"""The adversarial PII probe (evaluation/pii_probe.py) against the scrubber, with its leaks.

    .venv/bin/python bench/probe_pii.py [--seed 1212] [--per-kind 110] [--by-form] [--leaks 40] [--json out.json]

Prints recall ("value gone": some finding overlaps the value), full coverage (every letter and
digit of the value inside findings) and PERSON/LOCATION precision per gold type and language;
``--by-form`` one row per value form and dress; ``--leaks N`` up to N texts per gold type whose
value is not fully covered, with what the scrubber made of them (for grouping leaks by cause).
Same seed, same texts: the numbers are reproducible.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from instructflow.agents.scrub.scrubber import Scrubber  # noqa: E402
from instructflow.evaluation.pii import evaluate, format_report  # noqa: E402
from instructflow.evaluation.pii_probe import PER_KIND, SEED, generate_probe  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--per-kind", type=int, default=PER_KIND)
    parser.add_argument("--by-form", action="store_true")
    parser.add_argument("--leaks", type=int, default=0, help="leaked texts to show per gold type")
    parser.add_argument("--json", type=Path, help="write per type/language and per form numbers here")
    args = parser.parse_args()

    samples = generate_probe(args.seed, args.per_kind)
    scrubber = Scrubber()
    start = time.perf_counter()
    findings = [scrubber.analyze(s.text) for s in samples]
    seconds = time.perf_counter() - start
    predictions = [[(f.entity_type, f.start, f.end) for f in fs] for fs in findings]
    report = evaluate(samples, predictions, ("PERSON", "LOCATION"))
    print(f"probe seed {args.seed}: {len(samples)} texts, {len(samples) / seconds:.0f} texts/s")
    print(format_report(report))
    if args.by_form:
        print(format_report(report, by_form=True))
    if args.leaks:
        shown: dict[str, int] = defaultdict(int)
        for sample, preds in zip(samples, predictions, strict=True):
            for gtype, gs, ge in sample.spans:
                covered = all(
                    any(ps <= i < pe for _, ps, pe in preds) for i in range(gs, ge) if sample.text[i].isalnum()
                )
                if covered or shown[gtype] >= args.leaks:
                    continue
                shown[gtype] += 1
                scrubbed = scrubber.scrub(sample.text).text
                print(
                    f"LEAK {gtype} [{sample.form}] value={sample.text[gs:ge]!r}\n   in:  {sample.text!r}\n"
                    f"   out: {scrubbed!r}"
                )
    if args.json:
        rows = {
            f"{g}/{lg}": {"n": t.total, "recall": t.found / t.total, "full": t.full / t.total}
            for (g, lg), t in sorted(report.gold.items())
        }
        forms = {
            f"{g}/{lg}": {"n": t.total, "recall": t.found / t.total, "full": t.full / t.total}
            for (g, lg), t in sorted(report.forms.items())
        }
        args.json.write_text(
            json.dumps(
                {"seed": args.seed, "texts": len(samples), "gold": rows, "forms": forms}, indent=1, ensure_ascii=False
            )
        )


if __name__ == "__main__":
    main()
