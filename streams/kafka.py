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

    from instructflow.streams.transport import SCHEME

    opts: dict[str, Any] = {"broker": [f"{SCHEME}://{s}" for s in bootstrap_servers(settings)]}
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

