"""Train the Korean name CRF (names_ko.crfsuite) reproducibly:

    INSTRUCTFLOW_SHARED_DATA=/work/shared/data .venv/bin/python -m instructflow.agents.scrub.model.train_names_ko

Data: KLUE-NER v1.1 dev sentences 0-2499 (klue.TRAIN; PS/LC/OG kept, dates and quantities as O)
plus the *training* templates of the generated name set (evaluation/names.py, seed 1), so chat
forms ("성함은 ...입니다", "서연아") are seen too. Held-out KLUE sentences and held-out templates
are never read here. L1+L2 (elastic net) keeps the model small; fixed settings, so the same data
gives the same file.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pycrfsuite

from instructflow.agents.scrub.korean import KoreanMorphology
from instructflow.agents.scrub.names_ko import MODEL_FILE, char_features
from instructflow.evaluation.klue import KLUE_FILE, TRAIN, read_klue
from instructflow.evaluation.names import training_sentences_ko
from instructflow.evaluation.pii import shared_data_dir

KEPT = ("PS", "LC", "OG")
PARAMS = {"c1": 0.05, "c2": 0.05, "max_iterations": 300, "feature.possible_transitions": True}


def _keep(label: str) -> str:
    return label if label[2:] in KEPT else "O"


def main() -> int:
    path = shared_data_dir(Path(__file__).resolve().parents[4]) / KLUE_FILE
    if not path.is_file():
        print(f"KLUE-NER not found: {path} (set INSTRUCTFLOW_SHARED_DATA)", file=sys.stderr)
        return 2
    morph = KoreanMorphology()
    trainer = pycrfsuite.Trainer(verbose=False)
    data = [(t, [_keep(x) for x in labels]) for i, (t, labels) in enumerate(read_klue(path)) if i in TRAIN]
    data += training_sentences_ko(seed=1)
    for text, labels in data:
        trainer.append(char_features(text, morph.tokens(text), morph.unknown(text)), labels)
    trainer.set_params(PARAMS)
    out = Path(__file__).with_name(MODEL_FILE)
    start = time.perf_counter()
    trainer.train(str(out))
    print(f"{len(data)} sentences, {time.perf_counter() - start:.0f} s -> {out} ({out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
