"""All 175 Self-Instruct seed tasks load unchanged, and seed a round against the test double."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from instructflow.agents.synthesize.demonstrations import DemoPool
from instructflow.agents.synthesize.llm import LLMClient, LLMConfig
from instructflow.agents.synthesize.loop import SynthConfig, Synthesizer
from instructflow.agents.synthesize.novelty import NoveltyIndex
from instructflow.agents.synthesize.seed import read_seeds
from instructflow.infra.llm_testserver import ServerThread, TestDouble
from instructflow.schemas import Seed

pytestmark = pytest.mark.realdata


def test_all_175_seeds_load_unchanged(shared_data: Path):
    path = shared_data / "seed_tasks.jsonl"
    raw = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    seeds = [item for _, item in read_seeds(path)]
    assert len(raw) == 175 and len(seeds) == 175
    assert all(isinstance(s, Seed) for s in seeds)
    for obj, seed in zip(raw, seeds, strict=True):
        assert seed.id == obj["id"] and seed.name == obj["name"]
        assert seed.instruction == obj["instruction"]
        assert seed.is_classification == obj["is_classification"]
        assert [i.model_dump() for i in seed.instances] == [{"input": i["input"], "output": i["output"]}
                                                             for i in obj["instances"]]
        assert seed.lang == "en"


async def test_a_round_from_the_paper_seeds(shared_data: Path):
    demos, novelty = DemoPool(), NoveltyIndex()
    for _, seed in read_seeds(shared_data / "seed_tasks.jsonl"):
        demos.put_seed(seed)
        novelty.add(seed.id, seed.instruction)
    with ServerThread(TestDouble(seed=2)) as srv:
        llm = LLMClient(LLMConfig(base_url=srv.base_url, model="td"))
        synth = Synthesizer(llm, demos, novelty, SynthConfig(), "rd", random.Random(0))
        results = [await synth.run_round(r) for r in (1, 2, 3)]
        await llm.aclose()
    candidates = [c for r in results for c in r.candidates]
    assert candidates
    assert all(d.startswith("seed_task_") for c in candidates for d in c.lineage.demonstration_ids)
