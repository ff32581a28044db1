"""Helpers for console tests: a worker with the console, accounts, prompts, and an HTTP client."""

from __future__ import annotations

import re
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

from bench.loadgen import wait_until
from instructflow.cli.users import set_user
from instructflow.infra.broker import EmbeddedBroker, free_port
from instructflow.infra.stack import WorkerProcess
from instructflow.schemas import Message, Prompt
from instructflow.streams.admin import ensure_topics
from instructflow.streams.producer import Publisher
from instructflow.streams.settings import Settings
from instructflow.streams.topics import PROMPTS_RAW

PASSWORD = "correct-horse-battery"

# Prompts that pass scoring with quality above the default annotation threshold.
PROMPTS = [
    "How do I reverse a linked list in Python without using extra memory? Please explain the pointer updates.",
    "Explain how TCP congestion control reacts to packet loss, and give one concrete example with numbers.",
    "서울에서 부산까지 KTX로 가는 방법과 예매 팁을 자세히 알려주세요. 주말에는 표를 구하기 어렵나요?",
    "Describe why the sky looks blue at noon but red at sunset, and explain the physics in simple terms.",
    "Write a short guide about how to prepare for a job interview as a junior data analyst, with three tips.",
    "김치찌개를 맛있게 끓이는 방법을 단계별로 설명해 주세요. 돼지고기 대신 참치를 써도 되나요?",
    "Give three tips on how to keep sourdough starter healthy in a warm kitchen, and explain why each works.",
    "Explain how compound interest works and compute the balance after five years for 1000 dollars at 5 percent.",
]


def console_settings(broker: EmbeddedBroker, tmp: Path, **overrides: Any) -> Settings:
    tag = uuid.uuid4().hex[:8]
    base = dict(data_dir=tmp / "data", kafka_bootstrap=broker.bootstrap, topic_prefix=f"c{tag}.",
                app_id=f"instructflow-console-{tag}", web_port=free_port(), session_timeout_s=10.0,
                heartbeat_interval_s=1.0, rebalance_timeout_s=10.0, commit_interval_s=0.5, batch_within_s=0.1,
                shutdown_timeout_s=5.0, synth_enabled=False, annotation_min_quality=0.5)
    return Settings(**{**base, **overrides})


def publish_prompts(settings: Settings, texts: list[str], prefix: str = "c") -> list[Prompt]:
    ensure_topics(settings)
    prompts = [Prompt(id=f"{prefix}{i:03d}", messages=[Message(role="user", content=t)]) for i, t in enumerate(texts)]
    with Publisher(settings) as pub:
        for p in prompts:
            pub.send(PROMPTS_RAW, p, key=p.id)
    return prompts


def add_accounts(settings: Settings, worker: WorkerProcess, names: dict[str, str]) -> None:
    for name, role in names.items():
        set_user(settings, name, role, PASSWORD, web_url=worker.web_url)


class ConsoleClient:
    """One signed-in browser-less user of the console."""

    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=base_url, follow_redirects=False, timeout=30)
        self.csrf = ""

    def login(self, name: str, password: str = PASSWORD) -> httpx.Response:
        page = self.http.get("/console/login")
        token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        resp = self.http.post("/console/login", data={"name": name, "password": password, "csrf": token})
        if resp.headers.get("location") == "/console/":
            self.csrf = self.http.get("/console/api/me").json()["csrf"]
        return resp

    def get(self, path: str) -> httpx.Response:
        return self.http.get(f"/console/api{path}")

    def post(self, path: str, body: dict[str, Any] | None = None, csrf: bool = True) -> httpx.Response:
        headers = {"X-CSRF-Token": self.csrf} if csrf else {}
        return self.http.post(f"/console/api{path}", json=body or {}, headers=headers)

    def claim(self) -> dict[str, Any] | None:
        resp = self.post("/claim")
        resp.raise_for_status()
        return resp.json()["item"]

    def close(self) -> None:
        self.http.close()


def wait_for_queue(base_url: str, reviewer: ConsoleClient, at_least: int, timeout_s: float = 180) -> None:
    def enough() -> bool:
        counts = reviewer.get("/stats").json()["counts"]
        return sum(counts.values()) >= at_least

    wait_until(enough, timeout_s, f"{at_least} items in the annotation queue")


def pool_row(worker: WorkerProcess, settings: Settings, instance_id: str) -> dict[str, Any] | None:
    reader = worker.pool_reader()
    try:
        names, rows = reader.query(
            f"SELECT * FROM {settings.clickhouse_database}.instances FINAL WHERE instance_id = {{id:String}}",
            {"id": instance_id})
    except Exception:
        return None
    return dict(zip(names, rows[0], strict=True)) if rows else None


def wait_for_answer_in_pool(worker: WorkerProcess, settings: Settings, instance_id: str, answer: str,
                            timeout_s: float = 120) -> dict[str, Any]:
    found: dict[str, Any] = {}

    def answered() -> bool:
        row = pool_row(worker, settings, instance_id)
        if row and row["output"] == answer:
            found.update(row)
            return True
        return False

    started = time.monotonic()
    wait_until(answered, timeout_s, "the reviewed answer in the pool", every_s=0.2)
    found["_waited_s"] = time.monotonic() - started
    return found
