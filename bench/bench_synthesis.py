"""Synthesis agent: loop throughput against a fixed-latency LLM, and the novelty filter against a 50k pool.

    .venv/bin/python bench/bench_synthesis.py [--latency-ms 200] [--seconds 8] [--pool 50000]

1. Loop. The Self-Instruct loop (agents/synthesize/loop.py, real HTTP via httpx) runs ``c`` lanes
   against the project's LLM test double (in-process aiohttp server answering after a fixed
   latency) for c in 1, 8, 32. The ceiling is c / latency requests per second; we report the
   measured request rate as a share of it (target >= 90 %) and candidates accepted per second.
2. Filter. ROUGE-L novelty of new instructions against a 50k-instruction pool: the indexed
   check (agents/synthesize/novelty.py: exact Dice upper bound from an inverted index, then
   bit-parallel LCS only where the bound reaches 0.7) side by side with the paper's brute
   force (ROUGE-L against every pooled instruction, same tokenizer and LCS), plus the
   instruction filters. Target >= 500 candidates/s. Decisions of both must agree.

Writes bench/results/synthesis.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

from instructflow.agents.synthesize import filters  # noqa: E402
from instructflow.agents.synthesize.agent import LANES_PER_SLOT  # noqa: E402
from instructflow.agents.synthesize.demonstrations import DemoPool  # noqa: E402
from instructflow.agents.synthesize.llm import LLMClient, LLMConfig  # noqa: E402
from instructflow.agents.synthesize.loop import SynthConfig, Synthesizer  # noqa: E402
from instructflow.agents.synthesize.novelty import NoveltyIndex, rouge_l, tokenize  # noqa: E402
from instructflow.agents.synthesize.seed import read_seeds  # noqa: E402
from instructflow.cli.seeds import DEMO_SEEDS  # noqa: E402
from instructflow.infra.llm_process import LLMTestDoubleProcess  # noqa: E402
from instructflow.infra.llm_testserver import TestDouble  # noqa: E402


async def loop_run(base_url: str, concurrency: int, seconds: float, latency_s: float) -> dict:
    demos, novelty = DemoPool(), NoveltyIndex()
    for _, seed in read_seeds(DEMO_SEEDS):
        demos.put_seed(seed)
        novelty.add(seed.id, seed.instruction)
    llm = LLMClient(LLMConfig(base_url=base_url, model="testdouble", concurrency=concurrency, timeout_s=30))
    synth = Synthesizer(llm, demos, novelty, SynthConfig(), f"bench{concurrency}", random.Random(concurrency))
    accepted = rejected = 0
    next_round = 0
    deadline = time.monotonic() + seconds

    async def lane() -> None:
        nonlocal accepted, rejected, next_round
        while time.monotonic() < deadline:
            next_round += 1
            res = await synth.run_round(next_round)
            accepted += len(res.candidates)
            rejected += len(res.rejects)
            for i, c in enumerate(res.candidates):  # as if accepted downstream: machine demonstrations
                demos.add_machine(c.model_copy(update={"instance_id": f"{c.origin_id}#{i}"}))

    t0, cpu0 = time.monotonic(), time.process_time()
    # Lanes are rounds in progress; twice the slots keep every slot busy while some lanes are
    # between dependent requests (instructions -> classification -> instances), as the agent does.
    window: dict[str, float] = {}

    async def snapshot() -> None:
        # The rate is requests *started* inside the window: the rounds still finishing after the
        # deadline (fewer requests in flight) are a property of stopping, not of the loop.
        await asyncio.sleep(seconds)
        window["requests"], window["cpu"] = llm.stats.requests, time.process_time() - cpu0

    await asyncio.gather(snapshot(), *(lane() for _ in range(LANES_PER_SLOT * concurrency)))
    elapsed, cpu = time.monotonic() - t0, time.process_time() - cpu0
    await llm.aclose()
    ceiling = concurrency / latency_s
    req_rate = window["requests"] / seconds
    return {"concurrency": concurrency, "seconds": round(elapsed, 2), "requests": llm.stats.requests,
            "requests_per_s": round(req_rate, 2), "ceiling_requests_per_s": round(ceiling, 2),
            "share_of_ceiling": round(req_rate / ceiling, 4), "accepted": accepted, "rejected": rejected,
            "accepted_per_s": round(accepted / elapsed, 2), "rounds": next_round,
            # CPU of this process (client + loop + filters) per request: when share_of_ceiling falls
            # short, cpu_busy near 1 says the loop's own CPU (on a shared core) is the limit.
            "cpu_ms_per_request": round(1000 * window["cpu"] / max(1, window["requests"]), 2),
            "cpu_busy": round(window["cpu"] / seconds, 3), "total_cpu_s": round(cpu, 2)}


def filter_bench(pool_size: int, n_candidates: int, n_brute: int) -> dict:
    double = TestDouble(seed=3)
    rng = random.Random(42)
    texts: list[str] = []
    shared = REPO.parent / "shared" / "data" / "seed_tasks.jsonl"
    if shared.is_file():
        texts += [s.instruction for _, s in read_seeds(shared)]
    texts += [s.instruction for _, s in read_seeds(DEMO_SEEDS)]
    while len(texts) < pool_size:  # instruction-like texts, 1 in 4 Korean, as the test double composes them
        texts.append(double.one_instruction(rng, rng.random() < 0.25, [], []))
    texts = texts[:pool_size]
    t0 = time.perf_counter()
    index = NoveltyIndex(0.7)
    for i, t in enumerate(texts):
        index.add(f"p{i}", t)
    build_s = time.perf_counter() - t0
    cands = [double.one_instruction(rng, rng.random() < 0.25, texts[:50], []) for _ in range(n_candidates)]
    # Those mostly hit a pooled near-copy early (the double's phrasing space is small). Real
    # instructions are mostly novel — the expensive case, where every bound >= 0.7 is verified.
    real = REPO.parent / "shared" / "data" / "self_instruct_user_oriented_instructions.jsonl"
    if real.is_file():
        novel = [json.loads(line)["instruction"] for line in real.read_text(encoding="utf-8").splitlines()
                 if line.strip()]
        cands = [c for pair in zip(cands, novel * (len(cands) // len(novel) + 1), strict=False) for c in pair]
        cands = cands[:n_candidates]
    limits = filters.Limits()
    t0 = time.perf_counter()
    decisions = []
    for c in cands:
        reason = filters.instruction_reason(c, limits)
        near = index.nearest(c)
        decisions.append((reason, near.novel(0.7)))
    fast_s = time.perf_counter() - t0
    # The paper's way: ROUGE-L against every pooled instruction (same tokenizer and LCS).
    pool_tokens = [tokenize(t) for t in texts]
    t0 = time.perf_counter()
    agree = 0
    for c, (_, novel) in zip(cands[:n_brute], decisions[:n_brute], strict=True):
        toks = tokenize(c)
        best = max(rouge_l(toks, p) for p in pool_tokens)
        agree += (best < 0.7) == novel
    brute_s = time.perf_counter() - t0
    fast_rate = n_candidates / fast_s
    brute_rate = n_brute / brute_s
    return {"pool": pool_size, "candidates": n_candidates, "index_build_s": round(build_s, 2),
            "indexed_candidates_per_s": round(fast_rate, 1), "brute_force_candidates": n_brute,
            "brute_force_candidates_per_s": round(brute_rate, 2), "speedup": round(fast_rate / brute_rate, 1),
            "decisions_agree": f"{agree}/{n_brute}",
            "not_novel_share": round(sum(1 for _, n in decisions if not n) / n_candidates, 3)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--latency-ms", type=float, default=200)
    ap.add_argument("--seconds", type=float, default=8)
    ap.add_argument("--pool", type=int, default=50_000)
    ap.add_argument("--candidates", type=int, default=2000)
    ap.add_argument("--brute", type=int, default=20)
    args = ap.parse_args()
    latency = args.latency_ms / 1000
    loops = []
    # The test double in its own process: in a thread it would share this process's GIL and
    # measure its own CPU, not the loop's ability to keep requests in flight.
    with tempfile.TemporaryDirectory() as tmp:
        srv = LLMTestDoubleProcess(Path(tmp) / "llm.log", seed=1, latency_ms=args.latency_ms).start()
        try:
            for c in (1, 8, 32):
                loops.append(asyncio.run(loop_run(srv.base_url, c, args.seconds, latency)))
                r = loops[-1]
                print(f"loop c={c:>2}: {r['requests_per_s']:.1f} req/s of {r['ceiling_requests_per_s']:.1f} "
                      f"possible ({100 * r['share_of_ceiling']:.1f} %), {r['accepted_per_s']:.2f} candidates "
                      "accepted/s")
        finally:
            srv.stop()
    f = filter_bench(args.pool, args.candidates, args.brute)
    print(f"filter: {f['indexed_candidates_per_s']:.0f} candidates/s against {f['pool']} (brute force "
          f"{f['brute_force_candidates_per_s']:.2f}/s; x{f['speedup']}); decisions agree {f['decisions_agree']}")
    out = {"bench": "synthesis", "python": sys.version.split()[0], "machine": platform.machine(),
           "latency_ms": args.latency_ms, "loop": loops, "filter": f}
    (REPO / "bench" / "results").mkdir(parents=True, exist_ok=True)
    (REPO / "bench" / "results" / "synthesis.json").write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
