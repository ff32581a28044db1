"""Pure core of the annotation queue: who holds which prompt, and what became of each answer.

States of an item::

    pending --claim--> claimed --submit--> submitted --accept--> accepted
       ^                 |  |                  |
       +--expire/skip----+  +--flag--> flagged +--send_back--> pending (reserved for its annotator)

* A claim is a lease: it lasts ``lease_s``; a claim not submitted by then is released
  (``expire``) and may go to another annotator. One annotator holds at most one claim; asking
  again returns the same item (a page reload does not lose it).
* Skipping returns the item to the others; the one who skipped never gets it again.
* Send-back keeps the answer and the reviewer's comment and reserves the item for the same
  annotator for ``reserve_s``; afterwards anyone may take it.
* A reviewer never reviews their own answer.

Every change is an :class:`Event`. Operations validate, then apply their event through the one
:meth:`AnnotationQueue.apply`, which is also what a restart replays: the persisted event log
rebuilds exactly the same state. The clock is injected so lease timeouts are unit-testable.
"""

from __future__ import annotations

import heapq
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

Clock = Callable[[], float]


class ItemState(StrEnum):
    pending = "pending"
    claimed = "claimed"
    submitted = "submitted"
    accepted = "accepted"
    flagged = "flagged"


class EventKind(StrEnum):
    claim = "claim"
    expire = "expire"
    skip = "skip"
    flag = "flag"
    submit = "submit"
    accept = "accept"
    send_back = "send_back"
    published = "published"  # the accepted answer reached instances.candidates


FLAG_REASONS = ("pii", "harmful", "not_a_request", "other")
MAX_RATING = 5


class QueueError(Exception):
    """An operation the current state does not allow; ``status`` is the HTTP status it maps to."""

    status = 409


class NotFound(QueueError):
    status = 404


class Forbidden(QueueError):
    status = 403


class Invalid(QueueError):
    status = 400


@dataclass(frozen=True)
class Event:
    item_id: str
    kind: EventKind
    actor: str
    at: float
    payload: dict[str, Any] = field(default_factory=dict)
    seq: int = 0
    event_id: str = field(default_factory=lambda: uuid.uuid4().hex)

    @property
    def durable(self) -> bool:
        """Whether the caller must wait for it to be stored: losing a claim, skip or expiry in a
        crash only makes an item claimable again; losing an answer or a verdict loses work."""
        return self.kind in {EventKind.submit, EventKind.flag, EventKind.accept, EventKind.send_back,
                             EventKind.published}


@dataclass
class Item:
    item_id: str
    priority: float
    queued_at: float
    state: ItemState = ItemState.pending
    holder: str = ""  # the claimant while claimed; the author once submitted
    claimed_at: float = 0.0
    lease_until: float = 0.0
    claim_no: int = 0  # bumps with each claim, so stale lease-heap entries are recognized
    skipped_by: set[str] = field(default_factory=set)
    reserved_for: str = ""
    reserved_until: float = 0.0
    annotator: str = ""  # author of the current answer
    answer: str = ""
    rating: int = 0
    seconds: float = 0.0  # claim-to-submit time, summed over every round of work
    used_draft: bool = False
    submitted_at: float = 0.0
    reviewer: str = ""
    review_comment: str = ""
    review_rating: int = 0
    reviewed_at: float = 0.0
    published: bool = False
    flags: list[dict[str, str]] = field(default_factory=list)
    rounds: int = 0  # submissions so far (1 + times sent back and answered again)

    def order_key(self) -> tuple[float, float, str]:
        """Best first: highest priority, then oldest, then id (deterministic)."""
        return (-self.priority, self.queued_at, self.item_id)


class AnnotationQueue:
    def __init__(self, lease_s: float = 900.0, reserve_s: float = 86400.0, clock: Clock = time.time) -> None:
        self.lease_s = lease_s
        self.reserve_s = reserve_s
        self.clock = clock
        self.items: dict[str, Item] = {}
        self.seq = 0
        self._pending: list[tuple[tuple[float, float, str], str]] = []  # heap by Item.order_key
        self._leases: list[tuple[float, str, int]] = []  # heap of (lease_until, item_id, claim_no)
        self._claim_of: dict[str, str] = {}  # annotator -> item id they hold
        self._reserved: dict[str, set[str]] = {}  # annotator -> items sent back to them
        # Submits and verdicts in order, for throughput and agreement (stats.py).
        self.history: list[Event] = []
        self._counts: dict[ItemState, int] = dict.fromkeys(ItemState, 0)  # kept by apply: O(1) to read

    # -- intake --------------------------------------------------------------------------
    def add(self, item_id: str, priority: float, queued_at: float) -> bool:
        """A new item from the queue topic; a known id (redelivery) changes nothing."""
        if item_id in self.items:
            return False
        item = Item(item_id, priority, queued_at)
        self.items[item_id] = item
        self._counts[ItemState.pending] += 1
        heapq.heappush(self._pending, (item.order_key(), item_id))
        return True

    # -- the one state transition function --------------------------------------------------
    def apply(self, event: Event) -> None:
        """Apply a (validated or replayed) event. Unknown items are ignored on replay."""
        self.seq = max(self.seq, event.seq)
        item = self.items.get(event.item_id)
        if item is None:
            return
        before = item.state
        self._transition(item, event)
        if item.state is not before:
            self._counts[before] -= 1
            self._counts[item.state] += 1

    def _transition(self, item: Item, event: Event) -> None:
        p, kind = event.payload, event.kind
        if kind in (EventKind.submit, EventKind.accept, EventKind.send_back):
            self.history.append(event)
        if kind is EventKind.claim:
            item.state, item.holder = ItemState.claimed, event.actor
            item.claimed_at, item.lease_until = event.at, float(p["lease_until"])
            item.claim_no += 1
            self._claim_of[event.actor] = item.item_id
            self._unreserve(item)
            heapq.heappush(self._leases, (item.lease_until, item.item_id, item.claim_no))
        elif kind in (EventKind.expire, EventKind.skip):
            self._release(item)
            if kind is EventKind.skip:
                item.skipped_by.add(event.actor)
            self._to_pending(item)
        elif kind is EventKind.flag:
            self._release(item)
            item.state = ItemState.flagged
            item.flags.append({"by": event.actor, "reason": str(p.get("reason", "")), "note": str(p.get("note", ""))})
        elif kind is EventKind.submit:
            self._release(item)
            item.state, item.holder, item.annotator = ItemState.submitted, event.actor, event.actor
            item.answer, item.rating = str(p["answer"]), int(p.get("rating", 0))
            item.used_draft = bool(p.get("used_draft", False))
            item.seconds += float(p.get("seconds", 0.0))
            item.submitted_at = event.at
            item.rounds += 1
        elif kind is EventKind.accept:
            item.state, item.reviewer, item.reviewed_at = ItemState.accepted, event.actor, event.at
            item.review_comment, item.review_rating = str(p.get("comment", "")), int(p.get("rating", 0))
        elif kind is EventKind.send_back:
            item.reviewer, item.reviewed_at = event.actor, event.at
            item.review_comment, item.review_rating = str(p.get("comment", "")), int(p.get("rating", 0))
            item.holder = ""
            item.reserved_for, item.reserved_until = item.annotator, event.at + float(p.get("reserve_s", 0.0))
            self._reserved.setdefault(item.annotator, set()).add(item.item_id)
            self._to_pending(item)
        elif kind is EventKind.published:
            item.published = True

    def replay(self, events: Iterable[Event]) -> int:
        n = 0
        for event in sorted(events, key=lambda e: e.seq):
            self.apply(event)
            n += 1
        return n

    def _event(self, item_id: str, kind: EventKind, actor: str, at: float, **payload: Any) -> Event:
        self.seq += 1
        event = Event(item_id, kind, actor, at, payload, seq=self.seq)
        self.apply(event)
        return event

    def _release(self, item: Item) -> None:
        if item.state is ItemState.claimed and self._claim_of.get(item.holder) == item.item_id:
            del self._claim_of[item.holder]
        if item.state is ItemState.claimed:
            item.holder = ""

    def _to_pending(self, item: Item) -> None:
        item.state = ItemState.pending
        heapq.heappush(self._pending, (item.order_key(), item.item_id))

    def _unreserve(self, item: Item) -> None:
        if item.reserved_for:
            self._reserved.get(item.reserved_for, set()).discard(item.item_id)
            item.reserved_for, item.reserved_until = "", 0.0

    # -- annotators -----------------------------------------------------------------------------
    def expire_due(self, now: float | None = None) -> list[Event]:
        """Release every claim whose lease ended by ``now``."""
        now = self.clock() if now is None else now
        events = []
        while self._leases and self._leases[0][0] <= now:
            _, item_id, claim_no = heapq.heappop(self._leases)
            item = self.items[item_id]
            if item.state is ItemState.claimed and item.claim_no == claim_no:
                events.append(self._event(item_id, EventKind.expire, "", now, holder=item.holder))
        return events

    def current(self, annotator: str) -> Item | None:
        item_id = self._claim_of.get(annotator)
        return self.items[item_id] if item_id else None

    def _eligible(self, item: Item, annotator: str, now: float) -> bool:
        if annotator in item.skipped_by:
            return False
        return not (item.reserved_for and item.reserved_for != annotator and item.reserved_until > now)

    def claim(self, annotator: str) -> tuple[Item | None, list[Event]]:
        """The annotator's current claim, or the best pending item they may take (None: nothing)."""
        now = self.clock()
        events = self.expire_due(now)
        if (held := self.current(annotator)) is not None:
            return held, events
        chosen: Item | None = None
        # Work sent back to this annotator comes first.
        for item_id in sorted(self._reserved.get(annotator, ()), key=lambda i: self.items[i].order_key()):
            if self.items[item_id].state is ItemState.pending:
                chosen = self.items[item_id]
                break
        if chosen is None:
            set_aside = []
            while self._pending:
                key, item_id = heapq.heappop(self._pending)
                item = self.items[item_id]
                if item.state is not ItemState.pending or key != item.order_key():
                    continue  # stale heap entry: the item moved on since it was pushed
                if self._eligible(item, annotator, now):
                    chosen = item
                    break
                set_aside.append((key, item_id))
            for entry in set_aside:
                heapq.heappush(self._pending, entry)
        if chosen is None:
            return None, events
        events.append(self._event(chosen.item_id, EventKind.claim, annotator, now, lease_until=now + self.lease_s))
        return chosen, events

    def held(self, item_id: str, annotator: str) -> Item:
        """The item if ``annotator`` holds its claim now; raises otherwise."""
        item = self.items.get(item_id)
        if item is None:
            raise NotFound(f"no item {item_id}")
        if item.state is not ItemState.claimed or item.holder != annotator:
            raise QueueError("this item is not claimed by you (the claim may have timed out)")
        return item

    def submit(self, item_id: str, annotator: str, answer: str, rating: int = 0,
               used_draft: bool = False) -> Event:
        item = self.held(item_id, annotator)
        if not answer.strip():
            raise Invalid("the answer is empty")
        if not 0 <= rating <= MAX_RATING:
            raise Invalid(f"rating must be 0..{MAX_RATING}")
        now = self.clock()
        return self._event(item_id, EventKind.submit, annotator, now, answer=answer, rating=rating,
                           used_draft=used_draft, seconds=round(max(0.0, now - item.claimed_at), 3))

    def skip(self, item_id: str, annotator: str) -> Event:
        self.held(item_id, annotator)
        return self._event(item_id, EventKind.skip, annotator, self.clock())

    def flag(self, item_id: str, annotator: str, reason: str, note: str = "") -> Event:
        self.held(item_id, annotator)
        if reason not in FLAG_REASONS:
            raise Invalid(f"flag reason must be one of {', '.join(FLAG_REASONS)}")
        return self._event(item_id, EventKind.flag, annotator, self.clock(), reason=reason, note=note[:2000])

    # -- reviewers ------------------------------------------------------------------------------
    def to_review(self, reviewer: str) -> list[Item]:
        """Submitted answers this reviewer may judge (not their own), oldest first."""
        items = [i for i in self.items.values() if i.state is ItemState.submitted and i.annotator != reviewer]
        return sorted(items, key=lambda i: (i.submitted_at, i.item_id))

    def _reviewable(self, item_id: str, reviewer: str) -> Item:
        item = self.items.get(item_id)
        if item is None:
            raise NotFound(f"no item {item_id}")
        if item.state is not ItemState.submitted:
            raise QueueError(f"item is {item.state.value}, not awaiting review")
        if item.annotator == reviewer:
            raise Forbidden("a reviewer cannot review their own answer")
        return item

    def accept(self, item_id: str, reviewer: str, comment: str = "", rating: int = 0) -> Event:
        self._reviewable(item_id, reviewer)
        if not 0 <= rating <= MAX_RATING:
            raise Invalid(f"rating must be 0..{MAX_RATING}")
        return self._event(item_id, EventKind.accept, reviewer, self.clock(), comment=comment[:4000], rating=rating)

    def send_back(self, item_id: str, reviewer: str, comment: str, rating: int = 0) -> Event:
        self._reviewable(item_id, reviewer)
        if not comment.strip():
            raise Invalid("say what to change: a send-back needs a comment")
        if not 0 <= rating <= MAX_RATING:
            raise Invalid(f"rating must be 0..{MAX_RATING}")
        return self._event(item_id, EventKind.send_back, reviewer, self.clock(), comment=comment[:4000],
                           rating=rating, reserve_s=self.reserve_s)

    def mark_published(self, item_id: str) -> Event:
        return self._event(item_id, EventKind.published, "", self.clock())

    def unpublished(self) -> list[Item]:
        """Accepted answers not yet confirmed in instances.candidates (the outbox)."""
        return [i for i in self.items.values() if i.state is ItemState.accepted and not i.published]

    # -- overview -------------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        return {s.value: n for s, n in self._counts.items()}
