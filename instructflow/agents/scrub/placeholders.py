"""Typed, numbered placeholders that stay consistent across the turns of one conversation.

A conversation that mentions "Kim" in turn 1 and again in turn 3 must read ``<PERSON_1>`` both
times, or the scrubbed dialogue stops making sense to annotators and to the model trained on it.
One :class:`PlaceholderBook` is therefore shared by every text of one conversation (or one
instance) and thrown away afterwards: it is the only object that ever holds raw values, and it
never outlives the call that scrubbed them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

# What a placeholder looks like in already-scrubbed text. Used to (a) never re-detect our own
# placeholders as PII and (b) continue numbering after them instead of reusing their numbers.
PLACEHOLDER_RE = re.compile(r"<([A-Z][A-Z0-9_]*?)_(\d+)>")

# Entity types whose values are numbers people write with varying separators: "010-1234-5678",
# "010 1234 5678" and "01012345678" are one phone number and must get one placeholder.
_DIGIT_KEYED = frozenset(
    {
        "PHONE_NUMBER",
        "CREDIT_CARD",
        "KR_RRN",
        "KR_FRN",
        "KR_BRN",
        "KR_DRIVER_LICENSE",
        "KR_BANK_ACCOUNT",
        "US_SSN",
        "US_ITIN",
        "US_BANK_NUMBER",
        "IBAN_CODE",
    }
)
_NOT_ALNUM = re.compile(r"[\W_]+")
_SPACES = re.compile(r"\s+")


def value_key(entity_type: str, value: str) -> str:
    """Normal form under which two spellings of one value count as the same value."""
    if entity_type in _DIGIT_KEYED:
        return _NOT_ALNUM.sub("", value).upper()
    # Names, e-mails, addresses: case and spacing differences are the same person/place.
    return _SPACES.sub(" ", value.strip()).casefold()


class PlaceholderBook:
    """Hands out ``<TYPE_n>``, numbered per distinct value and type, within one conversation."""

    __slots__ = ("_next", "_numbers", "counts")

    def __init__(self, existing_texts: Sequence[str] = ()) -> None:
        self._numbers: dict[tuple[str, str], int] = {}
        # Start after the highest number already present, so text scrubbed earlier (a chat
        # prompt that now comes back as part of an instance) never gets a colliding number.
        self._next: dict[str, int] = {}
        for text in existing_texts:
            for match in PLACEHOLDER_RE.finditer(text):
                kind, number = match.group(1), int(match.group(2))
                if number >= self._next.get(kind, 1):
                    self._next[kind] = number + 1
        # Occurrences replaced per entity type: the only thing that leaves with the result.
        self.counts: Counter[str] = Counter()

    def placeholder(self, entity_type: str, value: str) -> str:
        key = (entity_type, value_key(entity_type, value))
        number = self._numbers.get(key)
        if number is None:
            number = self._next.get(entity_type, 1)
            self._next[entity_type] = number + 1
            self._numbers[key] = number
        self.counts[entity_type] += 1
        return f"<{entity_type}_{number}>"

    def rewrite(self, text: str, spans: Iterable[tuple[str, int, int]]) -> str:
        """``text`` with each (entity type, start, end) span, sorted and non-overlapping,
        replaced by its placeholder."""
        parts: list[str] = []
        cursor = 0
        for entity_type, start, end in spans:
            parts.append(text[cursor:start])
            parts.append(self.placeholder(entity_type, text[start:end]))
            cursor = end
        parts.append(text[cursor:])
        return "".join(parts)
