"""The dedup sequencer on one core: sketches carried from the score step vs computed in place.

    .venv/bin/python bench/bench_sequencer.py            # 40k docs, 3 alternating rounds
    .venv/bin/python bench/bench_sequencer.py --quick    # 10k docs

``instances.scored`` has one partition, so whatever reads it (single mode's DedupStep, or
partitioned mode's router) is one core for the whole pipeline. Side by side, on the corpus of
bench_dedup.py (real ../shared/data texts with planted exact and near duplicates, shuffled):

* single mode: ``Deduplicator.decide_batch`` in batches of 500 (what DedupStep runs), on
  records carrying the score step's sketch vs records without one (the decider normalizes and
  MinHashes, as every decider did before the sketch was carried);
* partitioned mode: ``BandRouter.route_batch`` (what DedupRouterStep runs) the same two ways,
  and one instance at a time without a sketch; and the whole partitioned decision (router, owners,
  combiners, messages through JSON) in one process at P = 1 and P = --partitions, against
  ``single_carried``: the CPU one machine pays in partitioned mode before Kafka.

Decisions (and the ballots' voters and digests) are checked identical both ways. Instances per CPU-second of this
process (``time.process_time``: per core, robust to other jobs), best of alternating rounds.
What the score step pays to make a sketch (per instance, on the parallel workers) is reported
too. The runtime's JSON decode/encode of the messages is not included (the lead's runtime work).

Writes bench/results/sequencer.json.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_dedup import DEFAULT_DATA, _instances, build_corpus  # noqa: E402

from instructflow.agents.configs import dedup_config  # noqa: E402
from instructflow.agents.dedup.deduplicator import Deduplicator  # noqa: E402
from instructflow.agents.dedup.partitioned.local import InProcess  # noqa: E402
from instructflow.agents.dedup.partitioned.router import BandRouter  # noqa: E402
from instructflow.agents.dedup.sketch import Sketcher  # noqa: E402
from instructflow.schemas import Instance  # noqa: E402
from instructflow.streams.settings import Settings  # noqa: E402

BATCH = 500


def _cpu(run: Callable[[], Any]) -> float:
    c0 = time.process_time()
    run()
    return time.process_time() - c0


def _single(insts: list[Instance], settings: Settings, seen: Any = None) -> Callable[[], None]:
    """A run of DedupStep's core over ``insts`` in batches, on a fresh Deduplicator (built
    outside the timing: startup, not per instance). Outputs are dropped per batch, as the runtime
    does; ``seen`` (a hash) records the decisions for the equality check, in an untimed run."""
    d = Deduplicator.from_config(dedup_config(settings))

    def run() -> None:
        for k in range(0, len(insts), BATCH):
            out = d.decide_batch(insts[k:k + BATCH])
            if seen is not None:
                for o in out:
                    seen.update(f"{o.instance_id} {o.status.value} {o.reject_reason} {o.duplicate_of}\n".encode())
    return run


def _routed(insts: list[Instance], settings: Settings, partitions: int, batched: bool,
            seen: Any = None) -> Callable[[], None]:
    """A run of DedupRouterStep's core: batches of 500 (one message per partition per batch), or
    one instance at a time (what the router does when a batch fails and is redone item by item)."""
    router = BandRouter.from_config(dedup_config(settings), partitions)

    def run() -> None:
        for k in range(0, len(insts), BATCH):
            chunk = insts[k:k + BATCH]
            if batched:
                routed = router.route_batch(chunk, range(k, k + len(chunk)))
            else:
                routed = [r for j, inst in enumerate(chunk) for r in router.route_batch([inst], [k + j])]
            if seen is not None:  # per instance, in sequence order, however the batch was cut into messages
                entries = sorted((seq, part, ident, voters, digest) for r in routed for part, b in r.ballots.items()
                                 for seq, ident, voters, digest in zip(b.seqs, b.instance_ids, b.voters,
                                                                       b.content_hashes, strict=True))
                seen.update(repr(entries).encode())
    return run


def _partitioned_cores(insts: list[Instance], settings: Settings, partitions: int,
                       seen: Any = None) -> Callable[[], None]:
    """The whole partitioned decision in one process (router, owners, combiners, every message through
    its JSON as the runtime sends it: agents/dedup/partitioned/local.py) in batches of 500: what one
    machine's CPU pays for what ``single_carried`` decides, before Kafka and the runtime. ``seen``:
    as for _single (the decisions, to compare across partition counts and versions of the code)."""
    cores = InProcess(dedup_config(settings), partitions, through_json=True)

    def run() -> None:
        for k in range(0, len(insts), BATCH):
            out = cores.decide_batch(insts[k:k + BATCH])
            if seen is not None:
                for o in out:
                    seen.update(f"{o.instance_id} {o.status.value} {o.reject_reason} {o.duplicate_of} "
                                f"{o.content_hash}\n".encode())
    return run


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=40_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--partitions", type=int, default=4, help="dedup.bands partitions for the router")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--data", type=Path, default=Path(os.environ.get("INSTRUCTFLOW_SHARED_DATA", DEFAULT_DATA)))
    ap.add_argument("--out", type=Path, default=HERE / "results" / "sequencer.json")
    args = ap.parse_args(argv)
    if args.quick:
        args.docs, args.rounds = 10_000, 2
    settings = Settings()
    texts, _, _, corpus = build_corpus(args.data, args.docs, settings.dedup_threshold, settings.dedup_shingle)
    plain = _instances(texts)
    sketcher = Sketcher.from_config(dedup_config(settings))
    c0 = time.process_time()
    sketched = [i.model_copy(update={"dedup_sketch": sketcher.sketch(i.text())}) for i in plain]
    sketch_cpu = time.process_time() - c0
    print(f"corpus: {corpus}", flush=True)
    # The corpus is this bench's fixture, not the sequencer's state (the runtime holds one batch):
    # keep its ~10^5 objects out of the collector's full scans, for every path alike.
    gc.collect()
    gc.freeze()

    def runs(seen: dict[str, Any] | None = None) -> dict[str, Callable[[], None]]:
        def h(name: str) -> Any:
            return None if seen is None else seen.setdefault(name, hashlib.blake2b(digest_size=16))
        return {
            "single_computed": _single(plain, settings, h("single_computed")),
            "single_carried": _single(sketched, settings, h("single_carried")),
            "router_computed_one_at_a_time": _routed(plain, settings, args.partitions, False,
                                                     h("router_computed_one_at_a_time")),
            "router_computed": _routed(plain, settings, args.partitions, True, h("router_computed")),
            "router_carried": _routed(sketched, settings, args.partitions, True, h("router_carried")),
        }

    # Not part of the equality check (decisions along duplicate chains may differ by design).
    def whole() -> dict[str, Callable[[], None]]:
        return {"partitioned_all_cores_P1": _partitioned_cores(sketched, settings, 1),
                f"partitioned_all_cores_P{args.partitions}": _partitioned_cores(sketched, settings, args.partitions)}

    hashes: dict[str, Any] = {}
    for run in runs(hashes).values():  # untimed: what each path decided / routed
        run()
    outputs = {name: h.hexdigest() for name, h in hashes.items()}
    decided: dict[int, Any] = {}
    for parts in sorted({1, args.partitions}):
        decided[parts] = hashlib.blake2b(digest_size=16)
        _partitioned_cores(sketched, settings, parts, decided[parts])()
    best: dict[str, float] = {}
    for _ in range(args.rounds):
        for name, run in (runs() | whole()).items():
            best[name] = min(best.get(name, float("inf")), _cpu(run))
    n = len(plain)
    rates = {name: round(n / cpu) for name, cpu in best.items()}
    result = {
        "corpus": corpus,
        "batch": BATCH,
        "partitions": args.partitions,
        "instances_per_cpu_s": rates,
        "carried_vs_computed": {"single": round(rates["single_carried"] / rates["single_computed"], 2),
                                "router": round(rates["router_carried"] / rates["router_computed_one_at_a_time"], 2)},
        "partitioned_all_cores_vs_single_carried": {
            name: round(rate / rates["single_carried"], 2) for name, rate in rates.items()
            if name.startswith("partitioned_all_cores")},
        "same_decisions": outputs["single_carried"] == outputs["single_computed"],
        # A hash of every partitioned decision (id, status, reason, duplicate_of, content_hash): equal
        # at P = 1 and P = --partitions, and to compare with another version of the code.
        "partitioned_decisions": {f"P{p}": h.hexdigest() for p, h in decided.items()},
        "same_partitioned_decisions": len({h.hexdigest() for h in decided.values()}) == 1,
        "same_probes": len({v for k, v in outputs.items() if k.startswith("router")}) == 1,
        "score_step_sketch_us_per_instance": round(sketch_cpu / n * 1e6, 1),
        "target_instances_per_s": 50_000,
    }
    for name, rate in rates.items():
        print(f"{name:30s} {rate:>9,} instances/CPU-s", flush=True)
    print(json.dumps({k: v for k, v in result.items() if k not in ("corpus", "instances_per_cpu_s")}), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0 if result["same_decisions"] and result["same_probes"] and result["same_partitioned_decisions"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
