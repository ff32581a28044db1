"""Run detectors over registered sets and summarise per type and language (for the CLI and
bench/bench_scrub.py)."""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from instructflow.evaluation import addresses_intl, korean_law, pii_probe, pii_sets  # noqa: F401  (register the built-in sets)
from instructflow.evaluation.pii import SETS, Report, Sample, SetInfo, Span, evaluate, predict_all

Detector = Callable[[str], Sequence[Span]]
# KLUE types that are public, not personal: a PERSON finding on them is damage.
NON_PERSON_GOLD = ("LC", "OG", "DT")


def _register_forms() -> None:
    """The structured-identifier form set lives in evaluation/pii_forms.py (another module's
    job); when it is there, register it as "forms"."""
    if "forms" in SETS:
        return
    try:
        forms = importlib.import_module("instructflow.evaluation.pii_forms")
    except ImportError:
        return

    def load() -> list[Sample]:
        out = []
        for f in forms.generate_forms(seed=2024, per_form=20):
            s = f.sample
            out.append(Sample(s.text, s.spans, lang=f.lang, form=f"{f.entity}:{f.form}"))
        return out

    SETS["forms"] = SetInfo("forms", load, "generated structured identifiers in every written form")


def available_sets() -> dict[str, SetInfo]:
    _register_forms()
    return dict(SETS)


@dataclass
class SetResult:
    name: str
    samples: list[Sample]
    report: Report
    seconds: float

    @property
    def texts_per_s(self) -> float:
        return len(self.samples) / self.seconds if self.seconds else float("inf")


def run_set(info: SetInfo, detect: Detector, samples: list[Sample] | None = None) -> SetResult:
    samples = samples if samples is not None else info.load()
    start = time.perf_counter()
    predictions = predict_all(samples, detect)
    seconds = time.perf_counter() - start
    return SetResult(info.name, samples, evaluate(samples, predictions, info.precision_types), seconds)


def summary(result: SetResult) -> dict:
    """JSON-ready numbers: per gold type x language and per form x language."""
    report = result.report

    def rows(table: dict) -> dict:
        return {
            f"{key}/{lang}": {
                "n": t.total,
                "recall": _r(t.found, t.total),
                "full": _r(t.full, t.total),
                "as_person": _r(t.as_person, t.total),
            }
            for (key, lang), t in sorted(table.items())
        }

    flagged = report.flagged_texts()
    return {
        "set": result.name,
        "texts": len(result.samples),
        "texts_per_s": round(result.texts_per_s, 1),
        "gold": rows(report.gold),
        "forms": rows(report.forms),
        "precision": {
            f"{p}/{lang}": {"n": s.total, "precision": _r(s.tp, s.total)}
            for (p, lang), s in sorted(report.predicted.items())
        },
        "non_person_as_person": _r(report.as_person(NON_PERSON_GOLD).tp, report.as_person(NON_PERSON_GOLD).total),
        "texts_with_finding": {lang: _r(s.tp, s.total) for lang, s in sorted(report.texts.items())}
        | {"all": _r(flagged.tp, flagged.total)},
    }


def _r(tp: int, total: int) -> float | None:
    return round(tp / total, 4) if total else None
