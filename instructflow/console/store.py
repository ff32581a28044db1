"""The console's durable state in ClickHouse (tables of migration 0003), parameterized queries only.

Reads happen at startup (rebuild) and at sign-in; writes are batched by the console's writer.
Every table is a ReplacingMergeTree keyed by its natural id, so a batch written twice (a retry
after a timeout that did succeed) collapses.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from instructflow.console.queue import Event, EventKind
from instructflow.schemas import AnnotationItem
from instructflow.sinks.pool import Pool

USER_COLUMNS = ("name", "role", "password_hash", "disabled", "updated_at")
ITEM_COLUMNS = ("item_id", "instance", "lang", "cluster", "priority", "queued_at", "topic", "partition", "offset")
EVENT_COLUMNS = ("event_id", "seq", "item_id", "kind", "actor", "at", "payload")


@dataclass(frozen=True)
class User:
    name: str
    role: str
    password_hash: str
    disabled: bool = False


@dataclass(frozen=True)
class StoredItem:
    item: AnnotationItem
    topic: str
    partition: int
    offset: int


def _ts(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


class ConsoleStore:
    def __init__(self, pool: Pool) -> None:
        self.pool = pool
        self.db = pool.database

    def migrate(self) -> None:
        self.pool.migrate()

    # -- users --------------------------------------------------------------------------------
    def put_user(self, user: User) -> None:
        row = (user.name, user.role, user.password_hash, int(user.disabled), datetime.now(UTC))
        self.pool.insert_rows("annotation_users", [row], USER_COLUMNS)

    def get_user(self, name: str) -> User | None:
        _, rows = self.pool.query(
            f"SELECT name, argMax(role, updated_at), argMax(password_hash, updated_at), "
            f"argMax(disabled, updated_at) FROM {self.db}.annotation_users WHERE name = {{name:String}} "
            "GROUP BY name", {"name": name})
        if not rows:
            return None
        n, role, password_hash, disabled = rows[0]
        return User(n, role, password_hash, bool(disabled))

    def list_users(self) -> list[User]:
        _, rows = self.pool.query(
            f"SELECT name, argMax(role, updated_at), argMax(password_hash, updated_at), "
            f"argMax(disabled, updated_at) FROM {self.db}.annotation_users GROUP BY name ORDER BY name")
        return [User(n, r, h, bool(d)) for n, r, h, d in rows]

    # -- items ----------------------------------------------------------------------------------
    def put_items(self, items: Sequence[StoredItem]) -> None:
        rows = [(s.item.item_id, s.item.instance.model_dump_json(), s.item.instance.lang, s.item.cluster,
                 s.item.priority, s.item.queued_at, s.topic, s.partition, s.offset) for s in items]
        self.pool.insert_rows("annotation_items", rows, ITEM_COLUMNS)

    def load_items(self) -> list[StoredItem]:
        from instructflow.schemas import Instance

        _, rows = self.pool.query(
            f"SELECT item_id, instance, cluster, priority, queued_at, topic, partition, offset "
            f"FROM {self.db}.annotation_items FINAL ORDER BY queued_at, item_id")
        out = []
        for _item_id, instance, cluster, priority, queued_at, topic, partition, offset in rows:
            queued = queued_at if queued_at.tzinfo else queued_at.replace(tzinfo=UTC)
            item = AnnotationItem(instance=Instance.model_validate_json(instance), cluster=cluster,
                                  priority=float(priority), queued_at=queued)
            out.append(StoredItem(item, topic, int(partition), int(offset)))
        return out

    def next_offsets(self, topic: str) -> dict[int, int]:
        """Per partition, the offset after the highest one stored: where the consumer resumes."""
        _, rows = self.pool.query(
            f"SELECT partition, max(offset) + 1 FROM {self.db}.annotation_items WHERE topic = {{topic:String}} "
            "GROUP BY partition", {"topic": topic})
        return {int(p): int(o) for p, o in rows}

    # -- events ---------------------------------------------------------------------------------
    def put_events(self, events: Sequence[Event]) -> None:
        rows = [(e.event_id, e.seq, e.item_id, e.kind.value, e.actor, _ts(e.at),
                 json.dumps(e.payload, ensure_ascii=False)) for e in events]
        self.pool.insert_rows("annotation_events", rows, EVENT_COLUMNS)

    def load_events(self) -> list[Event]:
        _, rows = self.pool.query(
            f"SELECT event_id, seq, item_id, kind, actor, toFloat64(at), payload "
            f"FROM {self.db}.annotation_events FINAL ORDER BY seq")
        return [Event(item_id, EventKind(kind), actor, float(at), json.loads(payload), seq=int(seq),
                      event_id=event_id) for event_id, seq, item_id, kind, actor, at, payload in rows]
