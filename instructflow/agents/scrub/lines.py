"""Where a span's line of text starts and ends: records, fields and signatures are lines."""

from __future__ import annotations

import re

# What opens a field (a line's start, a key's colon or a separator) and what closes it: a line's
# end, a separator or a closing bracket.
_FIELD_OPENED = r"(?:^|[:|,/;·\t])[ \t]*$"
FIELD_CLOSED = r"[ \t]*(?:$|[|,/;·\n\t)\]])"
FIELD_OPEN = re.compile(_FIELD_OPENED, re.MULTILINE)  # search from the line's start to the field's
FIELD_SHUT = re.compile(FIELD_CLOSED, re.MULTILINE)  # match at the field's end
# A phone, an account or an e-mail in a line: nine digits and more, so no date ("2024. 3. 1."); or a
# Korean business line's eight ("1588-3127", "1644-1234": 15xx-19xx and four digits, which no date
# writes; probe_fresh_mixed 3141: "최종수/1588-3127/논산시 …").
_IDENTIFIER_IN_LINE = re.compile(
    r"(?<![\d.])\+?\d(?:[ ().\-]{0,2}\d){8,}|(?<![\d.\-])1[5-9]\d\d-\d{4}(?![\d\-])|[\w.+\-]@[\w\-]+\.\w")


def line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) of the line holding ``text[start:end]``, without its line breaks."""
    line_end = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, len(text) if line_end < 0 else line_end


def holds_identifier(text: str) -> bool:
    """Whether ``text`` holds a phone, an account or an e-mail anywhere: a text without one needs no
    per-word :func:`identifier_beside`."""
    return _IDENTIFIER_IN_LINE.search(text) is not None


def identifier_beside(text: str, start: int, end: int) -> bool:
    """Whether the line of ``text[start:end]`` holds a phone, an account or an e-mail outside it."""
    line_start, line_end = line_bounds(text, start, end)
    return (_IDENTIFIER_IN_LINE.search(text, line_start, start) is not None
            or _IDENTIFIER_IN_LINE.search(text, end, line_end) is not None)
