"""Train the Korean name CRF (names_ko.crfsuite) reproducibly:

    INSTRUCTFLOW_SHARED_DATA=/work/shared/data .venv/bin/python -m instructflow.agents.scrub.model.train_names_ko

then the span judge that decides on its spans (names_ko_spans.json), which needs CRFs trained
the same way on each half: ``python -m instructflow.agents.scrub.model.train_names_ko_spans``.

Data: KLUE-NER v1.1 dev sentences 0-2499 (klue.TRAIN; PS/LC/OG kept, dates and quantities as O)
plus the *training* templates of the generated name set (evaluation/names.py, seed 1), so chat
forms ("성함은 ...입니다", "서연아") are seen too. Held-out KLUE sentences and held-out templates
are never read here. L1+L2 (elastic net) keeps the model small; fixed settings and a seeded
shuffle, so the same data gives the same file.

Mention swaps: each KLUE training sentence is also learnt in ``SWAP_COPIES`` copies whose person,
place and organisation mentions are replaced by other mentions of the same type from the
training part. With 2,500 sentences the model otherwise learns *which strings* were people
("트럼프") more than *which contexts* name people, and takes every unseen place or brand in a
person-like position for a person. Measured by training on sentences 0-1249 and testing on
1250-2499 (both inside the training part; held-out sentences untouched), at the shipped
threshold: KLUE sentences without a person that got a PERSON 18.1% -> 16.2%, places taken for
persons 15.2% -> 12.5%, person recall 0.843 -> 0.856 (BENCHMARKS.md has the curve).
"""

from __future__ import annotations

import random
import sys
import time
from collections import defaultdict
from pathlib import Path

import pycrfsuite

from instructflow.agents.scrub.korean import KoreanMorphology
from instructflow.agents.scrub.names_ko import MODEL_FILE, char_features, labelled_spans
from instructflow.evaluation.klue import KLUE_FILE, TRAIN, read_klue
from instructflow.evaluation.names import training_sentences_ko
from instructflow.evaluation.pii import shared_data_dir

KEPT = ("PS", "LC", "OG")
PARAMS = {"c1": 0.05, "c2": 0.05, "max_iterations": 300, "feature.possible_transitions": True}
SWAP_COPIES = 3
SWAP_SEED = 7
Labelled = tuple[str, list[str]]


def _keep(label: str) -> str:
    return label if label[2:] in KEPT else "O"


def mention_swaps(data: list[Labelled], copies: int = SWAP_COPIES, seed: int = SWAP_SEED) -> list[Labelled]:
    """``copies`` versions of every sentence that has a mention, each mention replaced by a
    random mention of the same type from ``data`` (labels follow the new mention)."""
    rng = random.Random(seed)
    pool: dict[str, list[str]] = defaultdict(list)
    for text, labels in data:
        for kind, start, end in labelled_spans(labels):
            pool[kind].append(text[start:end])
    out: list[Labelled] = []
    for _ in range(copies):
        for text, labels in data:
            spans = labelled_spans(labels)
            if not spans:
                continue
            parts: list[str] = []
            new_labels: list[str] = []
            pos = 0
            for kind, start, end in spans:
                mention = rng.choice(pool[kind])
                parts += [text[pos:start], mention]
                new_labels += labels[pos:start] + [f"B-{kind}"] + [f"I-{kind}"] * (len(mention) - 1)
                pos = end
            parts.append(text[pos:])
            new_labels += labels[pos:]
            out.append(("".join(parts), new_labels))
    return out


def klue_path() -> Path | None:
    path = shared_data_dir(Path(__file__).resolve().parents[4]) / KLUE_FILE
    if not path.is_file():
        print(f"KLUE-NER not found: {path} (set INSTRUCTFLOW_SHARED_DATA)", file=sys.stderr)
        return None
    return path


def train_crf(path: Path, part: range, out: Path) -> None:
    """Train the CRF on the KLUE sentences whose index is in ``part`` (plus their mention swaps
    and the generated training templates) into ``out``."""
    morph = KoreanMorphology()
    trainer = pycrfsuite.Trainer(verbose=False)
    klue = [(t, [_keep(x) for x in labels]) for i, (t, labels) in enumerate(read_klue(path)) if i in part]
    data = klue + mention_swaps(klue) + training_sentences_ko(seed=1)
    for text, labels in data:
        trainer.append(char_features(text, morph.tokens(text), morph.unknown(text), morph.anchors(text)), labels)
    trainer.set_params(PARAMS)
    start = time.perf_counter()
    trainer.train(str(out))
    print(f"{len(data)} sentences, {time.perf_counter() - start:.0f} s -> {out} ({out.stat().st_size:,} bytes)")


def main() -> int:
    path = klue_path()
    if path is None:
        return 2
    train_crf(path, TRAIN, Path(__file__).with_name(MODEL_FILE))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
