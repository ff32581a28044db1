"""Verdict agreement of the Scorer with labelled prompts (bench/eval_quality.py, tests).

A labelled set is a TSV file: ``expected  lang  class  text``, where ``expected`` is
``accept`` or the reject reason a reader would give, the turns of a chat are separated by
`` || `` and ``\\n`` stands for a newline; lines starting with ``#`` are comments.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from instructflow.agents.score.scorer import Scorer
from instructflow.schemas import Instance, Message, Source

SUPPORTED = ("en", "ko")
# The labelled prompts ship with the package (``instructflow eval quality`` runs anywhere):
# prompts_dev.tsv was used while building the rules, prompts_heldout.tsv never tuned on;
# prompts_probe.tsv was written later by someone who had not read the rules, scored once
# (97.5%), then used to fix two classes (code named with its purpose, sales pitches).
LABELLED_DIR = Path(__file__).resolve().parent / "data"
LABELLED_SETS = ("prompts_dev", "prompts_heldout", "prompts_probe")


@dataclass(frozen=True, slots=True)
class Labelled:
    expected: str  # "accept" or a reject reason
    lang: str
    cls: str
    turns: tuple[str, ...]

    def instance(self) -> Instance:
        return Instance(source=Source.chat, stage=2, messages=[Message(role="user", content=t) for t in self.turns])


def load(path: Path) -> list[Labelled]:
    out = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 4:
            raise ValueError(f"{path}:{n}: expected 4 tab-separated fields, got {len(parts)}")
        expected, lang, cls, text = parts
        out.append(Labelled(expected, lang, cls, tuple(t.replace("\\n", "\n") for t in text.split(" || "))))
    return out


@dataclass
class Report:
    total: int = 0
    verdict_agree: int = 0  # accept/reject as labelled
    reason_agree: int = 0  # and, for rejects, the same reason
    other_lang_accepted: list[str] = field(default_factory=list)
    errors_by_class: Counter[str] = field(default_factory=Counter)
    by_class: Counter[str] = field(default_factory=Counter)
    errors_by_lang: Counter[str] = field(default_factory=Counter)
    by_lang: Counter[str] = field(default_factory=Counter)
    mistakes: list[tuple[str, str, str]] = field(default_factory=list)  # expected, got, text

    @property
    def agreement(self) -> float:
        return self.verdict_agree / self.total if self.total else 0.0

    @property
    def reason_agreement(self) -> float:
        return self.reason_agree / self.total if self.total else 0.0


def evaluate(scorer: Scorer, items: list[Labelled]) -> Report:
    r = Report()
    for item in items:
        got = scorer.assess(item.instance()).reject_reason or "accept"
        r.total += 1
        r.by_class[item.cls] += 1
        r.by_lang[item.lang] += 1
        agree = (got == "accept") == (item.expected == "accept")
        r.verdict_agree += agree
        r.reason_agree += got == item.expected
        if not agree:
            r.errors_by_class[item.cls] += 1
            r.errors_by_lang[item.lang] += 1
        if got != item.expected:
            r.mistakes.append((item.expected, got, " || ".join(item.turns)))
        if got == "accept" and item.lang not in SUPPORTED:
            r.other_lang_accepted.append(" || ".join(item.turns))
    return r
