"""What integration tests share beyond fixtures: publishing prompts, running the CLI, reading dead letters."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Iterable

from instructflow.infra.stack import settings_env
from instructflow.schemas import DeadLetter, Prompt
from instructflow.streams.admin import ensure_topics
from instructflow.streams.log import read_values
from instructflow.streams.producer import Publisher
from instructflow.streams.settings import Settings
from instructflow.streams.topics import DEADLETTER, PROMPTS_RAW


def publish(settings: Settings, prompts: Iterable[Prompt], raw: Iterable[bytes] = ()) -> None:
    """Prompts keyed by their id, then raw values as they are, into this test's prompts.raw."""
    ensure_topics(settings)
    with Publisher(settings) as pub:
        for prompt in prompts:
            pub.send(PROMPTS_RAW, prompt, key=prompt.id)
        for value in raw:
            pub.send(PROMPTS_RAW, value)


def publish_paced(settings: Settings, prompts: list[Prompt], per_s: float, raw: Iterable[bytes] = (),
                  flush_every: int = 10) -> None:
    """Like :func:`publish`, at about ``per_s`` prompts per second, so a worker is mid-stream when
    a test acts (kills it, stops the broker)."""
    start = time.monotonic()
    with Publisher(settings) as pub:
        for i, prompt in enumerate(prompts):
            pub.send(PROMPTS_RAW, prompt, key=prompt.id)
            if i % flush_every == 0:
                pub.flush()
                time.sleep(max(0.0, start + i / per_s - time.monotonic()))
        for value in raw:
            pub.send(PROMPTS_RAW, value)


def run_cli(settings: Settings, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """`instructflow ARGS` in a child process that sees exactly these settings."""
    return subprocess.run([sys.executable, "-m", "instructflow.cli.main", *args], capture_output=True,
                          text=True, env={**os.environ, **settings_env(settings)}, timeout=120, input=stdin)


async def dead_letters(settings: Settings, expected: int, timeout_s: float = 60) -> list[DeadLetter]:
    """The dead-letter topic, once it holds ``expected`` letters (they are sent after the batch they came in)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while True:
        letters = [letter async for letter in read_values(settings, DEADLETTER, DeadLetter)]
        if len(letters) >= expected or loop.time() > deadline:
            return letters
        await asyncio.sleep(0.5)
