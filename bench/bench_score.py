"""Scorer throughput per core on a realistic prompt mix, this tree vs a baseline commit, side by side.

    .venv/bin/python bench/bench_score.py                  # baseline: BASELINE_COMMIT
    .venv/bin/python bench/bench_score.py --baseline HEAD  # against another commit

What is timed: ``Scorer.assess`` one instance at a time (what the score step runs), CPU time
(``time.process_time``) of the best of three rounds after a warm-up round that loads py3langid
and kiwipiepy. The baseline runs in a subprocess on its own source (``git archive`` of the
commit), on the same texts, in the same run. Texts, by set:

* ``gsm8k``, ``selfinstruct``: English questions and instructions people wrote (../shared/data);
* ``parakqc``, ``chatbot``: Korean questions/commands and Korean small talk (../shared/data),
  the first 2,000 of each: the chatbot set is where the morphological mood check runs;
* ``labelled``: the 190 hand-labelled prompts of instructflow/evaluation/data (14 languages,
  spam, chit-chat, multi-turn);
* ``loadgen``: bench/loadgen.py's generated requests (the pipeline bench's traffic).

``mix`` is all of them together. The verdicts (reject reason or accept) of both trees are
compared on every text: ``verdicts_differing`` counts the texts on which they disagree.
Writes bench/results/score.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from at_commit import run_at  # noqa: E402  (bench/ helper, next to this script)

REPO = HERE.parent
DATA = Path(os.environ.get("INSTRUCTFLOW_SHARED_DATA", REPO.parent / "shared" / "data"))
RESULTS = HERE / "results" / "score.json"
BASELINE_COMMIT = "d5ac424"  # main before the scorer's speed work (issue 16)
PER_SET = 2000

# Runs in both trees: the labelled sets and the mix are built by the parent and passed as JSON.
_TIMING = """
import json, sys, time
def run(texts_by_set):
    from instructflow.agents.score.scorer import Scorer
    from instructflow.schemas import Instance, Message
    from instructflow.streams.settings import Settings
    try:
        from instructflow.agents.configs import score_config
        scorer = Scorer(score_config(Settings()))
    except ImportError:  # before agents/configs.py the Scorer took the Settings
        scorer = Scorer(Settings())
    from instructflow.agents.score import korean_mood
    # Each round starts with an empty mood cache (where the tree has one): repeats inside a
    # set may hit it, as in real traffic, but a round must not replay the last one's answers.
    forget = getattr(getattr(korean_mood, "_analysed_asks", None), "cache_clear", lambda: None)
    out = {"texts_per_cpu_s": {}, "verdicts": {}}
    for name, turns_list in texts_by_set.items():
        insts = [Instance(source="chat", stage=2, messages=[Message(role="user", content=t) for t in turns])
                 for turns in turns_list]
        out["verdicts"][name] = [scorer.assess(i).reject_reason or "accept" for i in insts]  # warm-up too
        best = 0.0
        for _ in range(3):
            forget()
            t0 = time.process_time()
            for i in insts:
                scorer.assess(i)
            best = max(best, len(insts) / max(time.process_time() - t0, 1e-9))
        out["texts_per_cpu_s"][name] = round(best)
    return out
"""

def texts_by_set(per_set: int) -> dict[str, list[list[str]]]:
    """Each set as a list of conversations (a list of user turns)."""
    from loadgen import request_text

    from instructflow.evaluation import scoring

    out: dict[str, list[list[str]]] = {}
    if DATA.is_dir():
        gsm8k = (DATA / "gsm8k_test.jsonl").read_text("utf-8").splitlines()
        out["gsm8k"] = [[json.loads(x)["question"]] for x in gsm8k]
        out["selfinstruct"] = [
            [json.loads(x)["instruction"]]
            for name in ("seed_tasks.jsonl", "self_instruct_user_oriented_instructions.jsonl")
            for x in (DATA / name).read_text("utf-8").splitlines()
        ]
        out["parakqc"] = [[x.split("\t")[2]] for x in (DATA / "ko_paraKQC_v1.txt").read_text("utf-8").splitlines()]
        with (DATA / "ko_chatbot_data.csv").open(encoding="utf-8") as f:
            out["chatbot"] = [[r["Q"]] for r in csv.DictReader(f)]
    out["labelled"] = [list(x.turns) for name in scoring.LABELLED_SETS
                       for x in scoring.load(scoring.LABELLED_DIR / f"{name}.tsv")]
    rng = random.Random(1)
    out["loadgen"] = [[request_text(rng)] for _ in range(1000)]
    out = {k: v[:per_set] for k, v in out.items()}
    out["mix"] = [t for v in out.values() for t in v]
    return out


def current(sets: dict[str, list[list[str]]]) -> dict:
    namespace: dict[str, Callable[..., dict]] = {}
    exec(_TIMING, namespace)  # the same timing code the baseline runs
    return namespace["run"](sets)


def baseline(commit: str, sets: dict[str, list[list[str]]]) -> dict:
    return run_at(commit, _TIMING + "print(json.dumps(run(payload)))", sets)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", default=BASELINE_COMMIT, help="commit to compare with (default %(default)s)")
    ap.add_argument("--per-set", type=int, default=PER_SET, help="texts per set (default %(default)s)")
    args = ap.parse_args()
    sets = texts_by_set(args.per_set)
    start = time.monotonic()
    base = baseline(args.baseline, sets)
    new = current(sets)
    rows = {}
    print(f"{'set':<14}{'texts':>7}{'baseline/s':>12}{'new/s':>10}{'ratio':>8}{'verdicts differ':>17}")
    for name, items in sets.items():
        b, n = base["texts_per_cpu_s"][name], new["texts_per_cpu_s"][name]
        differ = [" || ".join(t) for t, x, y in zip(items, base["verdicts"][name], new["verdicts"][name], strict=True)
                  if x != y]
        rows[name] = {"texts": len(items), "baseline_texts_per_cpu_s": b, "new_texts_per_cpu_s": n,
                      "ratio": round(n / b, 2), "verdicts_differing": len(differ), "differing_examples": differ[:10]}
        print(f"{name:<14}{len(items):>7}{b:>12,}{n:>10,}{n / b:>8.2f}{len(differ):>17}")
    result = {"baseline": args.baseline, "seconds": round(time.monotonic() - start, 1), "sets": rows}
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=1), "utf-8")
    print(f"written {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()
