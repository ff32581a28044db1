"""SQuAD v1.1 / v2.0 JSON: ``{"version", "data": [{"title", "paragraphs": [{"context", "qas"}]}]}``.

One record per question. v2.0's unanswerable questions (``is_impossible``) become records
with ``answerable: false`` and no answers; the templates answer them with an explicit
"the passage does not contain the answer" sentence (see templates/extractive_qa.yaml).
Their ``plausible_answers`` are distractors by design and are not used as answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from instructflow.agents.format.readers.base import Item, Origin, UnreadableFileError, read_json
from instructflow.schemas.task import FieldValue


def read(origin: Origin) -> Iterator[Item]:
    data = read_json(origin.path)
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        raise UnreadableFileError(origin.path, 'not SQuAD JSON: no top-level "data" list')
    index = 0  # running question index: the record's position
    for a, article in enumerate(data["data"]):
        title = article.get("title", "") if isinstance(article, dict) else ""
        paragraphs = article.get("paragraphs") if isinstance(article, dict) else None
        if not isinstance(paragraphs, list):
            yield origin.error(index, f"data[{a}]", "paragraphs", "missing or not a list")
            continue
        for p, paragraph in enumerate(paragraphs):
            where = f"data[{a}].paragraphs[{p}]"
            context = paragraph.get("context") if isinstance(paragraph, dict) else None
            qas = paragraph.get("qas") if isinstance(paragraph, dict) else None
            if not isinstance(context, str) or not isinstance(qas, list):
                field = "context" if not isinstance(context, str) else "qas"
                yield origin.error(index, where, field, "missing or of the wrong type")
                continue
            for q, qa in enumerate(qas):
                yield _question(origin, index, f"{where}.qas[{q}]", title, context, qa)
                index += 1


def _question(
    origin: Origin, index: int, locator: str, title: Any, context: str, qa: Any
) -> Item:
    if not isinstance(qa, dict):
        return origin.error(index, locator, "", "question entry is not an object")
    qid = qa.get("id")
    if not isinstance(qid, str) or not qid:
        return origin.error(index, locator, "id", "missing question id")
    answers = qa.get("answers", [])
    if not isinstance(answers, list) or not all(
        isinstance(x, dict) and isinstance(x.get("text"), str) and isinstance(x.get("answer_start"), int)
        for x in answers
    ):
        return origin.error(index, locator, "answers", "expected [{text, answer_start}]", qid)
    # SQuAD dev lists one answer per annotator, often the same span three times.
    seen: dict[tuple[str, int], None] = {}
    for x in answers:
        seen.setdefault((x["text"], x["answer_start"]), None)
    impossible = qa.get("is_impossible", False)  # absent in v1.1: every question answerable
    if not isinstance(impossible, bool):
        return origin.error(index, locator, "is_impossible", "expected true/false", qid)
    fields: dict[str, FieldValue] = {
        "title": title if isinstance(title, str) else "",
        "context": context,
        "question": qa.get("question", ""),
        "answers": [text for text, _ in seen],
        "answer_starts": [start for _, start in seen],
        "answerable": not impossible,
    }
    return origin.record(index, locator, qid, fields)
