"""The Faust app: every agent of the pipeline registered on one worker."""

from __future__ import annotations

import logging
from datetime import timedelta

import faust

from instructflow.sinks.pool import Pool
from instructflow.streams.fusion import Fused
from instructflow.streams.instrumented import InstrumentedRuntime
from instructflow.streams.kafka import faust_broker_options
from instructflow.streams.limits import fetch_bytes, request_bytes
from instructflow.streams.metrics import metrics_of
from instructflow.streams.settings import AGENT_NAMES, Settings
from instructflow.streams.topics import ACCEPTED, SCRUBBED

log = logging.getLogger(__name__)


def build_app(settings: Settings, pool: Pool | None) -> faust.App:
    """``pool`` is the process's own pool handle; None for workers that must not open it."""
    from instructflow.agents.annotate.agent import AnnotationSelectStep
    from instructflow.agents.dedup.agent import DedupStep
    from instructflow.agents.dedup.partitioned.agents import partitioned_dedup_steps
    from instructflow.agents.format.agent import FormatStep
    from instructflow.agents.score.agent import ScoreStep
    from instructflow.agents.scrub.agent import ScrubStep
    from instructflow.sinks.agent import PoolSinkStep

    app = faust.App(
        settings.app_id,
        **faust_broker_options(settings),
        store="memory://",
        datadir=str(settings.data_dir.resolve() / "faust"),
        autodiscover=False,
        web_enabled=True,
        web_host=settings.web_host,
        web_port=settings.web_port,
        web_in_thread=False,
        topic_replication_factor=settings.topic_replication,
        topic_partitions=settings.topic_partitions,
        topic_allow_declare=False,
        consumer_auto_offset_reset="earliest",
        broker_session_timeout=settings.session_timeout_s,
        broker_heartbeat_interval=settings.heartbeat_interval_s,
        broker_rebalance_timeout=settings.rebalance_timeout_s,
        broker_commit_interval=settings.commit_interval_s,
        producer_acks=-1,
        producer_max_request_size=request_bytes(settings),  # one limit end to end (streams/limits.py)
        consumer_max_fetch_size=fetch_bytes(settings),
        stream_buffer_maxsize=max(4096, settings.batch_size * 4),
        worker_redirect_stdouts=False,
        table_cleanup_interval=timedelta(minutes=5).total_seconds(),
    )
    runtime = InstrumentedRuntime(app, settings, metrics_of(app))  # Runtime + Prometheus metrics
    runs = set(settings.agents or AGENT_NAMES)
    if "format" in runs:
        runtime.register(FormatStep(settings))
    if "scrub" in runs:
        # Score runs chained to scrub: instances.scrubbed is still published (the log replay reads),
        # but not consumed again by this worker (streams/fusion.py).
        runtime.register(Fused(settings, (ScrubStep(settings), ScoreStep(settings)), internal=(SCRUBBED,)))
    pool_side = (PoolSinkStep(pool), AnnotationSelectStep(settings)) if pool is not None else ()
    if settings.dedup_mode == "partitioned":  # band owners over dedup.bands (agents/dedup/partitioned/)
        if "dedup" in runs:
            for step in partitioned_dedup_steps(settings):
                runtime.register(step)
        # A worker without the pool must not subscribe to instances.accepted at all: Faust assigns a
        # topic's partitions among the workers that subscribe to it, and those it got would bypass the sink.
        if "sink" in runs and pool_side:
            runtime.register(Fused(settings, pool_side))
    else:
        # The decider writes its own decisions: dedup -> sink -> annotate-select in one agent, accepted
        # instances handed on in process (still published: they are dedup's state and the log of record).
        # No agent reads instances.accepted back, so dedup runs only where the pool is (a ClickHouse
        # server: every worker; embedded chDB: the one pool worker). Rejects from score and synthesis
        # arrive over instances.rejected, which the sink reads wherever it runs.
        if "dedup" in runs and pool_side:
            runtime.register(Fused(settings, (DedupStep(settings), *pool_side), internal=(ACCEPTED,)))
        elif "dedup" in runs:
            log.warning("dedup: not run in this worker, which has no pool (single mode: dedup writes the pool)")
        elif "sink" in runs and pool_side:
            runtime.register(Fused(settings, pool_side[:1], internal=(ACCEPTED,)))  # instances.rejected
    if "synthesize" in runs and settings.synth_enabled and settings.llm_base_url:
        from instructflow.agents.synthesize.agent import register_synthesis

        register_synthesis(app, runtime.send, settings)
    return app
