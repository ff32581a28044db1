"""`instructflow up` — what `make run` starts — end to end: its own broker, both worker processes,
the demo prompts pooled, and Ctrl-C stopping every process it started within 10 s."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.loadgen import wait_until
from instructflow.infra.broker import free_port
from instructflow.sinks.reader import open_reader
from instructflow.streams import runfile
from instructflow.streams.settings import Settings

pytestmark = pytest.mark.integration

DEMO_CHAT_PROMPTS = 35  # infra/demo/prompts.jsonl


def processes_of(data_dir: Path) -> list[int]:
    """Live processes started for this data dir: each has INSTRUCTFLOW_DATA_DIR set to it or, the
    edge worker, to a directory inside it."""
    marker = f"INSTRUCTFLOW_DATA_DIR={data_dir}".encode()
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if any(v == marker or v.startswith(marker + b"/") for v in (entry / "environ").read_bytes().split(b"\0")):
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
                if state != "Z":
                    pids.append(int(entry.name))
        except OSError:
            continue
    return pids


def start_up(data_dir: Path, out: Path, **extra_env: str) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INSTRUCTFLOW_")}
    env.update({"INSTRUCTFLOW_DATA_DIR": str(data_dir), "INSTRUCTFLOW_WEB_PORT": str(free_port()),
                "INSTRUCTFLOW_SESSION_TIMEOUT_S": "10", "INSTRUCTFLOW_HEARTBEAT_INTERVAL_S": "1",
                "INSTRUCTFLOW_REBALANCE_TIMEOUT_S": "10", "INSTRUCTFLOW_COMMIT_INTERVAL_S": "0.5", **extra_env})
    with out.open("wb") as sink:
        # A session of its own, so the SIGINT below reaches the process group as a terminal's Ctrl-C would.
        return subprocess.Popen([sys.executable, "-m", "instructflow.cli.main", "up"], stdout=sink,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, start_new_session=True)


def kill_leftovers(up: subprocess.Popen[bytes], data_dir: Path) -> None:
    if up.poll() is None:
        os.killpg(up.pid, signal.SIGKILL)
    for pid in processes_of(data_dir):
        os.kill(pid, signal.SIGKILL)


def test_up_pools_the_demo_and_ctrl_c_stops_everything(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    out = tmp_path / "up.out"
    up = start_up(data_dir, out)
    try:
        settings = Settings(data_dir=data_dir)
        deadline = time.monotonic() + 240
        chat = 0
        while time.monotonic() < deadline and chat < DEMO_CHAT_PROMPTS:
            assert up.poll() is None, out.read_text()
            owner = runfile.live_owner(settings)
            if owner is not None:
                try:
                    _, rows = open_reader(settings).query(
                        "SELECT count() FROM instructflow.instances FINAL WHERE source = 'chat'")
                    chat = int(rows[0][0])
                except Exception:  # the pool tables appear with the sink's first batch
                    pass
            time.sleep(1.0)
        text = out.read_text()
        assert chat == DEMO_CHAT_PROMPTS, text
        assert "instructflow is up" in text and "edge   :" in text  # two worker processes
        assert len(processes_of(data_dir)) >= 5  # up, broker, LLM test double, pool worker, edge worker

        os.killpg(up.pid, signal.SIGINT)
        stopped_at = time.monotonic()
        up.wait(timeout=30)
        assert time.monotonic() - stopped_at <= 10.0
        assert up.returncode == 0, out.read_text()
        assert processes_of(data_dir) == []
        assert runfile.live_owner(settings) is None
    finally:
        kill_leftovers(up, data_dir)


SHUTDOWN_S = 4.0
# (signal, seconds after `up` started): seeded moments over its start (imports, LLM test double,
# broker, topics, both workers loading and joining), plus "up" (once it printed that it is up).
_rng = random.Random(11)
WINDOWS = ((0.3, 3.0), (3.0, 9.0), (9.0, 16.0))  # imports and first children; broker and topics; workers
KILL_POINTS = [(sig, round(_rng.uniform(lo, hi), 1)) for sig in (signal.SIGINT, signal.SIGKILL) for lo, hi in WINDOWS]
KILL_POINTS += [(signal.SIGKILL, "up")]


@pytest.mark.parametrize(("sig", "when"), KILL_POINTS, ids=[f"{s.name}@{w}" for s, w in KILL_POINTS])
def test_up_interrupted_or_killed_during_start_leaves_no_process(tmp_path: Path, sig: signal.Signals,
                                                                 when: float | str) -> None:
    """Ctrl-C stops everything within the shutdown bound; after a SIGKILL of `up` (nothing of it runs
    again) its children notice through their parent-death signal and exit. Planted (once, then
    restored): spawning without the parent-death hook (preexec_fn=None) left the broker, the LLM
    double and the workers running after SIGKILL, and this test failed naming them."""
    data_dir = tmp_path / "var"
    out = tmp_path / "up.out"
    up = start_up(data_dir, out, INSTRUCTFLOW_SHUTDOWN_TIMEOUT_S=str(SHUTDOWN_S), INSTRUCTFLOW_SYNTH_ENABLED="true")
    try:
        if when == "up":
            wait_until(lambda: "instructflow is up" in out.read_text(errors="replace") or up.poll() is not None,
                       240, "`up` to start")
            assert up.poll() is None, out.read_text()
        else:
            time.sleep(float(when))
        started = len(processes_of(data_dir))
        os.kill(up.pid, sig)
        signalled = time.monotonic()
        up.wait(timeout=60)
        if sig == signal.SIGINT:
            # The bound: the workers' grace period, then the broker and the LLM double (5 s each at most).
            assert time.monotonic() - signalled <= SHUTDOWN_S + 1 + 3, out.read_text()
        # A SIGKILLed `up` stops nothing itself: the workers get SIGTERM and exit within their grace period.
        deadline = time.monotonic() + SHUTDOWN_S + 5
        while processes_of(data_dir) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = {pid: Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")[:120]
                for pid in processes_of(data_dir)}
        assert not left, f"{sig.name} {when} s into `up` ({started} processes then) left {left}"
    finally:
        kill_leftovers(up, data_dir)
