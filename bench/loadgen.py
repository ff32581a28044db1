"""Generated chat prompts with known verdicts (unique, exact and near copies), for tests and benchmarks."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from instructflow.schemas import Message, Prompt
from instructflow.sinks.reader import RemotePool

WORDS = (
    "river budget garden protocol kernel harvest invoice lantern mosaic orbit pigment quartz saddle timber "
    "uniform velvet walnut yacht zephyr anchor beacon canyon delta ember fossil glacier harbor island jungle "
    "kettle ladder meadow nectar oyster pebble quiver ribbon summit tundra umbrella valley willow xylophone "
    "yogurt zenith almond bishop cactus dolphin eclipse falcon granite hammock iceberg jigsaw kiosk lobster "
    "magnet nylon olive parrot quilt rocket sandal tulip utensil vortex wizard yarn zipper acorn blossom "
    "copper dragon engine feather goblin helmet ivory jacket koala lemon marble needle onion piano radar "
    "silver tractor vendor wagon cobalt dynamo enzyme fabric gravel hazel index jasmine ketchup lilac mango"
).split()

ASKS = ("Explain how", "Describe why", "Give three tips on how", "Write a short guide about how", "Tell me why")


def request_text(rng: random.Random, n_words: int = 14) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(n_words))
    return f"{rng.choice(ASKS)} the {words} works, and give one concrete example please?"


@dataclass
class Batch:
    prompts: list[Prompt] = field(default_factory=list)
    exact_of: dict[str, str] = field(default_factory=dict)  # duplicate origin id -> original origin id
    near_of: dict[str, str] = field(default_factory=dict)

    def add(self, pid: str, text: str) -> None:
        self.prompts.append(Prompt(id=pid, messages=[Message(role="user", content=text)]))


def generated_batch(n_unique: int, n_exact: int, n_near: int, seed: int = 7, prefix: str = "p") -> Batch:
    """Unique requests plus exact copies (case/spacing changed) and near copies (one word appended).

    Each original gets at most one copy, so every duplicate group is a pair: which of the
    two wins depends on arrival order across partitions, the verdict on the pair does not.
    """
    rng = random.Random(seed)
    batch = Batch()
    texts: dict[str, str] = {}
    for i in range(n_unique):
        pid = f"{prefix}{i:06d}"
        texts[pid] = request_text(rng)
        batch.add(pid, texts[pid])
    picked = rng.sample(list(texts), n_exact + n_near)
    for i, of in enumerate(picked[:n_exact]):
        pid = f"{prefix}x{i:05d}"
        batch.add(pid, "  " + texts[of].upper().replace(" ", "   ") + " ")
        batch.exact_of[pid] = of
    for i, of in enumerate(picked[n_exact:]):
        pid = f"{prefix}n{i:05d}"
        batch.add(pid, texts[of] + " Thanks")
        batch.near_of[pid] = of
    rng.shuffle(batch.prompts)
    return batch


def wait_until(predicate: Callable[[], bool], timeout_s: float, what: str, every_s: float = 0.5) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(every_s)
    raise TimeoutError(f"timed out after {timeout_s:.0f} s waiting for {what}")


def pool_count(reader: RemotePool, database: str) -> int:
    try:
        _, rows = reader.query(f"SELECT count() FROM {database}.instances FINAL")
    except Exception:
        return 0
    return int(rows[0][0])
