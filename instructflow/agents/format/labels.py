"""Explicit label maps: dataset label values -> canonical labels -> natural answers per language.

Kept as data in one place, not inferred, because a silently wrong mapping (MNLI and a
Hugging Face export disagree on what ``1`` means, for instance) corrupts every instance
of a dataset without any error to notice.
"""

from __future__ import annotations

from typing import Final

ENTAILMENT: Final = "entailment"
NEUTRAL: Final = "neutral"
CONTRADICTION: Final = "contradiction"
NLI_LABELS: Final = (ENTAILMENT, NEUTRAL, CONTRADICTION)

# Raw label value as it appears in each dataset's file -> canonical NLI label.
# The integer forms are the Hugging Face ``datasets`` ClassLabel orders (glue/mnli,
# klue/nli and kor_nli all use entailment=0, neutral=1, contradiction=2).
_TEXT_LABELS: dict[str | int, str] = {ENTAILMENT: ENTAILMENT, NEUTRAL: NEUTRAL, CONTRADICTION: CONTRADICTION}
_HF_INT_LABELS: dict[str | int, str] = {0: ENTAILMENT, 1: NEUTRAL, 2: CONTRADICTION}
NLI_RAW_LABELS: Final[dict[str, dict[str | int, str]]] = {
    "mnli": {**_TEXT_LABELS, **_HF_INT_LABELS},
    "klue-nli": {**_TEXT_LABELS, **_HF_INT_LABELS},
    "kornli": {**_TEXT_LABELS, **_HF_INT_LABELS},
    "nli": {**_TEXT_LABELS, **_HF_INT_LABELS},  # a user's own NLI file via the generic reader
}

# MNLI/SNLI mark pairs whose five annotators reached no majority with "-". They have no
# gold answer, so they are reported, not guessed.
NLI_NO_CONSENSUS: Final = "-"

# Natural answers. A template picks a verbalizer: "yesno" answers the question "does the
# premise imply the hypothesis?" (FLAN style); "relation" names the relation itself.
NLI_VERBALIZERS: Final[dict[str, dict[str, dict[str, str]]]] = {
    "yesno": {
        "en": {ENTAILMENT: "yes", NEUTRAL: "it is not possible to tell", CONTRADICTION: "no"},
        "ko": {ENTAILMENT: "예", NEUTRAL: "알 수 없음", CONTRADICTION: "아니요"},
    },
    "relation": {
        "en": {ENTAILMENT: "entailment", NEUTRAL: "neutral", CONTRADICTION: "contradiction"},
        "ko": {ENTAILMENT: "함의", NEUTRAL: "중립", CONTRADICTION: "모순"},
    },
    "truth": {
        "en": {ENTAILMENT: "true", NEUTRAL: "neither", CONTRADICTION: "false"},
        "ko": {ENTAILMENT: "참", NEUTRAL: "판단할 수 없음", CONTRADICTION: "거짓"},
    },
}

# For reversed NLI templates ("write a sentence that ... the premise"): the relation as a
# verb phrase, so one template covers all three labels.
NLI_RELATION_PHRASES: Final[dict[str, dict[str, str]]] = {
    "en": {
        ENTAILMENT: "is definitely true given",
        NEUTRAL: "might be true given",
        CONTRADICTION: "is definitely false given",
    },
    "ko": {
        ENTAILMENT: "반드시 참이 되는",
        NEUTRAL: "참일 수도 거짓일 수도 있는",
        CONTRADICTION: "반드시 거짓이 되는",
    },
}

# STS: similarity 0..5 (STS-B/KorSTS annotation guideline levels).
STS_MIN: Final = 0.0
STS_MAX: Final = 5.0
STS_SCALE: Final[dict[str, tuple[str, ...]]] = {
    "en": (
        "completely dissimilar",
        "not equivalent, but on the same topic",
        "not equivalent, but share some details",
        "roughly equivalent, some important information differs",
        "mostly equivalent, some unimportant details differ",
        "completely equivalent",
    ),
    "ko": (
        "전혀 다름",
        "같지 않지만 주제가 같음",
        "같지 않지만 일부 내용이 같음",
        "대체로 같지만 중요한 정보가 다름",
        "거의 같고 사소한 부분만 다름",
        "완전히 같음",
    ),
}

# Extractive QA, SQuAD v2: what a question the passage cannot answer should be answered
# with. Training the model to say so (instead of dropping the question) is the point of
# SQuAD v2's unanswerable questions.
NO_ANSWER: Final[dict[str, str]] = {
    "en": "The passage does not contain the answer to this question.",
    "ko": "지문에는 이 질문에 대한 답이 없습니다.",
}

# Math word problems: how the final answer is stated after a worked solution.
FINAL_ANSWER_PHRASE: Final[dict[str, str]] = {
    "en": "The answer is {answer}.",
    "ko": "정답은 {answer}입니다.",
}


def nli_label(dataset: str, raw: str | int) -> str:
    """Canonical label for a raw dataset label; ``ValueError`` names the bad value."""
    table = NLI_RAW_LABELS.get(dataset, NLI_RAW_LABELS["nli"])
    key: str | int = raw.strip().lower() if isinstance(raw, str) else raw
    if key == NLI_NO_CONSENSUS:
        raise ValueError("no gold label: annotators reached no consensus ('-')")
    if isinstance(key, str) and key.isdigit():
        key = int(key)
    try:
        return table[key]
    except KeyError:
        allowed = ", ".join(sorted(str(k) for k in table))
        raise ValueError(f"unknown label {raw!r}; expected one of: {allowed}") from None


def sts_bucket(score: float) -> int:
    """Nearest guideline level (0..5), halves rounded up (not Python's round-half-even)."""
    return min(5, max(0, int(score + 0.5)))
