"""Publishing typed values to a registry topic, for the CLI and for tests."""

from __future__ import annotations

from types import TracebackType

from kafka import KafkaProducer
from kafka.producer.future import FutureRecordMetadata
from pydantic import BaseModel

from instructflow.streams.errors import describe_error
from instructflow.streams.kafka import client_options
from instructflow.streams.limits import MessageTooLarge, check_size, request_bytes
from instructflow.streams.line_error import LineError
from instructflow.streams.partitioner import BlockingKeyPartitioner
from instructflow.streams.settings import Settings
from instructflow.streams.topics import TopicSpec, topic_name


class Publisher:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._pending: list[tuple[LineError, FutureRecordMetadata]] = []
        self._producer = KafkaProducer(acks="all", linger_ms=20, batch_size=256 * 1024,
                                       partitioner=BlockingKeyPartitioner(),
                                       max_request_size=request_bytes(settings), **client_options(settings))

    def send(self, spec: TopicSpec, value: BaseModel | bytes, key: str | None = None) -> FutureRecordMetadata:
        """The broker's answer, as a future (it may still refuse the record); a value over the limit
        raises :class:`MessageTooLarge` here, before anything is sent."""
        payload = value if isinstance(value, bytes) else value.model_dump_json().encode()
        check_size(payload, self.settings, "message")
        return self._producer.send(topic_name(spec, self.settings), value=payload,
                                   key=key.encode() if key else None)

    def send_line(self, spec: TopicSpec, value: BaseModel, key: str | None, file: str, line: int) -> LineError | None:
        """Send the value read from line ``line`` of ``file``; a value over the size limit is not
        sent and comes back as its line error. The broker's refusals come from :meth:`refused`."""
        try:
            future = self.send(spec, value, key)
        except MessageTooLarge as exc:
            return LineError(file, line, "message", describe_error(exc))
        self._pending.append((LineError(file, line, "message", "refused by the broker"), future))
        return None

    def refused(self) -> list[LineError]:
        """The lines sent with :meth:`send_line` that the broker refused, once all are answered."""
        self.flush()
        out = [LineError(e.file, e.line, e.field, f"{e.reason}: {type(f.exception).__name__}")
               for e, f in self._pending if f.failed()]
        self._pending.clear()
        return out

    def flush(self, timeout_s: float = 60.0) -> None:
        self._producer.flush(timeout=timeout_s)

    def close(self) -> None:
        self._producer.flush(timeout=30)
        self._producer.close(timeout=10)

    def __enter__(self) -> Publisher:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()
