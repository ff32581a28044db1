"""Structured-identifier findings on real public text we did not write, read one by one.

    .venv/bin/python bench/scan_identifier_fp.py [--show 20] [--source gsm8k] [--json out.json]

Runs ``Scrubber().analyze`` over ../shared/data (GSM8K questions and answers, KLUE-NER and
KLUE-NLI sentences, KorSTS, KorNLI, paraKQC, the chit-chat set, the seed/self-instruct tasks,
SQuAD, MNLI), konlpy's Korean law corpora (the Constitution, ten bills), Python's reference
(``pydoc_data.topics``), the standard library's docstrings, spaCy's example sentences in nine
languages and the package descriptions of every installed distribution (METADATA:
changelogs, version tables, install commands). Every finding that is not a PERSON is listed.

This text holds few personal identifiers; the real values in it were read and are listed in
``scan_identifier_fp_truths.tsv`` next to this script (see :data:`TRUTHS_FILE`); every other
finding is counted a false positive, so a new finding stays one until someone reads it.
Prints, per source, the texts scanned, the texts with a false positive, and false positives /
true values per entity type; ``--show N`` prints up to N false positives per type with their
context, for grouping by cause; ``--findings`` writes every finding with its verdict.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from instructflow.agents.scrub.scrubber import Scrubber  # noqa: E402
from instructflow.evaluation.klue import KLUE_FILE, read_klue  # noqa: E402
from instructflow.evaluation.korean_law import bill_lines, constitution_sentences  # noqa: E402
from instructflow.evaluation.pii import shared_data_dir  # noqa: E402

# What counts as a true value: an e-mail address, or a URL with a scheme or "www." (thousands in
# the package descriptions, unmistakable), and every (type, value) in TRUTHS_FILE, each read in
# its context in the listing (``--show``) and judged a real value of its kind: the bills' office
# telephones, phone numbers in phonenumbers' README, a school's street address in a task, a
# district named as where someone lives (the scrubber's policy), bare domains ("bbc.co.uk").
# Everything else is a false positive.
_TRUE_SHAPES = {
    "EMAIL_ADDRESS": re.compile(r"^[\w.+\-]+@[\w\-]+(\.[\w\-]+)+$"),
    "URL": re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE),
}
TRUTHS_FILE = Path(__file__).with_name("scan_identifier_fp_truths.tsv")


def _truths() -> set[tuple[str, str]]:
    rows = (line.split("\t", 1) for line in TRUTHS_FILE.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#"))
    return {(kind, json.loads(value)) for kind, value in rows}


def _jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def _tsv(path: Path, *columns: str) -> Iterator[str]:
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            yield from (row[c] for c in columns if row.get(c))


def _tasks(path: Path) -> Iterator[str]:
    for task in _jsonl(path):
        yield task["instruction"]
        for instance in task.get("instances", []):
            yield from (instance[k] for k in ("input", "output") if instance.get(k))


def _squad(path: Path) -> Iterator[str]:
    for article in json.loads(path.read_text(encoding="utf-8"))["data"]:
        for paragraph in article["paragraphs"]:
            yield paragraph["context"]
            for qa in paragraph["qas"]:
                yield qa["question"]
                yield from (a["text"] for a in qa["answers"])


def _paragraphs(text: str) -> Iterator[str]:
    yield from (p.strip() for p in re.split(r"\n\s*\n", text) if p.strip())


def _pydoc() -> Iterator[str]:
    from pydoc_data.topics import topics

    for key in sorted(topics):
        yield from _paragraphs(topics[key])


def _package_descriptions() -> Iterator[str]:
    seen: set[str] = set()
    for dist in sorted(metadata.distributions(), key=lambda d: d.metadata["Name"] or ""):
        name = dist.metadata["Name"]
        if not name or name in seen or name == "instructflow":
            continue
        seen.add(name)
        yield from _paragraphs(dist.metadata.get_payload() or dist.metadata["Description"] or "")


def _stdlib_docstrings() -> Iterator[str]:
    """Docstrings of the standard library's public modules, classes and functions."""
    import importlib
    import inspect
    import warnings

    docs: set[str] = set()
    for name in sorted(sys.stdlib_module_names):
        if name.startswith("_") or name in ("antigravity", "this", "idlelib", "turtledemo", "tkinter", "turtle"):
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                module = importlib.import_module(name)
        except Exception:  # platform-specific modules (winreg, msvcrt ...)
            continue
        # The module's own names only (not what it imported), so the set does not depend on
        # which modules were imported before.
        objects = [module, *(v for k, v in vars(module).items()
                             if not k.startswith("_") and getattr(v, "__module__", name) == name)]
        for obj in objects:
            if inspect.ismodule(obj) or inspect.isclass(obj) or inspect.isroutine(obj):
                doc = getattr(obj, "__doc__", None)
                if isinstance(doc, str):
                    docs.add(doc)
    for doc in sorted(docs):
        yield from _paragraphs(doc)


def _spacy_examples() -> Iterator[str]:
    import importlib

    for lang in ("en", "ko", "de", "fr", "es", "it", "pt", "ja", "zh"):
        try:
            yield from importlib.import_module(f"spacy.lang.{lang}.examples").sentences
        except ImportError:
            continue


def sources(data: Path) -> dict[str, Iterator[str]]:
    """Each source's texts, one field (question, answer, sentence, paragraph) per text."""
    return {
        "gsm8k": (t for row in _jsonl(data / "gsm8k_test.jsonl") for t in (row["question"], row["answer"])),
        "klue-ner": (s for s, _ in read_klue(data / KLUE_FILE)),
        "klue-nli": (t for row in json.loads((data / "klue_nli_v1.1_dev.json").read_text(encoding="utf-8"))
                     for t in (row["premise"], row["hypothesis"])),
        "korsts": _tsv(data / "korsts_dev.tsv", "sentence1", "sentence2"),
        "kornli": _tsv(data / "kornli_xnli_dev_ko.tsv", "sentence1", "sentence2"),
        "parakqc": (line.split("\t")[-1].strip() for line in
                    (data / "ko_paraKQC_v1.txt").read_text(encoding="utf-8").splitlines() if line.strip()),
        "chatbot": (t for row in csv.DictReader((data / "ko_chatbot_data.csv").open(encoding="utf-8", newline=""))
                    for t in (row["Q"], row["A"]) if t),
        "seed-tasks": _tasks(data / "seed_tasks.jsonl"),
        "self-instruct": _tasks(data / "self_instruct_user_oriented_instructions.jsonl"),
        "squad": _squad(data / "squad_sample.json"),
        "mnli": _tsv(data / "mnli_sample.tsv", "sentence1", "sentence2"),
        "kolaw": iter(constitution_sentences()),
        "kobill": iter(bill_lines()),
        "pydoc": _pydoc(),
        "stdlib-doc": _stdlib_docstrings(),
        "spacy-examples": _spacy_examples(),
        "pkg-metadata": _package_descriptions(),
    }


def is_true(entity: str, value: str, truths: set[tuple[str, str]]) -> bool:
    shape = _TRUE_SHAPES.get(entity)
    return (entity, value) in truths or (shape is not None and shape.match(value.strip("\"'<>()")) is not None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--show", type=int, default=0, help="false positives to print per type")
    parser.add_argument("--source", action="append", help="only these sources")
    parser.add_argument("--json", type=Path, help="write the counts here")
    parser.add_argument("--findings", type=Path, help="write every non-PERSON finding here (JSON lines)")
    args = parser.parse_args()

    scrubber = Scrubber()
    truths = _truths()
    findings = []
    counts: dict[str, dict] = {}
    shown: dict[str, list[str]] = defaultdict(list)
    start = time.perf_counter()
    for name, texts in sources(shared_data_dir()).items():
        if args.source and name not in args.source:
            continue
        seen: set[str] = set()
        fp, true = Counter(), Counter()
        n_texts = flagged = 0
        for text in texts:
            if text in seen:
                continue
            seen.add(text)
            n_texts += 1
            bad = False
            for f in scrubber.analyze(text):
                if f.entity_type == "PERSON":
                    continue
                value = text[f.start : f.end]
                verdict = is_true(f.entity_type, value, truths)
                findings.append({"source": name, "type": f.entity_type, "value": value, "true": verdict})
                if verdict:
                    true[f.entity_type] += 1
                    continue
                fp[f.entity_type] += 1
                bad = True
                if len(shown[f.entity_type]) < args.show:
                    context = text[max(0, f.start - 40) : f.end + 30].replace("\n", "⏎")
                    shown[f.entity_type].append(f"{name:13} {value!r:40} …{context}…")
            flagged += bad
        counts[name] = {"texts": n_texts, "flagged": flagged, "fp": dict(fp), "true": dict(true)}
    seconds = time.perf_counter() - start

    total_fp, total_true = Counter(), Counter()
    print(f"{'source':14}{'texts':>7}{'flagged':>9}  false positives by type / true values by type")
    for name, c in counts.items():
        total_fp.update(c["fp"])
        total_true.update(c["true"])
        fps = " ".join(f"{k}={v}" for k, v in sorted(c["fp"].items())) or "-"
        trues = " ".join(f"{k}={v}" for k, v in sorted(c["true"].items())) or "-"
        print(f"{name:14}{c['texts']:>7}{c['flagged']:>9}  {fps}  /  {trues}")
    texts = sum(c["texts"] for c in counts.values())
    flagged = sum(c["flagged"] for c in counts.values())
    print(f"{'total':14}{texts:>7}{flagged:>9}  {sum(total_fp.values())} false positives, "
          f"{sum(total_true.values())} true values; {seconds:.0f} s")
    print("false positives: " + " ".join(f"{k}={v}" for k, v in total_fp.most_common()))
    for entity, lines in sorted(shown.items()):
        print(f"\n== {entity}")
        print("\n".join(lines))
    if args.json:
        args.json.write_text(json.dumps(counts, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.findings:
        args.findings.write_text("".join(json.dumps(f, ensure_ascii=False) + "\n" for f in findings), encoding="utf-8")


if __name__ == "__main__":
    main()
