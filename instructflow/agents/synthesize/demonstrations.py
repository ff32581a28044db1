"""Sampling demonstrations: human seeds mixed with accepted synthetic instances (paper: 6 + 2).

The seed table is keyed by seed id (the compacted ``seeds`` topic: a later value replaces an
earlier one); the machine pool holds accepted synthetic instances. Sampling is uniform within
each group, restricted to the configured domains and language when given, and falls back to
more seeds while the machine pool is still smaller than asked for (as the paper does early on).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from instructflow.schemas import Instance, Seed


@dataclass(frozen=True, slots=True)
class Demo:
    """One demonstration in a prompt: an instruction and examples of it."""

    id: str  # the seed id as given in the seed file, or the accepted instance's id
    instruction: str
    examples: tuple[tuple[str, str], ...] = ()
    is_classification: bool = False
    machine: bool = False
    lang: str = ""


def demo_of_seed(seed: Seed) -> Demo:
    examples = tuple((i.input, i.output) for i in seed.instances if i.output.strip())
    return Demo(seed.id, seed.instruction.strip(), examples, seed.is_classification, False, seed.lang)


def demo_of_instance(inst: Instance) -> Demo:
    return Demo(inst.instance_id, inst.instruction.strip(), ((inst.input, inst.output),),
                bool(inst.scores.get("synth_classification", 0.0)), True, inst.lang)


@dataclass
class DemoPool:
    seeds: dict[str, Demo] = field(default_factory=dict)
    seed_domain: dict[str, str] = field(default_factory=dict)
    machine: dict[str, Demo] = field(default_factory=dict)
    # Machine demonstrations grouped by instruction: several instances of one instruction
    # should count once, or a prolific instruction would dominate the prompts.
    _machine_by_instruction: dict[str, str] = field(default_factory=dict)

    def put_seed(self, seed: Seed) -> None:
        self.seeds[seed.id] = demo_of_seed(seed)
        self.seed_domain[seed.id] = seed.domain

    def add_machine(self, inst: Instance) -> bool:
        key = inst.instruction.strip().lower()
        if not key or key in self._machine_by_instruction or inst.instance_id in self.machine:
            return False
        self._machine_by_instruction[key] = inst.instance_id
        self.machine[inst.instance_id] = demo_of_instance(inst)
        return True

    def sample(self, rng: random.Random, n_seed: int, n_machine: int, domains: tuple[str, ...] = (),
               lang: str = "") -> list[Demo]:
        """``n_seed`` seeds and ``n_machine`` machine demos (fewer seeds/machines if there are not enough)."""
        seeds = [d for sid, d in self.seeds.items() if not domains or self.seed_domain.get(sid) in domains]
        if lang:
            in_lang = [d for d in seeds if d.lang == lang]
            seeds = in_lang or seeds  # a Korean run may start from English seeds if it has no Korean ones
        machines = [d for d in self.machine.values() if not lang or d.lang == lang]
        take_m = min(n_machine, len(machines))
        take_s = min(len(seeds), n_seed + (n_machine - take_m))
        picked = rng.sample(seeds, take_s) + rng.sample(machines, take_m)
        rng.shuffle(picked)
        return picked
