"""Quality gates on realistic traffic (issue 14): verdicts, language ID, dedup of short prompts, synthesis filters.

    .venv/bin/python bench/eval_quality.py            # everything (~2-4 min on 1 core)
    .venv/bin/python bench/eval_quality.py --quick    # no baseline subprocess, one dedup seed
    .venv/bin/python bench/eval_quality.py --dedup-sweep  # dedup only, 24 dev + 23 held-out seeds (~4 min)

1. Verdicts. The Scorer on the labelled prompts in instructflow/evaluation/data (EN/KO requests,
   chit-chat, statements, spam, code, multi-turn, and 12 other languages): agreement of the
   accept/reject verdict, of the reject reason, errors per class and language, and every
   other-language prompt accepted. ``prompts_dev.tsv`` was used while building the rules;
   ``prompts_heldout.tsv`` was written once and never tuned on: reported separately.
   Plus pass rates on real text people wrote (../shared/data).
2. Language ID: agreement of detect_lang with the labels and on real EN/KO text, and its
   speed in texts/s, side by side with the script-count rule it replaced (the baseline,
   re-run from git history in a subprocess) and, when importable, lingua and fastText-lite.
   The Scorer's own speed, new vs the baseline commit, on the same texts.
3. Dedup: perturbed copies of real text (instructflow/evaluation/dedup.py) by perturbation and
   length class, false duplicates on topically close non-duplicates, for the new defaults
   and for the old ones (5-char shingles, one 0.8 bar) side by side; the partitioned cores
   must decide exactly like the single Deduplicator. Seeds 1-4 were used to choose the bar;
   seed 7 (a different sample of bases, perturbations and pairs) is the held-out run;
   --dedup-seeds adds fresh samples (13 and 29 were run once, never tuned on).
4. Synthesis filters: share of the 427 human-written Self-Instruct instructions (seed +
   user-oriented) each filter rejects (they are text-only tasks; the blacklist should
   rarely fire).

Writes bench/results/quality.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import time
from collections import Counter
from pathlib import Path

from at_commit import run_at  # bench/ helper, next to this script

from instructflow.agents.configs import dedup_config, score_config
from instructflow.agents.dedup.deduplicator import Deduplicator
from instructflow.agents.language import detect_lang
from instructflow.agents.score.scorer import Scorer
from instructflow.agents.synthesize import filters
from instructflow.evaluation import dedup as dedup_eval
from instructflow.evaluation import quality
from instructflow.evaluation import scoring as score_eval
from instructflow.schemas import Instance, Message
from instructflow.streams.settings import Settings

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DATA = Path(os.environ.get("INSTRUCTFLOW_SHARED_DATA", REPO.parent / "shared" / "data"))
LABELLED = score_eval.LABELLED_DIR
BASELINE_COMMIT = "ac5d10c"  # main before issue 14


def real_texts() -> dict[str, list[str]]:
    import csv

    out: dict[str, list[str]] = {}
    out["en_gsm8k"] = [json.loads(x)["question"] for x in (DATA / "gsm8k_test.jsonl").read_text("utf-8").splitlines()]
    out["en_selfinstruct"] = [
        json.loads(x)["instruction"]
        for name in ("seed_tasks.jsonl", "self_instruct_user_oriented_instructions.jsonl")
        for x in (DATA / name).read_text("utf-8").splitlines()
    ]
    out["ko_parakqc"] = [x.split("\t")[2] for x in (DATA / "ko_paraKQC_v1.txt").read_text("utf-8").splitlines()]
    with (DATA / "ko_chatbot_data.csv").open(encoding="utf-8") as f:
        out["ko_chatbot"] = [r["Q"] for r in csv.DictReader(f)]
    return out


def chat(text: str) -> Instance:
    return Instance(source="chat", stage=2, messages=[Message(role="user", content=text)])


# --- 1. verdicts ---------------------------------------------------------------------------


def verdicts(scorer: Scorer) -> dict:
    out: dict = {}
    for name in score_eval.LABELLED_SETS:
        out[name] = quality.verdict_summary(score_eval.evaluate(scorer, score_eval.load(LABELLED / f"{name}.tsv")))
    if DATA.is_dir():
        texts = real_texts()
        out["real_pass_rate"] = {k: round(sum(scorer.assess(chat(t)).passed for t in v) / len(v), 4)
                                 for k, v in texts.items()}
    return out


# --- 2. language ID and scorer speed ---------------------------------------------------------


def _speed(fn, texts: list[str], rounds: int = 2) -> float:  # type: ignore[no-untyped-def]
    best = 0.0
    for _ in range(rounds):
        start = time.process_time()
        for t in texts:
            fn(t)
        best = max(best, len(texts) / max(time.process_time() - start, 1e-9))
    return best


_BASELINE_SNIPPET = """
from instructflow.agents.language import detect_lang
from instructflow.agents.score.scorer import Scorer
from instructflow.schemas import Instance, Message
from instructflow.streams.settings import Settings
texts = payload
s = Scorer(Settings())  # the baseline checkout's own API
insts = [Instance(source="chat", stage=2, messages=[Message(role="user", content=t)]) for t in texts]
out = {}
for name, fn, items in (("detect_lang", detect_lang, texts), ("scorer", s.assess, insts)):
    best = 0.0
    for _ in range(2):
        t0 = time.process_time()
        for x in items:
            fn(x)
        best = max(best, len(items) / max(time.process_time() - t0, 1e-9))
    out[name] = best
out["labels"] = [detect_lang(t) for t in texts]
print(json.dumps(out))
"""


def baseline_run(texts: list[str]) -> dict:
    """detect_lang and Scorer.assess of BASELINE_COMMIT, in a subprocess on its own code."""
    return run_at(BASELINE_COMMIT, _BASELINE_SNIPPET, texts)


def language_id(quick: bool) -> dict:
    labelled = [(x.lang, " ".join(x.turns)) for name in ("prompts_dev", "prompts_heldout")
                for x in score_eval.load(LABELLED / f"{name}.tsv")]
    real = real_texts() if DATA.is_dir() else {}
    sets = {"labelled_prompts": labelled}
    for k, v in real.items():
        sets[k] = [(k[:2], t) for t in v[:2000]]
    out: dict = {"agreement": {}, "speed_texts_per_cpu_s": {}}
    for name, items in sets.items():
        wrong = Counter(lang for lang, t in items if detect_lang(t) != lang)
        out["agreement"][name] = {"accuracy": round(1 - sum(wrong.values()) / len(items), 4), "n": len(items),
                                  "wrong_by_lang": dict(wrong)}
    other = [(lang, t) for lang, t in labelled if lang not in ("en", "ko")]
    out["other_language_called_en_or_ko"] = [t for _, t in other if detect_lang(t) in ("en", "ko")]
    mix = [t for _, items in sets.items() for _, t in items]
    speed = out["speed_texts_per_cpu_s"]
    speed["detect_lang (new)"] = round(_speed(detect_lang, mix))
    scorer = Scorer(score_config(Settings()))
    insts = [chat(t) for t in mix]
    speed["Scorer.assess (new)"] = round(_speed(scorer.assess, insts))
    if not quick:
        try:
            base = baseline_run(mix)
            speed[f"detect_lang ({BASELINE_COMMIT}, script counts)"] = round(base["detect_lang"])
            speed[f"Scorer.assess ({BASELINE_COMMIT})"] = round(base["scorer"])
            old_wrong = [t for (lang, t), got in zip(other, base["labels"][: len(other)], strict=False)
                         if got in ("en", "ko")]
            out["baseline_other_language_called_en_or_ko"] = len(old_wrong)
        except (subprocess.CalledProcessError, OSError) as exc:
            speed["baseline"] = f"not run: {exc}"
    # Optional competitors, measured when installed (bench extras are not required).
    try:
        from lingua import LanguageDetectorBuilder

        det = LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models().build()
        speed["lingua (all languages)"] = round(_speed(det.detect_language_of, mix[:3000], 1))
    except ImportError:
        speed["lingua"] = "not installed"
    return out


# --- 3. dedup -------------------------------------------------------------------------------


def _recording(decide, into: dict[str, tuple[str, str, str]]):  # type: ignore[no-untyped-def]
    def run(inst: Instance) -> Instance:
        out = decide(inst)
        into[inst.instance_id] = (out.status.value, out.reject_reason, out.duplicate_of)
        return out

    return run


def dedup(quick: bool, extra_seeds: list[int]) -> dict:
    out: dict = {}
    runs = [("dev_seed1", 1), ("heldout_seed7", 7)][: 1 if quick else 2]
    runs += [(f"fresh_seed{s}", s) for s in extra_seeds]  # samples no rule was chosen on
    for label, seed in runs:
        pairs = dedup_eval.build_pairs(DATA, seed=seed)
        single: dict[str, tuple[str, str, str]] = {}
        parted: dict[str, tuple[str, str, str]] = {}
        new = _recording(Deduplicator.from_config(dedup_config(Settings())).decide, single)
        old = Deduplicator(threshold=0.8, shingle=5, short_threshold=None)
        counts = Counter((p.kind, p.length) for p in pairs)
        out[label] = {
            "pairs": {f"{k}/{length}": n for (k, length), n in sorted(counts.items())},
            "new (3-char shingles, 8-bit signatures, bar 0.40 at <=20 chars -> 0.8 at 100, value veto)":
                quality.dedup_summary(dedup_eval.evaluate(new, pairs)),
            # Old parameters on today's code (the exact-copy fix included).
            "old (5-char shingles, bar 0.8)": quality.dedup_summary(dedup_eval.evaluate(old.decide, pairs)),
        }
        dedup_eval.evaluate(_recording(dedup_eval.partitioned_decider(4, dedup_config(Settings())), parted), pairs)
        differ = [i for i in single if single[i] != parted[i]]
        # The owners compare with every earlier instance, the single core with accepted ones:
        # a difference is expected only along a chain (the owners' target was rejected).
        unexplained = [i for i in differ if not (parted[i][2] and single[parted[i][2]][0] == "rejected")]
        out[label]["partitioned_vs_single"] = {"decisions": len(single), "differing": len(differ),
                                               "differing_outside_chains": len(unexplained)}
    return out


# Seeds of the sweep (--dedup-sweep): the dev/training seeds any dedup rule may be chosen on
# (1-4 were used before, 101-120 added by s13-dupq), and the held-out seeds reported only after
# a choice (7, 13, 29 as before, 201-220 added by s13-dupq and run once per choice).
DEV_SEEDS = (1, 2, 3, 4, *range(101, 121))
HELDOUT_SEEDS = (7, 13, 29, *range(201, 221))


def _spread(values: list[float]) -> dict[str, float]:
    import statistics

    vals = [v for v in values if v == v]  # NaN: a cell a seed did not sample
    if not vals:
        return {}
    return {"mean": round(statistics.fmean(vals), 4), "sd": round(statistics.pstdev(vals), 4),
            "min": round(min(vals), 4), "max": round(max(vals), 4)}


def _pooled(reports: list[dedup_eval.DedupReport]) -> dedup_eval.DedupReport:
    """One report summing the counts of every seed: the rate over all sampled pairs."""
    total = dedup_eval.DedupReport()
    for r in reports:
        for name in ("found", "planted", "false_dup", "non_dup", "found_by_source", "planted_by_source",
                     "false_dup_by_source", "non_dup_by_source"):
            getattr(total, name).update(getattr(r, name))
        total.exact_as_near += r.exact_as_near
    return total


def sweep_summary(reports: list[dedup_eval.DedupReport]) -> dict:
    """Mean, spread and pooled rate over seeds: overall, per perturbation x length class, per
    source x length class, false duplicates per kind and per source."""
    pooled = _pooled(reports)
    cells = sorted(pooled.planted)
    sources = sorted(pooled.planted_by_source)
    out: dict = {
        "seeds": len(reports),
        "recall": {"pooled": round(pooled.recall(), 4), **_spread([r.recall() for r in reports])},
        "false_duplicates": {"pooled": round(pooled.false_duplicate_rate(), 4),
                             **_spread([r.false_duplicate_rate() for r in reports])},
        "seeds_meeting": {
            "recall>=0.90": sum(r.recall() >= 0.90 for r in reports),
            "one_word_short>=0.85": sum(r.recall("one_word", "short") >= 0.85 for r in reports),
            "false_duplicates<=1%": sum(r.false_duplicate_rate() <= 0.01 for r in reports),
        },
        "recall_by_perturbation_and_length": {
            f"{k}/{length}": {"pairs": pooled.planted[k, length], "pooled": round(pooled.recall(k, length), 4),
                              **_spread([r.recall(k, length) for r in reports])}
            for k, length in cells},
        "recall_by_length": {length: round(pooled.recall(None, length), 4) for length in dedup_eval.LENGTH_CLASSES},
        "recall_by_source_and_length": {
            f"{src}/{length}": f"{pooled.found_by_source[src, length]}/{pooled.planted_by_source[src, length]}"
            for src, length in sources},
        "false_duplicates_by_kind": {k: f"{pooled.false_dup[k]}/{n}" for k, n in sorted(pooled.non_dup.items())},
        "false_duplicates_by_source": {k: f"{pooled.false_dup_by_source[k]}/{n}"
                                       for k, n in sorted(pooled.non_dup_by_source.items())},
    }
    return out


def dedup_sweep(seeds: dict[str, tuple[int, ...]], make_decide=None) -> dict:  # type: ignore[no-untyped-def]
    """The dedup evaluation over many seeds (each a different sample of bases, perturbations and
    non-duplicate pairs): per-seed rates are too noisy to pass or fail a target on (one pair
    moves a seed's one-word short recall by 0.5 points)."""
    make_decide = make_decide or (lambda: Deduplicator.from_config(dedup_config(Settings())).decide)
    out: dict = {}
    for label, group in seeds.items():
        reports = [dedup_eval.evaluate(make_decide(), dedup_eval.build_pairs(DATA, seed=s)) for s in group]
        out[label] = {"seed_list": list(group), **sweep_summary(reports),
                      "per_seed": {s: {"recall": round(r.recall(), 4),
                                       "one_word_short": round(r.recall("one_word", "short"), 4),
                                       "false_duplicates": round(r.false_duplicate_rate(), 4),
                                       **{length: round(r.recall(None, length), 4)
                                          for length in dedup_eval.LENGTH_CLASSES}}
                                   for s, r in zip(group, reports, strict=True)}}
    return out


# --- 4. synthesis filters -------------------------------------------------------------------


def synthesis_filters() -> dict:
    texts = real_texts()["en_selfinstruct"] if DATA.is_dir() else []
    limits = filters.Limits()
    reasons = Counter(filters.instruction_reason(t, limits) or "pass" for t in texts)
    return {"human_instructions": len(texts), "verdicts": dict(reasons.most_common())}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--dedup-seeds", type=int, nargs="*", default=[],
                    help="more dedup samples to report (e.g. 13 29), besides seeds 1 and 7")
    ap.add_argument("--dedup-sweep", action="store_true",
                    help="only the dedup part, over the dev and held-out seed lists (writes dedup_sweep.json)")
    args = ap.parse_args()
    if args.dedup_sweep:
        swept = dedup_sweep({"dev": DEV_SEEDS, "heldout": HELDOUT_SEEDS})
        (HERE / "results").mkdir(exist_ok=True)
        (HERE / "results" / "dedup_sweep.json").write_text(json.dumps(swept, ensure_ascii=False, indent=1), "utf-8")
        print(json.dumps(swept, ensure_ascii=False, indent=1))
        return
    scorer = Scorer(score_config(Settings()))
    results = {
        "verdicts": verdicts(scorer),
        "language_id": language_id(args.quick),
        "dedup": dedup(args.quick, args.dedup_seeds) if DATA.is_dir() else "no shared data",
        "synthesis_filters": synthesis_filters(),
    }
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "quality.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), "utf-8")
    print(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
