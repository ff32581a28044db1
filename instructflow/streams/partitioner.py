"""The producer's partitioner: Kafka's default placement of a keyed record, at a third of the cost.

aiokafka's DefaultPartitioner hashes every key with a pure-Python murmur2 that masks and indexes
byte by byte: a profile of the edge worker at full speed (py-spy, BENCHMARKS.md session 24) put it
at ~3% of that process's CPU, and it ran even for one-partition topics, where the answer is known.
This one places a record exactly where the Java client and aiokafka do (same murmur2, tested
against aiokafka's), so a key's partition does not change with the client that wrote it.
"""

from __future__ import annotations

import random
import struct
from collections.abc import Sequence
from typing import Any

from kafka.partitioner import Partitioner

_SEED = 0x9747B28C
_M = 0x5BD1E995
_MASK = 0xFFFFFFFF


def murmur2(data: bytes) -> int:
    """Kafka's murmur2 of ``data`` (org.apache.kafka.common.utils.Utils.murmur2), unsigned 32 bits."""
    length = len(data)
    h = _SEED ^ length
    blocks = length // 4
    # Whole 4-byte words unpacked at once, little-endian as the Java client reads them.
    for k in struct.unpack_from(f"<{blocks}I", data):
        k = (k * _M) & _MASK
        k ^= k >> 24
        k = (k * _M) & _MASK
        h = ((h * _M) & _MASK) ^ k
    tail = length & 3
    if tail:
        at = length & ~3
        if tail == 3:
            h ^= data[at + 2] << 16
        if tail >= 2:
            h ^= data[at + 1] << 8
        h = ((h ^ data[at]) * _M) & _MASK
    h ^= h >> 13
    h = (h * _M) & _MASK
    return h ^ (h >> 15)


def partition_of(key: bytes, partitions: int) -> int:
    """The partition of ``partitions`` that Kafka's default partitioner gives ``key``."""
    return (murmur2(key) & 0x7FFFFFFF) % partitions


class KeyPartitioner:
    """aiokafka's ``partitioner`` callable: a keyed record by murmur2, an unkeyed one at random."""

    def __call__(self, key: bytes | None, all_partitions: Sequence[int], available: Sequence[int]) -> int:
        if len(all_partitions) == 1:
            return all_partitions[0]
        if key is None:
            return random.choice(available or all_partitions)
        return all_partitions[partition_of(key, len(all_partitions))]


class BlockingKeyPartitioner(Partitioner):
    """The same placement for kafka-python's producer (the CLI's and the bench's :class:`Publisher`),
    whose default sorts the topic's partitions and hashes with a byte-by-byte murmur2 on every send:
    a fifth of a send's CPU there (cProfile, BENCHMARKS.md session 26)."""

    def __init__(self) -> None:
        self._place = KeyPartitioner()

    def partition(self, topic: str, key: Any, serialized_key: bytes | None, value: Any,
                  serialized_value: bytes | None, cluster: Any) -> int:
        partitions = cluster.partitions_for_topic(topic)
        if partitions is None:
            raise ValueError(f"Topic {topic} not found in ClusterMetadata")
        # A set: in order, so that a key's partition is its murmur2 modulo the count, as in Java. Which
        # partitions are available matters only to an unkeyed record: not asked for the others.
        available = [] if serialized_key is not None else list(cluster.available_partitions_for_topic(topic))
        return self._place(serialized_key, sorted(partitions), available)
