"""The scrub step: the PII boundary. Nothing downstream sees raw text."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from instructflow.agents.identity import with_identity
from instructflow.agents.scrub.allowlist import Allowlist
from instructflow.agents.scrub.intake import instance_from_prompt, with_origin
from instructflow.agents.scrub.origin_id import load_key
from instructflow.agents.scrub.policy import PolicyScrubber, ScrubPolicy
from instructflow.schemas import Instance, Prompt, Source, Status
from instructflow.streams.settings import Settings
from instructflow.streams.step import Emit, Origin, Step
from instructflow.streams.topics import CANDIDATES, PROMPTS_RAW, REJECTED, SCRUBBED


class ScrubStep(Step):
    name = "scrub"
    sources = (PROMPTS_RAW, CANDIDATES)
    outputs = (SCRUBBED, REJECTED)  # rejected: a task answer the scrub broke (policy.py)

    def __init__(self, settings: Settings) -> None:
        self.scrubber = PolicyScrubber(
            languages=tuple(settings.scrub_languages),
            score_threshold=settings.scrub_score_threshold,
            task_policy=ScrubPolicy(settings.scrub_task_policy),
            synthetic_policy=ScrubPolicy(settings.scrub_synthetic_policy),
            light_keep=tuple(settings.scrub_light_keep),
            allowlist=Allowlist.load(settings.scrub_allowlist_file, settings.scrub_allowlist_places)
            if settings.scrub_allowlist_sources
            else None,
            allowlist_sources=tuple(Source(s) for s in settings.scrub_allowlist_sources),
        )
        self.origin_key = load_key(settings)

    def process(self, value: BaseModel, origin: Origin) -> Iterator[Emit]:
        if isinstance(value, Prompt):
            candidate = instance_from_prompt(value, origin, self.origin_key)
        else:
            assert isinstance(value, Instance)
            candidate = with_origin(value, origin)
        clean = with_identity(self.scrubber.scrub(candidate))
        yield Emit(REJECTED if clean.status is Status.rejected else SCRUBBED, clean, key=clean.instance_id)
