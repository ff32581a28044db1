"""Example records per task type, used to dry-run every template when it is loaded.

They cover each branch a template may take (an unanswerable question, an empty input),
so a template that only breaks on such a record still fails at load.
"""

from __future__ import annotations

from instructflow.schemas.task import FieldValue, TaskType

EXAMPLES: dict[TaskType, tuple[dict[str, FieldValue], ...]] = {
    TaskType.extractive_qa: (
        {
            "title": "Example",
            "context": "The bridge was finished in 1932 after six years of work.",
            "question": "When was the bridge finished?",
            "answers": ["1932"],
            "answer_starts": [27],
            "answerable": True,
        },
        {
            "title": "",
            "context": "The bridge was finished in 1932 after six years of work.",
            "question": "Who designed the bridge?",
            "answers": [],
            "answerable": False,
        },
    ),
    TaskType.nli: tuple(
        {"premise": "A man is playing a guitar.", "hypothesis": "A man plays.", "label": label}
        for label in ("entailment", "neutral", "contradiction")
    ),
    TaskType.sts: (
        {"sentence1": "A man is playing a guitar.", "sentence2": "A man plays.", "score": 3.8},
        {"sentence1": "A cat sleeps.", "sentence2": "Stocks fell.", "score": 0.0},
    ),
    TaskType.math_word: (
        {"question": "Tom has 3 apples and buys 2 more. How many?", "answer": "5",
         "rationale": "3 + 2 = 5"},
        {"question": "Tom has 3 apples and buys 2 more. How many?", "answer": "5"},
    ),
    TaskType.generic: (
        {"instruction": "Name a primary colour.", "input": "", "output": "Red."},
        {"instruction": "Translate to French.", "input": "Good morning.", "output": "Bonjour."},
    ),
}
