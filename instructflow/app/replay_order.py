"""The order a replay feeds dedup in: the original ``instances.scored`` order, exactly.

Dedup's "first one wins" makes the pool depend on the order instances reach it. Live, that
order is the single-partition ``instances.scored`` topic: the score agent's interleaving of
the ``instances.scrubbed`` partitions, each read in offset order. A replay re-reads
``instances.scrubbed`` (PII-free, retained forever) and recovers that interleaving:

* a scrubbed record whose (instance id, content) appears in the original scored topic gets
  that scored offset as its key;
* a record that never reached scored (score rejected it then; with changed thresholds it may
  pass now) inherits the key of the record before it in its partition, so it slots in right
  after its predecessor, as the score agent would have emitted it;
* partitions are merged by ``(key, partition, offset)``.

Within a partition keys never decrease (score reads a partition in order and emits in order),
so a k-way merge of the partitions streams the whole order without holding the topic in memory.
With unchanged settings every record is known and the order is the original one.
"""

from __future__ import annotations

import hashlib
import heapq
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from instructflow.schemas import Instance


def content_key(inst: Instance) -> tuple[str, bytes]:
    """Identity of one version of an instance: its id and a digest of its text fields.

    An annotated revision keeps its id but not its text, so both versions are told apart.
    """
    h = hashlib.blake2b(digest_size=12)
    for part in (inst.instruction, inst.input, inst.output, *(f"{m.role}\x1f{m.content}" for m in inst.messages)):
        h.update(part.encode("utf-8"))
        h.update(b"\x1e")
    return inst.instance_id, h.digest()


class ScoredIndex:
    """Offsets in the original scored topic, per content key, in the order they occurred."""

    def __init__(self) -> None:
        self._offsets: dict[tuple[str, bytes], deque[int]] = defaultdict(deque)
        self.size = 0

    def add(self, inst: Instance, offset: int) -> None:
        self._offsets[content_key(inst)].append(offset)
        self.size += 1

    def take(self, inst: Instance) -> int | None:
        """The scored offset of this occurrence, or None if it never reached scored."""
        queue = self._offsets.get(content_key(inst))
        if not queue:
            return None
        return queue.popleft()


class Keyed(NamedTuple):
    key: int
    partition: int
    offset: int
    instance: Instance


def keyed_partition(partition: int, records: Iterable[tuple[int, Instance]], index: ScoredIndex) -> Iterator[Keyed]:
    """One scrubbed partition's records (offset, instance), in offset order, with their merge keys."""
    last = -1
    for offset, inst in records:
        known = index.take(inst)
        if known is not None:
            last = known
        yield Keyed(last, partition, offset, inst)


def merged(partitions: Iterable[Iterator[Keyed]]) -> Iterator[Keyed]:
    return heapq.merge(*partitions, key=lambda k: (k.key, k.partition, k.offset))
