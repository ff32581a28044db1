"""End to end against a baseline commit, side by side: bench_pipeline.py of each tree, alternating.

    .venv/bin/python bench/bench_pipeline_ab.py [--base c9807c5] [--pairs 3] [--n 100000] [--seconds 30]
        [--rate 1000] [--dedup-modes single]

One host's rate moves by ±15% from one run to the next (BENCHMARKS.md, session 30), more than most
changes: a ratio is only worth something between runs made minutes apart, and over several pairs.
So each pair runs the baseline's own ``bench/bench_pipeline.py`` on its own source (``git archive``
of the commit: its package, its load generator, its stack), then this tree's, with the same
arguments, and reports every pair's ratio and the mean and median over the pairs.

The baseline runs on the libraries its own lock pinned: a module this venv has and its
``requirements.lock`` does not (``crc32c``: kafka-python falls back to a pure-Python CRC without it)
is hidden from it by a stub that raises ImportError. Both sides share this venv otherwise. The
baseline's worker processes inherit its ``PYTHONPATH``, so they run its code too (checked: the
bench fails if the base's package is not the one its first process imports).

Writes bench/results/pipeline_ab.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
# Modules this tree's lock pins that older trees ran without (the import that would change them).
OPTIONAL = ("crc32c",)


def extract(commit: str, into: Path) -> Path:
    """The commit's tree under ``into``, importable as ``instructflow`` with ``into`` on the path;
    returns the directory holding its bench/ and requirements.lock. Early commits (c9807c5 among
    them) were the package themselves, at the repository's root."""
    top = subprocess.run(["git", "ls-tree", "--name-only", commit], cwd=REPO, capture_output=True, text=True,
                         check=True).stdout.split()
    nested = "instructflow" in top
    archive = subprocess.run(["git", "archive", commit], cwd=REPO, capture_output=True, check=True).stdout
    root = into if nested else into / "instructflow"
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(root, filter="data")
    return root


def hidden_modules(root: Path) -> list[str]:
    """The OPTIONAL modules the tree's lock does not pin."""
    lock = (root / "requirements.lock").read_text("utf-8").lower()
    return [m for m in OPTIONAL if f"{m}==" not in lock]


def stub_dir(modules: list[str], into: Path) -> Path:
    """A directory of stubs, first on a PYTHONPATH, that make ``import m`` fail for each module."""
    into.mkdir(exist_ok=True)
    for module in modules:
        (into / f"{module}.py").write_text(f'raise ImportError("{module}: not in this tree\'s lock")\n', "utf-8")
    return into


def with_path(pythonpath: list[Path]) -> dict[str, str]:
    """This process's environment with ``pythonpath`` first on PYTHONPATH."""
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join([*map(str, pythonpath), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def run_bench(tree: Path, pythonpath: list[Path], args: list[str]) -> list[dict[str, Any]]:
    """One bench_pipeline.py run of the tree whose bench/ is under ``tree``; its JSON result lines."""
    proc = subprocess.run([sys.executable, str(tree / "bench" / "bench_pipeline.py"), *args], env=with_path(pythonpath),
                          cwd=tempfile.gettempdir(), capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"bench_pipeline.py of {tree} failed (exit {proc.returncode}): {proc.stderr.strip()[-400:]}")
    return [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]


def check_imports(tree: Path, pythonpath: list[Path]) -> None:
    """The base's package is what a process with its PYTHONPATH imports (not this tree's editable install;
    early trees are namespace packages, hence ``__path__``)."""
    out = subprocess.run([sys.executable, "-c", "import instructflow; print(list(instructflow.__path__)[0])"],
                         env=with_path(pythonpath),
                         cwd=tempfile.gettempdir(), capture_output=True, text=True, check=True).stdout.strip()
    if not out.startswith(str(tree)):
        raise SystemExit(f"the baseline would import {out}, not its own package under {tree}")


def summary(pairs: list[dict[str, Any]], mode: str) -> dict[str, Any]:
    ratios = [p["ratio"] for p in pairs if p["mode"] == mode]
    base = [p["base"]["throughput_prompts_per_s"] for p in pairs if p["mode"] == mode]
    head = [p["head"]["throughput_prompts_per_s"] for p in pairs if p["mode"] == mode]
    cpu = [p["head"]["cpu_ms_per_prompt"] for p in pairs if p["mode"] == mode]
    return {"mode": mode, "pairs": len(ratios), "base_mean": statistics.fmean(base),
            "head_mean": statistics.fmean(head), "ratio_of_means": statistics.fmean(head) / statistics.fmean(base),
            "ratio_median": statistics.median(ratios), "head_cpu_ms_median": statistics.median(cpu)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", default="c9807c5",
                    help="Baseline commit (default: the one that measured issue 16's 1,439/s).")
    ap.add_argument("--pairs", type=int, default=3)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--rate", type=float, default=1000.0)
    ap.add_argument("--dedup-modes", default="single", help="This tree's modes; the baseline runs its default.")
    args = ap.parse_args()
    common = ["--workers", "2", "--n", str(args.n), "--seconds", str(args.seconds), "--rate", str(args.rate)]
    modes = args.dedup_modes.split(",")
    pairs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="pipeline-ab-") as tmp:
        base = Path(tmp) / "base"
        root = extract(args.base, base)
        hidden = hidden_modules(root)
        path = [stub_dir(hidden, Path(tmp) / "stubs"), base] if hidden else [base]
        check_imports(base, path)
        print(f"baseline {args.base} from git archive; hidden from it: {', '.join(hidden) or 'nothing'}", flush=True)
        for i in range(1, args.pairs + 1):
            (base_run,) = [r for r in run_bench(root, path, common) if r.get("workers") == 2]
            head_runs = run_bench(REPO, [], [*common, "--dedup-modes", ",".join(modes)])
            for head in head_runs:
                ratio = head["throughput_prompts_per_s"] / base_run["throughput_prompts_per_s"]
                pairs.append({"pair": i, "mode": head["dedup_mode"], "base": base_run, "head": head, "ratio": ratio})
                print(f"pair {i} {head['dedup_mode']}: base {base_run['throughput_prompts_per_s']:,.0f}/s, this tree "
                      f"{head['throughput_prompts_per_s']:,.0f}/s at {head['cpu_ms_per_prompt']:.3f} ms a prompt, "
                      f"p99 {head['latency_p99_s']:.2f} s: {ratio:.2f}x", flush=True)
    summaries = [summary(pairs, mode) for mode in modes]
    for s in summaries:
        print(f"{s['mode']}: {s['pairs']} pairs, base {s['base_mean']:,.0f}/s, this tree {s['head_mean']:,.0f}/s on "
              f"average ({s['ratio_of_means']:.2f}x; median pair {s['ratio_median']:.2f}x), "
              f"CPU {s['head_cpu_ms_median']:.3f} ms a prompt (median)")
    out = Path(__file__).parent / "results" / "pipeline_ab.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"base": args.base, "pairs": pairs, "summaries": summaries}, indent=2))


if __name__ == "__main__":
    main()
