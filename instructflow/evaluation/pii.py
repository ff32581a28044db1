"""Scoring a PII detector against labelled sets, per entity type and language.

A *set* is a function returning :class:`Sample` s (text, gold spans, language, form); sets are
registered by name in :data:`SETS` (see :func:`register_set`), so a new generator plugs in with
one call. For every gold span of a type the scrubber targets:

* **recall** ("value gone"): some finding, of any type, overlaps it, so the value no longer
  reads whole in the output;
* **full coverage**: every letter and digit of it lies inside findings ("나" of "김명자" left
  behind is not covered);
* **as PERSON**: a PERSON finding overlaps it. For types that are *not* persons (KLUE's places,
  organisations, dates) this is the damage rate: public names and dates turned into people.

**Precision** is per predicted type: a finding is correct when it overlaps a gold span whose
type maps to it. On sets that are not exhaustively labelled for a type (KLUE has no phone
numbers), precision is only reported for the types that set labels (``Sample`` carries none
of that: :class:`SetInfo.precision_types` does). PII-free sets report the share of texts that
get any placeholder.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

PRESIDIO_FILE = "pii_presidio_synth_dataset_v2.json"

# Gold label -> the entity type our scrubber (and presidio) emits for it. KLUE's PS/LC map too.
GOLD_TO_PREDICTED: dict[str, str] = {
    "PERSON": "PERSON",
    "PS": "PERSON",
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
    # evaluation/pii_forms.py's structured identifiers
    "BANK_ACCOUNT": "KR_BANK_ACCOUNT",
    "KR_RRN": "KR_RRN",
    "KR_FRN": "KR_FRN",
    # evaluation/pii_probe.py's: a passport or licence of either country, a personal URL, a postcode
    "PASSPORT": "US_PASSPORT",
    "DRIVER_LICENSE": "US_DRIVER_LICENSE",
    "URL": "URL",
    "POSTCODE": "LOCATION",
}
# Gold types we score for damage only: a PERSON finding on them is an error, nothing is owed.
NOT_PII_TYPES = frozenset({"LC", "OG", "DT", "TI", "QT", "ORGANIZATION", "TITLE", "NRP"})

Span = tuple[str, int, int]  # (entity type, start, end)


@dataclass(frozen=True, slots=True)
class Sample:
    text: str
    spans: tuple[Span, ...]
    lang: str = ""
    form: str = ""


@dataclass(frozen=True, slots=True)
class Score:
    tp: int
    total: int

    @property
    def rate(self) -> float:
        return self.tp / self.total if self.total else float("nan")


@dataclass
class Tally:
    """Counts for one group (gold type x language, or predicted type x language)."""

    total: int = 0
    found: int = 0
    full: int = 0
    as_person: int = 0


@dataclass
class Report:
    gold: dict[tuple[str, str], Tally] = field(default_factory=lambda: defaultdict(Tally))
    forms: dict[tuple[str, str], Tally] = field(default_factory=lambda: defaultdict(Tally))
    predicted: dict[tuple[str, str], Score] = field(default_factory=dict)
    texts: dict[str, Score] = field(default_factory=dict)  # lang -> texts with any finding

    def recall(self, gold_type: str, lang: str | None = None) -> Score:
        rows = [t for (g, lg), t in self.gold.items() if g == gold_type and (lang is None or lg == lang)]
        return Score(sum(t.found for t in rows), sum(t.total for t in rows))

    def coverage(self, gold_type: str, lang: str | None = None) -> Score:
        rows = [t for (g, lg), t in self.gold.items() if g == gold_type and (lang is None or lg == lang)]
        return Score(sum(t.full for t in rows), sum(t.total for t in rows))

    def precision(self, predicted_type: str, lang: str | None = None) -> Score:
        rows = [s for (p, lg), s in self.predicted.items() if p == predicted_type and (lang is None or lg == lang)]
        return Score(sum(s.tp for s in rows), sum(s.total for s in rows))

    def as_person(self, gold_types: Iterable[str]) -> Score:
        wanted = set(gold_types)
        rows = [t for (g, _), t in self.gold.items() if g in wanted]
        return Score(sum(t.as_person for t in rows), sum(t.total for t in rows))

    def flagged_texts(self) -> Score:
        return Score(sum(s.tp for s in self.texts.values()), sum(s.total for s in self.texts.values()))


def shared_data_dir(repo_root: Path | None = None) -> Path:
    """``$INSTRUCTFLOW_SHARED_DATA`` or ``<repo>/../shared/data``."""
    env = os.environ.get("INSTRUCTFLOW_SHARED_DATA")
    if env:
        return Path(env)
    root = repo_root or Path(__file__).resolve().parents[2]
    return root.parent / "shared" / "data"


def parse_presidio(records: Iterable[dict]) -> list[Sample]:
    return [
        Sample(
            text=r["full_text"],
            spans=tuple(
                (s["entity_type"], int(s["start_position"]), int(s["end_position"])) for s in r.get("spans") or ()
            ),
            lang="en",
        )
        for r in records
    ]


def load_presidio(path: Path) -> list[Sample]:
    with path.open(encoding="utf-8") as f:
        return parse_presidio(json.load(f))


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def uncovered(text: str, start: int, end: int, preds: Sequence[Span]) -> str:
    """The letters and digits of ``text[start:end]`` that no predicted span covers ("" when fully covered)."""
    return "".join(text[i] for i in range(start, end)
                   if text[i].isalnum() and not any(ps <= i < pe for _, ps, pe in preds))


def value_left(analyze: Callable[[str], Iterable[Span]], text: str, value: str) -> str:
    """What ``analyze`` leaves of ``value`` (its first occurrence in ``text``): the letters and digits
    no span covers. The unit tests of written forms assert it is ""."""
    start = text.index(value)
    return uncovered(text, start, start + len(value), list(analyze(text)))


def _covered(text: str, start: int, end: int, preds: Sequence[Span]) -> bool:
    return not uncovered(text, start, end, preds)


def evaluate(
    samples: Sequence[Sample],
    predictions: Sequence[Sequence[Span]],
    precision_types: Iterable[str] | None = None,
    mapping: dict[str, str] = GOLD_TO_PREDICTED,
) -> Report:
    """Score predictions (one list per sample). ``precision_types``: predicted types the set
    labels exhaustively (None: all)."""
    scoped = set(precision_types) if precision_types is not None else None
    report = Report()
    correct: dict[tuple[str, str], int] = defaultdict(int)
    predicted: dict[tuple[str, str], int] = defaultdict(int)
    texts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for sample, preds in zip(samples, predictions, strict=True):
        lang = sample.lang or "?"
        texts[lang][1] += 1
        texts[lang][0] += bool(preds)
        for gtype, gs, ge in sample.spans:
            if gtype not in mapping and gtype not in NOT_PII_TYPES:
                continue
            hits = [p for p in preds if _overlaps((gs, ge), (p[1], p[2]))]
            for key, table in (((gtype, lang), report.gold), ((sample.form or gtype, lang), report.forms)):
                tally = table[key]
                tally.total += 1
                tally.found += bool(hits)
                tally.full += bool(hits) and _covered(sample.text, gs, ge, hits)
                tally.as_person += any(p[0] == "PERSON" for p in hits)
        for ptype, ps, pe in preds:
            if scoped is not None and ptype not in scoped:
                continue
            predicted[ptype, lang] += 1
            correct[ptype, lang] += any(
                mapping.get(g) == ptype and _overlaps((gs, ge), (ps, pe)) for g, gs, ge in sample.spans
            )
    report.predicted = {k: Score(correct[k], n) for k, n in predicted.items()}
    report.texts = {lang: Score(hit, n) for lang, (hit, n) in texts.items()}
    return report


def predict_all(samples: Sequence[Sample], detect: Callable[[str], Sequence[Span]]) -> list[list[Span]]:
    return [list(detect(s.text)) for s in samples]


def _rate(score: Score) -> str:
    return f"{score.rate:6.3f} ({score.tp:>4}/{score.total:<4})" if score.total else f"{'-':>6} {'':11}"


def format_report(report: Report, by_form: bool = False, mapping: dict[str, str] = GOLD_TO_PREDICTED) -> str:
    """A plain-text table: per gold type (or form) and language."""
    table = report.forms if by_form else report.gold
    head = "form" if by_form else "gold type"
    # The first column fits the longest key: form names ("romanized_name:popular_given_first/bare")
    # run past a fixed width and would push the columns out of line.
    w = max([22, *(len(g) + 2 for g, _ in table)])
    lines = [f"{head:<{w}}{'lang':<6}{'recall':>20}{'full coverage':>20}{'as PERSON':>20}{'precision':>20}"]
    for (gtype, lang), t in sorted(table.items(), key=lambda kv: (kv[0][1], -kv[1].total)):
        ptype = mapping.get(gtype, "PERSON" if by_form else "")
        precision = report.predicted.get((ptype, lang), Score(0, 0)) if not by_form else Score(0, 0)
        lines.append(
            f"{gtype:<{w}}{lang:<6}{_rate(Score(t.found, t.total)):>20}{_rate(Score(t.full, t.total)):>20}"
            f"{_rate(Score(t.as_person, t.total)):>20}{_rate(precision):>20}"
        )
    if not by_form:
        for ptype, lang in sorted(set(report.predicted) - {(mapping.get(g), lg) for g, lg in table}):
            lines.append(f"{'(none)':<{w}}{lang:<6}{'':>60}{_rate(report.predicted[ptype, lang]):>20}  {ptype}")
    flagged = report.flagged_texts()
    lines.append(f"texts with any finding: {_rate(flagged)}")
    return "\n".join(lines)


# -- registry of sets -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SetInfo:
    name: str
    load: Callable[[], list[Sample]]
    description: str
    precision_types: tuple[str, ...] | None = None  # None: every predicted type is scored


SETS: dict[str, SetInfo] = {}


def register_set(
    name: str, description: str, precision_types: tuple[str, ...] | None = None
) -> Callable[[Callable[[], list[Sample]]], Callable[[], list[Sample]]]:
    """Decorator: ``@register_set("forms", "...")`` on a function returning Samples."""

    def wrap(load: Callable[[], list[Sample]]) -> Callable[[], list[Sample]]:
        SETS[name] = SetInfo(name, load, description, precision_types)
        return load

    return wrap
