"""`instructflow worker` with one planted agent crash, for the crash-recovery fault test.

The scrub agent raises once outside any item, half-way through sending a batch's results, as a
bug in an agent would: part of the batch is published, nothing of it is committed. The mark
file makes it once per test, so the restarted worker runs clean.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from instructflow.cli.main import main
from instructflow.streams.runtime import Runtime
from instructflow.streams.step import Emit
from instructflow.streams.topics import SCRUBBED

MARK = Path(os.environ["INSTRUCTFLOW_TEST_CRASH_MARK"])
CRASH_AT = 5  # the fifth scrubbed instance sent
_send = Runtime.send
_sent = 0


async def _crash_once(self: Runtime, emit: Emit) -> asyncio.Future[object]:
    global _sent
    if emit.topic is SCRUBBED and not MARK.exists():
        _sent += 1
        if _sent == CRASH_AT:
            MARK.touch()
            raise RuntimeError("planted crash")
    return await _send(self, emit)


Runtime.send = _crash_once  # type: ignore[method-assign]

if __name__ == "__main__":
    sys.exit(main())
