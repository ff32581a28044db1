"""The test double's documented command (docs/synthesis.md), run as a user types it:
`python -m instructflow.infra.llm_testserver --port P --latency-ms N`, from a folder other than the
repository. It must bind loopback only unless told otherwise, answer OpenAI-style, be
deterministic for a seed, and hold each answer for the latency asked.

Planted: `main()` passing `latency_s=0` -> the latency test goes red."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from instructflow.infra.broker import free_port

pytestmark = pytest.mark.integration

LATENCY_MS = 400


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "instructflow.infra.llm_testserver", "--port", str(port), "--latency-ms",
         str(LATENCY_MS), "--seed", "3"],
        cwd=tmp_path_factory.mktemp("elsewhere"), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    banner = proc.stdout.readline()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{base}/health", timeout=2).read()
            break
        except OSError:
            assert time.monotonic() < deadline and proc.poll() is None, banner
            time.sleep(0.1)
    yield base, banner
    proc.terminate()
    proc.wait(timeout=10)


def _chat(base: str, text: str) -> tuple[dict, float]:
    body = json.dumps({"model": "any", "messages": [{"role": "user", "content": text}]}).encode()
    request = urllib.request.Request(f"{base}/v1/chat/completions", data=body,
                                     headers={"Content-Type": "application/json"})
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read()), time.monotonic() - started


def test_it_says_what_it_is_and_listens_on_loopback(server: tuple[str, str]) -> None:
    base, banner = server
    assert "TEST DOUBLE" in banner and "not a model" in banner
    assert f"{base}/v1" in banner  # 127.0.0.1, not 0.0.0.0


def test_answers_openai_style_deterministically_after_the_latency(server: tuple[str, str]) -> None:
    base, _ = server
    first, elapsed = _chat(base, "Write one instruction about tidal energy.")
    second, _ = _chat(base, "Write one instruction about tidal energy.")
    content = first["choices"][0]["message"]["content"]
    assert content and first["choices"][0]["message"]["role"] == "assistant"
    assert second["choices"][0]["message"]["content"] == content
    assert elapsed >= LATENCY_MS / 1000 * 0.95
    models = json.loads(urllib.request.urlopen(f"{base}/v1/models", timeout=5).read())
    assert models["data"]


def test_a_bad_option_is_a_usage_error_without_a_traceback(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "instructflow.infra.llm_testserver", "--latency-ms", "soon"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "--latency-ms" in done.stderr and "Traceback" not in done.stderr
