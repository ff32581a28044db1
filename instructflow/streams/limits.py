"""One message-size limit for every hop: producers, the broker's topics, consumer fetches, agents.

``INSTRUCTFLOW_MAX_MESSAGE_BYTES`` bounds a message's value. Each client is configured from it
(plus room for the key and the record framing), the topics are created with it as their
``max.message.bytes``, and the runtime checks every value it reads and every value it is about
to send: a message over the limit goes to the dead-letter topic with its size as the reason,
never a crash of the agent (a producer refusing a record is an exception in the agent) and never
a silent loss.
"""

from __future__ import annotations

from instructflow.streams.errors import PayloadFreeError
from instructflow.streams.settings import Settings

# Room around one value in a produce request or a fetch: the key (ids, at most a few hundred
# bytes), headers and the record-batch framing.
RECORD_OVERHEAD = 16 * 1024
# Room in a dead letter around its (base64) original: agent, reason, coordinates, key.
LETTER_OVERHEAD = 8 * 1024


class MessageTooLarge(PayloadFreeError):
    """A value over the limit: the reason names sizes only."""


def request_bytes(settings: Settings) -> int:
    """A producer's ``max_request_size`` and a topic's ``max.message.bytes``."""
    return settings.max_message_bytes + RECORD_OVERHEAD


def fetch_bytes(settings: Settings) -> int:
    """A consumer's per-partition fetch size. Twice the request size: a broker that does not
    enforce ``max.message.bytes`` (the embedded Tansu) may hold a bigger record, which must still
    be read (to be dead-lettered), and Kafka returns at least one record batch per fetch anyway."""
    return 2 * request_bytes(settings)


def check_size(payload: bytes, settings: Settings, what: str) -> None:
    if len(payload) > settings.max_message_bytes:
        raise MessageTooLarge(f"{what} of {len(payload)} bytes is over the limit of {settings.max_message_bytes}"
                              " bytes (INSTRUCTFLOW_MAX_MESSAGE_BYTES)")


def fit_original(original: bytes, key: bytes | None, settings: Settings) -> tuple[bytes, int | None]:
    """The original bytes a dead letter can carry within the limit (base64 grows them by a third),
    and the full size where they had to be cut (else None)."""
    room = max(0, (settings.max_message_bytes - LETTER_OVERHEAD - 2 * len(key or b"")) * 3 // 4)
    if len(original) <= room:
        return original, None
    return original[:room], len(original)
