"""Several workers of one app on one machine: what the scale-out tests and benchmark start.

Only one process may open a chDB path, so in embedded mode exactly one worker sinks into the
pool; the others run with ``--no-sink`` and their own data dir (their run file must not
point pool readers at a worker without the pool) and web port. Against a ClickHouse server
every worker may sink (docs/production.md).
"""

from __future__ import annotations

import time
from pathlib import Path

import httpx

from instructflow.infra.stack import WorkerProcess, split_by_role, start_together, worker_settings
from instructflow.streams.settings import Settings


def start_workers(settings: Settings, n: int, root: Path, timeout_s: float = 120.0,
                  by_role: bool = False) -> list[WorkerProcess]:
    """Worker 0 owns the pool; the others do not sink. ``by_role``: worker 0 runs the pool-side
    agents and the others the edge agents (format, scrub), as the embedded stack does, instead of
    every worker running every agent. Returns once all are ready (in the group)."""
    at_pool, at_edge = split_by_role(settings)
    workers = []
    for i in range(n):
        ws = worker_settings(settings, i, root)
        if by_role and n > 1:
            ws = ws.model_copy(update={"agents": at_edge if i else at_pool})
        workers.append(WorkerProcess(ws, root / f"worker{i}.log", own_pool=(i == 0)))
    try:
        start_together(workers, timeout_s)
        wait_ready(workers, timeout_s)
    except BaseException:
        stop_workers(workers)
        raise
    return workers


def ready(worker: WorkerProcess) -> bool:
    try:
        resp = httpx.get(f"{worker.web_url}/health/ready", timeout=2.0)
    except httpx.HTTPError:
        return False
    return resp.status_code == 200


def wait_ready(workers: list[WorkerProcess], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if all(ready(w) for w in workers):
            return
        time.sleep(0.3)
    raise TimeoutError(f"workers not ready after {timeout_s:.0f} s")


def stop_workers(workers: list[WorkerProcess]) -> None:
    for w in workers:
        w.stop()


def scrape(worker: WorkerProcess) -> dict[str, float]:
    """The worker's /metrics as ``{"name{labels}": value}`` (samples only, no comments)."""
    text = httpx.get(f"{worker.web_url}/metrics", timeout=5.0).text
    out: dict[str, float] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            out[name] = float(value)
    return out


def metric_sum(samples: dict[str, float], name: str, **labels: str) -> float:
    """Sum of the samples of ``name`` whose labels include ``labels``."""
    total = 0.0
    for key, value in samples.items():
        base, _, rest = key.partition("{")
        if base != name:
            continue
        if all(f'{k}="{v}"' in rest for k, v in labels.items()):
            total += value
    return total
