"""Connection options for every Kafka client we use, derived from one Settings object."""

from __future__ import annotations

import ssl
from typing import Any

from instructflow.streams.settings import Settings


def bootstrap_servers(settings: Settings) -> list[str]:
    if not settings.kafka_bootstrap:
        raise RuntimeError("no Kafka bootstrap set: start the embedded broker or set INSTRUCTFLOW_KAFKA_BOOTSTRAP")
    return [s.strip() for s in settings.kafka_bootstrap.split(",") if s.strip()]


def _ssl_context(settings: Settings) -> ssl.SSLContext | None:
    if "SSL" not in settings.kafka_security_protocol:
        return None
    return ssl.create_default_context(cafile=settings.kafka_ssl_cafile or None)


def client_options(settings: Settings) -> dict[str, Any]:
    """Options that aiokafka and kafka-python both accept under the same names."""
    opts: dict[str, Any] = {
        "bootstrap_servers": bootstrap_servers(settings),
        "security_protocol": settings.kafka_security_protocol,
    }
    if (ctx := _ssl_context(settings)) is not None:
        opts["ssl_context"] = ctx
    if settings.kafka_security_protocol.startswith("SASL"):
        opts["sasl_mechanism"] = settings.kafka_sasl_mechanism
        opts["sasl_plain_username"] = settings.kafka_sasl_username
        opts["sasl_plain_password"] = settings.kafka_sasl_password.get_secret_value()
    return opts


def faust_broker_options(settings: Settings) -> dict[str, Any]:
    import faust

    # Faust only hosts the worker (its Kafka consumer and producer are off, app/topology.py), but its
    # App still wants a broker URL and the credentials the runtime's clients use too.
    opts: dict[str, Any] = {"broker": [f"kafka://{s}" for s in bootstrap_servers(settings)]}
    ctx = _ssl_context(settings)
    if settings.kafka_security_protocol.startswith("SASL"):
        opts["broker_credentials"] = faust.SASLCredentials(
            username=settings.kafka_sasl_username,
            password=settings.kafka_sasl_password.get_secret_value(),
            mechanism=settings.kafka_sasl_mechanism,
            ssl_context=ctx,
        )
    elif ctx is not None:
        opts["broker_credentials"] = faust.SSLCredentials(ctx)
    return opts


def outside_group_consumer(settings: Settings, client_id: str = "", **extra: Any) -> Any:
    """A kafka-python consumer that reads by explicit assignment, from the earliest offset,
    outside any consumer group: for state that a reader needs whole (tails, catch-ups, replay)."""
    from kafka import KafkaConsumer

    opts: dict[str, Any] = {"group_id": None, "enable_auto_commit": False, "auto_offset_reset": "earliest",
                            **extra, **client_options(settings)}
    if client_id:
        opts["client_id"] = client_id
    return KafkaConsumer(**opts)


def outside_group_aioconsumer(settings: Settings, **extra: Any) -> Any:
    """The asyncio twin of :func:`outside_group_consumer` (aiokafka)."""
    from aiokafka import AIOKafkaConsumer

    return AIOKafkaConsumer(group_id=None, enable_auto_commit=False, auto_offset_reset="earliest",
                            **extra, **client_options(settings))


async def assign_all(consumer: Any, topic: str, patience_s: float | None = None) -> list[Any]:
    """Assign every partition of ``topic`` to a started aiokafka consumer and return them.

    Metadata may lag a topic created a moment ago, so it is refreshed until the partitions
    show; ``patience_s`` bounds that wait (None: wait as long as it takes). An empty list
    means the topic did not show within the patience.
    """
    import asyncio

    from aiokafka import TopicPartition

    loop = asyncio.get_running_loop()
    deadline = None if patience_s is None else loop.time() + patience_s
    partitions = consumer.partitions_for_topic(topic) or set()
    while not partitions:
        await consumer._client.force_metadata_update()
        partitions = consumer.partitions_for_topic(topic) or set()
        if partitions or (deadline is not None and loop.time() >= deadline):
            break
        await asyncio.sleep(0.5)
    tps = [TopicPartition(topic, p) for p in sorted(partitions)]
    if tps:
        consumer.assign(tps)
    return tps

