"""Faust's aiokafka transport, with a fetch wait short enough for a low-latency pipeline.

Faust hard-codes ``fetch_max_wait_ms=1500`` for its consumer. Each agent is a hop through
Kafka, and a fetch that finds no data yet sits out that wait, so at a trickle of traffic every
hop added up to a second and produce-to-pool took ~3 s even at 50 prompts/s. A 50 ms wait
costs a few more (empty) fetch requests and gives that latency back.
"""

from __future__ import annotations

from typing import Any

from faust.transport import drivers
from faust.transport.drivers import aiokafka as faust_aiokafka

SCHEME = "instructflow-kafka"
FETCH_MAX_WAIT_MS = 50


class ConsumerThread(faust_aiokafka.AIOKafkaConsumerThread):
    def _create_worker_consumer(self, transport: Any) -> Any:
        consumer = super()._create_worker_consumer(transport)
        consumer._fetch_max_wait_ms = FETCH_MAX_WAIT_MS  # read when the consumer starts its fetcher
        return consumer


class Consumer(faust_aiokafka.Consumer):
    def _new_consumer_thread(self) -> ConsumerThread:
        return ConsumerThread(self, loop=self.loop, beacon=self.beacon)


class Transport(faust_aiokafka.Transport):
    Consumer = Consumer


drivers.TRANSPORTS.aliases[SCHEME] = f"{__name__}:Transport"
