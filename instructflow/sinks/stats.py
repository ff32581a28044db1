"""What ``pool stats`` reports: counts by source/stage/status, rejects by reason, PII found."""

from __future__ import annotations

from dataclasses import dataclass

from instructflow.sinks.reader import PoolReader


@dataclass(frozen=True)
class PoolStats:
    by_source_status: list[tuple[str, int, str, int]]
    rejects_by_reason: list[tuple[str, str, int]]
    pii_by_type: list[tuple[str, int]]

    @property
    def total(self) -> int:
        return sum(n for *_, n in self.by_source_status)

    def count(self, status: str) -> int:
        return sum(n for _, _, s, n in self.by_source_status if s == status)


def collect_stats(reader: PoolReader, database: str) -> PoolStats:
    t = f"{database}.instances FINAL"
    _, by_source_status = reader.query(
        f"SELECT source, stage, status, count() FROM {t} GROUP BY source, stage, status ORDER BY source, status"
    )
    _, rejects = reader.query(
        f"SELECT source, reject_reason, count() AS n FROM {t} WHERE status = 'rejected' "
        "GROUP BY source, reject_reason ORDER BY source, n DESC, reject_reason"
    )
    _, pii = reader.query(
        f"SELECT k, sum(v) AS n FROM {t} ARRAY JOIN mapKeys(pii) AS k, mapValues(pii) AS v "
        "GROUP BY k ORDER BY n DESC, k"
    )
    return PoolStats(
        by_source_status=[(str(s), int(st), str(x), int(n)) for s, st, x, n in by_source_status],
        rejects_by_reason=[(str(s), str(r), int(n)) for s, r, n in rejects],
        pii_by_type=[(str(k), int(n)) for k, n in pii],
    )
