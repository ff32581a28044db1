"""The scrubber over the labelled sets of ``instructflow eval pii`` (evaluation/pii_sets.py):
presidio's synthetic corpus, KLUE-NER held-out sentences, generated names (held-out templates)
and PII-free real text.

Floors sit a few points under what was measured when they were set (comments), so a regression
in any recognizer fails here while run-to-run noise does not (every set is deterministic).
Planted once (2026-11-29): KoreanNameRecognizer.spans returning [] failed the KLUE and names
floors; LatinNameRecognizer accepting every capitalised word failed the clean-text ceiling and
presidio PERSON precision.
"""

from __future__ import annotations

import pytest

from instructflow.agents.scrub.placeholders import PLACEHOLDER_RE
from instructflow.agents.scrub.scrubber import Scrubber
from instructflow.evaluation.pii import GOLD_TO_PREDICTED, Report, format_report, shared_data_dir
from instructflow.evaluation.runner import NON_PERSON_GOLD, available_sets, run_set

DATA = shared_data_dir()

pytestmark = [
    pytest.mark.realdata,
    pytest.mark.skipif(not (DATA / "klue_ner_v1.1_dev.tsv").is_file(), reason=f"no shared data at {DATA}"),
]

# presidio corpus: gold type -> (recall floor, precision floor of the mapped predicted type).
# Measured 2026-11-29 on all 1,500 texts (BENCHMARKS.md, PII section): PERSON 0.805/0.880,
# STREET_ADDRESS 0.734/0.940, CREDIT_CARD 0.772/1.0, PHONE 0.891/0.890, the rest 1.0/1.0.
# With issue 12's identifiers/addresses (branch issue-12): STREET_ADDRESS 0.903/0.927, CREDIT_CARD
# 0.993/1.0 (the targets: 0.85 and 0.98 at precision >= 0.85); re-measured after the merge.
# Branch issue-12-person (2026-11-30): PERSON 0.905/0.868, full coverage 0.894 (was 0.804/0.890/0.660)
# from initials, particles, all of Faker's name lists, lone surnames, names spread to repeats and
# list neighbours. Planted once: LatinNameRecognizer.analyze returning its results without _spread
# failed PERSON full coverage (0.867 < 0.87); that plus the lone-surname rule off failed recall too
# (0.845 < 0.88).
PRESIDIO_FLOORS: dict[str, tuple[float, float]] = {
    "PERSON": (0.88, 0.85),
    "STREET_ADDRESS": (0.90, 0.93),
    "CREDIT_CARD": (0.98, 0.95),
    "PHONE_NUMBER": (0.82, 0.80),
    "EMAIL_ADDRESS": (0.95, 0.95),
    "DOMAIN_NAME": (0.95, 0.95),
    "IBAN_CODE": (0.90, 0.95),
    "US_SSN": (0.90, 0.95),
    "IP_ADDRESS": (0.90, 0.95),
}
# Every letter of a name replaced, not only some of it (measured 0.894, see above).
PERSON_COVERAGE_FLOOR = 0.87
# Every letter and digit of an address replaced, its city, region, postcode and country lines
# included (session 15: 0.585 -> 0.873 with addresses.locality_end/street_start; STREET_ADDRESS
# precision 0.921 -> 0.963). Planted once: locality_end returning its end unchanged -> 0.651: red.
ADDRESS_COVERAGE_FLOOR = 0.85


@pytest.fixture(scope="module")
def scrubber() -> Scrubber:
    return Scrubber(languages=("en", "ko"), score_threshold=0.4)


def _report(scrubber: Scrubber, name: str) -> Report:
    result = run_set(
        available_sets()[name], lambda text: [(f.entity_type, f.start, f.end) for f in scrubber.analyze(text)]
    )
    print(f"\n== {name}\n" + format_report(result.report))
    return result.report


def test_presidio_corpus_floors(scrubber: Scrubber) -> None:
    report = _report(scrubber, "presidio")
    failures = []
    for gold, (min_recall, min_precision) in PRESIDIO_FLOORS.items():
        r = report.recall(gold).rate
        p = report.precision(GOLD_TO_PREDICTED[gold]).rate
        if r < min_recall:
            failures.append(f"{gold} recall {r:.3f} < {min_recall}")
        if p < min_precision:
            failures.append(f"{gold} precision {p:.3f} < {min_precision}")
    for gold, floor in (("PERSON", PERSON_COVERAGE_FLOOR), ("STREET_ADDRESS", ADDRESS_COVERAGE_FLOOR)):
        coverage = report.coverage(gold).rate
        if coverage < floor:
            failures.append(f"{gold} full coverage {coverage:.3f} < {floor}")
    assert not failures, "; ".join(failures)


# KLUE held-out (sentences 2500-4999; the model never saw them), per non-person class: the share
# turned into PERSON. Measured 2026-11-29: recall 0.858, LC/OG/DT together 0.048 (LC 0.092).
# Branch s11-pii (2026-11-30, mention swaps, threshold 0.45, public-place and organisation filters):
# recall 0.859, LC 0.072, OG 0.055, DT 0.002, together 0.039. Planted once: names_ko.THRESHOLD = 0.3 failed the
# together ceiling (0.052 > 0.045); dropping names_ko's public-place filter failed the LC ceiling.
# Branch s12-klue (2026-11-30, kiwi-embedding features + the span judge): recall 0.864, LC 0.056,
# OG 0.045, DT 0.001, together 0.031. Planted once: the judge's threshold at 0.0 in
# names_ko_spans.json (every CRF span kept) failed the together ceiling (0.054 > 0.037) and
# test_klue_sentences_without_a_person_mostly_stay (0.152 > 0.118).
# Branch s12-klue2 (2026-11-30, names_ko._place: place/facility suffixes): LC 0.046, OG 0.044, DT 0.001,
# recall 0.864; LC ceiling lowered to 0.052. Planted once: _place returning False failed it (0.056 > 0.052).
# Branch s13-kofp (2026-11-30, the judge's anchor vector and name likeness): recall 0.869, LC 0.037,
# OG 0.032, DT 0.001, together 0.022; ceilings lowered to LC/OG 0.042, together 0.025. Planted once
# (anchor vector only): main's judge file back in names_ko_spans.json failed the together ceiling
# (0.028 > 0.025; its LC 0.046 and OG 0.044 are over theirs too) and
# test_klue_sentences_without_a_person_mostly_stay (0.104 > 0.098); with both, the "name" feature
# set to 0.0 in span_features failed the together ceiling (0.026 > 0.025) and the clean-news one
# (0.0941 > 0.094).
# Branch s12-chatfp (2026-11-30, mecab-ko-dic word classes, common-noun anchors): recall 0.867, LC 0.022,
# OG 0.028, DT 0.000, together 0.016; ceilings lowered to LC/OG 0.035, together 0.02. The judge of
# commit 48a79fc (this branch without the word classes) measured LC 0.040, OG 0.035, together 0.023.
KLUE_AS_PERSON_CEILINGS = {"LC": 0.035, "OG": 0.035, "DT": 0.01}


def test_klue_held_out_persons_found_and_public_names_left(scrubber: Scrubber) -> None:
    report = _report(scrubber, "klue")
    recall = report.recall("PS").rate
    damage = report.as_person(NON_PERSON_GOLD).rate
    assert recall >= 0.845, f"KLUE persons recall {recall:.3f}"
    assert damage <= 0.02, f"KLUE places/orgs/dates turned into PERSON {damage:.3f}"
    for gold, ceiling in KLUE_AS_PERSON_CEILINGS.items():
        rate = report.as_person([gold]).rate
        assert rate <= ceiling, f"KLUE {gold} turned into PERSON {rate:.3f} > {ceiling}"


def test_klue_sentences_without_a_person_mostly_stay(scrubber: Scrubber) -> None:
    report = _report(scrubber, "clean-news")
    # Measured 2026-11-29: 0.151 of 1,126; branch s11-pii (2026-11-30): 0.121 (the target for
    # PII-free text is 0.02: not met on news, see BENCHMARKS.md). Planted once: the Korean address
    # area pattern back at 0.5 without a residence word failed this (0.134 > 0.13). Branch s12-klue
    # (2026-11-30): 0.108, ceiling lowered to 0.118. Branch s13-kofp (anchor vector, name likeness):
    # 0.084, ceiling 0.094. Branch s12-chatfp (mecab-ko-dic word classes): 0.066, ceiling 0.075 (its
    # commit 48a79fc, without the word classes: 0.084). Session 16 (compounds of known nouns, place
    # heads and stations after the span, thing classes before it, determiner letters): 0.065 ->
    # 0.050 (56 of 1,126), ceiling 0.053. Planted once each: _compound_noun always False (0.054) and
    # no place head or station after the span (0.053: 60 texts) failed it. Session 20: 0.0417 (47).
    # Session 21 (forms KLUE's train split saw only as things): 0.0382 (43), ceiling 0.040. Planted
    # once: THING_SEEN = 10**9 in names_ko failed it (0.0417 > 0.040).
    flagged = report.texts["ko"].rate
    assert flagged <= 0.040, f"{flagged:.3f} of KLUE sentences without a person got a placeholder"


def test_generated_names_every_form(scrubber: Scrubber) -> None:
    report = _report(scrubber, "names")
    # Measured 2026-11-29 (held-out templates): ko 0.953 / full 0.942, en 0.977 / full 0.950;
    # branch s11-pii (2026-11-30): ko 0.958.
    for lang, floor in (("ko", 0.93), ("en", 0.95)):
        recall = report.recall("PERSON", lang).rate
        full = report.coverage("PERSON", lang).rate
        assert recall >= floor, f"{lang} names recall {recall:.3f} < {floor}"
        assert full >= floor - 0.05, f"{lang} names full coverage {full:.3f}"


def test_pii_free_text_stays(scrubber: Scrubber) -> None:
    report = _report(scrubber, "clean")
    # Measured 2026-11-29: en 0.016 (of 700), ko 0.017 (of 2,370).
    for lang, ceiling in (("en", 0.025), ("ko", 0.025)):
        flagged = report.texts[lang].rate
        assert flagged <= ceiling, f"{lang}: {flagged:.3f} of PII-free texts got a placeholder"


def test_scrubbed_text_keeps_no_detected_value(scrubber: Scrubber) -> None:
    samples = available_sets()["presidio"].load()[:300]
    for sample in samples:
        out = scrubber.scrub(sample.text).text
        for f in scrubber.analyze(sample.text):
            value = sample.text[f.start : f.end]
            if len(value) >= 6:  # short values ("Ana", "12") recur inside other words
                assert value not in PLACEHOLDER_RE.sub("", out), "detected value survived"


def test_korean_chat_things_are_no_persons(scrubber: Scrubber) -> None:
    # chat-ko: 6,364 Korean chat texts from lines nobody tuned on, persons hand-labelled
    # (evaluation/chat_persons.py). Branch s12-chatfp (2026-11-30): false PERSON findings 135 -> 73
    # (0.021 -> 0.0115 per text), labelled persons found 44 -> 42 of 82 (the CRF never proposes
    # 형용 and most 휘연). Planted once: lx_other (mecab-ko-dic lists the span as a noun that is no
    # name) always 0.0 in span_features failed the ceiling (94 false: 0.0148 > 0.014).
    # Branch s15-kon (2026-11-30, names_ko_familiar.py: "휘연이가", "경재한테"; lone surnames need a
    # title): persons found 42 -> 77 of 82 (0.939), false PERSON findings 0.0108 per text; floor and
    # ceiling raised to 0.88 / 0.012. Planted once: familiar_names returning [] failed the floor (0.512).
    report = _report(scrubber, "chat-ko")
    precision = report.precision("PERSON")
    false_per_text = (precision.total - precision.tp) / report.texts["ko"].total
    recall = report.recall("PERSON").rate
    assert false_per_text <= 0.012, f"chat-ko: {false_per_text:.4f} false PERSON findings per text"
    assert recall >= 0.88, f"chat-ko: persons found {recall:.3f}"


def test_korean_law_names_go_and_its_prose_stays(scrubber: Scrubber) -> None:
    # konlpy's law corpora (evaluation/korean_law.py), 2026-11-30, before any rule for them: bills
    # PERSON recall 0.708, precision 0.671; law texts flagged 0.016. With list names, spaced
    # signatures, Hanja terms, number words and the bracket rule: 0.972 / 0.843 / 0.010.
    # Planted once: names_ko_forms.listed_names not called failed the recall floor (0.708 < 0.94).
    bills = _report(scrubber, "bills")
    recall, precision = bills.recall("PERSON").rate, bills.precision("PERSON").rate
    assert recall >= 0.94, f"bills: persons found {recall:.3f}"
    assert precision >= 0.80, f"bills: PERSON precision {precision:.3f}"
    flagged = _report(scrubber, "law").texts["ko"].rate
    assert flagged <= 0.015, f"law: {flagged:.3f} of PII-free texts got a placeholder"
