"""Publishing typed values to a registry topic, for the CLI and for tests."""

from __future__ import annotations

from types import TracebackType

from kafka import KafkaProducer
from pydantic import BaseModel

from instructflow.streams.kafka import client_options
from instructflow.streams.settings import Settings
from instructflow.streams.topics import TopicSpec, topic_name


class Publisher:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._producer = KafkaProducer(acks="all", linger_ms=20, batch_size=256 * 1024,
                                       max_request_size=16 * 1024 * 1024, **client_options(settings))

    def send(self, spec: TopicSpec, value: BaseModel | bytes, key: str | None = None) -> None:
        payload = value if isinstance(value, bytes) else value.model_dump_json().encode()
        self._producer.send(topic_name(spec, self.settings), value=payload,
                            key=key.encode() if key else None)

    def flush(self, timeout_s: float = 60.0) -> None:
        self._producer.flush(timeout=timeout_s)

    def close(self) -> None:
        self._producer.flush(timeout=30)
        self._producer.close(timeout=10)

    def __enter__(self) -> Publisher:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()
