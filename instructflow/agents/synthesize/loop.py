"""One generation round of Self-Instruct, as a pure-ish core: LLM client in, instances out.

A round: sample demonstrations -> ask for new instructions -> filter each (format, length,
blacklist, punctuation, language, ROUGE-L novelty against the pool) -> ask which are
classification tasks -> generate instances output-first (classification) or input-first ->
filter instances -> optionally ask the judge. Every instruction the model proposed ends as
rows: candidates, or rejects with a reason; a reply that cannot be read is a reject too.
The tokens of each request are split over the rows it led to, so the pool's token sums
equal what was spent. Nothing here touches Kafka; the agent sends what a round returns.
"""

from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import dataclass, field

from instructflow.agents.identity import with_identity
from instructflow.agents.language import detect_lang
from instructflow.agents.synthesize import filters as f
from instructflow.agents.synthesize import parse, prompts
from instructflow.agents.synthesize.demonstrations import Demo, DemoPool
from instructflow.agents.synthesize.llm import Completion, LLMClient, LLMUnavailable
from instructflow.agents.synthesize.novelty import NoveltyIndex
from instructflow.schemas import Instance, Lineage, Source
from instructflow.schemas.instance import STAGE_OF

log = logging.getLogger(__name__)

LLM_UNAVAILABLE = "synth_llm_unavailable"
TEMPLATE_INPUT_FIRST = "self-instruct/input-first"
TEMPLATE_OUTPUT_FIRST = "self-instruct/output-first"


def proposal_key(origin_id: str) -> str:
    """The novelty-index key of the proposal a synthetic row came from (its row 0's origin id); '' if none."""
    head, _, tail = origin_id.rpartition(":")
    if not origin_id.startswith("synth:") or not tail.isdigit():
        return ""
    return f"{head}:{int(tail) // 100 * 100}"


@dataclass(frozen=True)
class SynthConfig:
    n_seed: int = 6
    n_machine: int = 2
    n_new: int = 8
    lang: str = ""
    topics: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    novelty_threshold: float = 0.7
    instances_per_task: int = 2
    judge: bool = False
    judge_min: float = 0.0
    limits: f.Limits = field(default_factory=f.Limits)


@dataclass
class Spend:
    """Tokens and cost not yet attributed to a row."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0

    def add(self, c: Completion | Spend, share: int = 0, of: int = 1) -> None:
        """Add all of ``c``, or its ``share``-th of ``of`` equal parts (integer-exact over all parts)."""
        pt, ct = c.prompt_tokens, c.completion_tokens
        self.prompt_tokens += pt // of + (1 if share < pt % of else 0)
        self.completion_tokens += ct // of + (1 if share < ct % of else 0)
        self.cost_usd += c.cost_usd / of

    def split(self, n: int) -> list[Spend]:
        parts = [Spend() for _ in range(max(1, n))]
        for i, part in enumerate(parts):
            part.add(self, i, len(parts))
        return parts


@dataclass
class RoundResult:
    round: int
    demonstrations: list[Demo] = field(default_factory=list)
    candidates: list[Instance] = field(default_factory=list)
    rejects: list[Instance] = field(default_factory=list)
    failed: str = ""  # why the round produced nothing at all (no seeds, LLM unavailable)

    @property
    def rows(self) -> list[Instance]:
        return self.candidates + self.rejects


@dataclass
class _Task:
    """One proposed instruction and what became of it."""

    instruction: str
    spend: Spend = field(default_factory=Spend)
    reason: str = ""
    duplicate_of: str = ""
    novelty: float = 0.0
    classification: bool | None = None
    rows: list[Instance] = field(default_factory=list)


class Synthesizer:
    def __init__(self, llm: LLMClient, demos: DemoPool, novelty: NoveltyIndex, config: SynthConfig,
                 run_id: str, rng: random.Random | None = None) -> None:
        self.llm = llm
        self.demos = demos
        self.novelty = novelty
        self.config = config
        self.run_id = run_id
        self.rng = rng or random.Random()

    async def run_round(self, round_no: int) -> RoundResult:
        cfg = self.config
        result = RoundResult(round_no)
        demos = self.demos.sample(self.rng, cfg.n_seed, cfg.n_machine, cfg.domains, cfg.lang)
        if not demos:
            result.failed = "no seeds loaded"
            return result
        result.demonstrations = demos
        prompt = prompts.instruction_prompt(demos, cfg.lang, cfg.topics, cfg.n_new)
        try:
            reply = await self.llm.complete(prompt)
        except LLMUnavailable as exc:
            result.failed = f"instruction request: {exc}"
            return result
        texts = [] if reply.malformed else parse.parse_instructions(reply.text, len(demos) + 1)
        if not texts:
            spend = Spend()
            spend.add(reply)
            why = reply.malformed or ("cut off at max_tokens" if reply.finish_reason == "length" else "no instruction")
            log.info("synth round %d: unparseable instruction reply (%s)", round_no, why)
            row = self._row(self.origin_id(round_no, 0), round_no, demos, "", "", reply.text[:2000], spend, {}, "")
            result.rejects.append(with_identity(row.reject(f.UNPARSEABLE)))
            return result

        tasks = [_Task(t) for t in texts]
        for i, task in enumerate(tasks):
            task.spend.add(reply, i, len(tasks))
        self._filter_instructions(round_no, tasks)
        kept = [t for t in tasks if not t.reason]
        if kept:
            await self._classify(kept)
            await asyncio.gather(*(self._instances(t, demos) for t in kept))
        for k, task in enumerate(tasks):
            self._finish(round_no, k, task, demos)
            for row in task.rows:
                (result.rejects if row.reject_reason else result.candidates).append(row)
        if cfg.judge and result.candidates:
            result.candidates, judged_out = await self._judge(result.candidates)
            result.rejects += judged_out
        return result

    def origin_id(self, round_no: int, k: int, j: int = 0) -> str:
        """Row j of the k-th proposal of a round; row 0's id also keys the proposal in the novelty index."""
        return f"synth:{self.run_id}:{round_no}:{k * 100 + j}"

    def _filter_instructions(self, round_no: int, tasks: list[_Task]) -> None:
        limits = self.config.limits
        if self.config.lang:
            limits = f.Limits(limits.min_words, limits.max_words, limits.max_output_chars, (self.config.lang,))
        for k, task in enumerate(tasks):
            task.reason = f.instruction_reason(task.instruction, limits)
            if task.reason:
                continue
            near = self.novelty.nearest(task.instruction)
            task.novelty = near.score
            if not near.novel(self.config.novelty_threshold):
                task.reason, task.duplicate_of = f.NOT_NOVEL, near.nearest_id
                continue
            # In the index at once, so later proposals (this round's and other lanes') see it.
            self.novelty.add(self.origin_id(round_no, k), task.instruction)

    async def _classify(self, tasks: list[_Task]) -> None:
        try:
            reply = await self.llm.complete(prompts.classification_prompt([t.instruction for t in tasks]),
                                            max_tokens=16 * len(tasks) + 16, temperature=0.0)
        except LLMUnavailable as exc:
            log.info("synth: classification unavailable (%s): generating input-first", exc)
            return
        answers = [None] * len(tasks) if reply.malformed else parse.parse_yes_no(reply.text, len(tasks))
        for i, (task, answer) in enumerate(zip(tasks, answers, strict=True)):
            task.spend.add(reply, i, len(tasks))
            task.classification = answer

    async def _instances(self, task: _Task, demos: list[Demo]) -> None:
        cfg = self.config
        output_first = bool(task.classification)
        prompt = (prompts.output_first_prompt(task.instruction, demos, cfg.lang) if output_first
                  else prompts.input_first_prompt(task.instruction, demos, cfg.lang, cfg.instances_per_task))
        try:
            reply = await self.llm.complete(prompt)
        except LLMUnavailable as exc:
            log.info("synth: instance request failed: %s", exc)
            task.reason = LLM_UNAVAILABLE
            return
        task.spend.add(reply)
        if reply.malformed:
            task.reason = f.UNPARSEABLE
            return
        examples = (parse.parse_output_first if output_first else parse.parse_input_first)(reply.text)
        if not examples:
            task.reason = f.UNPARSEABLE
            return
        seen: set[tuple[str, str]] = set()
        task.rows = []
        for ex in examples:
            key = (ex.input.strip(), ex.output.strip())
            if key in seen:
                continue
            seen.add(key)
            reason = f.instance_reason(ex.input, ex.output, cfg.limits)
            task.rows.append(Instance(source=Source.synthetic, stage=STAGE_OF[Source.synthetic], input=ex.input.strip(),
                                      output=ex.output.strip(), reject_reason=reason))
            if len([r for r in task.rows if not r.reject_reason]) >= cfg.instances_per_task:
                break

    def _finish(self, round_no: int, k: int, task: _Task, demos: list[Demo]) -> None:
        """Give every row of ``task`` its identity, lineage and share of the spend."""
        scores = {"synth_novelty_rouge_l": round(task.novelty, 4)}
        if task.classification is not None:
            scores["synth_classification"] = 1.0 if task.classification else 0.0
        template = TEMPLATE_OUTPUT_FIRST if task.classification else TEMPLATE_INPUT_FIRST
        drafts = task.rows if (task.rows and not task.reason) else [Instance(source=Source.synthetic, stage=3)]
        spends = task.spend.split(len(drafts))
        rows = []
        for j, (draft, spend) in enumerate(zip(drafts, spends, strict=True)):
            row = self._row(self.origin_id(round_no, k, j), round_no, demos, task.instruction, draft.input,
                            draft.output, spend, scores, template)
            reason = task.reason or draft.reject_reason
            if reason:
                row = with_identity(row.reject(reason, task.duplicate_of if reason == f.NOT_NOVEL else ""))
            rows.append(row)
        task.rows = rows

    def _row(self, origin_id: str, round_no: int, demos: list[Demo], instruction: str, input_: str, output: str,
             spend: Spend, scores: dict[str, float], template: str) -> Instance:
        text = " ".join(p for p in (instruction, input_) if p)
        return Instance(
            source=Source.synthetic, stage=STAGE_OF[Source.synthetic],
            origin_id=origin_id,
            lang=detect_lang(text) if text else "",
            instruction=instruction, input=input_, output=output, scores=dict(scores),
            lineage=Lineage(demonstration_ids=[d.id for d in demos], model=self.llm.config.model,
                            prompt_version=prompts.PROMPT_VERSION, generation_round=round_no,
                            template_id=template if instruction else "",
                            prompt_tokens=spend.prompt_tokens, completion_tokens=spend.completion_tokens,
                            # From the row's own tokens: linear in tokens, so rows sum to the spend.
                            cost_usd=self.llm.cost(spend.prompt_tokens, spend.completion_tokens)),
        )

    async def _judge(self, candidates: list[Instance]) -> tuple[list[Instance], list[Instance]]:
        async def one(inst: Instance) -> Instance:
            try:
                reply = await self.llm.complete(prompts.judge_prompt(inst.instruction, inst.input, inst.output),
                                                max_tokens=16, temperature=0.0)
            except LLMUnavailable:
                return inst
            lin = inst.lineage
            lineage = lin.model_copy(update={"prompt_tokens": lin.prompt_tokens + reply.prompt_tokens,
                                             "completion_tokens": lin.completion_tokens + reply.completion_tokens,
                                             "cost_usd": lin.cost_usd + reply.cost_usd})
            score = None if reply.malformed else parse.parse_score(reply.text)
            scores = {**inst.scores, **({"judge": score} if score is not None else {})}
            return inst.model_copy(update={"lineage": lineage, "scores": scores})

        judged = await asyncio.gather(*(one(c) for c in candidates))
        keep, out = [], []
        for inst in judged:
            score = inst.scores.get("judge")
            if self.config.judge_min > 0 and score is not None and score < self.config.judge_min:
                out.append(with_identity(inst.reject(f.JUDGE_LOW)))
            else:
                keep.append(inst)
        return keep, out
