"""Faust wiring of the synthesis agent: a long-running task, not a per-message step.

It follows two topics whole (every partition, no consumer group): the compacted ``seeds``
topic is its seed table, ``instances.accepted`` feeds the novelty index (everything accepted)
and the machine demonstrations (accepted synthetic instances). Once both are caught up it runs
2 x ``llm_concurrency`` lanes of Self-Instruct rounds; candidates go to ``instances.candidates``
(scrub -> score -> dedup -> pool, the same bar as every other source), filter rejects straight
to ``instances.rejected`` so their reason and token spend reach the pool.

Enable it on one worker per deployment (``INSTRUCTFLOW_SYNTH_ENABLED``): two workers would
generate independently, both correct, but with twice the spend.
"""

from __future__ import annotations

import asyncio
import logging
import random
import uuid
from collections.abc import Awaitable, Callable

import faust

from instructflow.agents.identity import with_identity
from instructflow.agents.synthesize.demonstrations import DemoPool
from instructflow.agents.synthesize.filters import Limits
from instructflow.agents.synthesize.llm import LLMClient, LLMConfig
from instructflow.agents.synthesize.loop import RoundResult, SynthConfig, Synthesizer, proposal_key
from instructflow.agents.synthesize.novelty import NoveltyIndex
from instructflow.schemas import Instance, Seed, Source
from instructflow.streams.follower import TopicFollower
from instructflow.streams.settings import Settings
from instructflow.streams.step import Emit
from instructflow.streams.topics import ACCEPTED, CANDIDATES, REJECTED, SEEDS

# Its place in the topology (app/topology.py): not a Step (it is driven by its own loop, not by
# messages), so declared here. It follows the seeds and the accepted pool (demonstrations).
SYNTHESIS_SOURCES = (SEEDS, ACCEPTED)
SYNTHESIS_OUTPUTS = (CANDIDATES, REJECTED)

log = logging.getLogger(__name__)

OVER_CAP = "synth_over_cap"
FAILED_ROUND_PAUSE_MAX_S = 30.0
# Rounds in progress per request slot: a round's requests depend on each other (instructions ->
# classification -> instances), so with one round per slot, slots idle between phases.
LANES_PER_SLOT = 2


def llm_config(settings: Settings) -> LLMConfig:
    return LLMConfig(
        base_url=settings.llm_base_url, model=settings.llm_model, api_key=settings.llm_api_key.get_secret_value(),
        temperature=settings.llm_temperature, max_tokens=settings.llm_max_tokens, timeout_s=settings.llm_timeout_s,
        max_retries=settings.llm_max_retries, concurrency=settings.llm_concurrency,
        requests_per_minute=settings.llm_requests_per_minute, tokens_per_minute=settings.llm_tokens_per_minute,
        price_prompt_per_1m=settings.llm_price_prompt_per_1m,
        price_completion_per_1m=settings.llm_price_completion_per_1m,
    )


def synth_config(settings: Settings) -> SynthConfig:
    return SynthConfig(
        n_seed=settings.synth_seed_demos, n_machine=settings.synth_machine_demos, lang=settings.synth_lang,
        topics=tuple(settings.synth_topics), domains=tuple(settings.synth_domains),
        novelty_threshold=settings.synth_novelty_threshold, instances_per_task=settings.synth_instances_per_task,
        judge=settings.synth_judge_enabled, judge_min=settings.synth_judge_min,
        limits=Limits(settings.synth_min_words, settings.synth_max_words, settings.synth_max_output_chars,
                      tuple(settings.languages)),
    )


class SynthesisAgent:
    def __init__(self, settings: Settings, send: Callable[[Emit], Awaitable[None]], run_id: str = "") -> None:
        self.settings = settings
        self.send = send
        self.run_id = run_id or uuid.uuid4().hex[:12]
        self.demos = DemoPool()
        self.novelty = NoveltyIndex(settings.synth_novelty_threshold)
        self.emitted = 0  # candidates sent in this run (the cap counts these)
        self.rejected = 0
        self.rounds = 0
        self._last_round = 0
        self._round_lock = asyncio.Lock()
        self.llm: LLMClient | None = None

    # --- state from the log ------------------------------------------------------
    def on_seed(self, seed: Seed) -> None:
        self.demos.put_seed(seed)
        self.novelty.add(seed.id, seed.instruction)

    def on_accepted(self, inst: Instance) -> None:
        if inst.source is Source.synthetic:
            self.demos.add_machine(inst)
            self._last_round = max(self._last_round, inst.lineage.generation_round)
            # This run's own proposals are in the index already, under this same key.
            key = proposal_key(inst.origin_id) or inst.instance_id
        else:
            key = inst.instance_id
        self.novelty.add(key, inst.instruction or inst.text())

    # --- the loop ------------------------------------------------------------------
    @property
    def capped(self) -> bool:
        cap = self.settings.synth_max_instances
        return cap > 0 and self.emitted >= cap

    async def run(self) -> None:
        followers = [TopicFollower(self.settings, SEEDS, self.on_seed),
                     TopicFollower(self.settings, ACCEPTED, self.on_accepted)]
        tasks = [asyncio.create_task(f.run(), name=f"follow-{f.spec.name}") for f in followers]
        self.llm = LLMClient(llm_config(self.settings))
        try:
            await asyncio.wait([asyncio.create_task(f.caught_up.wait()) for f in followers])
            log.info("synthesis: %d seeds, %d accepted in the novelty index, %d machine demonstrations; "
                     "model %s at %s", len(self.demos.seeds), len(self.novelty), len(self.demos.machine),
                     self.settings.llm_model, self.settings.llm_base_url)
            synth = Synthesizer(self.llm, self.demos, self.novelty, synth_config(self.settings), self.run_id,
                                random.Random(f"{self.settings.synth_random_seed}:{self.run_id}"))
            n_lanes = LANES_PER_SLOT * self.settings.llm_concurrency
            lanes = [asyncio.create_task(self._lane(synth)) for _ in range(n_lanes)]
            await asyncio.gather(*lanes)
            log.info("synthesis: cap of %d candidates reached; %d rounds, %d rejects, LLM %s",
                     self.settings.synth_max_instances, self.rounds, self.rejected, self.llm.stats.as_dict())
            await asyncio.gather(*tasks)  # keep following, so a restart of the cap is a restart of the worker
        finally:
            for t in tasks:
                t.cancel()
            await self.llm.aclose()

    async def _next_round(self) -> int:
        async with self._round_lock:
            self._last_round += 1
            return self._last_round

    async def _lane(self, synth: Synthesizer) -> None:
        pause = 1.0
        while not self.capped:
            if not self.demos.seeds:
                await asyncio.sleep(1.0)
                continue
            try:
                result = await synth.run_round(await self._next_round())
                await self.emit(result)
            except asyncio.CancelledError:
                raise
            except Exception:  # a bug in one round must not stop the loop; it is logged loudly
                log.exception("synthesis: round failed")
                result = RoundResult(0, failed="exception")
            if result.failed:
                log.warning("synthesis: round %d produced nothing: %s", result.round, result.failed)
                await asyncio.sleep(pause)
                pause = min(FAILED_ROUND_PAUSE_MAX_S, pause * 2)
                continue
            pause = 1.0
            if self.settings.synth_round_interval_s:
                await asyncio.sleep(self.settings.synth_round_interval_s)

    async def emit(self, result: RoundResult) -> None:
        self.rounds += 1
        cap = self.settings.synth_max_instances
        for inst in result.candidates:
            if cap > 0 and self.emitted >= cap:
                # Generated, paid for, but past the cap: kept as a reject so nothing (and no spend) is lost.
                await self._reject(with_identity(inst.reject(OVER_CAP)))
                continue
            self.emitted += 1
            await self.send(Emit(CANDIDATES, inst, key=inst.origin_id))
        for inst in result.rejects:
            await self._reject(inst)

    async def _reject(self, inst: Instance) -> None:
        self.rejected += 1
        await self.send(Emit(REJECTED, inst, key=inst.instance_id))


def register_synthesis(app: faust.App, send: Callable[[Emit], Awaitable[None]], settings: Settings) -> SynthesisAgent:
    agent = SynthesisAgent(settings, send)

    @app.task
    async def synthesize() -> None:
        await agent.run()

    return agent
