"""Per-source scrub policy: chat gets the full scrub, task and synthetic data the light one,
and an extractive answer that scrubbing separates from its passage is rejected, not kept."""

from __future__ import annotations

import pytest

from instructflow.agents.scrub.policy import ANSWER_LOST, PolicyScrubber, ScrubPolicy, answer_lost, policy_for
from instructflow.schemas import Instance, Message, Source, Status

PASSAGE = ("William the Conqueror was the first Norman king of England. He was born in Falaise, a region in "
           "France. Questions: write to archive@example.org or call 010-1234-5678.")


@pytest.fixture(scope="module")
def policy() -> PolicyScrubber:
    return PolicyScrubber()


def task(output: str, source: Source = Source.task) -> Instance:
    return Instance(source=source, stage=1 if source is Source.task else 3,
                    instruction="Answer from the passage.", input=f"{PASSAGE}\nWho was the first Norman king?",
                    output=output)


def test_policy_by_source() -> None:
    light, full = ScrubPolicy.identifiers, ScrubPolicy.full
    assert policy_for(Source.chat, light, light) is full  # never configurable for chat
    assert policy_for(Source.task, light, full) is light
    assert policy_for(Source.synthetic, light, full) is full


def test_task_keeps_public_names_and_places_but_not_identifiers(policy: PolicyScrubber) -> None:
    out = policy.scrub(task("William the Conqueror"))
    assert out.status is Status.candidate
    assert "William the Conqueror" in out.input and "region in France" in out.input
    assert out.output == "William the Conqueror"
    assert "archive@example.org" not in out.input and "010-1234-5678" not in out.input
    assert out.pii == {"EMAIL_ADDRESS": 1, "PHONE_NUMBER": 1}


def test_synthetic_gets_the_light_policy_too(policy: PolicyScrubber) -> None:
    out = policy.scrub(task("William the Conqueror", Source.synthetic))
    assert "William the Conqueror" in out.input and out.pii == {"EMAIL_ADDRESS": 1, "PHONE_NUMBER": 1}


def test_chat_gets_the_full_scrub(policy: PolicyScrubber) -> None:
    chat = Instance(source=Source.chat, stage=2,
                    messages=[Message(role="user", content="I'm John Smith, 12 Main St, Boston, MA 02110")])
    out = policy.scrub(chat)
    assert out.messages[0].content == "I'm <PERSON_1>, <LOCATION_1>"


def test_identifier_answer_still_matches_its_passage(policy: PolicyScrubber) -> None:
    # The same value gets the same placeholder in passage and answer: still a span.
    out = policy.scrub(task("010-1234-5678"))
    assert out.status is Status.candidate and out.output == "<PHONE_NUMBER_1>" and out.output in out.input


def test_answer_separated_from_its_passage_is_rejected_with_reason() -> None:
    # Full policy on a task: the passage's "Falaise, a region in France" and the answer "France" can be
    # replaced differently. Checked on a constructed pair so the test does not depend on recognizers.
    before = task("France")
    passage = before.input.replace("France", "<LOCATION_1>")
    after = before.model_copy(update={"input": passage, "output": "<LOCATION_2>"})
    assert answer_lost(before, after)
    assert not answer_lost(before, before)
    # Outputs that were never spans (labels, worked answers) are not checked.
    label = before.model_copy(update={"output": "entailment"})
    assert not answer_lost(label, label.model_copy(update={"input": ""}))


def test_full_policy_rejects_a_broken_answer_not_keeps_it() -> None:
    # Planted once: PolicyScrubber.scrub returning ``clean`` without the answer check -> this failed.
    # Planted: the answer is a person the full scrub replaces in the answer, and the passage
    # holds it inside a longer address-like span ("12 William Street"), so the placeholders differ.
    scrubber = PolicyScrubber(task_policy=ScrubPolicy.full)
    inst = Instance(source=Source.task, stage=1, instruction="Where does she live?",
                    input="Mary Jones lives at 12 William Street, Boston, MA 02110.", output="William")
    out = scrubber.scrub(inst)
    assert out.status is Status.rejected and out.reject_reason == ANSWER_LOST
