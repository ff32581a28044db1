"""The Self-Instruct prompt templates, versioned: every candidate records the version that made it.

Change any text here -> bump PROMPT_VERSION, so pool queries can compare versions.
The wording follows the paper's templates (instruction generation as a list to continue,
a classification check, input-first and output-first instance generation), sent as one user
message of a chat completion; steering lines for language and topics are added when set.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from instructflow.agents.synthesize.demonstrations import Demo

PROMPT_VERSION = "si-chat-v1"

LANG_NAMES = {"en": "English", "ko": "Korean (한국어)"}

# Markers the test double keys on, so each kind of prompt is recognisable (and greppable).
INSTRUCTION_HEAD = "Come up with a series of tasks:"
CLASSIFY_HEAD = "Can each of the following tasks be regarded as a classification task with finite output labels?"
INPUT_FIRST_HEAD = "Come up with examples for the following task."
OUTPUT_FIRST_HEAD = "Given the classification task definition and the class labels, generate an input"
JUDGE_HEAD = "Rate the following instruction and response"


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().rstrip(":")


def steering(lang: str = "", topics: Sequence[str] = ()) -> str:
    lines = []
    if lang:
        lines.append(f"Write every new task in {LANG_NAMES.get(lang, lang)}.")
    if topics:
        lines.append("Focus the new tasks on these topics: " + "; ".join(t.strip() for t in topics if t.strip()) + ".")
    return "\n".join(lines)


def instruction_prompt(demos: Sequence[Demo], lang: str = "", topics: Sequence[str] = (), n_new: int = 8) -> str:
    """The list to continue: numbered demonstrations, then the next number, left open."""
    head = (f"You are asked to come up with {n_new} new, diverse tasks for a text-only assistant. Each task is one "
            "instruction a user might give. Do not repeat or paraphrase the tasks already listed. Write one task "
            "per numbered line.")
    steer = steering(lang, topics)
    lines = [head, *([steer] if steer else []), INSTRUCTION_HEAD]
    lines += [f"{i}. {_one_line(d.instruction)}" for i, d in enumerate(demos, start=1)]
    lines.append(f"{len(demos) + 1}.")
    return "\n".join(lines)


def classification_prompt(instructions: Sequence[str]) -> str:
    lines = [CLASSIFY_HEAD, "Answer every task with its number and Yes or No, one per line (e.g. '1. No').", ""]
    lines += [f"{i}. {_one_line(t)}" for i, t in enumerate(instructions, start=1)]
    return "\n".join(lines)


def _examples_block(demos: Sequence[Demo], output_first: bool, limit: int = 2) -> list[str]:
    lines: list[str] = []
    shown = [d for d in demos if d.examples and d.is_classification == output_first][:limit]
    for d in shown:
        lines.append(f"Task: {_one_line(d.instruction)}")
        for k, (inp, out) in enumerate(d.examples[:2], start=1):
            if output_first:
                lines += [f"Class label: {out.strip()}", f"Input: {inp.strip()}" if inp.strip() else "Input: None"]
            else:
                lines.append(f"Example {k}")
                if inp.strip():
                    lines.append(f"Input: {inp.strip()}")
                lines.append(f"Output: {out.strip()}")
        lines.append("")
    return lines


def input_first_prompt(instruction: str, demos: Sequence[Demo], lang: str = "", n: int = 2) -> str:
    lines = [INPUT_FIRST_HEAD + f" Generate {n} examples. If the task doesn't require additional input, "
             "write only the output. Use the format 'Example k', 'Input: …', 'Output: …'.",
             *([steering(lang)] if lang else []), ""]
    lines += _examples_block(demos, output_first=False)
    lines += [f"Task: {_one_line(instruction)}"]
    return "\n".join(lines)


def output_first_prompt(instruction: str, demos: Sequence[Demo], lang: str = "") -> str:
    lines = [OUTPUT_FIRST_HEAD + " that corresponds to each of the class labels. If the task doesn't require input, "
             "just generate the possible class labels. Use the format 'Class label: …', 'Input: …'.",
             *([steering(lang)] if lang else []), ""]
    lines += _examples_block(demos, output_first=True)
    lines += [f"Task: {_one_line(instruction)}"]
    return "\n".join(lines)


def judge_prompt(instruction: str, input_: str, output: str) -> str:
    return "\n".join([
        JUDGE_HEAD + " for correctness and helpfulness on a scale of 1 (useless or wrong) to 10 (correct and "
        "helpful). Reply with 'Score: N' and nothing else.",
        "",
        f"Instruction: {instruction.strip()}",
        f"Input: {input_.strip() or 'None'}",
        f"Response: {output.strip()}",
    ])
