"""Instance ids: content hashes, so a replay or a redelivery yields the same id.

Computed after scrubbing, from scrubbed text only: a hash of raw text would let anyone
who guesses a phone number confirm it.
"""

from __future__ import annotations

import hashlib

from instructflow.schemas import Instance
from instructflow.schemas.copying import copy_with


def origin_key(instance: Instance) -> str:
    """The client's id where given (a producer retry then collapses), else the Kafka coordinates."""
    if instance.origin_id:
        return f"id:{instance.origin_id}"
    lin = instance.lineage
    return f"at:{lin.topic}:{lin.partition}:{lin.offset}"


def instance_id(instance: Instance) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in (instance.source.value, origin_key(instance), instance.instruction, instance.input,
                 instance.output, *(f"{m.role}\x1f{m.content}" for m in instance.messages)):
        h.update(part.encode("utf-8"))
        h.update(b"\x1e")
    return h.hexdigest()


def with_identity(instance: Instance) -> Instance:
    """Give a new instance its id; keep the id of one that re-enters as a revision of itself.

    An annotated answer, for example, re-enters the pipeline as the same instance with its
    output filled: keeping the id lets the pool replace the row and dedup see a redelivery.
    """
    if instance.instance_id:
        return instance
    return copy_with(instance, {"instance_id": instance_id(instance)})
