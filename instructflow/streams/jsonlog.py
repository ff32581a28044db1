"""Structured logs: one JSON object per line, so a log shipper indexes fields, not prose.

What may appear: time, level, logger, the formatted message, the exception type and
traceback frames. Messages in this code base name topics, partitions, offsets, agents and
error descriptions built by :func:`~instructflow.streams.errors.describe_error`, which never
quote a raw value; a test plants PII in the stream and scans the logs for it. Exception
*messages* are dropped from tracebacks (only the type is kept), because third-party
exceptions may quote their input.
"""

from __future__ import annotations

import json
import logging
import os
import traceback
from datetime import UTC, datetime
from typing import Any

JSON_ENV = "INSTRUCTFLOW_LOG_JSON"


class JsonFormatter(logging.Formatter):
    def __init__(self, worker_id: str = "") -> None:
        super().__init__()
        self.worker_id = worker_id

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
            "pid": record.process,
        }
        if self.worker_id:
            out["worker"] = self.worker_id
        if record.exc_info and record.exc_info[0] is not None:
            exc_type, _, tb = record.exc_info
            frames = traceback.extract_tb(tb)
            out["exc_type"] = exc_type.__name__
            out["exc_frames"] = [f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}:{f.name}" for f in frames[-8:]]
        return json.dumps(out, ensure_ascii=False)


def configure_json_logging(level: str | int = "INFO", worker_id: str = "") -> None:
    """Route every logger (Faust's and aiokafka's included) through one JSON handler on stderr."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter(worker_id))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level if isinstance(level, int) else level.upper())


def json_logging_wanted() -> bool:
    return os.environ.get(JSON_ENV, "1").lower() not in {"0", "false", "no"}


def json_logging_config(level: str = "INFO") -> dict:
    """A ``logging.config.dictConfig`` for Faust/mode's worker (it reconfigures logging at start)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "instructflow.streams.jsonlog.JsonFormatter"}},
        "handlers": {"default": {"class": "logging.StreamHandler", "formatter": "json", "level": level.upper(),
                                 "stream": "ext://sys.stdout"}},
        "root": {"level": level.upper(), "handlers": ["default"]},
    }
