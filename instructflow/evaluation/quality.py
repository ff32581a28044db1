"""Issue 14's quality gates against their targets: the Scorer's verdicts on labelled prompts and
dedup on perturbed copies of real text (``instructflow eval quality``; bench/eval_quality.py
prints more: language-ID speed, the old dedup parameters, synthesis filters).

Each target is a :class:`Floor`: a measured value, the bound it must meet and whether it
does, so the command can print them and exit non-zero when one is missed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from instructflow.agents.configs import dedup_config, score_config
from instructflow.agents.dedup.deduplicator import Deduplicator
from instructflow.agents.score.scorer import Scorer
from instructflow.evaluation import dedup as dedup_eval
from instructflow.evaluation import scoring
from instructflow.streams.settings import Settings

# The targets of issue 14 (held-out sets will be used to check them).
MIN_AGREEMENT = 0.97
MAX_OTHER_LANGUAGE_ACCEPTED = 0
MIN_DEDUP_RECALL = 0.90
MIN_ONE_WORD_SHORT_RECALL = 0.85
MAX_FALSE_DUPLICATES = 0.01
DEDUP_SEEDS = (1, 7)  # 1 (with 2-4) chose the dedup bar and veto; 7 is the held-out sample
QUICK_PER_CELL = 20  # pairs per source x perturbation x length class with --quick (default 60)


class MissingData(FileNotFoundError):
    """A labelled file or the shared data folder is not there; the message names it."""


@dataclass(frozen=True)
class Floor:
    name: str
    value: float
    bound: float
    at_least: bool  # True: value >= bound passes; False: value <= bound passes

    @property
    def met(self) -> bool:
        return self.value >= self.bound if self.at_least else self.value <= self.bound


@dataclass
class VerdictResult:
    name: str
    report: scoring.Report

    def floors(self) -> list[Floor]:
        return [
            Floor(f"{self.name}: verdict agreement", self.report.agreement, MIN_AGREEMENT, True),
            Floor(f"{self.name}: other-language prompts accepted", len(self.report.other_lang_accepted),
                  MAX_OTHER_LANGUAGE_ACCEPTED, False),
        ]


@dataclass
class DedupResult:
    seed: int
    pairs: int
    report: dedup_eval.DedupReport

    def floors(self) -> list[Floor]:
        r = self.report
        return [
            Floor(f"dedup seed {self.seed}: recall", r.recall(), MIN_DEDUP_RECALL, True),
            Floor(f"dedup seed {self.seed}: recall, one changed word, short", r.recall("one_word", "short"),
                  MIN_ONE_WORD_SHORT_RECALL, True),
            Floor(f"dedup seed {self.seed}: false duplicates", r.false_duplicate_rate(), MAX_FALSE_DUPLICATES, False),
        ]


def labelled_files(paths: Sequence[Path] = ()) -> list[Path]:
    """``paths``, or the labelled sets that ship with the package; each must exist."""
    files = list(paths) or [scoring.LABELLED_DIR / f"{name}.tsv" for name in scoring.LABELLED_SETS]
    for path in files:
        if not path.is_file():
            raise MissingData(f"{path}: no such labelled file")
    return files


def verdicts(files: Sequence[Path], settings: Settings | None = None) -> list[VerdictResult]:
    """The Scorer (with ``settings``' thresholds) on each labelled file; a malformed line raises
    ValueError naming the file and line."""
    scorer = Scorer(score_config(settings or Settings()))
    return [VerdictResult(path.stem, scoring.evaluate(scorer, scoring.load(path))) for path in files]


def dedup(data: Path, seeds: Sequence[int], per_cell: int, settings: Settings | None = None) -> list[DedupResult]:
    """The Deduplicator (with ``settings``' parameters) on perturbed copies of the real texts in
    ``data``, one shuffled stream per seed."""
    if not data.is_dir():
        raise MissingData(f"{data}: shared data folder not found (set INSTRUCTFLOW_SHARED_DATA)")
    config = dedup_config(settings or Settings())
    out = []
    for seed in seeds:
        pairs = dedup_eval.build_pairs(data, seed=seed, per_cell=per_cell)
        if not pairs:
            raise MissingData(f"{data}: none of the real text files the dedup evaluation reads is there")
        out.append(DedupResult(seed, len(pairs), dedup_eval.evaluate(Deduplicator.from_config(config).decide, pairs)))
    return out


def verdict_summary(report: scoring.Report) -> dict[str, Any]:
    """JSON-ready numbers of one labelled set (the CLI's --json, bench/eval_quality.py)."""

    def per(errors: Counter[str], totals: Counter[str]) -> dict[str, str]:
        return {c: f"{errors[c]}/{n}" for c, n in sorted(totals.items())}

    return {
        "n": report.total,
        "verdict_agreement": round(report.agreement, 4),
        "reason_agreement": round(report.reason_agreement, 4),
        "errors_by_class": per(report.errors_by_class, report.by_class),
        "errors_by_lang": per(report.errors_by_lang, report.by_lang),
        "other_language_accepted": report.other_lang_accepted,
        "mistakes": [list(m) for m in report.mistakes],
    }


def dedup_summary(report: dedup_eval.DedupReport) -> dict[str, Any]:
    """JSON-ready numbers of one dedup run: recall per perturbation and length class, false
    duplicates per kind of non-duplicate pair."""
    return {
        "recall": round(report.recall(), 4),
        "recall_by_perturbation_and_length": {
            k: {length: round(report.recall(k, length), 4) for length in dedup_eval.LENGTH_CLASSES}
            for k in dedup_eval.PERTURBATIONS
        },
        "false_duplicates": round(report.false_duplicate_rate(), 4),
        "false_duplicates_by_kind": {k: f"{report.false_dup[k]}/{n}" for k, n in sorted(report.non_dup.items())},
        "exact_copies_decided_as_near": report.exact_as_near,
    }
