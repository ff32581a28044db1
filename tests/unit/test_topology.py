"""The topology is declared once (steps' sources/outputs, app/topology.py) and the README is drawn from it."""

from __future__ import annotations

import re
from pathlib import Path

from instructflow.app.topology import MODES, diagram
from instructflow.streams.settings import AGENT_NAMES

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_diagram_is_the_generated_one() -> None:
    # Planted once: adding an output to ScoreStep without regenerating the README made this fail.
    block = re.search(r"<!-- topology:.*?```mermaid\n(.*?)```\n<!-- /topology -->", README.read_text(), re.S)
    assert block, "README.md has no generated topology block"
    assert block.group(1) == diagram("single"), "README diagram is stale: run `python -m instructflow.app.topology`"


def test_every_topic_an_agent_reads_is_written_by_someone_or_enters_from_outside() -> None:
    entry = {"prompts.raw", "tasks.raw", "seeds"}  # producers outside the pipeline (CLI, the chat API)
    for mode in MODES:
        agents = MODES[mode](set(AGENT_NAMES), True)
        written = {t.name for a in agents for s in a.steps for t in s.outputs}
        read = {t.name for a in agents for s in a.steps for t in s.sources}
        assert read - written - entry == set(), mode


def test_a_worker_without_the_pool_never_subscribes_to_accepted() -> None:
    # Faust would give it partitions of instances.accepted that then bypass the sink.
    for mode in MODES:
        for agent in MODES[mode](set(AGENT_NAMES), False):
            subscribed = {t.name for s in agent.steps for t in s.sources if t not in agent.internal}
            assert "instances.accepted" not in subscribed, (mode, agent)
