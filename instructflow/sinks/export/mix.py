"""The staged hybrid mix: how many instances of each stage an export takes, and in what order.

Stage 1 is task data, 2 annotated chat, 3 synthetic (schemas.instance.STAGE_OF). Given shares,
the export keeps them exactly (up to rounding down) and is as large as the scarcest stage
allows, or ``limit``; without shares it takes everything eligible. ``curriculum`` writes the
stages one after the other in the order given instead of interleaved.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

STAGES = (1, 2, 3)


@dataclass(frozen=True)
class Mix:
    shares: dict[int, float] = field(default_factory=dict)  # stage -> share; empty: all of every stage
    curriculum: bool = False
    limit: int | None = None  # at most this many instances in all

    def stage_order(self) -> tuple[int, ...]:
        """Stages in writing order: as listed in the shares, else 1, 2, 3."""
        return tuple(s for s in self.shares if self.shares[s] > 0) if self.shares else STAGES


def parse_shares(text: str) -> dict[int, float]:
    """``"1:0.5,2:0.3,3:0.2"`` (or ``=``) -> normalized shares, order kept; ``""`` -> ``{}``."""
    if not text.strip():
        return {}
    raw: dict[int, float] = {}
    for part in text.split(","):
        stage_s, sep, share_s = part.replace("=", ":").partition(":")
        try:
            stage, share = int(stage_s), float(share_s)
        except ValueError:
            raise ValueError(f"bad mix entry {part.strip()!r}: expected STAGE:SHARE, e.g. 1:0.5") from None
        if not sep or stage not in STAGES:
            raise ValueError(f"bad mix entry {part.strip()!r}: stage must be one of {STAGES}")
        if share < 0 or not math.isfinite(share):
            raise ValueError(f"bad mix entry {part.strip()!r}: share must be >= 0")
        if stage in raw:
            raise ValueError(f"stage {stage} given twice in the mix")
        raw[stage] = share
    total = sum(raw.values())
    if total <= 0:
        raise ValueError("the mix's shares sum to 0")
    return {s: v / total for s, v in raw.items()}


def plan(mix: Mix, available: Mapping[int, int]) -> dict[int, int]:
    """Instances to take per stage, given how many are eligible per stage."""
    if not mix.shares:
        quotas = {s: available.get(s, 0) for s in STAGES}
        total = sum(quotas.values())
        if mix.limit is None or total <= mix.limit:
            return quotas
        # No shares but a limit: keep the pool's own proportions.
        return {s: math.floor(mix.limit * n / total) for s, n in quotas.items()}
    wanted = {s: p for s, p in mix.shares.items() if p > 0}
    size = min(available.get(s, 0) / p for s, p in wanted.items())
    if mix.limit is not None:
        size = min(size, mix.limit)
    # A tiny epsilon so 0.3 * 10 is 3, not 2.9999999.
    return {s: (math.floor(size * wanted[s] + 1e-9) if s in wanted else 0) for s in STAGES}


def explain(mix: Mix, available: Mapping[int, int], quotas: Mapping[int, int]) -> str | None:
    """One line for the user when the shares, not the pool, decided the size: which stage was the
    scarcest and what each stage gave (taken of eligible). None without shares."""
    wanted = {s: p for s, p in mix.shares.items() if p > 0}
    if not wanted:
        return None
    scarcest = min(wanted, key=lambda s: available.get(s, 0) / wanted[s])
    taken = ", ".join(f"stage {s}: {quotas.get(s, 0)} of {available.get(s, 0)}" for s in wanted)
    have = available.get(scarcest, 0)
    if mix.limit is not None and mix.limit < have / wanted[scarcest]:
        return f"mix: sized by --limit {mix.limit} ({taken})"
    return (f"mix: stage {scarcest} had only {have} eligible instance{'s' if have != 1 else ''} for its"
            f" {wanted[scarcest]:.0%} share, so the export holds {sum(quotas.values())} ({taken})")
