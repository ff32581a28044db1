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
    finally:
        admin.close()
