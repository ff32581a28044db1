"""Shared fixtures: a real Tansu broker on loopback per session, fresh topics and groups per test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from instructflow.infra.broker import EmbeddedBroker, free_port
from instructflow.streams.settings import Settings

REPO = Path(__file__).resolve().parent.parent


def shared_data_dir() -> Path:
    return Path(os.environ.get("INSTRUCTFLOW_SHARED_DATA", REPO.parent / "shared" / "data"))


@pytest.fixture
def shared_data() -> Path:
    path = shared_data_dir()
    if not path.is_dir():
        pytest.skip(f"real data sets not present at {path} (set INSTRUCTFLOW_SHARED_DATA)")
    return path


@pytest.fixture(scope="session")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedBroker]:
    with EmbeddedBroker(tmp_path_factory.mktemp("broker") / "broker.log") as b:
        yield b


@pytest.fixture
def settings(broker: EmbeddedBroker, tmp_path: Path) -> Settings:
    """Settings of one test: its own topics, consumer group, web port and chDB pool."""
    tag = uuid.uuid4().hex[:8]
    return Settings(
        data_dir=tmp_path / "data",
        kafka_bootstrap=broker.bootstrap,
        topic_prefix=f"t{tag}.",
        app_id=f"instructflow-test-{tag}",
        web_port=free_port(),
        session_timeout_s=10.0,
        heartbeat_interval_s=1.0,
        rebalance_timeout_s=10.0,
        commit_interval_s=0.5,
        batch_within_s=0.1,
        shutdown_timeout_s=5.0,
    )
