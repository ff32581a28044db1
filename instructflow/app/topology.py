"""The topology: which steps run, chained how, in which worker role — declared here and nowhere else.

Each step declares its ``sources`` and ``outputs`` (streams/step.py holds it to them); this module
groups steps into Faust agents, one function per dedup mode, and :func:`diagram` draws the README's
picture from the same declarations (tests/unit/test_topology.py fails when they differ). The
pipeline list is the topology, as in datatrove: read ``single_mode`` to see what runs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import faust

from instructflow.agents.annotate.agent import AnnotationSelectStep
from instructflow.agents.dedup.agent import DedupStep
from instructflow.agents.dedup.partitioned.agents import DedupCombinerStep, DedupOwnerStep, DedupRouterStep
from instructflow.agents.format.agent import FormatStep
from instructflow.agents.score.agent import ScoreStep
from instructflow.agents.scrub.agent import ScrubStep
from instructflow.agents.synthesize.agent import SYNTHESIS_OUTPUTS, SYNTHESIS_SOURCES
from instructflow.sinks.agent import PoolSinkStep
from instructflow.sinks.pool import Pool
from instructflow.streams.fusion import Fused
from instructflow.streams.instrumented import InstrumentedRuntime
from instructflow.streams.kafka import faust_broker_options
from instructflow.streams.metrics import metrics_of
from instructflow.streams.settings import AGENT_NAMES, Settings
from instructflow.streams.step import Step
from instructflow.streams.topics import ACCEPTED, SCRUBBED, TopicSpec, topic_name

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Agent:
    """One Faust agent: ``steps`` chained in order (streams/fusion.py).

    An emit to an ``internal`` topic is still published (the log of record) and is also handed to the
    later steps in process, so no agent of this worker reads it back. ``role`` is the worker role
    (``--agents`` value) that runs it.
    """

    role: str
    steps: tuple[type[Step], ...]
    internal: tuple[TopicSpec, ...] = ()

    @property
    def name(self) -> str:
        return self.steps[0].name

    def build(self, settings: Settings, pool: Pool | None) -> Step:
        steps = [_make(cls, settings, pool) for cls in self.steps]
        return steps[0] if len(steps) == 1 and not self.internal else Fused(settings, steps, internal=self.internal)


def _make(cls: type[Step], settings: Settings, pool: Pool | None) -> Step:
    if cls is PoolSinkStep:
        assert pool is not None, "the sink runs only in a worker that owns a pool"
        return PoolSinkStep(pool)
    return cls(settings)  # type: ignore[call-arg]  # every other step is built from the settings


def _edge(runs: set[str]) -> list[Agent]:
    """The parallel stages, the same in both modes: any number of workers run them."""
    agents = []
    if "format" in runs:
        agents.append(Agent("format", (FormatStep,)))
    if "scrub" in runs:
        # Score chained to scrub: instances.scrubbed is published (replay reads it), not read back.
        agents.append(Agent("scrub", (ScrubStep, ScoreStep), internal=(SCRUBBED,)))
    return agents


def single_mode(runs: set[str], has_pool: bool) -> list[Agent]:
    """One decider: dedup -> sink -> annotate-select in one agent, where the pool is.

    Accepted instances are handed on in process (still published: they are dedup's state and the log
    of record). No agent reads instances.accepted back, so dedup runs only where the pool is (a
    ClickHouse server: every worker; embedded chDB: the one pool worker). Rejects from score and
    synthesis arrive over instances.rejected, which the sink reads wherever it runs.
    """
    agents = _edge(runs)
    if "dedup" in runs and has_pool:
        agents.append(Agent("dedup", (DedupStep, PoolSinkStep, AnnotationSelectStep), internal=(ACCEPTED,)))
    elif "dedup" in runs:
        log.warning("dedup: not run in this worker, which has no pool (single mode: dedup writes the pool)")
    elif "sink" in runs and has_pool:
        agents.append(Agent("sink", (PoolSinkStep,), internal=(ACCEPTED,)))  # instances.rejected only
    return agents


def partitioned_mode(runs: set[str], has_pool: bool) -> list[Agent]:
    """Band owners over the partitions of dedup.bands (agents/dedup/partitioned/): the router and the
    owners run on every dedup worker (the owners' memory spreads over them); the combiner, like single
    mode's decider, hands its decisions to the sink and annotate-select in process, so it runs where
    the pool is (a ClickHouse server: every worker; embedded chDB: the one pool worker). That saves a
    decode and a consume of every accepted instance (measured: bench/bench_pipeline.py)."""
    agents = _edge(runs)
    if "dedup" in runs:
        agents += [Agent("dedup", (DedupRouterStep,)), Agent("dedup", (DedupOwnerStep,))]
    if "dedup" in runs and has_pool:
        agents.append(Agent("dedup", (DedupCombinerStep, PoolSinkStep, AnnotationSelectStep), internal=(ACCEPTED,)))
    elif "dedup" in runs:
        log.info("dedup_combiner: not run in this worker, which has no pool (the combiner writes the pool)")
    if "sink" in runs and "dedup" not in runs and has_pool:
        # No worker-local combiner: only the rejects of score and synthesis. A worker without the pool
        # must not subscribe to instances.accepted at all: Kafka assigns a topic's partitions among the
        # group's members that subscribe to it, and those it got would bypass the sink.
        agents.append(Agent("sink", (PoolSinkStep,), internal=(ACCEPTED,)))
    return agents


MODES: dict[str, Callable[[set[str], bool], list[Agent]]] = {"single": single_mode, "partitioned": partitioned_mode}


def edge_inputs(settings: Settings) -> dict[str, tuple[str, ...]]:
    """The edge worker's agents and the topics they consume, without building them: the pool worker
    samples their lag too, as they share its consumer group."""
    return {agent.name: tuple(topic_name(t, settings) for step in agent.steps for t in step.sources
                              if t not in agent.internal)
            for agent in _edge(set(AGENT_NAMES))}


def build_app(settings: Settings, pool: Pool | None) -> faust.App:
    """``pool`` is the process's own pool handle; None for workers that must not open it."""
    app = faust.App(
        settings.app_id,
        **faust_broker_options(settings),
        datadir=str(settings.data_dir.resolve() / "faust"),
        autodiscover=False,
        web_enabled=True,
        web_host=settings.web_host,
        web_bind=settings.web_host,  # Faust listens on 0.0.0.0 unless told: web_host alone is only the URL
        # Faust's own views (/router, /table, /stats, /graph) would show cluster and table
        # internals to anyone: off. The worker's routes are health, metrics and the guarded ones.
        web_router_enabled=False,
        web_tables_enabled=False,
        web_stats_enabled=False,
        web_graph_enabled=False,
        web_port=settings.web_port,
        web_in_thread=False,
        worker_redirect_stdouts=False,
        # No topic, consumer, producer or table options: Faust's Kafka side is off (below); the
        # runtime's clients take them from the settings (streams/loop.py, streams/runtime.py).
    )
    # Faust hosts the worker (web server, timers, tasks, signals) but no longer consumes or produces:
    # the agents are the runtime's loops (streams/loop.py). Its own consumer would otherwise still
    # join a consumer group and fetch, for nothing.
    app.boot_strategy = app.BootStrategy(app, enable_kafka=False)
    runtime = InstrumentedRuntime(app, settings, metrics_of(app))  # Runtime + Prometheus metrics
    runs: set[str] = set(settings.agents or AGENT_NAMES)
    for agent in MODES[settings.dedup_mode](runs, pool is not None):
        runtime.register(agent.build(settings, pool))
    if "synthesize" in runs and settings.synth_enabled and settings.llm_base_url:
        from instructflow.agents.synthesize.agent import register_synthesis

        register_synthesis(app, runtime.send_acked, runtime.flush, settings, pool)
    return app


def diagram(dedup_mode: str = "single") -> str:
    """The topology as a Mermaid flowchart: topics as rounded nodes, agents as boxes of their steps."""
    agents = MODES[dedup_mode](set(AGENT_NAMES), True)
    lines = ["flowchart LR"]
    ids: dict[str, str] = {}

    def topic(spec: TopicSpec) -> str:
        if spec.name not in ids:
            ids[spec.name] = f"t{len(ids)}"
            lines.append(f'    {ids[spec.name]}(["{spec.name}"])')
        return ids[spec.name]

    edges: list[str] = []
    nodes = [(a.role, " → ".join(s.name for s in a.steps), a.steps, a.internal) for a in agents]
    nodes.append(("synthesize", "synthesize", (), ()))
    for n, (_, label, steps, internal) in enumerate(nodes):
        node = f"a{n}"
        lines.append(f'    {node}["{label}"]')
        sources = SYNTHESIS_SOURCES if not steps else tuple(dict.fromkeys(
            t for s in steps for t in s.sources if t not in internal))
        outputs = SYNTHESIS_OUTPUTS if not steps else tuple(dict.fromkeys(t for s in steps for t in s.outputs))
        edges += [f"    {topic(t)} --> {node}" for t in sources]
        edges += [f"    {node} --> {topic(t)}" for t in outputs]
    edges.append("    pool[(ClickHouse pool)]")
    edges.append('    any["any agent: a message it cannot parse or process"] -.-> dl(["deadletter"])')
    edges += [f"    a{n} --> pool" for n, (_, _, steps, _) in enumerate(nodes) if PoolSinkStep in steps]
    return "\n".join(lines + edges) + "\n"


if __name__ == "__main__":  # python -m instructflow.app.topology [single|partitioned]
    import sys

    print(diagram(*sys.argv[1:2]), end="")
