"""The LLM test double as a child process, for `instructflow up` when no endpoint is configured.

It is named a test double wherever it appears (log line, `up` banner, model name): it
composes replies from word lists and is not a language model.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from instructflow.infra.processes import free_port, spawn_logged, stop_process, wait_for_http


class LLMTestDoubleProcess:
    def __init__(self, log_path: Path, seed: int = 0, latency_ms: float = 50.0) -> None:
        self.log_path = log_path
        self.port = free_port()
        self.seed = seed
        self.latency_ms = latency_ms
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self, timeout_s: float = 20.0) -> LLMTestDoubleProcess:
        cmd = [sys.executable, "-m", "instructflow.infra.llm_testserver", "--port", str(self.port),
               "--seed", str(self.seed), "--latency-ms", str(self.latency_ms)]
        self.proc = spawn_logged(cmd, self.log_path, on_parent_death=signal.SIGKILL)
        wait_for_http(self.proc, f"http://127.0.0.1:{self.port}/health", timeout_s, "LLM test double", self.log_path)
        return self

    def stop(self) -> None:
        if self.proc is not None:
            stop_process(self.proc, 5.0)
            self.proc = None
