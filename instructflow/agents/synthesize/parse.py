"""Defensive parsing of LLM replies: whatever comes back, a list (maybe empty), never an exception.

Models number lists in many ways ("9.", "9)", "**9.**", "Task 9:"), wrap replies in code
fences, answer "Yes." or "yes, it is", and label examples "Example 1" / "예시 1". Each parser
accepts those and returns only what it could read; the caller turns an empty result into a
reject with reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FENCE = re.compile(r"^\s*```[\w-]*\s*$", re.MULTILINE)
_NUMBERED = re.compile(r"^\s*(?:\*\*)?\s*(?:task\s*)?(\d{1,3})\s*[.):]\s*(?:\*\*)?\s*", re.IGNORECASE | re.MULTILINE)
_LABEL = r"(?:\*\*)?\s*{name}\s*(?:\d+\s*)?(?:\*\*)?\s*[:：]\s*(?:\*\*)?"
_INPUT = re.compile(_LABEL.format(name=r"(?:input|입력)"), re.IGNORECASE)
_OUTPUT = re.compile(_LABEL.format(name=r"(?:output|출력)"), re.IGNORECASE)
_CLASS = re.compile(_LABEL.format(name=r"(?:class\s*label|label|클래스\s*레이블|레이블)"), re.IGNORECASE)
_EXAMPLE = re.compile(r"^\s*(?:\*\*)?\s*(?:example|예시|예제)\s*\d*\s*(?:\*\*)?\s*[:：]?\s*$",
                      re.IGNORECASE | re.MULTILINE)
_YES = re.compile(r"^\s*(?:yes|y|true|예|네)\b", re.IGNORECASE)
_NO = re.compile(r"^\s*(?:no|n|false|아니오|아니요)\b", re.IGNORECASE)
_SCORE = re.compile(r"(?:score|점수)?\s*[:：]?\s*(\d{1,2}(?:\.\d+)?)\s*(?:/\s*10)?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Example:
    input: str
    output: str


def _clean(text: str) -> str:
    return _FENCE.sub("", text or "").replace("\r\n", "\n")


def parse_instructions(reply: str, first_number: int) -> list[str]:
    """New instructions from a continued numbered list.

    The prompt ends with "``first_number``." so the reply starts with the first new
    instruction unnumbered; later ones carry numbers. A copy of the demonstrations
    (numbers below ``first_number``) is skipped.
    """
    text = _clean(reply)
    parts: list[tuple[int, str]] = []
    marks = list(_NUMBERED.finditer(text))
    head = text[: marks[0].start()] if marks else text
    if head.strip():
        parts.append((first_number, head))
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        parts.append((int(m.group(1)), text[m.end():end]))
    out = []
    for number, body in parts:
        if number < first_number:
            continue
        inst = re.sub(r"\s+", " ", body.replace("**", "")).strip().strip('"').strip()
        if inst and _printable_share(inst) >= 0.9:
            out.append(inst[0].upper() + inst[1:] if inst[0].isascii() else inst)
    return out


def _printable_share(text: str) -> float:
    return sum(1 for ch in text if ch.isprintable()) / max(1, len(text))


def parse_yes_no(reply: str, n: int) -> list[bool | None]:
    """Answers of a numbered "N. Yes/No" reply, in order; None where an answer is missing."""
    answers: list[bool | None] = [None] * n
    text = _clean(reply)
    marks = list(_NUMBERED.finditer(text))
    if not marks and n == 1:
        marks_text = [(1, text)]
    else:
        marks_text = [(int(m.group(1)), text[m.end(): marks[i + 1].start() if i + 1 < len(marks) else len(text)])
                      for i, m in enumerate(marks)]
    for number, body in marks_text:
        if 1 <= number <= n and answers[number - 1] is None:
            answer = body.strip().strip("*").strip()
            if _YES.match(answer):
                answers[number - 1] = True
            elif _NO.match(answer):
                answers[number - 1] = False
    return answers


def _split_examples(text: str) -> list[str]:
    blocks = [b for b in _EXAMPLE.split(text) if b.strip()]
    return blocks or [text]


def _field(block: str, start: re.Pattern[str], stops: tuple[re.Pattern[str], ...]) -> str | None:
    m = start.search(block)
    if m is None:
        return None
    rest = block[m.end():]
    end = min((hit.start() for s in stops if (hit := s.search(rest)) is not None), default=len(rest))
    return rest[:end].strip()


def parse_input_first(reply: str) -> list[Example]:
    """Examples of an input-first reply: ``Example k / Input: … / Output: …`` (input may be absent)."""
    out = []
    for block in _split_examples(_clean(reply)):
        output = _field(block, _OUTPUT, (_INPUT,))
        if output is None:
            continue
        inp = _field(block, _INPUT, (_OUTPUT,)) or ""
        if inp.strip().lower() in {"", "none", "null", "n/a", "없음", "<noinput>"}:
            inp = ""
        out.append(Example(inp, output))
    return out


def parse_output_first(reply: str) -> list[Example]:
    """Examples of an output-first (classification) reply: ``Class label: … / Input: …`` pairs."""
    text = _clean(reply)
    marks = list(_CLASS.finditer(text))
    out = []
    for i, m in enumerate(marks):
        block = text[m.end(): marks[i + 1].start() if i + 1 < len(marks) else len(text)]
        im = _INPUT.search(block)
        label = (block[: im.start()] if im else block).strip()
        inp = block[im.end():].strip() if im else ""
        inp = _EXAMPLE.sub("", inp).strip()
        if label:
            out.append(Example(inp, label))
    return out


def parse_score(reply: str) -> float | None:
    """A 1–10 rating mapped to [0, 1]; None when no rating can be read."""
    for m in _SCORE.finditer(_clean(reply)):
        value = float(m.group(1))
        if 1 <= value <= 10:
            return round((value - 1) / 9, 4)
    return None
