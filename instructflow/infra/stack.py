"""The embedded stack: a local broker (unless one is configured) and a worker process that owns the pool.

The worker runs as a child process so that stopping is always bounded from outside: the
supervisor sends SIGTERM, waits, and kills. Tests use the same class.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import TracebackType

from instructflow.agents.scrub.origin_id import key_path
from instructflow.infra.broker import EmbeddedBroker
from instructflow.infra.llm_process import LLMTestDoubleProcess
from instructflow.infra.llm_testserver import MODEL_NAME as LLM_TEST_DOUBLE_MODEL
from instructflow.infra.processes import (
    free_port,
    port_in_use,
    spawn_logged,
    stop_process,
    stop_processes,
    wait_for_http,
)
from instructflow.sinks.reader import RemotePool
from instructflow.streams import local_token
from instructflow.streams.admin import ensure_topics
from instructflow.streams.settings import AGENT_NAMES, AgentName, Settings


def settings_env(settings: Settings) -> dict[str, str]:
    """The settings as INSTRUCTFLOW_* variables, so a child process sees exactly these."""
    env = {}
    for name, value in settings.model_dump(mode="json").items():
        if value is None:  # unset: the child's default applies
            continue
        # pydantic-settings reads list fields as JSON.
        env[f"INSTRUCTFLOW_{name.upper()}"] = json.dumps(value) if isinstance(value, list) else str(value)
    env["INSTRUCTFLOW_KAFKA_SASL_PASSWORD"] = settings.kafka_sasl_password.get_secret_value()
    env["INSTRUCTFLOW_LLM_API_KEY"] = settings.llm_api_key.get_secret_value()
    env["INSTRUCTFLOW_ORIGIN_ID_KEY"] = settings.origin_id_key.get_secret_value()
    return env


def worker_settings(settings: Settings, index: int, root: Path) -> Settings:
    """Worker ``index`` of a group on one machine: the same app, topics and pool DSN; from the
    second on, its own web port and data dir (its run file must not point pool readers at a
    worker without the pool)."""
    if index == 0:
        return settings
    data_dir = root / f"worker{index}"
    data_dir.mkdir(parents=True, exist_ok=True)
    # The origin-id key stays the group's: ids hashed by one worker must match those of another.
    return settings.model_copy(update={"web_port": free_port(), "data_dir": data_dir,
                                       "origin_id_key_file": key_path(settings)})


# The agents of the second embedded worker: the CPU-heavy, stateless front of the pipeline.
EDGE_AGENTS = ("format", "scrub")


def split_by_role(settings: Settings) -> tuple[list[AgentName], list[AgentName]]:
    """The agents this configuration runs, as (pool worker's, edge worker's)."""
    wanted = settings.agents or list(AGENT_NAMES)
    return [a for a in wanted if a not in EDGE_AGENTS], [a for a in wanted if a in EDGE_AGENTS]


class WorkerProcess:
    # What runs `worker`: the CLI (a fault test swaps in a wrapper that plants a crash).
    module = "instructflow.cli.main"

    def __init__(self, settings: Settings, log_path: Path, own_pool: bool = True) -> None:
        self.settings = settings
        self.log_path = log_path
        self.own_pool = own_pool
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def web_url(self) -> str:
        return f"http://{self.settings.web_host}:{self.settings.web_port}"

    def pool_reader(self) -> RemotePool:
        """This worker's pool, read with the local credential it wrote for this machine's user."""
        return RemotePool(self.web_url, local_token.headers(self.settings))

    def start(self, timeout_s: float = 120.0) -> WorkerProcess:
        self.spawn()
        self.wait_healthy(timeout_s)
        return self

    def spawn(self) -> WorkerProcess:
        cmd = [sys.executable, "-m", self.module, "worker"]
        if not self.own_pool:
            cmd.append("--no-sink")
        self.proc = spawn_logged(cmd, self.log_path, env={**os.environ, **settings_env(self.settings)})
        return self

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def wait_healthy(self, timeout_s: float) -> None:
        proc = self.proc
        assert proc is not None
        # The pid check: another worker on this port must not pass for ours.
        wait_for_http(proc, f"{self.web_url}/health", timeout_s, "worker", self.log_path,
                      ready=lambda r: r.status_code == 200 and r.json().get("pid") == proc.pid)

    def stop(self) -> None:
        if self.proc is not None:
            stop_process(self.proc, self.settings.shutdown_timeout_s + 1)
            self.proc = None

    def kill(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(timeout=10)
            self.proc = None


def start_together(workers: list[WorkerProcess], timeout_s: float = 120.0) -> None:
    """Spawn every worker, then wait for each: their start-up (presidio, chDB) overlaps."""
    for w in workers:
        w.spawn()
    for w in workers:
        w.wait_healthy(timeout_s)


class EmbeddedStack:
    def __init__(self, settings: Settings, synthesis: bool = False) -> None:
        """``synthesis``: run the Self-Instruct loop; without a configured LLM endpoint, on the test double."""
        self.broker: EmbeddedBroker | None = None
        self.llm_double: LLMTestDoubleProcess | None = None
        if synthesis and settings.synth_enabled and not settings.llm_base_url:
            self.llm_double = LLMTestDoubleProcess(settings.run_dir / "llm-testdouble.log")
            settings = settings.model_copy(update={
                "llm_base_url": self.llm_double.base_url, "llm_model": LLM_TEST_DOUBLE_MODEL})
        elif not synthesis:
            settings = settings.model_copy(update={"synth_enabled": False})
        if not settings.kafka_bootstrap:
            self.broker = EmbeddedBroker(settings.run_dir / "broker.log")
            settings = settings.model_copy(update={"kafka_bootstrap": self.broker.bootstrap})
        if not settings.origin_id_key.get_secret_value():  # one key for both workers (agents/scrub/origin_id.py)
            settings = settings.model_copy(update={"origin_id_key_file": key_path(settings)})
        if settings.web_port == 0 or port_in_use(settings.web_host, settings.web_port):
            settings = settings.model_copy(update={"web_port": free_port()})
        self.settings = settings
        self.edge: WorkerProcess | None = None
        at_pool, at_edge = split_by_role(settings)
        if settings.embedded_workers > 1 and at_edge and at_pool:
            # Two processes, split by role rather than by partition: one Python process cannot use
            # both cores (the GIL), and only one may open the chDB pool. The edge worker takes
            # format and scrub(+score); the pool worker dedup, the sink, synthesis and the web apps.
            edge = worker_settings(settings, 1, settings.run_dir).model_copy(update={"agents": at_edge})
            self.edge = WorkerProcess(edge, settings.run_dir / "worker-edge.log", own_pool=False)
            settings = settings.model_copy(update={"agents": at_pool})
        self.worker = WorkerProcess(settings, settings.run_dir / "worker.log")

    @property
    def workers(self) -> list[WorkerProcess]:
        return [self.worker] + ([self.edge] if self.edge else [])

    def start(self) -> EmbeddedStack:
        if self.llm_double is not None:
            self.llm_double.start()
        if self.broker is not None:
            self.broker.start()
        ensure_topics(self.settings)
        start_together(self.workers)
        return self

    def stop(self) -> None:
        # Every worker in one grace period (they flush to the broker on the way out), then the rest.
        procs = [w.proc for w in self.workers if w.proc is not None]
        stop_processes(procs, self.settings.shutdown_timeout_s + 1)
        for w in self.workers:
            w.proc = None
        if self.broker is not None:
            self.broker.stop()
        if self.llm_double is not None:
            self.llm_double.stop()

    def __enter__(self) -> EmbeddedStack:
        return self.start()

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.stop()
