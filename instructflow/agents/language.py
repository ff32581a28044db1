"""Script-based language identification, cheap enough to run on every message.

The pipeline only needs to tell its supported languages apart (Korean and English
today); counting letters per script does that exactly and costs microseconds, where a
statistical identifier would cost a model download we cannot make.
"""

from __future__ import annotations

from collections.abc import Iterable

HANGUL = ((0xAC00, 0xD7A3), (0x1100, 0x11FF), (0x3130, 0x318F))
KANA_HAN = ((0x3040, 0x30FF), (0x4E00, 0x9FFF))
CYRILLIC = ((0x0400, 0x04FF),)


def _in(code: int, ranges: Iterable[tuple[int, int]]) -> bool:
    return any(lo <= code <= hi for lo, hi in ranges)


def script_counts(text: str) -> dict[str, int]:
    counts = {"hangul": 0, "latin": 0, "cjk": 0, "cyrillic": 0, "other": 0}
    for ch in text:
        if not ch.isalpha():
            continue
        code = ord(ch)
        if code < 0x250:
            counts["latin"] += 1
        elif _in(code, HANGUL):
            counts["hangul"] += 1
        elif _in(code, KANA_HAN):
            counts["cjk"] += 1
        elif _in(code, CYRILLIC):
            counts["cyrillic"] += 1
        else:
            counts["other"] += 1
    return counts


def detect_lang(text: str) -> str:
    """'ko', 'en', or 'und' when the letters are mostly of another script (or absent).

    Korean text routinely embeds Latin words (brand names, code), so a modest share of
    Hangul already makes it Korean.
    """
    counts = script_counts(text)
    letters = sum(counts.values())
    if letters == 0:
        return "und"
    if counts["hangul"] / letters >= 0.3:
        return "ko"
    if counts["latin"] / letters >= 0.6:
        return "en"
    return "und"
