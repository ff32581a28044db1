"""The annotation lease state machine: claims, timeouts, skips, flags, reviews, replay."""

from __future__ import annotations

import pytest

from instructflow.console.queue import (
    AnnotationQueue,
    EventKind,
    Forbidden,
    Invalid,
    ItemState,
    NotFound,
    QueueError,
)
from instructflow.console.stats import annotator_stats


class FakeClock:
    def __init__(self, t: float = 1000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def queue(clock: FakeClock) -> AnnotationQueue:
    q = AnnotationQueue(lease_s=60, reserve_s=600, clock=clock)
    q.add("low", priority=0.5, queued_at=1)
    q.add("high", priority=0.9, queued_at=2)
    q.add("mid", priority=0.7, queued_at=3)
    return q


def test_claims_go_best_first_and_never_to_two_annotators(queue: AnnotationQueue):
    a, _ = queue.claim("ann")
    b, _ = queue.claim("bob")
    c, _ = queue.claim("cid")
    d, _ = queue.claim("dan")
    assert [a.item_id, b.item_id, c.item_id] == ["high", "mid", "low"]
    assert d is None


def test_a_claim_is_idempotent_per_annotator(queue: AnnotationQueue):
    first, events = queue.claim("ann")
    again, more = queue.claim("ann")
    assert first is again and len(events) == 1 and more == []


def test_lease_timeout_releases_the_item_to_another_annotator(queue: AnnotationQueue, clock: FakeClock):
    mine, _ = queue.claim("ann")
    clock.t += 59
    other, _ = queue.claim("bob")
    assert other.item_id != mine.item_id
    clock.t += 2  # ann's lease (60 s) is over
    taken, events = queue.claim("cid")
    assert taken.item_id == mine.item_id
    assert [e.kind for e in events] == [EventKind.expire, EventKind.claim]
    with pytest.raises(QueueError):
        queue.submit(mine.item_id, "ann", "too late")
    queue.submit(mine.item_id, "cid", "an answer")
    assert queue.items[mine.item_id].annotator == "cid"


def test_expire_due_without_a_claim(queue: AnnotationQueue, clock: FakeClock):
    item, _ = queue.claim("ann")
    assert queue.expire_due() == []
    clock.t += 60
    [event] = queue.expire_due()
    assert event.kind is EventKind.expire and queue.items[item.item_id].state is ItemState.pending
    assert queue.current("ann") is None


def test_submit_records_answer_rating_and_time_spent(queue: AnnotationQueue, clock: FakeClock):
    item, _ = queue.claim("ann")
    clock.t += 42.5
    event = queue.submit(item.item_id, "ann", "The answer.", rating=4)
    assert event.durable
    assert (item.state, item.answer, item.rating, item.seconds) == (ItemState.submitted, "The answer.", 4, 42.5)
    assert queue.current("ann") is None


@pytest.mark.parametrize(("answer", "rating"), [("   ", 3), ("ok", 6), ("ok", -1)])
def test_submit_validates(queue: AnnotationQueue, answer: str, rating: int):
    item, _ = queue.claim("ann")
    with pytest.raises(Invalid):
        queue.submit(item.item_id, "ann", answer, rating)


def test_only_the_holder_may_submit_skip_or_flag(queue: AnnotationQueue):
    item, _ = queue.claim("ann")
    for op in (lambda: queue.submit(item.item_id, "bob", "x"), lambda: queue.skip(item.item_id, "bob"),
               lambda: queue.flag(item.item_id, "bob", "pii")):
        with pytest.raises(QueueError):
            op()
    with pytest.raises(NotFound):
        queue.submit("nope", "ann", "x")


def test_skip_returns_item_to_others_never_to_the_skipper(queue: AnnotationQueue):
    item, _ = queue.claim("ann")
    queue.skip(item.item_id, "ann")
    nxt, _ = queue.claim("ann")
    assert nxt.item_id != item.item_id
    other, _ = queue.claim("bob")
    assert other.item_id == item.item_id


def test_flag_takes_item_out_of_the_queue(queue: AnnotationQueue):
    item, _ = queue.claim("ann")
    with pytest.raises(Invalid):
        queue.flag(item.item_id, "ann", "boring")
    queue.flag(item.item_id, "ann", "pii", "a phone number is left")
    assert item.state is ItemState.flagged and item.flags == [{"by": "ann", "reason": "pii",
                                                                "note": "a phone number is left"}]
    taken = {queue.claim(n)[0].item_id for n in ("b", "c")}
    assert item.item_id not in taken and queue.claim("d")[0] is None


def test_review_accept_and_own_answer_forbidden(queue: AnnotationQueue):
    item, _ = queue.claim("ann")
    queue.submit(item.item_id, "ann", "answer", rating=4)
    assert queue.to_review("ann") == [] and queue.to_review("rev") == [item]
    with pytest.raises(Forbidden):
        queue.accept(item.item_id, "ann")
    queue.accept(item.item_id, "rev", "good", rating=5)
    assert item.state is ItemState.accepted and item.reviewer == "rev"
    with pytest.raises(QueueError):
        queue.send_back(item.item_id, "rev2", "late")
    assert queue.unpublished() == [item]
    queue.mark_published(item.item_id)
    assert queue.unpublished() == []


def test_send_back_reserves_the_item_for_its_annotator(queue: AnnotationQueue, clock: FakeClock):
    item, _ = queue.claim("ann")
    queue.submit(item.item_id, "ann", "first try", rating=3)
    with pytest.raises(Invalid):
        queue.send_back(item.item_id, "rev", "  ")
    queue.send_back(item.item_id, "rev", "cite a source")
    assert item.state is ItemState.pending and item.answer == "first try"
    others = [queue.claim(n)[0] for n in ("b", "c")]
    assert item.item_id not in {o.item_id for o in others if o}
    back, _ = queue.claim("ann")
    assert back is item and item.review_comment == "cite a source"
    clock.t += 10
    queue.submit(item.item_id, "ann", "second try with a source", rating=3)
    assert item.rounds == 2


def test_send_back_reservation_lapses(queue: AnnotationQueue, clock: FakeClock):
    item, _ = queue.claim("ann")
    queue.submit(item.item_id, "ann", "x")
    queue.send_back(item.item_id, "rev", "redo")
    clock.t += 601
    assert queue.claim("bob")[0] is item


def test_replaying_the_events_rebuilds_the_same_state(queue: AnnotationQueue, clock: FakeClock):
    log = []
    for name in ("ann", "bob", "cid"):
        _, events = queue.claim(name)
        log += events
    clock.t += 5
    log.append(queue.submit("high", "ann", "A", rating=4))
    log.append(queue.skip("mid", "bob"))
    log.append(queue.flag("low", "cid", "harmful"))
    log.append(queue.send_back("high", "rev", "more detail", rating=2))
    _, events = queue.claim("bob")  # mid is skipped by bob; high is reserved for ann
    log += events
    copy = AnnotationQueue(lease_s=60, reserve_s=600, clock=clock)
    for item_id, prio, at in (("low", 0.5, 1), ("high", 0.9, 2), ("mid", 0.7, 3)):
        copy.add(item_id, prio, at)
    copy.replay(reversed(log))  # replay sorts by seq
    fields = ("state", "holder", "answer", "skipped_by", "reserved_for", "flags", "review_comment", "seconds")
    for item_id, item in queue.items.items():
        assert {f: getattr(copy.items[item_id], f) for f in fields} == {f: getattr(item, f) for f in fields}
    assert copy.seq == queue.seq
    assert copy.claim("ann")[0].item_id == "high"


def test_stats_throughput_acceptance_and_rating_agreement(queue: AnnotationQueue, clock: FakeClock):
    for name, rating, verdict in (("ann", 4, "accept"), ("bob", 2, "send_back"), ("ann", 5, "accept")):
        item, _ = queue.claim(name)
        clock.t += 30
        queue.submit(item.item_id, name, "answer", rating=rating)
        if verdict == "accept":
            queue.accept(item.item_id, "rev", rating=4)
        else:
            queue.send_back(item.item_id, "rev", "no", rating=5)
    stats = {s.annotator: s for s in annotator_stats(queue, clock.t)}
    assert (stats["ann"].submitted, stats["ann"].accepted, stats["ann"].acceptance_rate) == (2, 2, 1.0)
    assert (stats["ann"].rating_exact, stats["ann"].rating_within_one) == (0.5, 1.0)
    assert (stats["bob"].sent_back, stats["bob"].acceptance_rate, stats["bob"].rating_within_one) == (1, 0.0, 0.0)
    assert stats["ann"].median_seconds == 30.0
    assert annotator_stats(queue, clock.t + 7200)[0].submitted_last_hour == 0


def test_counts_follow_every_transition(queue: AnnotationQueue, clock: FakeClock):
    def recount() -> dict[str, int]:
        out = {s.value: 0 for s in ItemState}
        for item in queue.items.values():
            out[item.state.value] += 1
        return out

    a, _ = queue.claim("ann")
    b, _ = queue.claim("bob")
    assert queue.counts() == recount() == {"pending": 1, "claimed": 2, "submitted": 0, "accepted": 0, "flagged": 0}
    queue.submit(a.item_id, "ann", "x")
    queue.flag(b.item_id, "bob", "pii")
    queue.accept(a.item_id, "rev")
    clock.t += 1000
    queue.claim("cid")
    queue.expire_due(clock.t + 1000)
    assert queue.counts() == recount()
    assert queue.counts() == {"pending": 1, "claimed": 0, "submitted": 0, "accepted": 1, "flagged": 1}
