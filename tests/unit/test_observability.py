"""Structured logs and the metric registry, without a broker."""

from __future__ import annotations

import json
import logging

import faust

from instructflow.streams.jsonlog import JsonFormatter
from instructflow.streams.metrics import metrics_of

PII = "Jennifer Walsh 415-555-0134"


def record(msg: str, exc: BaseException | None = None) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc else None
    return logging.LogRecord("instructflow.test", logging.WARNING, __file__, 1, msg, (), exc_info)


def test_json_lines_keep_exception_types_but_never_their_messages():
    try:
        raise ValueError(f"could not parse {PII}")  # third-party errors quote their input
    except ValueError as exc:
        line = JsonFormatter(worker_id="w1").format(record("scrub: batch failed", exc))
    out = json.loads(line)
    assert out["level"] == "warning" and out["logger"] == "instructflow.test" and out["worker"] == "w1"
    assert out["exc_type"] == "ValueError" and out["exc_frames"]
    assert "Jennifer" not in line and "415-555" not in line


def test_metrics_exposition_names_and_labels():
    app = faust.App("metrics-test", broker="kafka://127.0.0.1:1", autodiscover=False)
    m = metrics_of(app)
    assert metrics_of(app) is m  # one registry per app
    m.messages_in.labels("scrub", "prompts.raw").inc(3)
    m.rejects.labels("score", "too_short").inc()
    m.batch_seconds.labels("dedup").observe(0.02)
    text = m.exposition().decode()
    assert 'instructflow_messages_in_total{agent="scrub",topic="prompts.raw"} 3.0' in text
    assert 'instructflow_rejects_total{agent="score",reason="too_short"} 1.0' in text
    assert 'instructflow_batch_seconds_bucket{agent="dedup",le="0.025"} 1.0' in text
    assert "# TYPE instructflow_consumer_lag gauge" in text  # empty before the consumer has partitions
