"""Self-Instruct's cheap filters, each with the reject reason that lands in the pool.

Instruction filters follow the paper's post-processing: not in the target language (checked
first: a Japanese or Chinese instruction has no spaces, so its "word count" says nothing),
too short or too long, a keyword a text-only model cannot honour (image, graph, picture,
file, map, draw, plot, go to — the paper's list, plus the audio/video additions Alpaca made
and today's media words: photo, screenshot, YouTube clip, 사진, 동영상, 스크린샷 ...),
"Write a program" (the paper drops it too), starting with punctuation. Instance filters drop
empty outputs, outputs that only echo the input, and outputs past the length limit.

Matching is on word boundaries in English ("hash map", "mapping" pass) and on morphemes in
Korean (kiwipiepy: 지도자, 파일럿, 그림자 are nouns of their own, not 지도/파일/그림 + a suffix).
Length counts Korean by syllables: a Hangul syllable carries what ~2.5 Latin letters do and
an English word is ~5.5 characters with its space, so KO_SYLLABLES_PER_WORD syllables count
as one word ("다음 글을 요약하세요." is as long as "Summarize the following text.").
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from instructflow.agents.language import detect_lang
from instructflow.agents.morphemes import kiwi

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
    "draw", "plot", "go to", "video", "videos", "audio", "music", "flowchart", "diagram",
    # Media a text-only model cannot see or make, as people name them today.
    "photo", "photos", "photograph", "photographs", "screenshot", "screenshots", "youtube clip",
    "youtube clips", "clip", "clips", "gif", "gifs", "selfie", "selfies", "jpg", "jpeg", "png", "pdf",
    "attachment", "attached", "recording", "podcast", "webcam", "sketch", "infographic", "meme", "memes",
)  # fmt: skip
# Not blacklisted on purpose: "YouTube" alone and "chart" (writing a channel name or a table
# chart is text; measured on the 427 human Self-Instruct instructions, bench/eval_quality.py).
# Technical terms that contain a blacklisted word but ask for text ("Implement a hash map").
BLACKLIST_EXCEPTIONS: tuple[str, ...] = (
    "hash map", "hash maps", "hashmap", "tree map", "map function", "map()", "map/reduce", "mapreduce",
    "map-reduce", ".map", "bitmap", "file system", "file path", "file name", "plot twist", "plot of",
    "the plot", "your plot", "movie plot", "story plot", "series' plot", "plot summary", "plot line",
)  # fmt: skip
# The same ideas in Korean, matched against kiwipiepy's nouns (NNG/NNP) and verb stems (VV).
BLACKLIST_KO_NOUNS = frozenset(
    "이미지 그림 사진 그래프 파일 지도 도표 동영상 영상 음악 오디오 녹음 스크린샷 캡처 캡쳐 유튜브 "
    "첨부 셀카 짤 도식 차트 움짤".split()
)
BLACKLIST_KO_VERBS = frozenset({"그리"})  # draw (그려, 그리세요); 그리고 "and" is MAJ, not VV
KO_SYLLABLES_PER_WORD = 2.2

_BLACKLIST_RE = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in BLACKLIST) + r")\b", re.IGNORECASE)
_EXCEPTIONS_RE = re.compile("|".join(re.escape(w) for w in BLACKLIST_EXCEPTIONS), re.IGNORECASE)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_PUNCT = set(string.punctuation) | set("…·「」『』【】《》〈〉（）！？，。：；")


@dataclass(frozen=True, slots=True)
class Limits:
    min_words: int = 3  # at most this many words: dropped (paper: <= 3)
    max_words: int = 150
    max_output_chars: int = 4000
    languages: tuple[str, ...] = ("en", "ko")


def word_count(text: str) -> float:
    """Whitespace words, with the Korean part counted in syllables (KO_SYLLABLES_PER_WORD to a
    word): "다음 글을 요약하세요." is 4.1 words, like its English equivalent."""
    words = text.split()
    syllables = len(_HANGUL.findall(text))
    if not syllables:
        return len(words)
    other = sum(1 for w in words if not _HANGUL.search(w))
    return other + syllables / KO_SYLLABLES_PER_WORD


def blacklisted(text: str) -> bool:
    """A blacklisted English word (on word boundaries, technical exceptions removed) or a
    blacklisted Korean noun or verb stem (on morphemes)."""
    if _BLACKLIST_RE.search(_EXCEPTIONS_RE.sub(" ", text)):
        return True
    if not _HANGUL.search(text):
        return False
    for token in kiwi().tokenize(text):
        if token.tag in ("NNG", "NNP") and token.form in BLACKLIST_KO_NOUNS:
            return True
        if token.tag == "VV" and token.form in BLACKLIST_KO_VERBS:
            return True
    return False


def instruction_reason(instruction: str, limits: Limits) -> str:
    """The first filter ``instruction`` fails, or '' when it passes them all."""
    text = instruction.strip()
    if not text:
        return TOO_SHORT
    if detect_lang(text) not in limits.languages:
        return WRONG_LANGUAGE
    n = word_count(text)
    if n <= limits.min_words:
        return TOO_SHORT
    if n > limits.max_words:
        return TOO_LONG
    if text[0] in _PUNCT:
        return PUNCTUATION
    if blacklisted(text):
        return BLACKLISTED
    if text.lower().startswith("write a program"):
        return PROGRAM
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
