"""What integration tests share beyond fixtures: reading the dead-letter topic once it is complete."""

from __future__ import annotations

import asyncio

from instructflow.schemas import DeadLetter
from instructflow.streams.log_reader import read_records
from instructflow.streams.settings import Settings
from instructflow.streams.topics import DEADLETTER


async def dead_letters(settings: Settings, expected: int, timeout_s: float = 60) -> list[DeadLetter]:
    """The dead-letter topic, once it holds ``expected`` letters (they are sent after the batch they came in)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while True:
        letters = [DeadLetter.model_validate_json(v) async for _, _, v in read_records(settings, DEADLETTER)]
        if len(letters) >= expected or loop.time() > deadline:
            return letters
        await asyncio.sleep(0.5)
