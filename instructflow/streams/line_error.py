"""A line of an input file that could not be read: where it is and what is wrong, never its content."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LineError:
    file: str
    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.reason}"
