"""Build given_names_ko.json, the letter-pair counts of Korean given names against other
two-syllable words that names_ko_familiar.py scores a familiar form ("휘연이가") with:

    INSTRUCTFLOW_SHARED_DATA=/work/shared/data .venv/bin/python -m instructflow.agents.scrub.model.build_given_names_ko

Given names (each once): the two-syllable given names of Korean full names in
  * mecab-ko-dic's person entries (model/ko_lexicon.txt.gz, class "p") whose surname is one of
    the most common (``COMMON_SURNAMES``: the rarer ones open foreign names, "가네코"),
  * KLUE-NER v1.1 dev person mentions of the training part (sentences 0-2499 only),
  * Faker's ko_KR first names.
Other words: every two-syllable Hangul word mecab-ko-dic lists as a common noun or another proper
noun and never as a person ("고양", "형용" are there, "휘연" is not). Also, per given name, how many
common surnames mecab-ko-dic lists it after (``surnames``). Deterministic: same inputs, same file.
"""

from __future__ import annotations

import gzip
import json
import sys
from importlib import resources
from pathlib import Path

from instructflow.agents.scrub.model.train_names_ko import klue_path
from instructflow.agents.scrub.names_ko import labelled_spans
from instructflow.agents.scrub.names_ko_familiar import MODEL_FILE
from instructflow.agents.scrub.names_ko_spans import LEXICON_FILE, NameLikeness
from instructflow.agents.scrub.names_ko_words import korean_full_name
from instructflow.evaluation.klue import TRAIN, read_klue

# Statistics Korea 2015: these twenty cover ~80% of people; mecab-ko-dic's persons with a rarer
# first syllable are mostly foreign ("가네코", "나카무라").
COMMON_SURNAMES = frozenset("김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 홍".split())
KEPT_COUNT = 5


def _hangul(word: str) -> bool:
    return all("가" <= ch <= "힣" for ch in word)


def lexicon_rows() -> list[tuple[str, str]]:
    path = resources.files("instructflow.agents.scrub.model").joinpath(LEXICON_FILE)
    text = gzip.decompress(path.read_bytes()).decode("utf-8")
    return [(word, kinds) for word, kinds in (line.split("\t") for line in text.split("\n") if line)]


def given_names(rows: list[tuple[str, str]], klue: Path) -> list[str]:
    from faker.providers.person.ko_KR import Provider

    full = [w for w, kinds in rows if "p" in kinds and len(w) == 3 and w[0] in COMMON_SURNAMES]
    for i, (text, labels) in enumerate(read_klue(klue)):
        if i in TRAIN:
            full += [text[s:e] for kind, s, e in labelled_spans(labels) if kind == "PS" and len(text[s:e]) == 3]
    given = {w[1:] for w in full if korean_full_name(w) and _hangul(w)}
    given |= {w for w in Provider.first_names if len(w) == 2}
    return sorted(given)


def surname_counts(rows: list[tuple[str, str]]) -> dict[str, int]:
    """Two-syllable given name -> how many of ``COMMON_SURNAMES`` mecab-ko-dic lists it after as a
    person ("영수": 20, "명자": 11, "시정": 4, "학교": 3), kept from ``KEPT_COUNT`` up: how widely
    families give a name, which tells a given name that is also a word (영수, "receipt") from a word
    that is a name only now and then."""
    found: dict[str, set[str]] = {}
    for word, kinds in rows:
        if "p" in kinds and len(word) == 3 and word[0] in COMMON_SURNAMES and _hangul(word):
            found.setdefault(word[1:], set()).add(word[0])
    return {given: len(s) for given, s in sorted(found.items()) if len(s) >= KEPT_COUNT}


def other_words(rows: list[tuple[str, str]]) -> list[str]:
    return sorted(w for w, kinds in rows if len(w) == 2 and _hangul(w) and "o" in kinds and "p" not in kinds)


def main() -> int:
    klue = klue_path()
    if klue is None:
        return 2
    rows = lexicon_rows()
    names, others = given_names(rows, klue), other_words(rows)
    likeness = NameLikeness.from_words(names, others)
    out = Path(__file__).with_name(MODEL_FILE)
    data = {"given": len(names), "other": len(others), "person": likeness.person, "other_pairs": likeness.other,
            "surnames": surname_counts(rows)}
    out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(names)} given names, {len(others)} other words -> {out} ({out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
