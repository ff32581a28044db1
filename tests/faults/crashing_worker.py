"""`instructflow worker` with one planted agent crash, for the crash-recovery fault test.

The scrub agent raises once outside any item, half-way through sending a batch's results, as a
bug in an agent would: part of the batch is published (its instances.scrubbed record batch, which
the runtime sends first), nothing of it is committed. The mark file makes it once per test, so the
restarted worker runs clean.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaProducer

from instructflow.cli.main import main
from instructflow.streams.topics import SCORED

MARK = Path(os.environ["INSTRUCTFLOW_TEST_CRASH_MARK"])
_send_batch = AIOKafkaProducer.send_batch


async def _crash_once(self: AIOKafkaProducer, batch: Any, topic: str, *, partition: int) -> asyncio.Future[Any]:
    # The first instances.scored batch: the same delivery's instances.scrubbed batch has gone out.
    if topic.endswith(SCORED.name) and not MARK.exists():
        MARK.touch()
        raise RuntimeError("planted crash")
    return await _send_batch(self, batch, topic, partition=partition)


AIOKafkaProducer.send_batch = _crash_once  # type: ignore[method-assign]

if __name__ == "__main__":
    sys.exit(main())
