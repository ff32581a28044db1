"""A measured model of throughput and dedup memory up to 100M instances and 50 workers.

    .venv/bin/python bench/scale_model.py [--sample 40000]

Measured here, on this machine, per core (time.process_time):
  * router docs/s: normalize + MinHash + band keys + building the probe and ballot JSON (the
    only single-partition stage of partitioned dedup: the sequencer's ceiling);
  * owner probes/s: parse a probe, look up its keys, verify candidates, insert;
  * combiner messages/s: parse a ballot or vote, count, decide;
  * bytes held per (instance, owner partition) by a BandOwner (tracemalloc: numpy + Python
    objects), for P = 4, 16, 50, after ``--sample`` instances;
  * the single-partition Deduplicator's bytes per instance, for comparison.
Taken from earlier results when present: scrub texts/s per core (bench/results/scrub.json) and
the end-to-end prompts/s of one worker process (bench/results/scaleout.json).

Assumptions of the model (printed with the result):
  A1 a worker process is one core (Faust + GIL); the pipeline per worker runs at the measured
     one-worker rate, and workers add linearly until a shared stage saturates (the broker and
     ClickHouse are external, sized separately, and are not the bottleneck);
  A2 partitions >= workers, spread evenly, so each worker holds P/W owner partitions;
  A3 an instance's 16 band keys and its digest hash uniformly to P partitions; it is stored in
     each distinct partition it hits (E = P * (1 - (1 - 1/P)**17));
  A4 memory per (instance, partition) is linear in instances (measured slope at --sample);
  A5 the router is the sequencer: one core, its rate caps partitioned mode; the combiner and
     owners scale with partitions;
  A6 single mode keeps the whole index in one process: its cap is one core's dedup rate and
     one machine's RAM.

Writes bench/results/scale_model.json.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

from loadgen import request_text

from instructflow.agents.dedup.deduplicator import Deduplicator
from instructflow.agents.dedup.partitioned.combiner import BallotBox
from instructflow.agents.dedup.partitioned.owner import BandOwner, SharedRows, vote_batches
from instructflow.agents.dedup.partitioned.router import BandRouter
from instructflow.schemas import Instance
from instructflow.schemas.dedup import ProbeBatch, VoteBatch

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
GIB = 1 << 30


def corpus(n: int, seed: int = 3) -> list[Instance]:
    rng = random.Random(seed)
    return [Instance(instance_id=f"{i:032x}", source="chat", stage=2, instruction=request_text(rng, 16))
            for i in range(n)]


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
                routed.append(([(p, b.model_dump_json()) for p, b in r.ballots.items()],
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

    per_partition: dict[str, float] = {}
    for parts in (4, 16, 50):
        router = BandRouter(parts)
        probes = [r.probes[0] for k in range(0, len(insts), 500)
                  for r in router.route_batch(insts[k:k + 500], range(k, min(k + 500, len(insts)))) if 0 in r.probes]
        gc.collect()
        tracemalloc.start()
        owner = BandOwner()  # its own rows: the bytes of one copy (a worker shares them among its owners)
        for p in probes:
            owner.answer_batch(p)
        owner.table.flush()
        held, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        per_partition[str(parts)] = {"instances_stored": len(owner), "bytes_per_stored_instance":
                                     round(held / max(1, len(owner)), 1),
                                     "bytes_per_instance_in_stream": round(held / len(insts), 1)}
        del owner, probes
        gc.collect()
    out["owner_memory"] = per_partition

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


def copies(partitions: int, keys: int = 17) -> float:
    return partitions * (1 - (1 - 1 / partitions) ** keys)


def model(m: dict, worker_rate: float, scrub_rate: float) -> dict:
    rows = []
    for workers in (1, 2, 4, 8, 16, 32, 50):  # partitions = max(4, workers)
        parts = max(4, workers)
        demand = workers * worker_rate  # A1
        # A3/A4: an instance is stored once in each of copies(P) partitions (signature, id, seq: B0)
        # and its 16 band keys once in all (12 bytes each). B0 comes from the P=4 measurement, where
        # the owner's fixed-size signature chunks are full (smaller samples per owner overstate it).
        p4 = m["owner_memory"]["4"]
        b0 = p4["bytes_per_stored_instance"] - 12 * 16 / copies(4)
        per_instance = copies(parts) * b0 + 12 * 16
        for instances in (1e6, 1e7, 1e8):
            total = per_instance * instances
            rows.append({
                "workers": workers, "partitions": parts, "instances": int(instances),
                "throughput_partitioned": round(min(demand, m["router_docs_per_cpu_s"],
                                                    parts * m["owner_probes_per_cpu_s"]
                                                    / max(1.0, copies(parts)))),
                "throughput_single": round(min(demand, m["single_docs_per_cpu_s"])),
                "dedup_bytes_per_instance_partitioned": round(per_instance),
                "dedup_gib_total_partitioned": round(total / GIB, 2),
                "dedup_gib_per_worker_partitioned": round(total / workers / GIB, 2),  # A2
                "dedup_gib_single_process": round(m["single_bytes_per_instance"] * instances / GIB, 2),
            })
    return {"worker_prompts_per_s": worker_rate, "scrub_texts_per_cpu_s": scrub_rate, "rows": rows}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sample", type=int, default=40_000)
    ap.add_argument("--reuse", action="store_true", help="Model from the last run's measurements.")
    args = ap.parse_args()
    previous = RESULTS / "scale_model.json"
    if args.reuse and previous.is_file():  # re-model without re-measuring
        measured = json.loads(previous.read_text())["measured"]
    else:
        measured = measure(args.sample)
    scrub_rate = worker_rate = 0.0
    if (RESULTS / "scrub.json").is_file():
        scrub_rate = json.loads((RESULTS / "scrub.json").read_text())["runs"][0]["texts_per_s"]
    if (RESULTS / "scaleout.json").is_file():
        runs = json.loads((RESULTS / "scaleout.json").read_text())["runs"]
        worker_rate = next(r["prompts_per_s"] for r in runs if r["workers"] == 1 and r["mode"] == "single")
    worker_rate = worker_rate or 200.0
    result = {"measured": measured, "model": model(measured, worker_rate, scrub_rate),
              "assumptions": [line.strip() for line in (__doc__ or "").split("Assumptions of the model")[1]
                              .split("Writes")[0].splitlines() if line.strip()]}
    out = RESULTS / "scale_model.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(measured, indent=2))
    print(f"{'workers':>7} {'parts':>5} {'instances':>11} {'thr part':>9} {'thr single':>10} "
          f"{'GiB total':>9} {'GiB/worker':>10} {'GiB single':>10}")
    for r in result["model"]["rows"]:
        print(f"{r['workers']:>7} {r['partitions']:>5} {r['instances']:>11,} {r['throughput_partitioned']:>9} "
              f"{r['throughput_single']:>10} {r['dedup_gib_total_partitioned']:>9} "
              f"{r['dedup_gib_per_worker_partitioned']:>10} {r['dedup_gib_single_process']:>10}")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
