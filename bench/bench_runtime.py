"""The framework's own cost per message: a step that does nothing, run by our runtime vs a Faust agent.

Both read N prompts (JSON, ~150 bytes) from a topic of the embedded broker, decode each into the
Prompt schema, and produce its JSON to another topic, committing after the broker acknowledged
the batch; each runs alone in its own process, measured side by side in one run on one broker:

* ``faust``: the strongest Faust form of it: one agent reading ``take_events(500, within=0.2)``
  batches (what instructflow ran before), sending through Faust's producer;
* ``runtime``: instructflow's runtime (streams/runtime.py + streams/loop.py) with a pass-through
  Step, the exact code every agent runs in.

Reported: messages/s once the first batch arrived, and CPU (user + system, all threads) per message.
Run: .venv/bin/python bench/bench_runtime.py [--n 50000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from loadgen import generated_batch
from process_cpu import cpu_seconds

from instructflow.infra.broker import EmbeddedBroker
from instructflow.streams.admin import ensure_topics
from instructflow.streams.producer import Publisher
from instructflow.streams.settings import Settings
from instructflow.streams.topics import PROMPTS_RAW, SCRUBBED, topic_name


class Meter:
    def __init__(self, n: int, out: Path) -> None:
        self.n, self.out, self.seen = n, out, 0
        self.t0 = self.c0 = 0.0

    def count(self, k: int) -> bool:
        if self.seen == 0:
            self.t0, self.c0 = time.monotonic(), cpu_seconds()
        self.seen += k
        return self.seen >= self.n

    def report(self, mode: str) -> None:
        dt, cpu = time.monotonic() - self.t0, cpu_seconds() - self.c0
        self.out.write_text(json.dumps({"mode": mode, "n": self.seen, "per_s": self.seen / dt,
                                        "cpu_us_per_message": cpu / self.seen * 1e6}))
        os._exit(0)


def run_faust(settings: Settings, meter: Meter) -> None:
    import faust

    from instructflow.schemas import Prompt
    from instructflow.streams.kafka import faust_broker_options

    app = faust.App(settings.app_id, **faust_broker_options(settings), store="memory://", web_enabled=False,
                    datadir=str(settings.data_dir / "faust"), topic_allow_declare=False, producer_acks=-1,
                    consumer_auto_offset_reset="earliest")
    source = app.topic(topic_name(PROMPTS_RAW, settings), key_type=bytes, value_type=bytes,
                       key_serializer="raw", value_serializer="raw")
    target = topic_name(SCRUBBED, settings)

    @app.agent(source)
    async def passthrough(stream: faust.StreamT[bytes]) -> None:
        async for events in stream.take_events(500, within=0.2):  # type: ignore[attr-defined]
            for event in events:
                value = Prompt.model_validate_json(event.message.value)
                await app.producer.send(target, event.message.key, value.model_dump_json().encode(),
                                        partition=None, timestamp=None, headers=None)
            await app.producer.flush()
            if meter.count(len(events)):
                meter.report("faust")

    faust.Worker(app, loglevel="warning", quiet=True).execute_from_commandline()


def run_runtime(settings: Settings, meter: Meter) -> None:
    import faust

    from instructflow.streams.kafka import faust_broker_options
    from instructflow.streams.runtime import Runtime
    from instructflow.streams.step import Emit, Origin, Step

    class PassThrough(Step):
        name = "passthrough"
        sources = (PROMPTS_RAW,)
        outputs = (SCRUBBED,)

        def process(self, value: object, origin: Origin) -> Iterator[Emit]:
            yield Emit(SCRUBBED, value, key=origin.topic)  # type: ignore[arg-type]

        async def end_batch(self) -> None:
            if meter.seen >= meter.n:
                meter.report("runtime")

        def process_batch(self, items: list) -> list:  # type: ignore[type-arg]
            meter.count(len(items))
            return super().process_batch(items)

    app = faust.App(settings.app_id, **faust_broker_options(settings), web_enabled=False,
                    datadir=str(settings.data_dir / "faust"))
    Runtime(app, settings).register(PassThrough())
    faust.Worker(app, loglevel="warning", quiet=True).execute_from_commandline()


def child(mode: str, bootstrap: str, prefix: str, n: int, out: Path, data_dir: Path) -> None:
    settings = Settings(kafka_bootstrap=bootstrap, topic_prefix=prefix, app_id=f"bench-runtime-{mode}",
                        data_dir=data_dir)
    (data_dir / "faust").mkdir(parents=True, exist_ok=True)
    {"faust": run_faust, "runtime": run_runtime}[mode](settings, Meter(n, out))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=50_000)
    ap.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        mode, bootstrap, prefix, out, data_dir = args.child
        child(mode, bootstrap, prefix, args.n, Path(out), Path(data_dir))
        return
    root = Path(tempfile.mkdtemp(prefix="bench-runtime-"))
    results = []
    with EmbeddedBroker(root / "broker.log") as broker:
        for mode in ("faust", "runtime"):
            settings = Settings(kafka_bootstrap=broker.bootstrap, topic_prefix=f"{mode}.", data_dir=root)
            ensure_topics(settings, (PROMPTS_RAW, SCRUBBED))
            with Publisher(settings) as pub:
                for p in generated_batch(args.n, 0, 0, seed=2).prompts:
                    pub.send(PROMPTS_RAW, p, key=p.id)
            out = root / f"{mode}.json"
            subprocess.run([sys.executable, __file__, "--n", str(args.n), "--child", mode, broker.bootstrap,
                            f"{mode}.", str(out), str(root / mode)], check=True, timeout=900,
                           stdout=subprocess.DEVNULL)
            results.append(json.loads(out.read_text()))
            print(json.dumps(results[-1]), flush=True)
    faust_r, ours = results
    print(f"runtime: {ours['per_s']:.0f} msg/s, {ours['cpu_us_per_message']:.1f} us CPU/msg; Faust agent: "
          f"{faust_r['per_s']:.0f} msg/s, {faust_r['cpu_us_per_message']:.1f} us CPU/msg; CPU ratio "
          f"{faust_r['cpu_us_per_message'] / ours['cpu_us_per_message']:.1f}x")


if __name__ == "__main__":
    main()
