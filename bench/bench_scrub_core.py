"""The scrub core on the pipeline's generated chat prompts, this tree vs a baseline commit, in one run.

    .venv/bin/python bench/bench_scrub_core.py [--base main] [--prompts 3000] [--rounds 4] [--texts klue]

``--texts klue`` times Korean news and reviews instead: the first ``--prompts`` KLUE-NER sentences
(../shared/data via INSTRUCTFLOW_SHARED_DATA; the Korean name model's whole path, which chat
prompts rarely reach).

The baseline's ``instructflow`` package is exported (``git archive``) to a temporary folder and
both trees run in child processes of the same venv, alternately (base, this, base, this ...), so
load from other jobs on a shared machine hits both alike; each child builds a ``Scrubber``, warms
it, and times ``scrub`` over the same prompts (``bench/loadgen.generated_batch``) in CPU time.
Best of ``--rounds`` per side. Prints texts per CPU-second and the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

CHILD = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
sys.path.insert(1, sys.argv[2])
from bench.loadgen import generated_batch
from instructflow.agents.scrub.scrubber import Scrubber
n = int(sys.argv[3])
if sys.argv[4] == "klue":
    from instructflow.agents.scrub.model.train_names_ko import klue_path
    from instructflow.evaluation.klue import read_klue
    texts = [text for text, _labels in read_klue(klue_path())[:n]]
else:
    texts = [p.messages[0].content for p in generated_batch(n, n // 10, n // 10).prompts]
scrubber = Scrubber()
for text in texts[:200]:
    scrubber.scrub(text)
start = time.process_time()
found = sum(sum(scrubber.scrub(text).pii.values()) for text in texts)
print(json.dumps({"texts_per_cpu_s": len(texts) / (time.process_time() - start), "found": found,
                  "package": __import__("instructflow").__file__}))
"""


def run_child(tree: Path, prompts: int, texts: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(tree), str(REPO), str(prompts), texts],
        env=env, capture_output=True, text=True, check=True, cwd=tempfile.gettempdir(),
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="main", help="git ref of the baseline (default: main)")
    parser.add_argument("--prompts", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--texts", choices=("prompts", "klue"), default="prompts")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        archive = subprocess.run(["git", "-C", str(REPO), "archive", args.base, "instructflow"],
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(base)], input=archive, check=True)
        best = {"base": 0.0, "this": 0.0}
        found = {}
        for _ in range(args.rounds):
            for name, tree in (("base", base), ("this", REPO)):
                result = run_child(tree, args.prompts, args.texts)
                assert result["package"].startswith(str(tree)), result["package"]
                best[name] = max(best[name], result["texts_per_cpu_s"])
                found[name] = result["found"]
    what = "KLUE-NER sentences" if args.texts == "klue" else "generated prompts (+10% exact, +10% near copies)"
    print(f"{args.prompts} {what}, best of {args.rounds} alternating runs:")
    for name in best:
        print(f"  {name:<5} {best[name]:>9,.0f} texts per CPU-second  (placeholders: {found[name]})")
    print(f"  this / base: {best['this'] / best['base']:.2f}x   (base = {args.base})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
