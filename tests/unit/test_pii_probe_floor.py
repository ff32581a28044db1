"""Floors on the adversarial PII probe (instructflow/evaluation/pii_probe.py; bench/probe_pii.py).

Seed 7 at 40 values per kind (~1,600 texts), not the seed the leaks were read from (1212); the
floors sit just under what that seed measures (BENCHMARKS.md, PII section), so losing a written
form (a dashed RRN, an IPv6 before a colon, a name in a JSON field) fails.
Planted once: fold_for_matching without the dash entries -> the KR_RRN/KR_FRN floors went red;
FieldNameRecognizer left out -> the ko PERSON recall floor went red.
"""

from __future__ import annotations

import pytest

from instructflow.agents.scrub.scrubber import Scrubber
from instructflow.evaluation.pii import Report, evaluate
from instructflow.evaluation.pii_probe import generate_probe

pytestmark = pytest.mark.realdata  # ~20 s with the scrubber's models loaded

IDENTIFIER_FULL = 0.97  # structured identifiers, every type, both languages (measured 0.975-1.000)
POSTCODE_FULL = 0.90  # measured 0.925 (ko: a few KR postcodes with no postcode word near)
ADDRESS_FULL = {"en": 0.95, "ko": 0.95}  # measured 1.000 / 1.000
# Session 16 (initials, lower-case given names): recall 0.894 / 0.903 -> 0.922 / 0.924, full 0.917 / 0.912.
# Planted once: names_en._initialled and _lower_given both off -> en recall 0.894, red.
PERSON_RECALL = {"en": 0.90, "ko": 0.90}
PERSON_FULL = 0.89
STRUCTURED = (
    "PHONE_NUMBER",
    "CREDIT_CARD",
    "EMAIL_ADDRESS",
    "KR_RRN",
    "KR_FRN",
    "BANK_ACCOUNT",
    "PASSPORT",
    "DRIVER_LICENSE",
    "IP_ADDRESS",
    "URL",
)


@pytest.fixture(scope="module")
def report() -> Report:
    scrubber = Scrubber(languages=("en", "ko"), score_threshold=0.4)
    samples = generate_probe(seed=7, per_kind=40)
    predictions = [[(f.entity_type, f.start, f.end) for f in scrubber.analyze(s.text)] for s in samples]
    return evaluate(samples, predictions, ("PERSON", "LOCATION"))


def _langs(report: Report, gold: str) -> list[str]:
    return sorted({lang for (g, lang) in report.gold if g == gold})


def test_structured_identifiers_fully_covered(report: Report) -> None:
    for gold in STRUCTURED:
        for lang in _langs(report, gold):
            score = report.coverage(gold, lang)
            assert score.rate >= IDENTIFIER_FULL, f"{gold}/{lang}: {score.tp}/{score.total} fully covered"


def test_addresses_and_postcodes_fully_covered(report: Report) -> None:
    for lang, floor in ADDRESS_FULL.items():
        score = report.coverage("STREET_ADDRESS", lang)
        assert score.rate >= floor, f"STREET_ADDRESS/{lang}: {score.tp}/{score.total}"
    for lang in _langs(report, "POSTCODE"):
        score = report.coverage("POSTCODE", lang)
        assert score.rate >= POSTCODE_FULL, f"POSTCODE/{lang}: {score.tp}/{score.total}"


def test_person_names(report: Report) -> None:
    for lang, floor in PERSON_RECALL.items():
        recall, full = report.recall("PERSON", lang), report.coverage("PERSON", lang)
        assert recall.rate >= floor, f"PERSON/{lang} recall {recall.tp}/{recall.total}"
        assert full.rate >= PERSON_FULL, f"PERSON/{lang} full coverage {full.tp}/{full.total}"


def test_probe_is_reproducible_and_large() -> None:
    a = generate_probe(seed=3, per_kind=5)
    assert a == generate_probe(seed=3, per_kind=5)
    assert a != generate_probe(seed=4, per_kind=5)
    assert len(generate_probe()) >= 2000  # the default the benchmark reports
    for sample in a:  # gold spans hold the value alone: no particle, quote or markdown around it
        for _gold, start, end in sample.spans:
            value = sample.text[start:end]
            assert value == value.strip() and value[:1] not in "\"'*`_" and value[-1:] not in "\"'*`_"
