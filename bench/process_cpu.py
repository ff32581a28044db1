"""CPU seconds a process has used, from /proc: user + system, all its threads.

What a process cost, which a sampling profiler under the GIL does not show (a thread waiting for
the GIL is sampled as busy). Used by the benches that report CPU per message or per prompt.
"""

from __future__ import annotations

import os
from pathlib import Path

TICK_S = 1 / os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int | str = "self") -> float:
    # Fields after the ")" that closes the command name: utime and stime are the 12th and 13th.
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * TICK_S
