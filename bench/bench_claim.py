"""Next-item claim latency with 50 concurrent annotators, against a naive ClickHouse claim, and
accept-to-pool latency.

* console: the real worker (embedded broker, pipeline, chDB pool) with the console; the queue
  is filled by publishing items to ``annotation.queue``; 50 signed-in annotators each loop
  claim -> submit over HTTP (aiohttp clients, cookies, CSRF), and every claim's round trip is
  timed. The console claims from its in-memory lease table and stores the claim afterwards.
* baseline: the straightforward design, served the same way (aiohttp, same clients, same
  loop): each claim is a ClickHouse ``SELECT`` of the best unclaimed item plus an ``INSERT``
  of the claim, under one lock (without it two annotators get the same item), on its own chDB.
* accept-to-pool: a reviewer accepts answers; time until each answered row is in the pool
  (console -> instances.candidates -> scrub -> score -> dedup -> accepted -> pool sink).

Run: ``.venv/bin/python bench/bench_claim.py [--annotators 50] [--claims 20]``; writes
bench/results/claim.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import random
import re
import statistics
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from loadgen import request_text

from instructflow.cli.users import set_user
from instructflow.infra.broker import EmbeddedBroker, free_port
from instructflow.infra.stack import WorkerProcess
from instructflow.schemas import AnnotationItem, Instance, Message, Source, Status
from instructflow.sinks.pool import Pool
from instructflow.sinks.reader import RemotePool
from instructflow.streams import local_token
from instructflow.streams.admin import ensure_topics
from instructflow.streams.producer import Publisher
from instructflow.streams.settings import Settings
from instructflow.streams.topics import ANNOTATION_QUEUE

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "claim.json"
PASSWORD = "bench-password-1"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def summary(ms: list[float]) -> dict[str, float]:
    return {"n": len(ms), "p50_ms": round(percentile(ms, 50), 2), "p95_ms": round(percentile(ms, 95), 2),
            "p99_ms": round(percentile(ms, 99), 2), "max_ms": round(max(ms), 2),
            "mean_ms": round(statistics.fmean(ms), 2)}


def make_items(n: int) -> list[AnnotationItem]:
    rng = random.Random(11)
    now = datetime.now(UTC)
    items = []
    for i in range(n):
        inst = Instance(instance_id=f"bench{i:06d}", origin_id=f"bench{i:06d}", source=Source.chat, stage=2, lang="en",
                        status=Status.accepted, messages=[Message(role="user", content=request_text(rng))],
                        scores={"quality": round(rng.uniform(0.5, 1.0), 4)}, created_at=now)
        items.append(AnnotationItem(instance=inst, cluster=f"en:{i % 64}", priority=inst.scores["quality"],
                                    queued_at=now))
    return items


# -- the clients (the same for both servers) ----------------------------------------------------
class Annotator:
    def __init__(self, base: str, name: str, login: bool) -> None:
        self.base, self.name, self.login_needed = base, name, login
        self.session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.csrf = ""
        self.server_ms: list[float] = []  # the console's own Server-Timing for each claim

    async def login(self) -> None:
        if not self.login_needed:
            return
        async with self.session.get(f"{self.base}/console/login") as r:
            token = re.search(r'name="csrf" value="([^"]+)"', await r.text()).group(1)
        async with self.session.post(f"{self.base}/console/login", allow_redirects=False,
                                     data={"name": self.name, "password": PASSWORD, "csrf": token}) as r:
            assert r.status == 303, r.status
        async with self.session.get(f"{self.base}/console/api/me") as r:
            self.csrf = (await r.json())["csrf"]

    async def post(self, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        async with self.session.post(f"{self.base}/console/api{path}", json=body or {},
                                     headers={"X-CSRF-Token": self.csrf, "X-Annotator": self.name}) as r:
            data = await r.json()
            if timing := r.headers.get("Server-Timing"):
                self.server_ms.append(float(timing.split("dur=")[1]))
            if r.status != 200:
                raise RuntimeError(f"{path}: {r.status} {data}")
            return data


async def run_annotators(base: str, n: int, claims_each: int, login: bool,
                         think_ms: float) -> tuple[list[float], list[str], list[float]]:
    """Each annotator: claim, submit, think for uniform(0, think_ms), repeat (0: a closed loop)."""
    annotators = [Annotator(base, f"ann{i:02d}", login) for i in range(n)]
    rng = random.Random(3)
    await asyncio.gather(*(a.login() for a in annotators))
    latencies: list[float] = []
    claimed: list[str] = []

    async def work(a: Annotator) -> None:
        for _ in range(claims_each):
            t0 = time.perf_counter()
            item = (await a.post("/claim"))["item"]
            latencies.append((time.perf_counter() - t0) * 1000)
            if item is None:
                return
            claimed.append(item["item_id"])
            await a.post(f"/items/{item['item_id']}/submit", {"answer": f"Answer by {a.name}.", "rating": 4})
            if think_ms:
                await asyncio.sleep(rng.uniform(0, think_ms) / 1000)

    start = asyncio.Event()

    async def gated(a: Annotator) -> None:
        await start.wait()
        await work(a)

    tasks = [asyncio.create_task(gated(a)) for a in annotators]
    start.set()
    await asyncio.gather(*tasks)
    for a in annotators:
        await a.session.close()
    return latencies, claimed, [ms for a in annotators for ms in a.server_ms]


# -- the naive baseline server --------------------------------------------------------------------
class NaiveClaimServer:
    """Claims straight from ClickHouse: SELECT the best unclaimed item, INSERT the claim."""

    def __init__(self, path: str, items: list[AnnotationItem]) -> None:
        self.pool = Pool(f"chdb://{path}", "naive")
        self.lock = asyncio.Lock()
        c = self.pool.client
        c.command("CREATE DATABASE IF NOT EXISTS naive")
        c.command("CREATE TABLE naive.items (item_id String, priority Float32, queued_at DateTime64(3)) "
                  "ENGINE = MergeTree ORDER BY item_id")
        c.command("CREATE TABLE naive.claims (item_id String, annotator String, at DateTime64(3)) "
                  "ENGINE = MergeTree ORDER BY item_id")
        c.command("CREATE TABLE naive.submissions (item_id String, annotator String, answer String, "
                  "at DateTime64(3)) ENGINE = MergeTree ORDER BY item_id")
        c.insert("naive.items", [(i.item_id, i.priority, i.queued_at) for i in items],
                 column_names=["item_id", "priority", "queued_at"])

    def _claim(self, annotator: str) -> str | None:
        with self.pool._lock:
            rows = self.pool.client.query(
                "SELECT item_id FROM naive.items WHERE item_id NOT IN (SELECT item_id FROM naive.claims) "
                "ORDER BY priority DESC, queued_at, item_id LIMIT 1").result_rows
            if not rows:
                return None
            self.pool.client.insert("naive.claims", [(rows[0][0], annotator, datetime.now(UTC))],
                                    column_names=["item_id", "annotator", "at"])
            return rows[0][0]

    async def claim(self, request: web.Request) -> web.Response:
        async with self.lock:  # without it, two concurrent claims can pick the same item
            item_id = await asyncio.to_thread(self._claim, request.headers["X-Annotator"])
        return web.json_response({"item": {"item_id": item_id} if item_id else None})

    async def submit(self, request: web.Request) -> web.Response:
        body = await request.json()
        row = (request.match_info["item_id"], request.headers["X-Annotator"], body["answer"], datetime.now(UTC))
        await asyncio.to_thread(self.pool.insert_rows, "submissions", [row],
                                ["item_id", "annotator", "answer", "at"])
        return web.json_response({"ok": True})

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/console/api/claim", self.claim)
        app.router.add_post("/console/api/items/{item_id}/submit", self.submit)
        return app


def serve_in_thread(app: web.Application, port: int) -> None:
    loop = asyncio.new_event_loop()
    ready = threading.Event()

    def run() -> None:
        asyncio.set_event_loop(loop)
        runner = web.AppRunner(app, access_log=None)
        loop.run_until_complete(runner.setup())
        loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", port).start())
        ready.set()
        loop.run_forever()

    threading.Thread(target=run, daemon=True).start()
    ready.wait(30)


# -- accept-to-pool -----------------------------------------------------------------------------------
async def accept_to_pool(base: str, settings: Settings, item_ids: list[str]) -> list[float]:
    reviewer = Annotator(base, "bench-reviewer", True)
    await reviewer.login()
    accepted_at: dict[str, float] = {}
    for item_id in item_ids:
        await reviewer.post(f"/items/{item_id}/accept", {"rating": 4})
        accepted_at[item_id] = time.perf_counter()
    await reviewer.session.close()
    reader = RemotePool(base, local_token.headers(settings))
    seen: dict[str, float] = {}
    deadline = time.perf_counter() + 180
    while len(seen) < len(item_ids) and time.perf_counter() < deadline:
        _, rows = await asyncio.to_thread(
            reader.query, f"SELECT instance_id FROM {settings.clickhouse_database}.instances FINAL "
                          "WHERE instance_id IN {ids:Array(String)} AND output != ''", {"ids": item_ids})
        now = time.perf_counter()
        for (iid,) in rows:
            seen.setdefault(iid, now)
        await asyncio.sleep(0.05)
    return [(seen[i] - accepted_at[i]) * 1000 for i in item_ids if i in seen]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotators", type=int, default=50)
    parser.add_argument("--claims", type=int, default=20, help="claims per annotator")
    parser.add_argument("--accepts", type=int, default=30, help="answers accepted for accept-to-pool")
    parser.add_argument("--think-ms", type=float, default=1000.0,
                        help="paced run: pause up to this long between submit and next claim")
    args = parser.parse_args()
    modes = {"paced": args.think_ms, "closed_loop": 0.0}
    n_items = len(modes) * args.annotators * args.claims + 200
    items = make_items(n_items)
    tmp = Path(tempfile.mkdtemp(prefix="bench-claim-"))

    # Baseline first, on its own chDB in this process.
    naive_port = free_port()
    serve_in_thread(NaiveClaimServer(str(tmp / "naive"), items).app(), naive_port)
    naive: dict[str, dict[str, float]] = {}
    naive_claimed: list[str] = []
    for mode, think in modes.items():
        ms, claimed, _ = asyncio.run(run_annotators(f"http://127.0.0.1:{naive_port}", args.annotators, args.claims,
                                                    login=False, think_ms=think))
        naive[mode], naive_claimed = summary(ms), naive_claimed + claimed
    assert len(set(naive_claimed)) == len(naive_claimed), "baseline handed out an item twice"

    with EmbeddedBroker(tmp / "broker.log") as broker:
        settings = Settings(data_dir=tmp / "data", kafka_bootstrap=broker.bootstrap, web_port=free_port(),
                            synth_enabled=False, annotation_lease_s=3600, shutdown_timeout_s=5.0,
                            batch_within_s=0.05, commit_interval_s=0.5)
        ensure_topics(settings)
        with Publisher(settings) as pub:
            for item in items:
                pub.send(ANNOTATION_QUEUE, item, key=item.item_id)
        worker = WorkerProcess(settings, tmp / "worker.log").start()
        try:
            for i in range(args.annotators):
                set_user(settings, f"ann{i:02d}", "annotator", PASSWORD, web_url=worker.web_url)
            set_user(settings, "bench-reviewer", "reviewer", PASSWORD, web_url=worker.web_url)
            base = worker.web_url

            async def loaded() -> None:
                probe = Annotator(base, "bench-reviewer", True)
                await probe.login()
                while True:
                    async with probe.session.get(f"{base}/console/api/stats") as r:
                        if r.status == 200 and sum((await r.json())["counts"].values()) >= n_items:
                            break
                    await asyncio.sleep(0.5)
                await probe.session.close()

            asyncio.run(asyncio.wait_for(loaded(), 300))
            console: dict[str, dict[str, float]] = {}
            in_handler: dict[str, dict[str, float]] = {}
            console_claimed: list[str] = []
            for mode, think in modes.items():
                ms, claimed, server_ms = asyncio.run(run_annotators(base, args.annotators, args.claims, login=True,
                                                                    think_ms=think))
                console[mode], in_handler[mode] = summary(ms), summary(server_ms)
                console_claimed += claimed
            assert len(set(console_claimed)) == len(console_claimed), "console handed out an item twice"
            pool_ms = asyncio.run(accept_to_pool(base, settings, console_claimed[: args.accepts]))
        finally:
            worker.stop()

    result = {
        "benchmark": "claim",
        "annotators": args.annotators, "claims_per_annotator_per_mode": args.claims, "items": n_items,
        "modes": {"paced": f"think uniform(0, {args.think_ms:.0f}) ms between submit and next claim",
                  "closed_loop": "no think time: a saturation test"},
        "console_claim": console, "naive_clickhouse_claim": naive, "console_claim_in_handler": in_handler,
        "p99_speedup_vs_naive": {m: round(naive[m]["p99_ms"] / console[m]["p99_ms"], 1) for m in modes},
        "target_p99_ms": 50, "meets_target_paced": console["paced"]["p99_ms"] <= 50,
        "accept_to_pool": summary(pool_ms) if pool_ms else None,
        "accepted_found_in_pool": f"{len(pool_ms)}/{min(args.accepts, len(console_claimed))}",
        "machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count()},
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
