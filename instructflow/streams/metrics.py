"""Prometheus metrics of one worker: messages in/out per agent, rejects by reason, lag, batch latency.

One registry per app (not prometheus_client's global one), so tests that build several apps
in one process do not collide. Label values are agent names, topic names and reject reasons:
a fixed, small vocabulary that never carries message content, so no PII can reach a scrape.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable, Iterable

import faust
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

log = logging.getLogger(__name__)

# Batches take from ~1 ms (score) to seconds (a large presidio batch, a pool retry).
BATCH_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


# (agent, topic, partition, lag) of every partition this worker's agents own.
LagSource = Callable[[], Iterable[tuple[str, str, int, int]]]


class ConsumerLagCollector(Collector):
    """Lag of this worker's assigned partitions, read from its agents' consumers at scrape time.

    ``highwater - committed`` per partition: what this worker still owes. A partition the
    group never committed counts from where this worker started reading it.
    """

    def __init__(self) -> None:
        self.sources: list[LagSource] = []

    def collect(self) -> Iterable[GaugeMetricFamily]:
        family = GaugeMetricFamily("instructflow_consumer_lag", "Messages not yet committed, per assigned partition",
                                   labels=["agent", "topic", "partition"])
        for source in self.sources:
            try:
                for agent, topic, partition, lag in source():
                    family.add_metric([agent, topic, str(partition)], lag)
            except Exception:  # mid-rebalance: a partial family, not a failed scrape
                log.debug("lag not available", exc_info=True)
        yield family


class WorkerMetrics:
    """The metric objects a worker updates; rendered by :meth:`exposition` on ``/metrics``."""

    def __init__(self, app: faust.App) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.messages_in = Counter("instructflow_messages_in", "Messages an agent consumed",
                                   ["agent", "topic"], registry=self.registry)
        self.messages_out = Counter("instructflow_messages_out", "Messages an agent produced",
                                    ["agent", "topic"], registry=self.registry)
        self.rejects = Counter("instructflow_rejects", "Instances an agent rejected, by reason",
                               ["agent", "reason"], registry=self.registry)
        self.dead_letters = Counter("instructflow_dead_letters", "Messages an agent sent to the dead-letter topic",
                                    ["agent", "kind"], registry=self.registry)
        self.batch_seconds = Histogram("instructflow_batch_seconds", "Time to process and persist one batch",
                                       ["agent"], buckets=BATCH_BUCKETS, registry=self.registry)
        self.pool_retries = Counter("instructflow_pool_retries", "Batches retried because the pool was unwritable",
                                    ["agent"], registry=self.registry)
        self.ready = Gauge("instructflow_worker_ready", "1 when the worker is in its consumer group and not"
                           " rebalancing", registry=self.registry)
        self._lag = ConsumerLagCollector()
        self.registry.register(self._lag)

    def watch(self, source: LagSource) -> None:
        """Report the lag ``source`` gives at each scrape."""
        self._lag.sources.append(source)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


_BY_APP: weakref.WeakKeyDictionary[faust.App, WorkerMetrics] = weakref.WeakKeyDictionary()


def metrics_of(app: faust.App) -> WorkerMetrics:
    """The app's metrics, created on first use (the runtime counts, the web routes expose)."""
    if app not in _BY_APP:
        _BY_APP[app] = WorkerMetrics(app)
    return _BY_APP[app]
