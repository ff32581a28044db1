"""Child processes of the embedded stack: started with a log file, awaited on a port or an HTTP
route, and always stopped within a bound (SIGTERM, then SIGKILL).

Each child runs in a session of its own (a terminal's Ctrl-C reaches only the supervisor, which
stops them in order), so nothing of the terminal would stop them if the supervisor died: each
is therefore spawned with a Linux parent-death signal, which survives exec (the Tansu broker is
a foreign binary and needs no cooperation) and fires when the supervisor exits for any reason,
SIGKILL included.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_in_use(host: str, port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex((host, port)) == 0


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _parent_death_hook(sig: signal.Signals) -> Callable[[], None] | None:
    """A pre-exec hook that asks the kernel to send ``sig`` to the child when its parent dies.

    The kernel ties the signal to the *thread* that forked, so it is only armed for spawns from
    the main thread (a helper thread that exits would take the child with it). Prepared before
    the fork: the hook itself only calls into libc.
    """
    if not sys.platform.startswith("linux") or threading.current_thread() is not threading.main_thread():
        return None
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    parent = os.getpid()

    def arm() -> None:
        prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
        if os.getppid() != parent:  # the parent died between fork and prctl: nobody will signal us
            os.kill(os.getpid(), sig)

    return arm


def spawn_logged(cmd: Sequence[str], log_path: Path, env: Mapping[str, str] | None = None,
                 on_parent_death: signal.Signals = signal.SIGTERM) -> subprocess.Popen[bytes]:
    """Its own session, so Ctrl-C in the terminal reaches the supervisor, which stops it in order;
    ``on_parent_death`` reaches it if the supervisor dies without doing so."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("ab") as log:
        return subprocess.Popen(list(cmd), stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                env=dict(env) if env is not None else None, start_new_session=True,
                                preexec_fn=_parent_death_hook(on_parent_death))


def wait_for_port(host: str, port: int, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on {host}:{port} after {timeout_s:.0f} s")


def wait_for_http(proc: subprocess.Popen[bytes], url: str, timeout_s: float, what: str, log_path: Path,
                  ready: Callable[[httpx.Response], bool] = lambda r: r.status_code == 200) -> None:
    """Until ``url`` answers as ``ready`` says; fails early, naming the log, if the process exits."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}; see {log_path}")
        try:
            if ready(httpx.get(url, timeout=1.0)):
                return
        except (httpx.HTTPError, ValueError):
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{what} not ready after {timeout_s:.0f} s; see {log_path}")


def stop_process(proc: subprocess.Popen[bytes], timeout_s: float) -> None:
    """SIGTERM, then SIGKILL once ``timeout_s`` has passed: shutdown is always bounded."""
    stop_processes([proc], timeout_s)


def stop_processes(procs: Sequence[subprocess.Popen[bytes]], timeout_s: float) -> None:
    """SIGTERM to all at once, then SIGKILL to those still running after ``timeout_s``: the bound
    is one grace period, not one per process."""
    running = [p for p in procs if p.poll() is None]
    for p in running:
        p.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + timeout_s
    for p in running:
        try:
            p.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(timeout=5)


class RestartBudget:
    """How often a supervisor may restart a child: ``limit`` restarts within ``window_s``, then it
    gives up (a child that crashes on start would otherwise be restarted forever)."""

    def __init__(self, limit: int = 5, window_s: float = 600.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._restarts: list[float] = []

    def allow(self) -> bool:
        now = self._clock()
        self._restarts = [t for t in self._restarts if now - t < self.window_s]
        if len(self._restarts) >= self.limit:
            return False
        self._restarts.append(now)
        return True
