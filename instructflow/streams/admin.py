"""Create the registry's topics with their partitions and retention before anything runs."""

from __future__ import annotations

import logging
import time

from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError

from instructflow.streams.kafka import client_options
from instructflow.streams.settings import Settings
from instructflow.streams.topics import ALL, TopicSpec, topic_name

log = logging.getLogger(__name__)


def ensure_topics(settings: Settings, specs: tuple[TopicSpec, ...] = ALL, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            admin = KafkaAdminClient(client_id=f"{settings.app_id}-admin", **client_options(settings))
            break
        except KafkaError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
    try:
        existing = set(admin.list_topics())
        wanted = [
            NewTopic(
                name=topic_name(spec, settings),
                num_partitions=spec.partitions(settings),
                replication_factor=settings.topic_replication,
                topic_configs=spec.config(settings),
            )
            for spec in specs
            if topic_name(spec, settings) not in existing
        ]
        for topic in wanted:
            try:
                admin.create_topics([topic])
                log.info("created topic %s (%d partitions)", topic.name, topic.num_partitions)
            except TopicAlreadyExistsError:
                pass
        _wait_until_described(admin, {topic_name(s, settings): s.partitions(settings) for s in specs}, deadline)
    finally:
        admin.close()


def _wait_until_described(admin: KafkaAdminClient, partitions: dict[str, int], deadline: float) -> None:
    """Return once the cluster's metadata shows every topic with all its partitions.

    A consumer group assigns only what metadata shows at join time, and the clients refresh
    it rarely: a worker that joins a moment too early would sit without some topics.
    """
    while True:
        described = {d["name"]: len(d.get("partitions") or ()) for d in admin.describe_topics(list(partitions))
                     if not d.get("error_code")}
        missing = {t: n for t, n in partitions.items() if described.get(t, 0) < n}
        if not missing:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"topics not visible in cluster metadata: {sorted(missing)}")
        time.sleep(0.2)
