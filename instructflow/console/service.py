"""The console's engine: the lease table in memory, persisted behind it, fed from Kafka.

Why in memory: a claim must be fast and must never hand one prompt to two annotators. One
event loop owns the :class:`AnnotationQueue`, so a claim is a few dictionary and heap
operations with no lock and no round trip; every change is an event that a writer task
stores in ClickHouse in batches. Answers and verdicts (``Event.durable``) are acknowledged to
the browser only once stored; a claim is not waited for (losing one in a crash only makes the
prompt claimable again). At start the tables are read back and the events replayed, so a
restart loses no answer, verdict or queued prompt.

Accepted answers leave through an outbox: the accept is stored, then the instance is sent to
``instances.candidates`` and a ``published`` event stored. Anything accepted but not yet
published at start is sent again (same instance id: the pipeline treats it as a redelivery).

One console per pool: the lease table is this process's memory (see README, "Annotation").
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections.abc import Callable
from typing import Any

from aiokafka import AIOKafkaProducer
from pydantic import ValidationError

from instructflow.agents.scrub.scrubber import Scrubber
from instructflow.console.access import validate_name
from instructflow.console.auth import (
    DUMMY_HASH,
    ROLES,
    LoginThrottle,
    Session,
    Sessions,
    check_password_policy,
    hash_password,
    verify_password,
)
from instructflow.console.queue import AnnotationQueue, Event, Item, ItemState
from instructflow.console.stats import annotator_stats
from instructflow.console.store import ConsoleStore, StoredItem, User
from instructflow.schemas import AnnotationItem, Instance, Status
from instructflow.sinks.pool import PoolUnavailable
from instructflow.streams.kafka import client_options
from instructflow.streams.log import follow
from instructflow.streams.settings import Settings
from instructflow.streams.topics import ANNOTATION_QUEUE, CANDIDATES, topic_name

log = logging.getLogger(__name__)

DURABLE_WAIT_S = 15.0
WRITER_PAUSE_S = 0.2  # fewer, larger inserts: each chDB insert briefly stalls the event loop
RETRY_MAX_S = 5.0


class NotReady(RuntimeError):
    """The console is still rebuilding its state."""


class ConsoleService:
    def __init__(self, settings: Settings, store: ConsoleStore, clock: Callable[[], float] = time.time) -> None:
        self.settings = settings
        self.store = store
        self.clock = clock
        self.queue = AnnotationQueue(settings.annotation_lease_s, settings.annotation_sendback_reserve_s, clock)
        self.sessions = Sessions(settings.annotation_session_hours * 3600,
                                 settings.annotation_session_idle_minutes * 60, clock)
        self.throttle = LoginThrottle(settings.login_client_max_failures, settings.login_account_free_failures,
                                      settings.login_account_max_delay_s, settings.login_window_s, clock)
        self.items: dict[str, AnnotationItem] = {}
        # A secret for the local CLI (`instructflow users add` while the worker owns chDB),
        # written 0600 into the run dir; whoever can read it can read the pool anyway.
        self.local_admin_token = secrets.token_urlsafe(32)
        self.ready = asyncio.Event()
        self._outbox: list[tuple[list[Event], asyncio.Future[None] | None]] = []
        self._wake = asyncio.Event()
        self._publish_wake = asyncio.Event()
        self._producer: AIOKafkaProducer | None = None
        self._draft_client: Any = None
        self._scrubber: Scrubber | None = None
        self.consumed = 0

    def scrub_typed(self, item_id: str, text: str) -> str:
        """Text a person typed about an item (an answer, a review comment, a flag note) with its
        PII replaced, numbered after the placeholders of the item's conversation.

        Scrubbed here, before it is stored anywhere: the pool database, the console's event
        table included, holds no raw text.
        """
        if not text.strip():
            return text
        scrubber = self.warm_scrubber()
        item = self.items.get(item_id)
        context = [m.content for m in item.instance.messages] if item else []
        return scrubber.scrub_many([*context, text]).texts[-1]

    def warm_scrubber(self) -> Scrubber:
        """Build the answer scrubber. Called before the worker's event loop starts (mount_console): the
        build holds the GIL for seconds (kiwi), which on the first submit froze the loop and kept that
        submit waiting ~15 s."""
        if self._scrubber is None:
            self._scrubber = Scrubber(languages=tuple(self.settings.scrub_languages),
                                      score_threshold=self.settings.scrub_score_threshold)
        return self._scrubber

    # -- startup -------------------------------------------------------------------------
    async def load(self) -> None:
        await asyncio.to_thread(self.store.migrate)
        stored = await asyncio.to_thread(self.store.load_items)
        for s in stored:
            self._add(s.item)
        events = await asyncio.to_thread(self.store.load_events)
        self.queue.replay(events)
        log.info("console: %d items, %d events replayed; %s", len(stored), len(events), self.queue.counts())
        self.ready.set()

    def _add(self, item: AnnotationItem) -> None:
        if self.queue.add(item.item_id, item.priority, item.queued_at.timestamp()):
            self.items[item.item_id] = item

    async def run(self) -> None:
        """Everything the console runs in the background, until cancelled."""
        delay = 0.5
        while not self.ready.is_set():
            try:
                await self.load()
            except PoolUnavailable as exc:
                log.warning("console: pool not ready (%s); retrying", exc)
                await asyncio.sleep(delay)
                delay = min(delay * 2, RETRY_MAX_S)
        self._producer = AIOKafkaProducer(acks="all", **client_options(self.settings))
        await self._producer.start()
        tasks = [asyncio.create_task(f(), name=f"console-{f.__name__}")
                 for f in (self._consume, self._write, self._publish, self._expire)]
        try:
            await asyncio.gather(*tasks)
        finally:
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await self._flush_now()
            await self._producer.stop()
            if self._draft_client is not None:
                await self._draft_client.aclose()

    # -- background tasks ---------------------------------------------------------------------
    async def _consume(self) -> None:
        """annotation.queue -> items table -> lease table; a broker outage is waited out."""
        while True:
            try:
                await self._consume_once()
            except (asyncio.CancelledError, GeneratorExit):
                raise
            except Exception as exc:  # resume from the stored offsets once the broker is back
                log.warning("console: reading the queue topic failed (%s); retrying in 2 s", exc)
                await asyncio.sleep(2.0)

    async def _consume_once(self) -> None:
        """Offsets live with the items (no group to join, and an item and its offset are stored
        in one insert), so resuming means seeking past the highest stored offset."""
        name = topic_name(ANNOTATION_QUEUE, self.settings)
        resume = await asyncio.to_thread(self.store.next_offsets, name)
        await follow(self.settings, name, self._store_items, start=resume, max_records=500)

    async def _store_items(self, records: list[Any]) -> None:
        fresh: list[StoredItem] = []
        for record in records:
            try:
                item = AnnotationItem.model_validate_json(record.value or b"")
            except ValidationError as exc:
                log.warning("console: %s/%d@%d is not an item: %s", record.topic, record.partition,
                            record.offset, exc.error_count())
                continue
            fresh.append(StoredItem(item, record.topic, record.partition, record.offset))
        if fresh:
            await self._retrying(self.store.put_items, fresh)
            for s in fresh:
                self._add(s.item)
            self.consumed += len(fresh)

    async def _retrying(self, fn: Callable[..., Any], *args: Any) -> Any:
        delay = 0.1
        while True:
            try:
                return await asyncio.to_thread(fn, *args)
            except PoolUnavailable as exc:
                log.warning("console: %s; retrying in %.1f s", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, RETRY_MAX_S)

    def record(self, events: list[Event]) -> asyncio.Future[None] | None:
        """Queue events for storage; a future to await when any of them is durable."""
        if not events:
            return None
        future = asyncio.get_running_loop().create_future() if any(e.durable for e in events) else None
        self._outbox.append((events, future))
        self._wake.set()
        return future

    async def _flush_now(self) -> None:
        while self._outbox:
            batch, self._outbox = self._outbox, []
            await self._retrying(self.store.put_events, [e for events, _ in batch for e in events])
            for _, future in batch:
                if future is not None and not future.done():
                    future.set_result(None)

    async def _write(self) -> None:
        """Group commit: whatever accumulated while the last insert ran goes in the next one."""
        while True:
            await self._wake.wait()
            self._wake.clear()
            await self._flush_now()
            await asyncio.sleep(WRITER_PAUSE_S)

    async def _expire(self) -> None:
        while True:
            await asyncio.sleep(1.0)
            self.record(self.queue.expire_due())
            self.sessions.sweep()

    async def _publish(self) -> None:
        while True:
            for item in self.queue.unpublished():
                try:
                    await self.publish(item)
                except Exception as exc:  # the broker is away: keep the item in the outbox
                    log.warning("console: publishing %s failed (%s); will retry", item.item_id, exc)
                    await asyncio.sleep(1.0)
                    break
            self._publish_wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._publish_wake.wait(), timeout=5.0)

    def annotated_instance(self, item: Item) -> Instance:
        """The queued prompt with its reviewed answer: same instance id, so it replaces the pool row."""
        queued = self.items[item.item_id].instance
        lineage = queued.lineage.model_copy(update={
            "annotator_id": item.annotator, "reviewer_id": item.reviewer,
            "annotation_seconds": round(item.seconds, 3), "review_verdict": "accepted",
            "annotator_rating": item.rating})
        return queued.model_copy(update={"output": item.answer, "status": Status.candidate, "reject_reason": "",
                                         "duplicate_of": "", "lineage": lineage})

    async def publish(self, item: Item) -> None:
        if item.published:
            return
        assert self._producer is not None
        instance = self.annotated_instance(item)
        await self._producer.send_and_wait(topic_name(CANDIDATES, self.settings),
                                           value=instance.model_dump_json().encode(),
                                           key=instance.instance_id.encode())
        if not item.published:  # another path may have published it while we waited
            future = self.record([self.queue.mark_published(item.item_id)])
            if future is not None:
                await future

    # -- users --------------------------------------------------------------------------------
    async def add_user(self, name: str, role: str, password: str) -> None:
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}")
        validate_name(name)
        check_password_policy(password)
        await asyncio.wait_for(self.ready.wait(), timeout=60)  # the tables exist once loaded
        hashed = await asyncio.to_thread(hash_password, password)
        await asyncio.to_thread(self.store.put_user, User(name, role, hashed))
        self.sessions.revoke_user(name)  # a changed password or role ends old sessions

    async def login(self, name: str, password: str, client: str = "") -> tuple[str, Session] | None:
        if self.throttle.client_blocked(client):
            return None
        if (delay := self.throttle.account_delay(name)) > 0:
            await asyncio.sleep(delay)  # slowed, not locked: the rightful user still gets in
        user = await asyncio.to_thread(self.store.get_user, name)
        # Verify against a dummy hash for unknown names, so timing does not reveal which exist.
        ok = await asyncio.to_thread(verify_password, password, user.password_hash if user else DUMMY_HASH)
        if not ok or user is None or user.disabled:
            self.throttle.failed(name, client)
            return None
        self.throttle.succeeded(name)
        return self.sessions.create(user.name, user.role)

    # -- annotator and reviewer operations -------------------------------------------------------
    async def durable(self, events: list[Event]) -> None:
        future = self.record(events)
        if future is not None:
            await asyncio.wait_for(asyncio.shield(future), timeout=DURABLE_WAIT_S)

    def claim(self, user: str) -> Item | None:
        if not self.ready.is_set():
            raise NotReady("the console is loading its state")
        item, events = self.queue.claim(user)
        self.record(events)
        return item

    async def accept(self, item_id: str, reviewer: str, comment: str, rating: int) -> Item:
        await self.durable([self.queue.accept(item_id, reviewer, comment, rating)])
        item = self.queue.items[item_id]
        try:
            await asyncio.wait_for(self.publish(item), timeout=DURABLE_WAIT_S)
        except Exception as exc:  # stored as accepted: the outbox task sends it when it can
            log.warning("console: %s accepted, publish deferred: %s", item_id, exc)
            self._publish_wake.set()
        return item

    async def draft(self, item_id: str) -> str:
        """An LLM draft answer for the scrubbed conversation (the synthesis endpoint)."""
        from instructflow.agents.synthesize.llm import LLMClient, LLMConfig

        s = self.settings
        if not (s.annotation_draft and s.llm_base_url):
            raise LookupError("LLM drafts are off (INSTRUCTFLOW_ANNOTATION_DRAFT, INSTRUCTFLOW_LLM_BASE_URL)")
        if self._draft_client is None:
            self._draft_client = LLMClient(LLMConfig(
                base_url=s.llm_base_url, model=s.llm_model, api_key=s.llm_api_key.get_secret_value(),
                temperature=s.llm_temperature, max_tokens=s.llm_max_tokens, timeout_s=s.llm_timeout_s,
                max_retries=min(s.llm_max_retries, 2), concurrency=s.llm_concurrency))
        instance = self.items[item_id].instance
        turns = instance.messages or []
        if len(turns) == 1:
            prompt = turns[0].content
        elif turns:
            prompt = "\n\n".join(f"{m.role}: {m.content}" for m in turns) + "\n\nassistant:"
        else:
            prompt = "\n\n".join(p for p in (instance.instruction, instance.input) if p)
        completion = await self._draft_client.complete(
            prompt, system="Answer the user's last message helpfully and accurately. Placeholders such as"
                           " <PERSON> stand for removed personal data: keep them as they are.")
        return completion.text

    # -- views ------------------------------------------------------------------------------------
    def item_view(self, item: Item, *, with_answer: bool) -> dict[str, Any]:
        instance = self.items[item.item_id].instance
        view: dict[str, Any] = {
            "item_id": item.item_id,
            "state": item.state.value,
            "lang": instance.lang,
            "messages": [{"role": m.role, "content": m.content} for m in instance.messages],
            "instruction": instance.instruction,
            "input": instance.input,
            "quality": instance.scores.get("quality"),
            "lease_until": item.lease_until if item.state is ItemState.claimed else None,
            "review_comment": item.review_comment,
            "draft_available": bool(self.settings.annotation_draft and self.settings.llm_base_url),
        }
        if with_answer or item.review_comment:
            view.update(answer=item.answer, rating=item.rating, annotator=item.annotator,
                        seconds=round(item.seconds, 1), used_draft=item.used_draft, rounds=item.rounds)
        return view

    def stats(self) -> dict[str, Any]:
        return {"counts": self.queue.counts(), "annotators": [s.as_dict() for s in
                                                               annotator_stats(self.queue, self.clock())]}

    def flagged(self) -> list[dict[str, Any]]:
        return [{**self.item_view(i, with_answer=False), "flags": i.flags}
                for i in self.queue.items.values() if i.state is ItemState.flagged]

