"""The dedup core's configuration: one frozen value shared by the single decider, the partitioned
router and band owners, and replay (as datatrove's ``MinhashConfig`` is shared by its stages)."""

from __future__ import annotations

from dataclasses import dataclass

from instructflow.agents.dedup.similarity import PairThreshold


@dataclass(frozen=True, slots=True)
class DedupConfig:
    threshold: float
    num_perm: int
    shingle: int
    short_threshold: float
    short_chars: int  # from this length on, ``threshold``; below it the bar falls to ``short_threshold``

    @property
    def bar(self) -> PairThreshold:
        """The length-aware near-duplicate bar (similarity.py)."""
        return PairThreshold(self.threshold, self.short_threshold, self.short_chars)
