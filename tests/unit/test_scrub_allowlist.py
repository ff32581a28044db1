"""The public-name allowlist: well-known people and places stay where the per-source policy
says so (task and synthetic data by default), never in chat unless configured, and never a
different type or a name that runs past the entry.

Planted once (2026-11-30): ScrubStep building its PolicyScrubber without ``allowlist=`` made
test_settings_allowlist_reaches_the_scrub_step fail ("<PERSON_1> the Conqueror"); PolicyScrubber.scrub
passing ``None`` for every source made test_full_task_policy_keeps_public_figures_but_not_identifiers
fail; dropping the letter lookahead of allowlist._entry_pattern made
test_entries_match_whole_words_ignoring_case fail ("Paris or Parisa").
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from instructflow.agents.scrub.agent import ScrubStep
from instructflow.agents.scrub.allowlist import Allowlist, AllowlistError, read_entries
from instructflow.agents.scrub.policy import PolicyScrubber, ScrubPolicy
from instructflow.schemas import Instance, Message, Source
from instructflow.streams.settings import Settings

PASSAGE = "William the Conqueror was born in Falaise, a region in France. Questions: call 010-1234-5678."


@pytest.fixture(scope="module")
def full_policy() -> PolicyScrubber:
    # The full policy for task data, so only the allowlist keeps names there.
    return PolicyScrubber(task_policy=ScrubPolicy.full, allowlist=Allowlist.load())


def task(text: str) -> Instance:
    return Instance(source=Source.task, stage=1, instruction="Answer from the passage.", input=text, output="")


def test_shipped_list_loads_with_places() -> None:
    entries = read_entries()
    assert "William the Conqueror" in entries and "이순신" in entries
    assert all(not e.startswith("#") for e in entries)
    allowlist = Allowlist.load()
    assert allowlist.size > len(entries)  # countries, states, big cities added
    assert allowlist.spans("Flights to Germany and 대한민국") == [(11, 18), (23, 27)]


def test_entries_match_whole_words_ignoring_case() -> None:
    allowlist = Allowlist(["Paris", "Barack Obama", "이순신"])
    assert allowlist.spans("paris, PARIS") == [(0, 5), (7, 12)]
    assert allowlist.spans("Parisa and Comparis") == []
    assert allowlist.spans("Paris or Parisa") == [(0, 5)]  # a word of the entry near a longer word
    assert allowlist.spans("Barack   Obama") == [(0, 14)]
    assert allowlist.spans("이순신은 장군이다") == [(0, 3)]  # a particle may follow a Hangul entry


def test_keeps_only_names_and_places_wholly_inside_an_entry() -> None:
    allowlist = Allowlist(["Barack Obama"])
    text = "Barack Obama Kim, Barack Obama"
    findings = [("PERSON", 7, 12), ("PERSON", 7, 16), ("PERSON", 18, 30), ("PHONE_NUMBER", 18, 30)]
    assert allowlist.keeps(text, findings) == [True, False, True, False]


def test_full_task_policy_keeps_public_figures_but_not_identifiers(full_policy: PolicyScrubber) -> None:
    out = full_policy.scrub(task(PASSAGE))
    assert "William the Conqueror" in out.input and "France" in out.input
    assert "010-1234-5678" not in out.input and out.pii.get("PHONE_NUMBER") == 1


def test_chat_is_scrubbed_whole_unless_listed(full_policy: PolicyScrubber, monkeypatch: pytest.MonkeyPatch) -> None:
    chat = Instance(source=Source.chat, stage=2, messages=[Message(role="user", content=PASSAGE)])
    assert "William" not in full_policy.scrub(chat).messages[0].content
    monkeypatch.setattr(full_policy, "allowlist_sources", frozenset({Source.chat}))  # an operator's opt-in
    assert "William the Conqueror" in full_policy.scrub(chat).messages[0].content


def test_settings_allowlist_reaches_the_scrub_step(tmp_path: Path) -> None:
    names = tmp_path / "names.txt"
    names.write_text("# ours\nWilliam the Conqueror\n", encoding="utf-8")
    settings = Settings(scrub_task_policy="full", scrub_allowlist_file=names, scrub_allowlist_places=False,
                        data_dir=tmp_path)
    scrubber = ScrubStep(settings).scrubber
    out = scrubber.scrub(task(PASSAGE))
    assert "William the Conqueror" in out.input
    scrubber.allowlist = None
    assert "William the Conqueror" not in scrubber.scrub(task(PASSAGE)).input  # the list is what keeps it


def test_missing_allowlist_file_is_a_one_line_settings_error(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="no such file"):
        Settings(scrub_allowlist_file=tmp_path / "absent.txt")
    with pytest.raises(AllowlistError, match=r"absent\.txt"):
        read_entries(tmp_path / "absent.txt")
