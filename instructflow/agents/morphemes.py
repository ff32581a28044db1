"""One lazily built kiwipiepy analyser for the quality gates (score mood, synthesis blacklist).

Its model ships in the kiwipiepy-model wheel: no download. Built on first use, so code that
never meets Korean text never pays the ~1 s load.
"""

from __future__ import annotations

from functools import lru_cache

from kiwipiepy import Kiwi


@lru_cache(maxsize=1)
def kiwi() -> Kiwi:
    return Kiwi(num_workers=-1)  # no thread pool: one short text at a time
