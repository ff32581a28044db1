"""Faust wiring of the synthesis agent: a long-running task that runs synthesis jobs.

It follows four topics whole (every partition, no consumer group): the compacted ``seeds``
topic is its seed table, ``instances.accepted`` feeds the novelty index (everything accepted)
and the machine demonstrations (accepted synthetic instances), ``synth.jobs`` the jobs asked
for (`instructflow synth run`, the demo job of `instructflow up`) and ``synth.rounds`` the rounds
already done. Jobs run one after another; a job runs 2 x ``llm_concurrency`` lanes of
Self-Instruct rounds until its cap of candidates. Candidates go to ``instances.candidates``
(scrub -> score -> dedup -> pool, the same bar as every other source), filter rejects straight
to ``instances.rejected`` so their reason and token spend reach the pool; then, with the rows
flushed, the round's record goes to ``synth.rounds``. Seeds loaded later are in the seed table
when the next round samples. A restarted worker rebuilds the book from those topics, and from
the pool where the topics are gone, and goes on with the rounds not yet done.

Enable it on one worker per deployment (``INSTRUCTFLOW_SYNTH_ENABLED``): two workers would
run the same jobs independently, both correct, but with twice the spend.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import random
from collections.abc import Awaitable, Callable

import faust

from instructflow.agents.identity import with_identity
from instructflow.agents.synthesize.demonstrations import DemoPool
from instructflow.agents.synthesize.filters import Limits
from instructflow.agents.synthesize.jobs import JobBook, JobProgress
from instructflow.agents.synthesize.llm import LLMClient, LLMConfig
from instructflow.agents.synthesize.loop import RoundResult, SynthConfig, Synthesizer, proposal_key
from instructflow.agents.synthesize.novelty import NoveltyIndex
from instructflow.schemas import Instance, Seed, Source, SynthJob, SynthRound
from instructflow.sinks.reader import PoolReader
from instructflow.sinks.synth_stats import collect_job_rounds
from instructflow.streams.follower import TopicFollower
from instructflow.streams.settings import Settings
from instructflow.streams.step import Emit
from instructflow.streams.topics import ACCEPTED, CANDIDATES, REJECTED, SEEDS, SYNTH_JOBS, SYNTH_ROUNDS

# Its place in the topology (app/topology.py): not a Step (it is driven by its own loop, not by
# messages), so declared here. It follows jobs, seeds, the accepted pool (demonstrations) and its own
# round records (progress that survives a restart).
SYNTHESIS_SOURCES = (SYNTH_JOBS, SEEDS, ACCEPTED, SYNTH_ROUNDS)
SYNTHESIS_OUTPUTS = (CANDIDATES, REJECTED, SYNTH_ROUNDS)

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


def synth_config(settings: Settings, job: SynthJob) -> SynthConfig:
    """The loop's configuration for ``job``: its steering, the rest from the settings."""
    return SynthConfig(
        n_seed=settings.synth_seed_demos, n_machine=settings.synth_machine_demos, lang=job.lang,
        topics=tuple(job.topics), domains=tuple(job.seeds_domains),
        novelty_threshold=settings.synth_novelty_threshold, instances_per_task=settings.synth_instances_per_task,
        judge=settings.synth_judge_enabled, judge_min=settings.synth_judge_min,
        limits=Limits(settings.synth_min_words, settings.synth_max_words, settings.synth_max_output_chars,
                      tuple(settings.languages)),
    )


class SynthesisAgent:
    def __init__(self, settings: Settings, send: Callable[[Emit], Awaitable[None]],
                 flush: Callable[[], Awaitable[None]] | None = None, pool: PoolReader | None = None) -> None:
        self.settings = settings
        self.send = send
        self.flush = flush
        self.pool = pool
        self.demos = DemoPool()
        self.novelty = NoveltyIndex(settings.synth_novelty_threshold)
        self.book = JobBook()
        self.rounds = 0
        self.rejected = 0
        self.llm: LLMClient | None = None
        # Lanes finish rounds concurrently; the cap is checked and the record written one round at a time.
        self._emit_lock = asyncio.Lock()
        self._recovered = False  # jobs are reported once the book holds all that was done

    def on_job(self, job: SynthJob) -> None:
        self.book.on_job(job)
        if self._recovered:
            self._report(self.book.jobs[job.job_id])

    def _report(self, p: JobProgress) -> None:
        log.info("synthesis job %s is %s: %d of %s candidates, %d rounds done", p.job.job_id, p.state,
                 p.candidates, p.job.max_candidates or "no cap", len(p.rounds))

    # --- state from the log ------------------------------------------------------
    def on_seed(self, seed: Seed) -> None:
        self.demos.put_seed(seed)
        self.novelty.add(seed.id, seed.instruction)

    def on_accepted(self, inst: Instance) -> None:
        if inst.source is Source.synthetic:
            self.demos.add_machine(inst)
            # This run's own proposals are in the index already, under this same key.
            key = proposal_key(inst.origin_id) or inst.instance_id
        else:
            key = inst.instance_id
        self.novelty.add(key, inst.instruction or inst.text())

    def recover_from_pool(self) -> None:
        """Rounds the pool has rows of: the only record left when the topics are gone (an
        embedded broker restarted), the same rounds as the topic records otherwise."""
        if self.pool is None:
            return
        try:
            rows = collect_job_rounds(self.pool, self.settings.clickhouse_database)
        except Exception as exc:  # no table yet (a new pool): nothing was done
            log.info("synthesis: no job progress in the pool (%s)", type(exc).__name__)
            return
        for r in rows:
            self.book.on_round(r.as_round(), from_pool=True)

    # --- the loop ------------------------------------------------------------------
    async def run(self) -> None:
        followers = [TopicFollower(self.settings, SEEDS, self.on_seed),
                     TopicFollower(self.settings, ACCEPTED, self.on_accepted),
                     TopicFollower(self.settings, SYNTH_JOBS, self.on_job),
                     TopicFollower(self.settings, SYNTH_ROUNDS, self.book.on_round)]
        tasks = [asyncio.create_task(f.run(), name=f"follow-{f.spec.name}") for f in followers]
        try:
            await asyncio.wait([asyncio.create_task(f.caught_up.wait()) for f in followers])
            await asyncio.to_thread(self.recover_from_pool)
            self._recovered = True
            log.info("synthesis: %d seeds, %d accepted in the novelty index, %d machine demonstrations, %d jobs "
                     "(%d finished); endpoint %s", len(self.demos.seeds), len(self.novelty), len(self.demos.machine),
                     len(self.book.jobs), sum(p.finished for p in self.book.jobs.values()),
                     self.settings.llm_base_url)
            for p in self.book.in_order():
                self._report(p)
            while True:
                progress = self.book.next_job()
                if progress is None:
                    await asyncio.sleep(0.5)
                    continue
                await self.run_job(progress)
        finally:
            for t in tasks:
                t.cancel()

    async def run_job(self, progress: JobProgress) -> None:
        job = progress.job
        config = llm_config(self.settings)
        self.llm = LLMClient(dataclasses.replace(config, model=job.model or config.model))
        rng = random.Random(f"{self.settings.synth_random_seed}:{job.job_id}:{len(progress.rounds)}")
        synth = Synthesizer(self.llm, self.demos, self.novelty, synth_config(self.settings, job), job.job_id, rng)
        log.info("synthesis job %s starts on model %s", job.job_id, self.llm.config.model)
        in_flight: set[int] = set()
        lock = asyncio.Lock()
        try:
            n_lanes = LANES_PER_SLOT * self.settings.llm_concurrency
            await asyncio.gather(*(self._lane(progress, synth, in_flight, lock) for _ in range(n_lanes)))
            log.info("synthesis job %s finished: %d candidates, %d rejects, %d rounds; LLM %s", job.job_id,
                     progress.candidates, progress.rejects, len(progress.rounds), self.llm.stats.as_dict())
        finally:
            await self.llm.aclose()

    async def _lane(self, progress: JobProgress, synth: Synthesizer, in_flight: set[int], lock: asyncio.Lock) -> None:
        cfg = synth.config
        per_round_max = cfg.n_new * cfg.instances_per_task
        pause = 1.0
        while not progress.finished:
            async with lock:
                start = progress.may_start(len(in_flight), per_round_max)
                if start:
                    round_no = progress.next_round(in_flight)
                    in_flight.add(round_no)
            if not start:
                await asyncio.sleep(0.2)
                continue
            try:
                result = await synth.run_round(round_no)
                if not result.failed:
                    await self.emit(progress, result)
            except asyncio.CancelledError:
                raise
            except Exception:  # a bug in one round must not stop the loop; it is logged loudly
                log.exception("synthesis: round failed")
                result = RoundResult(round_no, failed="exception")
            finally:
                in_flight.discard(round_no)
            if result.failed:
                # Not recorded: the round number is taken again, and nothing of it reached Kafka.
                log.warning("synthesis job %s: round %d produced nothing: %s", progress.job.job_id, round_no,
                            result.failed)
                await asyncio.sleep(pause)
                pause = min(FAILED_ROUND_PAUSE_MAX_S, pause * 2)
                continue
            pause = 1.0
            if self.settings.synth_round_interval_s:
                await asyncio.sleep(self.settings.synth_round_interval_s)

    async def emit(self, progress: JobProgress, result: RoundResult) -> SynthRound:
        """Send a round's rows, then (flushed) its record; the cap counts candidates sent so far."""
        async with self._emit_lock:
            return await self._emit(progress, result)

    async def _emit(self, progress: JobProgress, result: RoundResult) -> SynthRound:
        self.rounds += 1
        cap = progress.job.max_candidates
        emitted = progress.candidates
        candidates = rejects = 0
        for inst in result.candidates:
            if cap > 0 and emitted + candidates >= cap:
                # Generated, paid for, but past the cap: kept as a reject so nothing (and no spend) is lost.
                await self._reject(with_identity(inst.reject(OVER_CAP)))
                rejects += 1
                continue
            candidates += 1
            await self.send(Emit(CANDIDATES, inst, key=inst.origin_id))
        for inst in result.rejects:
            await self._reject(inst)
            rejects += 1
        if self.flush is not None:
            await self.flush()  # the record below must never stand for rows that were not written
        rows = result.rows
        record = SynthRound(job_id=progress.job.job_id, round=result.round, candidates=candidates, rejects=rejects,
                            prompt_tokens=sum(r.lineage.prompt_tokens for r in rows),
                            completion_tokens=sum(r.lineage.completion_tokens for r in rows),
                            cost_usd=sum(r.lineage.cost_usd for r in rows))
        self.book.on_round(record)
        await self.send(Emit(SYNTH_ROUNDS, record, key=record.key))
        return record

    async def _reject(self, inst: Instance) -> None:
        self.rejected += 1
        await self.send(Emit(REJECTED, inst, key=inst.instance_id))


def register_synthesis(app: faust.App, send: Callable[[Emit], Awaitable[None]], flush: Callable[[], Awaitable[None]],
                       settings: Settings, pool: PoolReader | None = None) -> SynthesisAgent:
    agent = SynthesisAgent(settings, send, flush, pool)

    @app.task
    async def synthesize() -> None:
        await agent.run()

    return agent
