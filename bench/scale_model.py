"""A measured model of throughput and dedup memory up to 100M instances and 50 workers.

    .venv/bin/python bench/scale_model.py [--sample 40000] [--cpu-ms-per-prompt 0.47]

Measured here, on this machine, per core (time.process_time), on prompt-like texts:
  * router docs/s: decode the carried sketch (the corpus carries it, as the score step sends
    it), band keys in tiers, the batch messages as JSON (``ProbeBatch`` per owner partition,
    ``VoteBatch`` of ballots): the only single-partition stage of partitioned dedup, the
    sequencer's ceiling;
  * owner probes/s: parse a probe batch, look up, verify, insert, answer as vote batches;
  * combiner instances/s: parse ballots and votes, count, decide;
  * memory of one worker holding all P partitions (tracemalloc: numpy + Python objects), split
    into the row shared by the worker's owners (signature, id, seq, length) and the band table
    entries and owned digests, and the keys each instance sends;
  * the single-mode Deduplicator's bytes per instance and docs/s (sketches carried).
The pipeline's own cost per prompt comes from the end-to-end bench (CPU ms per prompt summed
over the worker processes, bench/results/pipeline.json) or ``--cpu-ms-per-prompt``.

Assumptions of the model (printed with the result):
  A1 a worker process is one core; the pipeline runs at 1 / (CPU per prompt) prompts per core-s
     (scrub, score, framework and all; partitioned mode's from its own run, or single mode's with
     the dedup core swapped for router + owners + combiner), and cores add linearly until a shared stage saturates
     (the broker and ClickHouse are external, sized separately, and are not the bottleneck);
  A2 partitions = max(4, workers), spread evenly, so each worker holds P/W owner partitions;
  A3 an instance's K keys (measured: strict bands for every text, loose ones for short texts)
     and its digest hash uniformly to the partitions: a worker keeps the instance's shared row
     if one of them lands on its partitions (probability 1 - (1 - 1/W)**(K+1)), and 1/W of its
     table entries;
  A4 memory is linear in instances (the measured bytes per instance at --sample; the 1M run of
     bench_dedup.py gives fewer, so this overstates);
  A5 the router is the sequencer: one core, its rate caps partitioned mode; owners and combiners
     scale with partitions;
  A6 single mode keeps the whole index in one process: its cap is one core's dedup rate and
     one machine's RAM.

Writes bench/results/scale_model.json.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

from bench_dedup import DEFAULT_DATA, MemTexts, _mem_instances

from instructflow.agents.dedup.deduplicator import Deduplicator
from instructflow.agents.dedup.partitioned.combiner import BallotBox
from instructflow.agents.dedup.partitioned.owner import BandOwner, SharedRows, vote_batches
from instructflow.agents.dedup.partitioned.router import BandRouter
from instructflow.agents.dedup.sketch import Sketcher
from instructflow.schemas import Instance
from instructflow.schemas.dedup import ProbeBatch, VoteBatch

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
GIB = 1 << 30


def corpus(n: int) -> list[Instance]:
    """Distinct prompt-like texts with the word frequencies of ../shared/data (bench_dedup's
    realistic memory corpus; its narrow 90-word one without the data), carrying the dedup sketch
    as the score step sends them."""
    data = Path(os.environ.get("INSTRUCTFLOW_SHARED_DATA", DEFAULT_DATA))
    sketcher = Sketcher()
    return [i.model_copy(update={"dedup_sketch": sketcher.sketch(i.text())})
            for i in _mem_instances(MemTexts("realistic", data), 0, n)]


def cpu_rate(n: int, fn) -> float:  # type: ignore[no-untyped-def]
    t0 = time.process_time()
    fn()
    return n / max(1e-9, time.process_time() - t0)


def measure(sample: int) -> dict:
    insts = corpus(sample)
    out: dict = {}

    router = BandRouter(16)
    routed: list = []  # (ballot messages, probe messages) per router batch of 500, as JSON

    def route() -> None:
        for k in range(0, len(insts), 500):
            for r in router.route_batch(insts[k:k + 500], range(k, min(k + 500, len(insts)))):
                routed.append(([(p, r.ballot_data[p]) for p in r.ballots],  # the router encoded its ballots
                               [(p, m.model_dump_json()) for p, m in r.probes.items()]))

    out["router_docs_per_cpu_s"] = round(cpu_rate(len(insts), route))
    raw_probes = [pm for _, ps in routed for pm in ps]
    probe_entries = sum(len(ProbeBatch.model_validate_json(js).seqs) for _, js in raw_probes)
    probes_per_instance = probe_entries / len(insts)

    # Owner rate: every probe of every partition through owners (parse + answer + votes), per probe.
    rows = SharedRows(128)
    owners: dict[int, BandOwner] = defaultdict(lambda: BandOwner(shared=rows))
    votes: list[tuple[int, str]] = []

    def own() -> None:
        for part, js in raw_probes:
            probes = ProbeBatch.model_validate_json(js)
            answers = owners[part].answer_batch(probes)
            votes.extend((to, v.model_dump_json()) for to, v in vote_batches(answers, probes, part, 16, 1 << 19))

    out["owner_probes_per_cpu_s"] = round(cpu_rate(probe_entries, own))

    boxes: dict[int, BallotBox] = defaultdict(BallotBox)
    msgs = [bm for bs, _ in routed for bm in bs] + votes

    def combine() -> None:
        for part, js in msgs:
            boxes[part].add(VoteBatch.model_validate_json(js))

    # Per instance decided (a ballot and its votes).
    out["combiner_msgs_per_cpu_s"] = round(cpu_rate(len(insts), combine))
    out["probes_per_instance_p16"] = round(probes_per_instance, 2)
    gc.collect()

    # One worker holding all P partitions: the shared rows once, each owner's table and digests.
    memory: dict[str, dict] = {}
    for parts in (4, 16):
        router = BandRouter(parts)
        batches = [r.probes for k in range(0, len(insts), 500)
                   for r in router.route_batch(insts[k:k + 500], range(k, min(k + 500, len(insts))))]
        sent = sum(sum(p.key_counts) for probes in batches for p in probes.values())
        gc.collect()
        tracemalloc.start()
        shared = SharedRows(128)
        held_by = {p: BandOwner(shared=shared) for p in range(parts)}
        for probes in batches:
            for p, batch in probes.items():
                held_by[p].answer_batch(batch)
        for owner in held_by.values():
            owner.table.flush()
        total, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        tables = sum(o.nbytes for o in held_by.values())
        memory[str(parts)] = {"bytes_per_instance_one_replica": round(total / len(insts), 1),
                              "table_bytes_per_instance": round(tables / len(insts), 1),
                              "shared_row_bytes": round((total - tables) / len(insts), 1),
                              "keys_sent_per_instance": round(sent / len(insts), 2)}
        del shared, held_by, batches
        gc.collect()
    out["worker_memory"] = memory

    gc.collect()
    tracemalloc.start()
    single = Deduplicator()
    single.remember_batch(insts)
    single.index.table.flush()
    held, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    out["single_bytes_per_instance"] = round(held / len(insts), 1)
    out["single_docs_per_cpu_s"] = round(cpu_rate(len(insts), lambda: Deduplicator().decide_batch(insts)))
    return out


def partitioned_cpu_ms(m: dict, cpu_ms_single: float) -> float:
    """The pipeline's CPU per prompt in partitioned mode, estimated from single mode's: its dedup
    (``decide_batch``) replaced by the router, the owners (every probe entry of an instance at
    P = 16) and the combiner, each at its measured per-core rate."""
    swap = (1 / m["router_docs_per_cpu_s"] + m["probes_per_instance_p16"] / m["owner_probes_per_cpu_s"]
            + 1 / m["combiner_msgs_per_cpu_s"] - 1 / m["single_docs_per_cpu_s"])
    return cpu_ms_single + 1000 * swap


def model(m: dict, cpu_ms_single: float, cpu_ms_partitioned: float) -> dict:
    per_core, per_core_part = 1000.0 / cpu_ms_single, 1000.0 / cpu_ms_partitioned  # A1
    mem = m["worker_memory"]["16"]  # the larger P: its tables hold the same entries, in more pieces
    row, table, keys = mem["shared_row_bytes"], mem["table_bytes_per_instance"], mem["keys_sent_per_instance"]
    rows = []
    for workers in (1, 2, 4, 8, 16, 32, 50):
        parts = max(4, workers)  # A2
        keeps_row = 1 - (1 - 1 / workers) ** (keys + 1)  # A3
        per_worker = keeps_row * row + table / workers
        for instances in (1e6, 1e7, 1e8):
            rows.append({
                "workers": workers, "partitions": parts, "instances": int(instances),
                "throughput_partitioned": round(min(workers * per_core_part, m["router_docs_per_cpu_s"])),
                "throughput_single": round(min(workers * per_core, m["single_docs_per_cpu_s"])),
                "dedup_bytes_per_instance_per_worker": round(per_worker),
                "dedup_gib_total_partitioned": round(per_worker * workers * instances / GIB, 2),
                "dedup_gib_per_worker_partitioned": round(per_worker * instances / GIB, 2),
                "dedup_gib_single_process": round(m["single_bytes_per_instance"] * instances / GIB, 2),
            })
    return {"pipeline_prompts_per_core_s": {"single": round(per_core), "partitioned": round(per_core_part)},
            "cpu_ms_per_prompt": {"single": cpu_ms_single, "partitioned": round(cpu_ms_partitioned, 3)},
            "rows": rows}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sample", type=int, default=40_000)
    ap.add_argument("--reuse", action="store_true", help="Model from the last run's measurements.")
    ap.add_argument("--cpu-ms-per-prompt", type=float, default=None,
                    help="The pipeline's CPU per prompt over its workers (default: bench/results/pipeline.json).")
    ap.add_argument("--cpu-ms-per-prompt-partitioned", type=float, default=None,
                    help="The same in partitioned mode (default: pipeline.json, else estimated from the cores).")
    args = ap.parse_args()
    previous = RESULTS / "scale_model.json"
    if args.reuse and previous.is_file():  # re-model without re-measuring
        measured = json.loads(previous.read_text())["measured"]
    else:
        measured = measure(args.sample)
    cpu_ms, cpu_part = args.cpu_ms_per_prompt, args.cpu_ms_per_prompt_partitioned
    if (RESULTS / "pipeline.json").is_file():
        runs = json.loads((RESULTS / "pipeline.json").read_text())["runs"]
        by_mode = {r.get("dedup_mode", "single"): r["cpu_ms_per_prompt"] for r in runs}
        cpu_ms, cpu_part = cpu_ms or by_mode.get("single"), cpu_part or by_mode.get("partitioned")
    if cpu_ms is None:
        raise SystemExit("no CPU per prompt: run bench/bench_pipeline.py first, or pass --cpu-ms-per-prompt")
    cpu_part = cpu_part or partitioned_cpu_ms(measured, cpu_ms)
    result = {"measured": measured, "model": model(measured, cpu_ms, cpu_part),
              "assumptions": [line.strip() for line in (__doc__ or "").split("Assumptions of the model")[1]
                              .split("Writes")[0].splitlines() if line.strip()]}
    out = RESULTS / "scale_model.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(measured, indent=2))
    print(f"pipeline prompts per core-s: {result['model']['pipeline_prompts_per_core_s']} "
          f"(CPU ms per prompt {result['model']['cpu_ms_per_prompt']})")
    print(f"{'workers':>7} {'parts':>5} {'instances':>11} {'thr part':>9} {'thr single':>10} "
          f"{'GiB total':>9} {'GiB/worker':>10} {'GiB single':>10}")
    for r in result["model"]["rows"]:
        print(f"{r['workers']:>7} {r['partitions']:>5} {r['instances']:>11,} {r['throughput_partitioned']:>9} "
              f"{r['throughput_single']:>10} {r['dedup_gib_total_partitioned']:>9} "
              f"{r['dedup_gib_per_worker_partitioned']:>10} {r['dedup_gib_single_process']:>10}")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
