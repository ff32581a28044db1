"""The scrubber over presidio's synthetic PII corpus (../shared/data), scored by span overlap.

Floors sit a few points under what was measured when they were set (see the comments), so a
regression in any recognizer fails here while run-to-run noise does not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from instructflow.agents.scrub import evaluation as ev
from instructflow.agents.scrub.placeholders import PLACEHOLDER_RE
from instructflow.agents.scrub.scrubber import Scrubber

REPO = Path(__file__).resolve().parents[2]
CORPUS = ev.shared_data_dir(REPO) / ev.CORPUS_FILE

pytestmark = [
    pytest.mark.realdata,
    pytest.mark.skipif(not CORPUS.is_file(), reason=f"no PII corpus at {CORPUS}"),
]

# gold type -> (recall floor, precision floor of the mapped predicted type).
# Measured 2025-11 on all 1,500 texts: PERSON 0.599/0.718, STREET_ADDRESS 0.686/0.940,
# CREDIT_CARD 0.772/1.0, PHONE_NUMBER 0.880/0.871, EMAIL 1.0/1.0, DOMAIN_NAME 1.0/1.0,
# IBAN 1.0/1.0, US_SSN 1.0/1.0, IP 1.0/1.0.
# Issue 12 (identifiers/addresses): STREET_ADDRESS 0.903/0.927, CREDIT_CARD 0.993/1.0 (the
# issue's targets: 0.85 and 0.98 at precision >= 0.85).
FLOORS: dict[str, tuple[float, float]] = {
    "PERSON": (0.55, 0.65),
    "STREET_ADDRESS": (0.87, 0.88),
    "CREDIT_CARD": (0.98, 0.95),
    "PHONE_NUMBER": (0.82, 0.80),
    "EMAIL_ADDRESS": (0.95, 0.95),
    "DOMAIN_NAME": (0.95, 0.95),
    "IBAN_CODE": (0.90, 0.95),
    "US_SSN": (0.90, 0.95),
    "IP_ADDRESS": (0.90, 0.95),
}


@pytest.fixture(scope="module")
def scored() -> tuple[list[ev.Sample], list[list[ev.Span]], Scrubber]:
    scrubber = Scrubber(languages=("en", "ko"), score_threshold=0.4)
    samples = ev.load_corpus(CORPUS)
    predictions = ev.predict_all(
        samples, lambda text: [(f.entity_type, f.start, f.end) for f in scrubber.analyze(text)]
    )
    return samples, predictions, scrubber


def test_precision_and_recall_floors(scored: tuple[list[ev.Sample], list[list[ev.Span]], Scrubber]) -> None:
    samples, predictions, _ = scored
    recall, precision = ev.evaluate(samples, predictions)
    print("\n" + ev.format_table(recall, precision))
    failures = []
    for gold, (min_recall, min_precision) in FLOORS.items():
        r = recall[gold].rate
        p = precision[ev.GOLD_TO_PREDICTED[gold]].rate
        if r < min_recall:
            failures.append(f"{gold} recall {r:.3f} < {min_recall}")
        if p < min_precision:
            failures.append(f"{gold} precision {p:.3f} < {min_precision}")
    assert not failures, "; ".join(failures)


def test_scrubbed_text_keeps_no_detected_value(
    scored: tuple[list[ev.Sample], list[list[ev.Span]], Scrubber],
) -> None:
    samples, predictions, scrubber = scored
    for sample, spans in zip(samples[:400], predictions[:400], strict=True):
        out = scrubber.scrub(sample.text).text
        for _, start, end in spans:
            value = sample.text[start:end]
            # Short values ("Ana", "12") can legitimately recur as parts of other words.
            if len(value) >= 6:
                assert value not in PLACEHOLDER_RE.sub("", out), "detected value survived"
