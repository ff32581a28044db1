"""Per-source scrub policy: how much of an instance is PII depends on where it came from.

* **chat** prompts are people writing about themselves and others: the full scrub, always (the
  privacy boundary is not configurable for them).
* **task** datasets (stage 1: SQuAD, KLUE, ...) and **synthetic** data (stage 3) are public or
  machine-written text about public people and places. Scrubbing "William the Conqueror" or
  "a region in France" there only destroys the task, so by default they get the *light*
  policy: structured identifiers (phones, e-mails, cards, national ids, accounts, IPs ...)
  are still replaced, names, places and URLs are kept (``scrub_light_keep``).

**Allowlist.** Sources listed in ``allowlist_sources`` (default: task and synthetic, not chat)
leave well-known public figures and places (allowlist.py: a shipped list + countries, US
states, cities of 1M+; the operator may point at their own file) in place whatever their
policy replaces: with the ``full`` policy a task about "Barack Obama in Paris" keeps both.
Chat is in no list by default: there, every name is replaced.

Either way, an extractive answer is re-checked after scrubbing: if the answer was a span of its
passage before and is not one after (the passage's copy was replaced differently from the
answer's), the instance is rejected with :data:`ANSWER_LOST`, never kept broken.
"""

from __future__ import annotations

from enum import StrEnum

from instructflow.agents.scrub.allowlist import Allowlist
from instructflow.agents.scrub.scrubber import Scrubber
from instructflow.schemas import Instance, Source


class ScrubPolicy(StrEnum):
    full = "full"  # every entity type the scrubber knows
    identifiers = "identifiers"  # all but the types in scrub_light_keep


ANSWER_LOST = "scrub: answer no longer a span of its passage after scrubbing"
# Types whose recognizers need the language models (kiwi, name gazetteers); when the light
# policy keeps all of them, its scrubber is built without those models.
_LANGUAGE_TYPES = frozenset({"PERSON", "LOCATION"})


def policy_for(source: Source, task_policy: ScrubPolicy, synthetic_policy: ScrubPolicy) -> ScrubPolicy:
    if source is Source.task:
        return task_policy
    if source is Source.synthetic:
        return synthetic_policy
    return ScrubPolicy.full


def _passage(instance: Instance) -> str:
    return f"{instance.instruction}\n{instance.input}"


def answer_lost(before: Instance, after: Instance) -> bool:
    """True when ``before``'s output was a span of its instruction/input and ``after``'s is not."""
    answer = before.output.strip()
    if not answer or before.messages or answer not in _passage(before):
        return False
    return after.output.strip() not in _passage(after)


class PolicyScrubber:
    """Scrubs each instance under its source's policy; one Scrubber per policy in use."""

    def __init__(
        self,
        languages: tuple[str, ...] = ("en", "ko"),
        score_threshold: float = 0.4,
        task_policy: ScrubPolicy = ScrubPolicy.identifiers,
        synthetic_policy: ScrubPolicy = ScrubPolicy.identifiers,
        light_keep: tuple[str, ...] = ("PERSON", "LOCATION", "URL"),
        allowlist: Allowlist | None = None,
        allowlist_sources: tuple[Source, ...] = (Source.task, Source.synthetic),
    ) -> None:
        self.allowlist = allowlist
        self.allowlist_sources = frozenset(Source(s) for s in allowlist_sources)
        self.task_policy = ScrubPolicy(task_policy)
        self.synthetic_policy = ScrubPolicy(synthetic_policy)
        full = Scrubber(languages=languages, score_threshold=score_threshold)
        self.scrubbers = {ScrubPolicy.full: full}
        if ScrubPolicy.identifiers in (self.task_policy, self.synthetic_policy):
            keep = set(light_keep)
            light_languages = () if keep >= _LANGUAGE_TYPES else languages
            self.scrubbers[ScrubPolicy.identifiers] = Scrubber(
                languages=light_languages,
                score_threshold=score_threshold,
                entities=[e for e in full.entities if e not in keep],
            )

    def scrub(self, instance: Instance) -> Instance:
        """The scrubbed copy; rejected with :data:`ANSWER_LOST` if scrubbing broke its answer."""
        policy = policy_for(instance.source, self.task_policy, self.synthetic_policy)
        allowlist = self.allowlist if instance.source in self.allowlist_sources else None
        clean = self.scrubbers[policy].scrub_instance(instance, allowlist)
        return clean.reject(ANSWER_LOST) if answer_lost(instance, clean) else clean
