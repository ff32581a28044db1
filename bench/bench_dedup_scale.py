"""The single-mode decider as its index grows, on the pipeline's own generated prompts.

    .venv/bin/python bench/bench_dedup_scale.py [--n 300000] [--step 50000] [--baseline 9704c2d]

Templated prompts (bench/loadgen.py: the prompts bench_pipeline sends) share the band values
of their fixed words with thousands of others; this shows what that costs a decider as the
index grows: docs/s of ``decide_batch(500)`` (CPU) over each step of ``--step`` instances, the
candidates its lookups return per instance, and the index's numpy bytes per instance. The same
snippet runs on this tree and, side by side in the same run, on ``--baseline``'s own source
(bench/at_commit.py; default: main before stop keys, index.py BandTable).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from at_commit import REPO, run_at, run_in  # noqa: E402
from loadgen import generated_batch  # noqa: E402

SNIPPET = """
import hashlib
from instructflow.agents.dedup import index as index_module
from instructflow.agents.dedup.deduplicator import Deduplicator
from instructflow.schemas import Instance
texts, step = payload["texts"], payload["step"]
hits = [0]
lookup_many = index_module.BandTable.lookup_many
def counted(self, keys):
    which, ids = lookup_many(self, keys)
    hits[0] += which.size
    return which, ids
index_module.BandTable.lookup_many = counted
d = Deduplicator()  # the deployed defaults (Settings: threshold 0.8, 128 permutations, 3-shingles, tiers)
steps, removed, cpu = [], 0, 0.0
for start in range(0, len(texts), step):
    batch = [Instance(instance_id=hashlib.blake2b(str(i).encode(), digest_size=16).hexdigest(), source="chat",
                      stage=2, instruction=t) for i, t in enumerate(texts[start:start + step], start)]
    hits[0] = 0
    c0 = time.process_time()
    for k in range(0, len(batch), 500):
        removed += sum(o.status.value != "accepted" for o in d.decide_batch(batch[k:k + 500]))
    spent = time.process_time() - c0
    steps.append({"indexed": start + len(batch), "docs_per_cpu_s": round(len(batch) / spent),
                  "candidates_per_doc": round(hits[0] / len(batch), 1)})
print(json.dumps({"steps": steps, "removed": removed, "index_bytes_per_instance": round(d.index.nbytes / len(d))}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=300_000)
    ap.add_argument("--step", type=int, default=50_000)
    ap.add_argument("--baseline", default="9704c2d")
    args = ap.parse_args()
    prompts = generated_batch(args.n, 0, 0, seed=5, prefix="s").prompts
    payload = {"texts": [p.messages[-1].content for p in prompts], "step": args.step}
    results = {"this tree": run_in(REPO, SNIPPET, payload),
               f"baseline {args.baseline}": run_at(args.baseline, SNIPPET, payload)}
    print(f"{'indexed':>8s}  " + "  ".join(f"{name:>34s}" for name in results))
    for k, step in enumerate(results["this tree"]["steps"]):
        cells = [f"{r['steps'][k]['docs_per_cpu_s']:>9,d} docs/s {r['steps'][k]['candidates_per_doc']:>8.1f} cand/doc"
                 for r in results.values()]
        print(f"{step['indexed']:>8,d}  " + "  ".join(f"{c:>34s}" for c in cells))
    for name, r in results.items():
        print(f"{name}: removed {r['removed']}, index {r['index_bytes_per_instance']} B per instance")
    out = HERE / "results" / "dedup_scale.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
