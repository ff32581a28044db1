"""Seed files: the Self-Instruct format loads unchanged, plain JSONL gets stable ids, bad lines are named."""

from __future__ import annotations

import json
from pathlib import Path

from instructflow.agents.synthesize.seed import SeedError, read_seeds
from instructflow.cli.seeds import DEMO_SEEDS
from instructflow.schemas import Seed


def test_self_instruct_format_is_kept_as_given(tmp_path: Path):
    line = {"id": "seed_task_7", "name": "antonyms", "instruction": "Give the antonym of the word.",
            "instances": [{"input": "hot", "output": "cold"}], "is_classification": False}
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps(line) + "\n")
    [(no, seed)] = list(read_seeds(path))
    assert no == 1 and isinstance(seed, Seed)
    assert (seed.id, seed.name, seed.instruction, seed.is_classification) == (
        "seed_task_7", "antonyms", "Give the antonym of the word.", False)
    assert [(i.input, i.output) for i in seed.instances] == [("hot", "cold")]
    assert seed.lang == "en"


def test_plain_lines_get_content_ids_and_korean_is_detected(tmp_path: Path):
    path = tmp_path / "plain.jsonl"
    rows = [{"instruction": "전세와 월세의 차이를 설명해 주세요.", "output": "전세는 …"},
            {"instruction": "Name three rivers.", "input": "", "output": "Nile, Amazon, Han", "id": "r1"}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n\n")
    first = [s for _, s in read_seeds(path, domain="legal")]
    again = [s for _, s in read_seeds(path)]
    assert first[0].id.startswith("seed-") and first[0].id == again[0].id
    assert first[0].lang == "ko" and first[0].domain == "legal"
    assert first[1].id == "r1" and first[1].lang == "en"
    assert [(i.input, i.output) for i in first[1].instances] == [("", "Nile, Amazon, Han")]


def test_bad_lines_are_reported_not_fatal(tmp_path: Path):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b'{"instruction": "Fine instruction here."}\n{oops\n{"instances": [], "id": "x"}\n'
                     b'{"instruction": 5}\n[1, 2]\n')
    items = list(read_seeds(path))
    assert isinstance(items[0][1], Seed)
    errors = [item for _, item in items if isinstance(item, SeedError)]
    assert [(e.line, e.field) for e in errors] == [(2, "<root>"), (3, "instruction"), (4, "instruction"),
                                                   (5, "<root>")]


def test_demo_seeds_cover_english_and_korean():
    seeds = [s for _, s in read_seeds(DEMO_SEEDS)]
    assert all(isinstance(s, Seed) for s in seeds)
    assert len(seeds) == 20 and len({s.id for s in seeds}) == 20
    langs = {s.lang for s in seeds}
    assert langs == {"en", "ko"}
    assert any(s.is_classification for s in seeds if s.lang == "ko")
