"""Where a span's line of text starts and ends: records, fields and signatures are lines."""

from __future__ import annotations


def line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) of the line holding ``text[start:end]``, without its line breaks."""
    line_end = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, len(text) if line_end < 0 else line_end
