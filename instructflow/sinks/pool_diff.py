"""``instructflow pool diff A B``: do two pools hold the same instances with the same decisions?

Rows are compared by ``instance_id``: content (instruction, input, output, messages) and the
decision (status, reject reason, duplicate_of). chDB opens one path per process, so each pool
is dumped (sorted by id, one digest per row) by its own child process into a file, and the
two files are merged in one pass: memory stays flat however large the pools are.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from instructflow.sinks.pool import Pool

DIGEST_SQL = (
    "SELECT instance_id, hex(sipHash128(instruction, '\\x1e', input, '\\x1e', output, '\\x1e', toString(messages))), "
    "status, reject_reason, duplicate_of FROM {db}.instances FINAL ORDER BY instance_id"
)
FIELDS = ("instance_id", "content", "status", "reject_reason", "duplicate_of")
EXAMPLES = 10


@dataclass
class PoolDiff:
    a_rows: int = 0
    b_rows: int = 0
    equal: int = 0
    only_in_a: list[str] = field(default_factory=list)
    only_in_b: list[str] = field(default_factory=list)
    content_differs: list[str] = field(default_factory=list)
    decision_differs: list[tuple[str, str, str]] = field(default_factory=list)  # id, a decision, b decision
    counts: dict[str, int] = field(default_factory=lambda: {"only_in_a": 0, "only_in_b": 0,
                                                            "content_differs": 0, "decision_differs": 0})

    @property
    def identical(self) -> bool:
        return not any(self.counts.values())

    def _note(self, kind: str, item: object) -> None:
        self.counts[kind] += 1
        examples = getattr(self, kind)
        if len(examples) < EXAMPLES:
            examples.append(item)


def dump(dsn: str, database: str, out: Path) -> int:
    """Write one tab-separated digest line per instance, sorted by id; returns the row count."""
    pool = Pool(dsn, database)
    n = 0
    try:
        with out.open("w", encoding="utf-8") as f, pool.client.query_row_block_stream(
                DIGEST_SQL.replace("{db}", database)) as blocks:
            for block in blocks:
                for row in block:
                    # Ids are hex and reasons are identifiers: no tabs or newlines to escape.
                    f.write("\t".join(str(v) for v in row) + "\n")
                    n += 1
    finally:
        pool.close()
    return n


def _dump_in_child(dsn: str, database: str, out: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "instructflow.sinks.pool_diff", dsn, database, str(out)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["(no output)"])[-1]
        if "EmbeddedServer" in tail:  # chDB's words for "another process has this path open"
            tail = "another process has it open (a running worker? stop it first)"
        raise RuntimeError(f"cannot read pool {dsn} ({database}): {tail}")


def _rows(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            yield line.rstrip("\n").split("\t")


def compare_files(a: Path, b: Path) -> PoolDiff:
    diff = PoolDiff()
    ia, ib = _rows(a), _rows(b)
    ra, rb = next(ia, None), next(ib, None)
    while ra is not None or rb is not None:
        if ra is not None and (rb is None or ra[0] < rb[0]):
            diff.a_rows += 1
            diff._note("only_in_a", ra[0])
            ra = next(ia, None)
        elif rb is not None and (ra is None or rb[0] < ra[0]):
            diff.b_rows += 1
            diff._note("only_in_b", rb[0])
            rb = next(ib, None)
        else:
            assert ra is not None and rb is not None  # the same id on both sides
            diff.a_rows += 1
            diff.b_rows += 1
            if ra[1] != rb[1]:
                diff._note("content_differs", ra[0])
            elif ra[2:] != rb[2:]:
                decision_a, decision_b = "/".join(x for x in ra[2:] if x), "/".join(x for x in rb[2:] if x)
                diff._note("decision_differs", (ra[0], decision_a, decision_b))
            else:
                diff.equal += 1
            ra, rb = next(ia, None), next(ib, None)
    return diff


def diff_pools(a: tuple[str, str], b: tuple[str, str]) -> PoolDiff:
    """Compare pools given as (dsn, database)."""
    with tempfile.TemporaryDirectory(prefix="instructflow-diff-") as tmp:
        fa, fb = Path(tmp) / "a.tsv", Path(tmp) / "b.tsv"
        _dump_in_child(*a, fa)
        _dump_in_child(*b, fb)
        return compare_files(fa, fb)


if __name__ == "__main__":  # the child process of _dump_in_child
    dump(sys.argv[1], sys.argv[2], Path(sys.argv[3]))
