"""Which pool rows an export may take, as one parameterized SQL condition.

Only accepted instances that carry an answer are training data: a chat prompt still
waiting for its annotator has no assistant turn and is left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

# An answer: an output, or a conversation that ends with an assistant turn.
HAS_ANSWER = "(output != '' OR (length(messages) > 0 AND messages[length(messages)].role = 'assistant'))"


@dataclass(frozen=True)
class ExportFilter:
    languages: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    min_quality: float | None = None
    since: datetime | None = None  # created_at >= since
    until: datetime | None = None  # created_at < until

    def scope(self) -> tuple[str, dict[str, Any]]:
        """The condition without status/answer: the slice of the pool the export looks at
        (the dataset card's dedup statistics are counted over it)."""
        parts: list[str] = []
        params: dict[str, Any] = {}
        if self.languages:
            parts.append("lang IN {f_langs:Array(String)}")
            params["f_langs"] = list(self.languages)
        if self.sources:
            parts.append("source IN {f_sources:Array(String)}")
            params["f_sources"] = list(self.sources)
        if self.since is not None:
            parts.append("created_at >= {f_since:DateTime64(3, 'UTC')}")
            params["f_since"] = self.since
        if self.until is not None:
            parts.append("created_at < {f_until:DateTime64(3, 'UTC')}")
            params["f_until"] = self.until
        return (" AND ".join(parts) or "1"), params

    def where(self) -> tuple[str, dict[str, Any]]:
        """The rows eligible for export: in scope, accepted, answered, good enough."""
        scope, params = self.scope()
        parts = [scope, "status = 'accepted'", HAS_ANSWER]
        if self.min_quality is not None:
            parts.append("scores['quality'] >= {f_min_quality:Float32}")
            params["f_min_quality"] = self.min_quality
        return " AND ".join(f"({p})" for p in parts), params

    def describe(self) -> dict[str, Any]:
        return {
            "languages": list(self.languages), "sources": list(self.sources), "min_quality": self.min_quality,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
        }
