"""Records formatted per second by the template stage alone, against a naive baseline.

The template stage is ``Formatter.format``: check the record, choose its template,
render instruction/input/output and build the Instance. Reading files and Kafka I/O are
outside it. The baseline does the same work the way a straightforward implementation
would: ``jinja2.Environment().from_string`` on the template text for every record
(parse + compile per record) instead of compiling once at load.

Run: ``.venv/bin/python bench/bench_format.py [--records N]``; pins itself to one core
where the OS allows, and writes bench/results/format.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

import jinja2

from instructflow.agents.format.formatter import Formatter
from instructflow.agents.format.library import TemplateLibrary
from instructflow.agents.format.readers import read_records
from instructflow.agents.format.tasktypes import SPECS
from instructflow.agents.format.template import PARTS
from instructflow.schemas.instance import Instance, Lineage, Source
from instructflow.schemas.task import TaskRecord

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "tasks"
SHARED = Path(os.environ.get("INSTRUCTFLOW_SHARED_DATA", ROOT.parent / "shared" / "data"))
RESULTS = ROOT / "bench" / "results" / "format.json"

# (dataset, real file in ../shared/data, own fixture used when the real file is absent)
INPUTS = (
    ("squad", "squad_sample.json", "squad_mini.json"),
    ("mnli", "mnli_sample.tsv", "mnli_mini.tsv"),
    ("klue-nli", "klue_nli_v1.1_dev.json", "klue_nli_mini.json"),
    ("kornli", "kornli_xnli_dev_ko.tsv", "kornli_mini.tsv"),
    ("korsts", "korsts_dev.tsv", "korsts_mini.tsv"),
    ("gsm8k", "gsm8k_test.jsonl", "gsm8k_mini.jsonl"),
)


def load_records() -> tuple[list[TaskRecord], str]:
    records: list[TaskRecord] = []
    used = "shared"
    for dataset, real, fixture in INPUTS:
        path = SHARED / real
        if not path.exists():
            path, used = FIXTURES / fixture, "fixtures"
        records += [r for r in read_records(dataset, path) if isinstance(r, TaskRecord)]
    return records, used


class NaiveFormatter:
    """Same choice and output as Formatter, but compiles the template text per record."""

    def __init__(self, library: TemplateLibrary, seed: int = 0) -> None:
        self.library = library
        self.seed = seed

    def format(self, record: TaskRecord) -> Instance:
        spec = SPECS[record.task_type]
        ctx = spec.base(record.fields)
        template = self.library.choose(record, self.seed, ctx)
        assert template is not None
        spec.derive(ctx, template.lang, template.verbalizer)
        env = jinja2.Environment(undefined=jinja2.StrictUndefined, trim_blocks=True,
                                 lstrip_blocks=True)
        env.filters.update(_filters())
        instruction, input_, output = (
            env.from_string(getattr(template, part)).render(ctx).strip() for part in PARTS
        )
        return Instance(
            origin_id=f"{record.dataset}:{record.split}:{record.record_id}",
            source=Source.task, stage=1, lang=template.lang,
            instruction=instruction, input=input_, output=output,
            lineage=Lineage(dataset=record.dataset, split=record.split,
                            record_id=record.record_id, template_id=template.id),
        )


def _filters() -> dict[str, object]:
    from instructflow.agents.format.template import ENV

    return {k: ENV.filters[k] for k in ("bullets", "lettered")}


def rate(fmt: Formatter | NaiveFormatter, records: list[TaskRecord], n: int, repeats: int) -> float:
    """Best-of-``repeats`` records/s over ``n`` records (cycling through the inputs)."""
    batch = (records * (n // len(records) + 1))[:n]
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        for record in batch:
            fmt.format(record)
        rates.append(n / (time.perf_counter() - start))
    return max(rates), statistics.median(rates)  # type: ignore[return-value]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--naive-records", type=int, default=2_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says
    records, used = load_records()
    library = TemplateLibrary.load()
    fast = Formatter(library)
    naive = NaiveFormatter(library)
    # Same template ids and text both ways: the baseline is a fair comparison.
    for record in records[:: max(1, len(records) // 500)]:
        a, b = fast.format(record), naive.format(record)
        assert isinstance(a, Instance)
        assert (a.instruction, a.input, a.output, a.lineage) == (
            b.instruction, b.input, b.output, b.lineage)
    fast.format(records[0])  # warm-up
    fast_best, fast_median = rate(fast, records, args.records, args.repeats)
    naive_best, naive_median = rate(naive, records, args.naive_records, args.repeats)
    result = {
        "records_in_inputs": len(records),
        "inputs": used,
        "templates": len(library),
        "compiled_once": {"records": args.records, "best_per_s": round(fast_best),
                          "median_per_s": round(fast_median)},
        "naive_from_string_per_record": {"records": args.naive_records,
                                         "best_per_s": round(naive_best),
                                         "median_per_s": round(naive_median)},
        "speedup_median": round(fast_median / naive_median, 1),
        "target_per_s": 20_000,
        "meets_target": fast_median >= 20_000,
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "jinja2": jinja2.__version__,
        "note": "one core; shared machine, so numbers vary run to run",
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"inputs: {len(records)} records ({used}), {len(library)} templates")
    print(f"compiled once : {fast_median:>10,.0f} records/s (best {fast_best:,.0f})")
    print(f"naive baseline: {naive_median:>10,.0f} records/s (best {naive_best:,.0f})")
    print(f"speedup       : {fast_median / naive_median:.1f}x; target 20,000/s "
          f"{'met' if fast_median >= 20_000 else 'NOT met'}")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
