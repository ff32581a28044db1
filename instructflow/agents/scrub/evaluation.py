"""Span-overlap precision/recall of a PII detector against a labelled corpus.

Used by the realdata test and by bench/bench_scrub.py on presidio's synthetic PII corpus
(presidio-research ``synth_dataset_v2.json``: ``full_text`` plus ``spans`` with
``entity_type``/``start_position``/``end_position``). Pure functions: the caller loads the file.

Scoring, in presidio-research's spirit but per span rather than per token:

* **recall** is per *gold* type: a gold span counts as found when a prediction of the mapped
  type overlaps it (the scrubber replaced at least part of it, with the right label);
* **precision** is per *predicted* type: a prediction is correct when it overlaps a gold span
  whose type maps to it.

Gold types that no scrubber targets (ORGANIZATION, TITLE, NRP, AGE ...) have no mapping; a
prediction overlapping them counts as a false positive of the predicted type.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

CORPUS_FILE = "pii_presidio_synth_dataset_v2.json"

# Corpus label -> the entity type our scrubber (and presidio) emits for it.
GOLD_TO_PREDICTED: dict[str, str] = {
    "PERSON": "PERSON",
    "STREET_ADDRESS": "LOCATION",
    "GPE": "LOCATION",
    "CREDIT_CARD": "CREDIT_CARD",
    "PHONE_NUMBER": "PHONE_NUMBER",
    "EMAIL_ADDRESS": "EMAIL_ADDRESS",
    "DOMAIN_NAME": "URL",
    "IBAN_CODE": "IBAN_CODE",
    "US_SSN": "US_SSN",
    "IP_ADDRESS": "IP_ADDRESS",
    "US_DRIVER_LICENSE": "US_DRIVER_LICENSE",
    "DATE_TIME": "DATE_TIME",
}

Span = tuple[str, int, int]  # (entity type, start, end)


@dataclass(frozen=True, slots=True)
class Sample:
    text: str
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Score:
    tp: int
    total: int

    @property
    def rate(self) -> float:
        return self.tp / self.total if self.total else float("nan")


def shared_data_dir(repo_root: Path) -> Path:
    """``$INSTRUCTFLOW_SHARED_DATA`` or ``<repo>/../shared/data``."""
    env = os.environ.get("INSTRUCTFLOW_SHARED_DATA")
    return Path(env) if env else repo_root.parent / "shared" / "data"


def parse_corpus(records: Iterable[dict]) -> list[Sample]:
    return [
        Sample(
            text=r["full_text"],
            spans=tuple(
                (s["entity_type"], int(s["start_position"]), int(s["end_position"])) for s in r.get("spans") or ()
            ),
        )
        for r in records
    ]


def load_corpus(path: Path) -> list[Sample]:
    with path.open(encoding="utf-8") as f:
        return parse_corpus(json.load(f))


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate(
    samples: Sequence[Sample],
    predictions: Sequence[Sequence[Span]],
    mapping: dict[str, str] = GOLD_TO_PREDICTED,
) -> tuple[dict[str, Score], dict[str, Score]]:
    """(recall per gold type, precision per predicted type), by span overlap."""
    found: dict[str, int] = defaultdict(int)
    gold_total: dict[str, int] = defaultdict(int)
    correct: dict[str, int] = defaultdict(int)
    predicted_total: dict[str, int] = defaultdict(int)
    for sample, preds in zip(samples, predictions, strict=True):
        for gtype, gs, ge in sample.spans:
            target = mapping.get(gtype)
            if target is None:
                continue
            gold_total[gtype] += 1
            if any(p == target and _overlaps((gs, ge), (ps, pe)) for p, ps, pe in preds):
                found[gtype] += 1
        for ptype, ps, pe in preds:
            predicted_total[ptype] += 1
            if any(mapping.get(g) == ptype and _overlaps((gs, ge), (ps, pe)) for g, gs, ge in sample.spans):
                correct[ptype] += 1
    recall = {t: Score(found[t], n) for t, n in gold_total.items()}
    precision = {t: Score(correct[t], n) for t, n in predicted_total.items()}
    return recall, precision


def overall(scores: dict[str, Score], types: Iterable[str] | None = None) -> Score:
    """Micro-average over ``types`` (all when None)."""
    chosen = [s for t, s in scores.items() if types is None or t in set(types)]
    return Score(sum(s.tp for s in chosen), sum(s.total for s in chosen))


def predict_all(samples: Sequence[Sample], detect: Callable[[str], Sequence[Span]]) -> list[list[Span]]:
    return [list(detect(s.text)) for s in samples]


def format_table(
    recall: dict[str, Score], precision: dict[str, Score], mapping: dict[str, str] = GOLD_TO_PREDICTED
) -> str:
    lines = [f"{'gold type':<20}{'-> predicted':<16}{'recall':>16}{'precision':>18}"]
    for gtype in sorted(recall, key=lambda t: -recall[t].total):
        r = recall[gtype]
        ptype = mapping[gtype]
        p = precision.get(ptype, Score(0, 0))
        lines.append(
            f"{gtype:<20}{ptype:<16}{r.rate:>7.3f} ({r.tp:>3}/{r.total:<3}){p.rate:>8.3f} ({p.tp:>4}/{p.total:<4})"
        )
    extra = sorted(set(precision) - set(mapping.values()))
    for ptype in extra:
        p = precision[ptype]
        lines.append(f"{'(none)':<20}{ptype:<16}{'':>16}{p.rate:>8.3f} ({p.tp:>4}/{p.total:<4})")
    return "\n".join(lines)
