"""Korean chat prompts with hand-labelled persons: the ``chat-ko`` set of ``instructflow eval pii``.

Why: KLUE-NER is news and reviews; in chat the name model's mistakes are of another kind
(services, appliances, foods, slang for people: "지메일이랑", "제습기랑", "블루투스 스피커", "짝녀가").
The texts are real questions people wrote, from two sources nobody tuned the scrubber on:

* ../shared/data/ko_paraKQC_v1.txt, lines whose 0-based index is 2 or 3 mod 5 (4,000 assistant
  queries; the earlier spot check read index 0 mod 5);
* ../shared/data/ko_chatbot_data.csv, questions and answers of rows whose index is 5 mod 10 (the
  ``clean`` set reads rows 0 mod 10).

``data/ko_chat_persons.tsv`` lists every text of those 6,364 in which the Korean name CRF proposes
any span (before the judge; 2026-11-30 model) or a person is named, with its persons as character
spans, labelled by reading each text (a person: someone named, real or fictional; not a
service, product, food, place, weather event, role word or slang for a kind of person). Every
other text has no person and no span for any judge to accept. Persons the CRF never proposes
(형용, most 휘연) are labelled too, so recall counts them.
"""

from __future__ import annotations

import csv
from pathlib import Path

from instructflow.evaluation.pii import Sample

LABELS_FILE = Path(__file__).resolve().parent / "data" / "ko_chat_persons.tsv"
PARAKQC_FILE = "ko_paraKQC_v1.txt"
CHATBOT_FILE = "ko_chatbot_data.csv"


def chat_texts(data: Path) -> list[tuple[str, int, str]]:
    """(source, line, text): paraKQC 1-based line numbers, chatbot 0-based row indices."""
    out: list[tuple[str, int, str]] = []
    with (data / PARAKQC_FILE).open(encoding="utf-8", newline="") as f:
        for i, line in enumerate(f.read().split("\r\n")):
            if i % 5 in (2, 3) and line.strip():
                out.append(("paraKQC", i + 1, line.split("\t")[-1].strip()))
    with (data / CHATBOT_FILE).open(encoding="utf-8", newline="") as f:
        for i, row in enumerate(csv.DictReader(f)):
            if i % 10 == 5:
                out.extend((f"chatbot-{col}", i, row[col]) for col in ("Q", "A") if row[col])
    return out


def read_labels() -> dict[tuple[str, int, str], tuple[tuple[int, int], ...]]:
    """(source, line, text) -> person spans, from the shipped labels file."""
    labels: dict[tuple[str, int, str], tuple[tuple[int, int], ...]] = {}
    for number, line in enumerate(LABELS_FILE.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("#") or not line:
            continue
        source, row, persons, text = line.split("\t")
        spans = []
        for item in filter(None, persons.split(",")):
            bounds, value = item.split(":", 1)
            start, end = (int(x) for x in bounds.split("-"))
            if text[start:end] != value:
                found = text[start:end]
                raise ValueError(f"{LABELS_FILE.name} line {number}: span {bounds} is {found!r}, not {value!r}")
            spans.append((start, end))
        labels[source, int(row), text] = tuple(spans)
    return labels


def chat_persons_set(data: Path) -> list[Sample]:
    labels = read_labels()
    texts = chat_texts(data)
    missing = set(labels) - set(texts)
    if missing:
        source, row, _ = sorted(missing)[0]
        first = f"first: {source} line {row}"
        raise ValueError(f"{LABELS_FILE.name}: {len(missing)} labelled texts not in {data} ({first})")
    return [Sample(key[2], tuple(("PERSON", s, e) for s, e in labels.get(key, ())), lang="ko") for key in texts]
