"""Error descriptions that are safe to publish: they name what was wrong, never the value.

Exception messages routinely quote their input (pydantic, json, presidio), and the input
upstream of the scrub agent is raw PII, so an error string is built from structure only.
"""

from __future__ import annotations

import json

from pydantic import ValidationError

MAX_ERROR_CHARS = 2000


def describe_error(exc: BaseException, quote: bool = False) -> str:
    """``quote`` allows the exception's own message: only for payloads known to be PII-free."""
    if isinstance(exc, PayloadFreeError):
        text = f"{type(exc).__name__}: {exc}"
    elif isinstance(exc, ValidationError):
        parts = []
        for err in exc.errors(include_input=False, include_url=False, include_context=False):
            loc = ".".join(str(p) for p in err["loc"]) or "<root>"
            parts.append(f"{loc}: {err['msg']}")
        text = f"ValidationError: {'; '.join(parts)}"
    elif isinstance(exc, json.JSONDecodeError):
        text = f"JSONDecodeError: {exc.msg} at line {exc.lineno} column {exc.colno}"
    elif isinstance(exc, UnicodeDecodeError):
        text = f"UnicodeDecodeError: invalid {exc.encoding} at byte {exc.start}"
    else:
        # Arbitrary exception text may quote the payload: keep only the type and where it arose.
        tb = exc.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        where = f" in {tb.tb_frame.f_code.co_filename.rsplit('/', 1)[-1]}:{tb.tb_lineno}" if tb else ""
        text = f"{type(exc).__name__}{where}"
        if quote:
            text = f"{text}: {exc}"
    return text[:MAX_ERROR_CHARS]


class PayloadFreeError(ValueError):
    """An error whose message is built from sizes, names and counts only, never a value: safe to
    quote wherever the payload held PII."""


class SinkUnavailable(RuntimeError):
    """A sink could not make a batch durable (its store is down or refuses writes).

    The framework's failure contract for sinks (as quix-streams' ``SinkBackpressureError``): the
    runtime does not acknowledge the batch and retries it after a pause; it is never a dead letter,
    because nothing is wrong with the messages. Concrete sinks raise a subclass.
    """
