"""Kafka consumer lag per agent: the group's committed offsets against the topics' end offsets.

Every agent consumes in its own consumer group (``<app id>.<agent>``, streams/loop.py), so an
agent's lag is the sum, over the partitions of the topics it reads, of ``end offset - committed offset``.
A partition the group never committed counts from its beginning offset (the workers start
from ``earliest``). The pool-owning worker samples this periodically into ``agent_lag``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from kafka import KafkaConsumer, TopicPartition
from kafka.admin import KafkaAdminClient

from instructflow.sinks.pool import Pool
from instructflow.streams.kafka import client_options, outside_group_consumer
from instructflow.streams.loop import group_id
from instructflow.streams.settings import Settings

LAG_COLUMNS = ("sampled_at", "consumer_group", "agent", "topic", "end_offset", "committed", "lag")


@dataclass(frozen=True)
class TopicLag:
    agent: str
    topic: str
    end_offset: int  # summed over partitions
    committed: int  # summed over partitions
    lag: int


def lag_of(agent: str, topic: str, ends: Mapping[int, int], begins: Mapping[int, int],
           committed: Mapping[int, int]) -> TopicLag:
    """Pure: per-partition end/begin/committed offsets of one topic -> the agent's lag on it."""
    done = {p: committed.get(p, begins.get(p, 0)) for p in ends}
    return TopicLag(agent, topic, sum(ends.values()), sum(done.values()),
                    sum(max(0, ends[p] - done[p]) for p in ends))


class LagSampler:
    """Holds its Kafka clients between samples; call :meth:`sample` from a thread."""

    def __init__(self, settings: Settings, agent_topics: Mapping[str, Sequence[str]]) -> None:
        self.settings = settings
        self.agent_topics = {a: tuple(ts) for a, ts in agent_topics.items()}
        self._admin: KafkaAdminClient | None = None
        self._consumer: KafkaConsumer | None = None

    def _clients(self) -> tuple[KafkaAdminClient, KafkaConsumer]:
        if self._admin is None or self._consumer is None:
            opts = client_options(self.settings)
            self._admin = KafkaAdminClient(client_id=f"{self.settings.app_id}-lag", **opts)
            self._consumer = outside_group_consumer(self.settings)
        return self._admin, self._consumer

    def sample(self) -> list[TopicLag]:
        admin, consumer = self._clients()
        groups = {agent: group_id(self.settings, agent) for agent in self.agent_topics}
        # One request per group: brokers before OffsetFetch v8 (Tansu among them) take one group at a time.
        committed_by_group = {g: admin.list_group_offsets({g: None}).get(g, {}) for g in set(groups.values())}
        out: list[TopicLag] = []
        for agent, topics in sorted(self.agent_topics.items()):
            committed_by_tp = committed_by_group.get(groups[agent], {})
            for topic in topics:
                parts = consumer.partitions_for_topic(topic) or set()
                tps = [TopicPartition(topic, p) for p in sorted(parts)]
                if not tps:
                    continue
                ends = {tp.partition: o for tp, o in consumer.end_offsets(tps).items()}
                begins = {tp.partition: o for tp, o in consumer.beginning_offsets(tps).items()}
                committed = {tp.partition: meta.offset for tp, meta in committed_by_tp.items()
                             if tp.topic == topic and meta.offset >= 0}
                out.append(lag_of(agent, topic, ends, begins, committed))
        return out

    def record(self, pool: Pool) -> list[TopicLag]:
        """Sample and append to the pool's ``agent_lag`` table."""
        lags = self.sample()
        now = datetime.now(UTC)
        rows = [[now, group_id(self.settings, x.agent), x.agent, x.topic, x.end_offset, x.committed, x.lag]
                for x in lags]
        if rows:
            # The Pool's lock: its clickhouse-connect client is shared with the sink in this process.
            with pool._lock:
                pool.client.insert(f"{pool.database}.agent_lag", rows, column_names=list(LAG_COLUMNS))
        return lags

    def close(self) -> None:
        for client in (self._admin, self._consumer):
            if client is not None:
                client.close()
        self._admin = self._consumer = None
