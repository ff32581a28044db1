"""Self-Instruct rounds against the local OpenAI-compatible test double (real HTTP, no broker)."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator

import httpx
import pytest

from instructflow.agents.synthesize import filters as f
from instructflow.agents.synthesize.agent import OVER_CAP, SynthesisAgent
from instructflow.agents.synthesize.demonstrations import DemoPool
from instructflow.agents.synthesize.llm import LLMClient, LLMConfig
from instructflow.agents.synthesize.loop import RoundResult, SynthConfig, Synthesizer, proposal_key
from instructflow.agents.synthesize.novelty import NoveltyIndex
from instructflow.agents.synthesize.prompts import PROMPT_VERSION
from instructflow.agents.synthesize.seed import read_seeds
from instructflow.cli.seeds import DEMO_SEEDS
from instructflow.infra.llm_testserver import ServerThread, TestDouble
from instructflow.schemas import Instance, Seed, Source, Status, SynthJob
from instructflow.streams.settings import Settings
from instructflow.streams.topics import CANDIDATES, REJECTED, SYNTH_ROUNDS


@pytest.fixture(scope="module")
def server() -> Iterator[ServerThread]:
    with ServerThread(TestDouble(seed=5)) as srv:
        yield srv


def demo_seeds() -> list[Seed]:
    return [s for _, s in read_seeds(DEMO_SEEDS)]


def make(server: ServerThread, config: SynthConfig | None = None, seeds: list[Seed] | None = None,
         **llm_kw) -> Synthesizer:
    demos, novelty = DemoPool(), NoveltyIndex()
    for seed in seeds if seeds is not None else demo_seeds():
        demos.put_seed(seed)
        novelty.add(seed.id, seed.instruction)
    llm = LLMClient(LLMConfig(base_url=server.base_url, model="testdouble", backoff_base_s=0.001,
                              backoff_max_s=0.01, price_prompt_per_1m=0.5, price_completion_per_1m=1.5, **llm_kw))
    return Synthesizer(llm, demos, novelty, config or SynthConfig(), "run-t", random.Random(1))


def totals(rows: list[Instance]) -> tuple[int, int]:
    return sum(r.lineage.prompt_tokens for r in rows), sum(r.lineage.completion_tokens for r in rows)


async def test_rounds_from_demo_seeds(server: ServerThread):
    synth = make(server)
    seed_ids = set(synth.demos.seeds)
    results = [await synth.run_round(r) for r in range(1, 9)]
    rows = [row for res in results for row in res.rows]
    candidates = [row for res in results for row in res.candidates]
    assert len(candidates) >= 20
    for c in candidates:
        assert c.source is Source.synthetic and c.stage == 3 and c.status is Status.candidate
        assert c.lineage.model == "testdouble" and c.lineage.prompt_version == PROMPT_VERSION
        assert c.lineage.demonstration_ids and set(c.lineage.demonstration_ids) <= seed_ids
        assert c.lineage.template_id.startswith("self-instruct/")
        assert c.output and c.instruction and not c.instance_id  # the id is scrub's to give
    assert {c.lineage.generation_round for c in candidates} <= set(range(1, 9))
    # Every request's tokens are on exactly one row: nothing spent goes unaccounted.
    assert totals(rows) == (synth.llm.stats.prompt_tokens, synth.llm.stats.completion_tokens)
    assert sum(r.lineage.cost_usd for r in rows) == pytest.approx(synth.llm.stats.cost_usd, rel=1e-6)
    reasons = Counter(r.reject_reason for r in rows if r.status is Status.rejected)
    assert reasons[f.BLACKLISTED] >= 1 and reasons[f.NOT_NOVEL] >= 1
    for r in rows:
        if r.status is Status.rejected:
            assert r.instance_id  # rejects skip scrub, so they carry their id already
    copies = [r for r in rows if r.reject_reason == f.NOT_NOVEL]
    assert all(r.duplicate_of for r in copies)
    assert any(r.duplicate_of in seed_ids for r in copies)
    # Classification tasks were generated output-first, with a class label as output.
    labelled = [c for c in candidates if c.lineage.template_id == "self-instruct/output-first"]
    assert labelled and all(len(c.output.split()) <= 2 for c in labelled)
    await synth.llm.aclose()


async def test_accepted_synthetic_instances_become_demonstrations(server: ServerThread):
    synth = make(server, SynthConfig(n_seed=2, n_machine=2))
    first = await synth.run_round(1)
    for i, c in enumerate(first.candidates):
        synth.demos.add_machine(c.accept().model_copy(update={"instance_id": f"acc{i}"}))
    second = await synth.run_round(2)
    used = {d.id for d in second.demonstrations}
    assert used & {f"acc{i}" for i in range(len(first.candidates))}
    assert any(set(c.lineage.demonstration_ids) & used - set(synth.demos.seeds) for c in second.candidates)
    await synth.llm.aclose()


async def test_korean_steering_and_domain_seeds(server: ServerThread):
    legal = Seed(id="ko-legal-1", lang="ko", domain="legal",
                 instruction="임대차 계약이 끝났는데 집주인이 보증금을 안 돌려주면 어떻게 해야 하나요?")
    seeds = [*demo_seeds(), legal]
    synth = make(server, SynthConfig(lang="ko", topics=("임대차 보호법", "전세 사기"), domains=("legal",)), seeds)
    res = await synth.run_round(1)
    assert [d.id for d in res.demonstrations] == ["ko-legal-1"]
    assert res.candidates and all(c.lang == "ko" for c in res.candidates)
    assert any("임대차" in c.instruction or "전세 사기" in c.instruction for c in res.candidates)
    await synth.llm.aclose()


async def test_faults_are_survived_and_nothing_is_lost(server: ServerThread):
    async with httpx.AsyncClient() as http:
        await http.post(server.base_url.removesuffix("/v1") + "/_testdouble/faults",
                        json={"timeout": 0.1, "error500": 0.15, "error429": 0.1, "garbage": 0.15, "hang_s": 2.0})
    try:
        synth = make(server, timeout_s=0.5, max_retries=6, concurrency=8)
        results: list[RoundResult] = [await synth.run_round(r) for r in range(1, 13)]
    finally:
        async with httpx.AsyncClient() as http:
            await http.post(server.base_url.removesuffix("/v1") + "/_testdouble/faults",
                            json={"timeout": 0, "error500": 0, "error429": 0, "garbage": 0})
    rows = [row for res in results for row in res.rows]
    reasons = Counter(r.reject_reason for r in rows)
    assert sum(len(r.candidates) for r in results) > 0
    assert reasons[f.UNPARSEABLE] >= 1  # the garbage replies, as rejects with a reason
    assert synth.llm.stats.retries > 0
    assert totals(rows) == (synth.llm.stats.prompt_tokens, synth.llm.stats.completion_tokens)
    # Every proposal that passed the instruction filters ended as rows (none vanished mid-round).
    for res in results:
        keys = {proposal_key(r.origin_id) for r in res.rows}
        assert all(k.startswith("synth:run-t:") for k in keys)
    await synth.llm.aclose()


async def test_agent_caps_candidates_and_keeps_the_rest_as_rejects(server: ServerThread):
    sent = []

    async def send(emit):
        sent.append(emit)

    agent = SynthesisAgent(Settings(llm_base_url=server.base_url), send)
    agent.book.on_job(SynthJob(job_id="cap", max_candidates=5))
    progress = agent.book.jobs["cap"]
    synth = make(server)
    res = await synth.run_round(1)
    res2 = await synth.run_round(2)
    rec1 = await agent.emit(progress, res)
    rec2 = await agent.emit(progress, res2)
    candidates = [e for e in sent if e.topic is CANDIDATES]
    over = [e for e in sent if e.topic is REJECTED and e.value.reject_reason == OVER_CAP]
    assert len(candidates) == 5 and progress.finished and progress.state == "finished"
    assert len(over) == len(res.candidates) + len(res2.candidates) - 5
    rounds = [e.value for e in sent if e.topic is SYNTH_ROUNDS]
    assert rounds == [rec1, rec2] and [e.key for e in sent if e.topic is SYNTH_ROUNDS] == ["cap:1", "cap:2"]
    assert len(sent) == len(res.rows) + len(res2.rows) + 2
    # The round records carry every row and all the spend: what a restart counts as done.
    assert rec1.candidates + rec1.rejects == len(res.rows) and rec1.candidates + rec2.candidates == 5
    assert (rec1.prompt_tokens + rec2.prompt_tokens, rec1.completion_tokens + rec2.completion_tokens) \
        == totals(res.rows + res2.rows)
    await synth.llm.aclose()


async def test_agent_state_from_the_log():
    agent = SynthesisAgent(Settings(), lambda e: None)
    agent.on_seed(Seed(id="s1", instruction="Explain why the sky is blue during the day."))
    agent.on_accepted(Instance(instance_id="i1", source=Source.synthetic, stage=3, origin_id="synth:old:7:301",
                               instruction="Suggest three ways to sleep better at night.", output="…",
                               status=Status.accepted, lineage={"generation_round": 7}))
    agent.on_accepted(Instance(instance_id="t1", source=Source.task, stage=1,
                               instruction="Does the premise entail the hypothesis here?", status=Status.accepted))
    assert set(agent.demos.seeds) == {"s1"} and set(agent.demos.machine) == {"i1"}
    assert {"s1", "synth:old:7:300", "t1"} <= set(agent.novelty._ids)
