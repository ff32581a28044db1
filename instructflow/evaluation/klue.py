"""KLUE-NER v1.1 dev (../shared/data/klue_ner_v1.1_dev.tsv): real Korean news and movie-review
sentences with person (PS), place (LC), organisation (OG), date, time and quantity labels.

The file is split once, by sentence index, into a part the Korean name model may learn from and
a part it never sees (both halves hold ~50% Wikitree news and ~50% NSMC reviews):

* ``TRAIN``: sentences 0-2499 (model/train_names_ko.py),
* ``HELD_OUT``: sentences 2500-4999 (every reported KLUE number).
"""

from __future__ import annotations

from pathlib import Path

from instructflow.agents.scrub.names_ko import labelled_spans

KLUE_FILE = "klue_ner_v1.1_dev.tsv"
TRAIN = range(0, 2500)
HELD_OUT = range(2500, 5000)


def read_klue(path: Path) -> list[tuple[str, list[str]]]:
    """(sentence, one BIO label per character) in file order."""
    sentences: list[tuple[str, list[str]]] = []
    chars: list[str] = []
    labels: list[str] = []
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line.startswith("##"):
                continue
            if not line:
                if chars:
                    sentences.append(("".join(chars), labels))
                chars, labels = [], []
                continue
            char, sep, label = line.rpartition("\t")
            if not sep or len(char) != 1:
                raise ValueError(f"{path}:{number}: expected 'CHAR<TAB>TAG'")
            chars.append(char)
            labels.append(label)
    if chars:
        sentences.append(("".join(chars), labels))
    return sentences


def klue_spans(path: Path, part: range) -> list[tuple[str, list[tuple[str, int, int]]]]:
    """(sentence, [(KLUE type, start, end)]) for the sentences whose index is in ``part``."""
    sentences = read_klue(path)
    return [(text, labelled_spans(labels)) for i, (text, labels) in enumerate(sentences) if i in part]
