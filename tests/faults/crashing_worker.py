"""`instructflow worker` with one planted agent crash, for the crash-recovery fault test.

The scrub agent raises once outside any item (where the runtime ends its first batch), as a bug
in an agent would: nothing of that batch is finished or dead-lettered. The mark file makes it
once per test, so the restarted worker runs clean.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from instructflow.cli.main import main
from instructflow.streams.runtime import Runtime
from instructflow.streams.step import Step

MARK = Path(os.environ["INSTRUCTFLOW_TEST_CRASH_MARK"])
_end_batch = Runtime._end_batch


async def _crash_once(self: Runtime, step: Step) -> None:
    if step.name == "scrub" and not MARK.exists():
        MARK.touch()
        raise RuntimeError("planted crash")
    await _end_batch(self, step)


Runtime._end_batch = _crash_once  # type: ignore[method-assign]

if __name__ == "__main__":
    sys.exit(main())
