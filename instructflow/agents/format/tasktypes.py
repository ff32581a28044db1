"""Task types: which fields a record of each type has, how they are checked, and which
variables a template of that type may use.

This is the vocabulary that template validation checks against at load time, so a
template that names a field no record of its type can have fails before any record flows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from instructflow.agents.format import labels
from instructflow.schemas.task import FieldValue, TaskType

Fields = Mapping[str, FieldValue]
Context = dict[str, Any]


class FieldProblem(ValueError):
    """A record field that does not fit its task type (carries the field name)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class TaskSpec:
    """One task type.

    ``base`` builds the language-independent variables from a record's fields (after
    checking them); ``derive`` adds the variables whose wording depends on the template's
    language (label words, the "no answer" sentence), once a template has been chosen.
    """

    task_type: TaskType
    required: tuple[str, ...]
    optional: tuple[str, ...]
    base_vars: frozenset[str]
    derived_vars: frozenset[str]
    base: Callable[[Fields], Context]
    derive: Callable[[Context, str, str], None]

    @property
    def variables(self) -> frozenset[str]:
        return self.base_vars | self.derived_vars


def _text(fields: Fields, name: str, *, required: bool = True) -> str:
    value = fields.get(name, "")
    if not isinstance(value, str):
        raise FieldProblem(name, f"expected text, got {type(value).__name__}")
    if required and not value.strip():
        raise FieldProblem(name, "missing or empty")
    return value


def _str_list(fields: Fields, name: str) -> list[str]:
    value = fields.get(name, [])
    if isinstance(value, str):
        return [value] if value else []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FieldProblem(name, "expected a list of strings")
    return list(value)  # type: ignore[arg-type]


# ---- extractive QA (SQuAD v1.1 / v2.0) ------------------------------------------------


def _qa_base(fields: Fields) -> Context:
    context = _text(fields, "context")
    question = _text(fields, "question")
    answers = _str_list(fields, "answers")
    answerable = fields.get("answerable", True)
    if not isinstance(answerable, bool):
        raise FieldProblem("answerable", "expected true/false")
    if answerable and not answers:
        raise FieldProblem("answers", "answerable question without an answer")
    if not answerable and answers:
        raise FieldProblem("answers", "question marked unanswerable but has answers")
    # The answer must be a span of the passage: an extractive-QA instance whose output is
    # not in its input teaches the model to invent text.
    for i, answer in enumerate(answers):
        if not answer.strip():
            raise FieldProblem("answers", f"answer {i} is empty")
        if answer not in context:
            raise FieldProblem("answers", f"answer {i} is not a span of the context")
    starts = fields.get("answer_starts", [])
    if starts:
        if not isinstance(starts, list) or len(starts) != len(answers):
            raise FieldProblem("answer_starts", "needs one offset per answer")
        for i, (answer, start) in enumerate(zip(answers, starts, strict=True)):
            if not isinstance(start, int) or context[start : start + len(answer)] != answer:
                raise FieldProblem("answer_starts", f"answer {i} is not at offset {start}")
    return {
        "context": context,
        "question": question,
        "title": _text(fields, "title", required=False),
        "answers": answers,
        "answerable": answerable,
    }


def _qa_derive(ctx: Context, lang: str, _verbalizer: str) -> None:
    ctx["answer"] = ctx["answers"][0] if ctx["answerable"] else labels.NO_ANSWER[lang]
    ctx["no_answer"] = labels.NO_ANSWER[lang]


# ---- NLI (MNLI, KLUE-NLI, KorNLI) ------------------------------------------------------


def _nli_base(fields: Fields) -> Context:
    label = fields.get("label")
    if label not in labels.NLI_LABELS:
        raise FieldProblem("label", f"expected one of {', '.join(labels.NLI_LABELS)}")
    return {
        "premise": _text(fields, "premise"),
        "hypothesis": _text(fields, "hypothesis"),
        "label": label,
        "genre": _text(fields, "genre", required=False),
    }


def _nli_derive(ctx: Context, lang: str, verbalizer: str) -> None:
    words = labels.NLI_VERBALIZERS[verbalizer][lang]
    ctx["answer"] = words[ctx["label"]]
    ctx["options"] = [words[k] for k in labels.NLI_LABELS]
    ctx["relation"] = labels.NLI_RELATION_PHRASES[lang][ctx["label"]]


# ---- STS (KorSTS, STS-B) ----------------------------------------------------------------


def _sts_base(fields: Fields) -> Context:
    score = fields.get("score")
    if isinstance(score, bool) or not isinstance(score, int | float):
        raise FieldProblem("score", "expected a number")
    if not labels.STS_MIN <= score <= labels.STS_MAX:
        raise FieldProblem("score", f"outside {labels.STS_MIN}..{labels.STS_MAX}")
    return {
        "sentence1": _text(fields, "sentence1"),
        "sentence2": _text(fields, "sentence2"),
        "score": f"{score:.1f}",
        "score_int": labels.sts_bucket(float(score)),
    }


def _sts_derive(ctx: Context, lang: str, _verbalizer: str) -> None:
    scale = labels.STS_SCALE[lang]
    ctx["score_label"] = scale[ctx["score_int"]]
    ctx["options"] = list(scale)


# ---- math word problems (GSM8K) --------------------------------------------------------


def _math_base(fields: Fields) -> Context:
    return {
        "question": _text(fields, "question"),
        "answer": _text(fields, "answer"),
        "rationale": _text(fields, "rationale", required=False),
    }


def _math_derive(ctx: Context, lang: str, _verbalizer: str) -> None:
    ctx["final"] = labels.FINAL_ANSWER_PHRASE[lang].format(answer=ctx["answer"])


# ---- generic instruction / input / output ----------------------------------------------


def _generic_base(fields: Fields) -> Context:
    return {
        "instruction": _text(fields, "instruction"),
        "input": _text(fields, "input", required=False),
        "output": _text(fields, "output"),
    }


def _no_derive(_ctx: Context, _lang: str, _verbalizer: str) -> None:
    return None


SPECS: dict[TaskType, TaskSpec] = {
    spec.task_type: spec
    for spec in (
        TaskSpec(
            TaskType.extractive_qa,
            required=("context", "question"),
            optional=("answers", "answer_starts", "answerable", "title"),
            base_vars=frozenset({"context", "question", "title", "answers", "answerable"}),
            derived_vars=frozenset({"answer", "no_answer"}),
            base=_qa_base,
            derive=_qa_derive,
        ),
        TaskSpec(
            TaskType.nli,
            required=("premise", "hypothesis", "label"),
            optional=("genre",),
            base_vars=frozenset({"premise", "hypothesis", "label", "genre"}),
            derived_vars=frozenset({"answer", "options", "relation"}),
            base=_nli_base,
            derive=_nli_derive,
        ),
        TaskSpec(
            TaskType.sts,
            required=("sentence1", "sentence2", "score"),
            optional=(),
            base_vars=frozenset({"sentence1", "sentence2", "score", "score_int"}),
            derived_vars=frozenset({"score_label", "options"}),
            base=_sts_base,
            derive=_sts_derive,
        ),
        TaskSpec(
            TaskType.math_word,
            required=("question", "answer"),
            optional=("rationale",),
            base_vars=frozenset({"question", "answer", "rationale"}),
            derived_vars=frozenset({"final"}),
            base=_math_base,
            derive=_math_derive,
        ),
        TaskSpec(
            TaskType.generic,
            required=("instruction", "output"),
            optional=("input",),
            base_vars=frozenset({"instruction", "input", "output"}),
            derived_vars=frozenset(),
            base=_generic_base,
            derive=_no_derive,
        ),
    )
}

# Languages every derived wording exists in; a template in another language cannot be
# rendered, so it is refused at load.
LANGS: frozenset[str] = frozenset(labels.NO_ANSWER)
