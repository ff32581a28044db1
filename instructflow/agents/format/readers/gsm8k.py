"""GSM8K JSONL: ``{"question", "answer"}`` where the answer's last line is ``#### <number>``.

The worked solution keeps its reasoning but loses the ``<<48/2=24>>`` calculator
annotations, which are tool-use markup for the original paper's calculator, not text a
model should learn to write.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from instructflow.agents.format.readers.base import Item, Origin, jsonl_objects

_CALC = re.compile(r"<<[^<>]*>>")
_NUMBER = re.compile(r"^-?[\d,]*\.?\d+$")


def split_answer(answer: str) -> tuple[str, str]:
    """(rationale, final answer); ``ValueError`` when there is no ``#### N`` line."""
    body, sep, final = answer.rpartition("####")
    final = final.strip()
    if not sep or not _NUMBER.match(final):
        raise ValueError("answer does not end with '#### <number>'")
    return _CALC.sub("", body).strip(), final.replace(",", "")


def read(origin: Origin) -> Iterator[Item]:
    for item in jsonl_objects(origin):
        if not isinstance(item, tuple):
            yield item
            continue
        line, obj = item
        locator = f"line {line}"
        answer = obj.get("answer")
        if not isinstance(answer, str):
            yield origin.error(line, locator, "answer", "missing or not text", str(line))
            continue
        try:
            rationale, final = split_answer(answer)
        except ValueError as exc:
            yield origin.error(line, locator, "answer", str(exc), str(line))
            continue
        fields = {"question": obj.get("question"), "answer": final, "rationale": rationale}
        yield origin.record(line, locator, str(line), fields)  # type: ignore[arg-type]
