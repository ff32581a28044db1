"""The LLM test double as a child process, for `instructflow up` when no endpoint is configured.

It is named a test double wherever it appears (log line, `up` banner, model name): it
composes replies from word lists and is not a language model.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx

from instructflow.infra.broker import free_port, stop_process

# `up` on the test double stops after this many candidates unless a cap is configured:
# the double never runs out of ideas, and the demo should not fill the disk.
DEMO_CAP = 200


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
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "instructflow.infra.llm_testserver", "--port", str(self.port),
               "--seed", str(self.seed), "--latency-ms", str(self.latency_ms)]
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         start_new_session=True)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"LLM test double exited with {self.proc.returncode}; see {self.log_path}")
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/health", timeout=1.0).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise TimeoutError(f"LLM test double not up after {timeout_s:.0f} s; see {self.log_path}")

    def stop(self) -> None:
        if self.proc is not None:
            stop_process(self.proc, 5.0)
            self.proc = None
