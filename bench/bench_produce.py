"""Producing records: CPU per record of the ways instructflow hands records to the broker.

Side by side in one run, on one embedded broker, N records of ~600 bytes (a scored instance's size):

* ``aiokafka send``: one ``await producer.send(...)`` per record, then a gather of their futures, as
  ``Runtime.deliver`` did until session 26 (the strongest per-record form: keys hashed by the
  project's own partitioner, 256 KiB batches);
* ``aiokafka batch``: the records appended to one record batch per partition and each sent with
  ``send_batch``, as ``Runtime.deliver`` does now;
* ``Publisher``: the CLI's (and bench_pipeline's) kafka-python producer, one ``send`` per prompt of
  bench_pipeline's load, with the CRC-32C module pinned in the lock (``--no-crc32c`` hides it, as
  kafka-python ran before).

Each on a one-partition and a four-partition topic; CPU of this process (all threads).
Run: .venv/bin/python bench/bench_produce.py [--n 20000] [--rounds 3] [--no-crc32c]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

VALUE = b'{"x": "' + b"a" * 600 + b'"}'


def _hide_crc32c() -> None:
    """kafka-python's fallback: make ``import crc32c`` fail before kafka is imported."""
    sys.modules["crc32c"] = None  # type: ignore[assignment]


async def _per_record(producer, topic: str, n: int) -> None:  # type: ignore[no-untyped-def]
    acks = [await producer.send(topic, VALUE, key=f"k{i}".encode()) for i in range(n)]
    await asyncio.gather(*acks)


async def _batched(producer, topic: str, n: int, partitions: int) -> None:  # type: ignore[no-untyped-def]
    from instructflow.streams.partitioner import KeyPartitioner

    place, every = KeyPartitioner(), list(range(partitions))
    open_batches: dict = {}
    acks = []
    for i in range(n):
        key = f"k{i}".encode()
        p = place(key, every, every)
        batch = open_batches.get(p) or open_batches.setdefault(p, producer.create_batch())
        if batch.append(key=key, value=VALUE, timestamp=None) is None:
            acks.append(await producer.send_batch(batch, topic, partition=p))
            batch = open_batches[p] = producer.create_batch()
            batch.append(key=key, value=VALUE, timestamp=None)
    for p, batch in open_batches.items():
        acks.append(await producer.send_batch(batch, topic, partition=p))
    await asyncio.gather(*acks)


async def _timed(label: str, n: int, run: Callable[[], Awaitable[None]]) -> None:
    cpu, wall = time.process_time(), time.perf_counter()
    await run()
    print(f"{label:28s} {(time.process_time() - cpu) * 1e6 / n:6.1f} µs CPU a record"
          f"   {(time.perf_counter() - wall) * 1e6 / n:6.1f} µs wall")


async def _aiokafka(bootstrap: str, n: int, rounds: int) -> None:
    from aiokafka import AIOKafkaProducer
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic

    from instructflow.streams.partitioner import KeyPartitioner

    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    await admin.create_topics([NewTopic("p1", 1, 1), NewTopic("p4", 4, 1)])
    await admin.close()
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", partitioner=KeyPartitioner(),
                                max_batch_size=256 * 1024, max_request_size=8 * 1024 * 1024)
    await producer.start()
    try:
        for _ in range(rounds):
            for topic, parts in (("p1", 1), ("p4", 4)):
                await _timed(f"aiokafka send, {parts} part.", n, lambda t=topic: _per_record(producer, t, n))
                await _timed(f"aiokafka batch, {parts} part.", n,
                             lambda t=topic, k=parts: _batched(producer, t, n, k))
    finally:
        await producer.stop()


def _publisher(bootstrap: str, n: int, rounds: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from loadgen import generated_batch

    from instructflow.streams.producer import Publisher
    from instructflow.streams.settings import Settings
    from instructflow.streams.topics import PROMPTS_RAW

    prompts = generated_batch(n, 0, 0, seed=2, prefix="b").prompts
    for r in range(rounds):
        settings = Settings(data_dir=Path(tempfile.mkdtemp()), kafka_bootstrap=bootstrap, topic_prefix=f"pub{r}.")
        with Publisher(settings) as pub:
            pub.send(PROMPTS_RAW, prompts[0], key="warm")
            pub.flush()
            cpu = time.process_time()
            for p in prompts:
                pub.send(PROMPTS_RAW, p, key=p.id)
            pub.flush()
            print(f"{'Publisher (kafka-python)':28s} {(time.process_time() - cpu) * 1e6 / n:6.1f} µs CPU a prompt")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-crc32c", action="store_true", help="kafka-python without the C CRC-32C module")
    args = ap.parse_args()
    if args.no_crc32c:
        _hide_crc32c()
    from kafka.record import util

    from instructflow.infra.broker import EmbeddedBroker

    print(f"kafka-python CRC-32C: {'C module' if util.crc32c_c else 'pure Python'}")
    with tempfile.TemporaryDirectory() as tmp, EmbeddedBroker(Path(tmp) / "broker.log") as broker:
        asyncio.run(_aiokafka(broker.bootstrap, args.n, args.rounds))
        _publisher(broker.bootstrap, args.n, args.rounds)


if __name__ == "__main__":
    main()
