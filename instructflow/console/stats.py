"""Annotator throughput and reviewer agreement, computed from the queue's history (pure).

*Acceptance* is how often reviewers agreed with an annotator's answer (accepted on review).
*Rating agreement* compares the annotator's 1-5 rating of a prompt with the reviewer's, where
both gave one: exact matches and matches within one point.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from statistics import median
from typing import Any

from instructflow.console.queue import AnnotationQueue, EventKind

HOUR_S = 3600.0


@dataclass
class AnnotatorStats:
    annotator: str
    submitted: int = 0
    submitted_last_hour: int = 0
    accepted: int = 0
    sent_back: int = 0
    acceptance_rate: float | None = None
    median_seconds: float | None = None
    rated_pairs: int = 0
    rating_exact: float | None = None
    rating_within_one: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def annotator_stats(queue: AnnotationQueue, now: float) -> list[AnnotatorStats]:
    by_name: dict[str, AnnotatorStats] = {}
    seconds: dict[str, list[float]] = {}
    ratings: dict[str, dict[str, int]] = {}  # annotator -> item -> rating of their latest submit
    pairs: dict[str, list[tuple[int, int]]] = {}
    author: dict[str, str] = {}
    for event in queue.history:
        if event.kind is EventKind.submit:
            s = by_name.setdefault(event.actor, AnnotatorStats(event.actor))
            s.submitted += 1
            if now - event.at <= HOUR_S:
                s.submitted_last_hour += 1
            seconds.setdefault(event.actor, []).append(float(event.payload.get("seconds", 0.0)))
            ratings.setdefault(event.actor, {})[event.item_id] = int(event.payload.get("rating", 0))
            author[event.item_id] = event.actor
        elif event.item_id in author:
            name = author[event.item_id]
            s = by_name[name]
            if event.kind is EventKind.accept:
                s.accepted += 1
            else:
                s.sent_back += 1
            mine, theirs = ratings[name].get(event.item_id, 0), int(event.payload.get("rating", 0))
            if mine and theirs:
                pairs.setdefault(name, []).append((mine, theirs))
    for name, s in by_name.items():
        reviewed = s.accepted + s.sent_back
        s.acceptance_rate = round(s.accepted / reviewed, 3) if reviewed else None
        s.median_seconds = round(median(seconds[name]), 1) if seconds.get(name) else None
        rated = pairs.get(name, [])
        s.rated_pairs = len(rated)
        if rated:
            s.rating_exact = round(sum(a == b for a, b in rated) / len(rated), 3)
            s.rating_within_one = round(sum(abs(a - b) <= 1 for a, b in rated) / len(rated), 3)
    return sorted(by_name.values(), key=lambda s: s.annotator)
