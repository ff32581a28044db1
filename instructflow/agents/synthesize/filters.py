"""Self-Instruct's cheap filters, each with the reject reason that lands in the pool.

Instruction filters follow the paper's post-processing: too short or too long, a keyword a
text-only model cannot honour (image, graph, picture, file, map, draw, plot, go to — the
paper's list, plus the audio/video additions Alpaca made), "Write a program" (the paper drops
it too), starting with punctuation, not in the target language. Instance filters drop empty
outputs, outputs that only echo the input, and outputs past the length limit.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from instructflow.agents.language import detect_lang

# Reasons, as stored in Instance.reject_reason.
TOO_SHORT = "synth_too_short"
TOO_LONG = "synth_too_long"
BLACKLISTED = "synth_blacklisted"
PROGRAM = "synth_write_a_program"
PUNCTUATION = "synth_starts_with_punctuation"
WRONG_LANGUAGE = "synth_wrong_language"
NOT_NOVEL = "synth_not_novel"
EMPTY_OUTPUT = "synth_empty_output"
ECHO = "synth_output_echoes_input"
OUTPUT_TOO_LONG = "synth_output_too_long"
UNPARSEABLE = "synth_unparseable_reply"
JUDGE_LOW = "synth_judge_low"

BLACKLIST: tuple[str, ...] = (
    "image", "images", "graph", "graphs", "picture", "pictures", "file", "files", "map", "maps",
    "draw", "plot", "go to", "video", "audio", "music", "flowchart", "diagram",
)
# The same ideas in Korean, for Korean instructions (substring match: particles attach).
BLACKLIST_KO: tuple[str, ...] = ("이미지", "그림", "사진", "그래프", "파일", "지도", "그려", "도표", "동영상", "음악")

_BLACKLIST_RE = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in BLACKLIST) + r")\b", re.IGNORECASE)
_PUNCT = set(string.punctuation) | set("…·「」『』【】《》〈〉（）！？，。：；")


@dataclass(frozen=True, slots=True)
class Limits:
    min_words: int = 3  # at most this many words: dropped (paper: <= 3)
    max_words: int = 150
    max_output_chars: int = 4000
    languages: tuple[str, ...] = ("en", "ko")


def word_count(text: str) -> int:
    """Whitespace words; Korean eojeol count the same way (a Korean sentence has as many)."""
    return len(text.split())


def instruction_reason(instruction: str, limits: Limits) -> str:
    """The first filter ``instruction`` fails, or '' when it passes them all."""
    text = instruction.strip()
    n = word_count(text)
    if n <= limits.min_words:
        return TOO_SHORT
    if n > limits.max_words:
        return TOO_LONG
    if text[0] in _PUNCT:
        return PUNCTUATION
    if _BLACKLIST_RE.search(text) or any(w in text for w in BLACKLIST_KO):
        return BLACKLISTED
    if text.lower().startswith("write a program"):
        return PROGRAM
    if detect_lang(text) not in limits.languages:
        return WRONG_LANGUAGE
    return ""


def instance_reason(input_: str, output: str, limits: Limits) -> str:
    out = output.strip()
    if not out:
        return EMPTY_OUTPUT
    if input_.strip() and _squash(out) == _squash(input_):
        return ECHO
    if len(out) > limits.max_output_chars:
        return OUTPUT_TOO_LONG
    return ""


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()
