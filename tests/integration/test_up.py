"""`instructflow up` — what `make run` starts — end to end: its own broker, both worker processes,
the demo prompts pooled, and Ctrl-C stopping every process it started within 10 s."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from instructflow.infra.broker import free_port
from instructflow.sinks.reader import open_reader
from instructflow.streams import runfile
from instructflow.streams.settings import Settings

pytestmark = pytest.mark.integration

DEMO_CHAT_PROMPTS = 35  # infra/demo/prompts.jsonl


def processes_of(data_dir: Path) -> list[int]:
    """Live processes started for this data dir (each inherits INSTRUCTFLOW_DATA_DIR)."""
    marker = f"INSTRUCTFLOW_DATA_DIR={data_dir}".encode()
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if marker in (entry / "environ").read_bytes().split(b"\0"):
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
                if state != "Z":
                    pids.append(int(entry.name))
        except OSError:
            continue
    return pids


def test_up_pools_the_demo_and_ctrl_c_stops_everything(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    env = {k: v for k, v in os.environ.items() if not k.startswith("INSTRUCTFLOW_")}
    env.update({"INSTRUCTFLOW_DATA_DIR": str(data_dir), "INSTRUCTFLOW_WEB_PORT": str(free_port()),
                "INSTRUCTFLOW_SESSION_TIMEOUT_S": "10", "INSTRUCTFLOW_HEARTBEAT_INTERVAL_S": "1",
                "INSTRUCTFLOW_REBALANCE_TIMEOUT_S": "10", "INSTRUCTFLOW_COMMIT_INTERVAL_S": "0.5"})
    out = tmp_path / "up.out"
    with out.open("wb") as sink:
        # A session of its own, so the SIGINT below reaches the process group as a terminal's Ctrl-C would.
        up = subprocess.Popen([sys.executable, "-m", "instructflow.cli.main", "up"], stdout=sink,
                              stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, start_new_session=True)
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
        assert len(processes_of(data_dir)) >= 4  # broker, LLM test double, pool worker, edge worker

        os.killpg(up.pid, signal.SIGINT)
        stopped_at = time.monotonic()
        up.wait(timeout=30)
        assert time.monotonic() - stopped_at <= 10.0
        assert up.returncode == 0, out.read_text()
        assert processes_of(data_dir) == []
        assert runfile.live_owner(settings) is None
    finally:
        if up.poll() is None:
            os.killpg(up.pid, signal.SIGKILL)
        for pid in processes_of(data_dir):
            os.kill(pid, signal.SIGKILL)
