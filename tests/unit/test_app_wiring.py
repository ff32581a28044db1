"""Which agents a worker registers and what each subscribes to, by role, pool and dedup mode.

The invariant behind it: every topic an agent reads is subscribed by exactly the agents that must
see all of it. A worker without the pool must not take partitions of instances.accepted/rejected
from the sink, and in single dedup mode nothing reads instances.accepted back (dedup hands its
accepted instances to the sink in process)."""

from __future__ import annotations

from pathlib import Path

import pytest

from instructflow.app.topology import build_app
from instructflow.sinks.pool import Pool
from instructflow.streams.runtime import Runtime
from instructflow.streams.settings import Settings


class UnopenedPool(Pool):
    """The wiring only holds the pool; nothing here may open or write it."""

    def __init__(self) -> None:
        pass


def subscriptions(settings: Settings, pool: Pool | None) -> dict[str, set[str]]:
    app = build_app(settings, pool)
    return {name: set(topics) for name, topics in Runtime.of(app).agents().items()}


def settings_for(tmp_path: Path, **kw: object) -> Settings:
    # A bootstrap is only stored by the app; nothing here connects to it.
    return Settings(data_dir=tmp_path, synth_enabled=False, kafka_bootstrap="127.0.0.1:9", **kw)  # type: ignore[arg-type]


def test_pool_worker_in_single_mode_chains_dedup_to_the_sink(tmp_path: Path) -> None:
    subs = subscriptions(settings_for(tmp_path, agents=["dedup", "sink"]), UnopenedPool())
    assert subs == {"dedup": {"instances.scored", "instances.rejected"}}


def test_without_the_pool_single_mode_runs_no_dedup_and_reads_no_pool_topic(tmp_path: Path) -> None:
    subs = subscriptions(settings_for(tmp_path, agents=["format", "dedup", "sink"]), None)
    assert subs == {"format": {"tasks.raw"}}


def test_a_sink_without_dedup_reads_only_the_rejects(tmp_path: Path) -> None:
    subs = subscriptions(settings_for(tmp_path, agents=["sink"]), UnopenedPool())
    assert subs == {"sink": {"instances.rejected"}}


def test_partitioned_mode_chains_the_sink_to_the_combiner_where_the_pool_is(tmp_path: Path) -> None:
    subs = subscriptions(settings_for(tmp_path, agents=["dedup", "sink"], dedup_mode="partitioned"), UnopenedPool())
    # The combiner hands accepted instances to the sink in process (still published), like single mode.
    assert subs == {"dedup_router": {"instances.scored"}, "dedup_owner": {"dedup.bands"},
                    "dedup_combiner": {"dedup.votes", "instances.rejected"}}
    # Without the pool: router and owners only, and nothing reads instances.accepted.
    assert subscriptions(settings_for(tmp_path, agents=["dedup", "sink"], dedup_mode="partitioned"), None) \
        == {"dedup_router": {"instances.scored"}, "dedup_owner": {"dedup.bands"}}
    assert subscriptions(settings_for(tmp_path, agents=["sink"], dedup_mode="partitioned"), UnopenedPool()) \
        == {"sink": {"instances.rejected"}}


@pytest.mark.parametrize("pool", [None, UnopenedPool()])
def test_the_edge_role_chains_score_to_scrub(tmp_path: Path, pool: Pool | None) -> None:
    subs = subscriptions(settings_for(tmp_path, agents=["format", "scrub"]), pool)
    assert subs == {"format": {"tasks.raw"}, "scrub": {"prompts.raw", "instances.candidates"}}
