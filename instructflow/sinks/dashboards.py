"""The dashboard charts: one query per chart over the views of migration 0004.

Every chart reads as rows of ``(x, series, y)``, so one renderer draws them all: the page's
JavaScript (app/static/dashboard.js), the terminal summary of ``instructflow pool stats``
and the tests, which check each chart against what planted data implies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from instructflow.sinks.reader import PoolReader

ChartKind = Literal["line", "bar"]


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    kind: ChartKind  # line: x is a time (ISO string); bar: x is a category
    y_label: str
    sql: str  # over {db}; selects exactly x, series, y
    percent: bool = False  # y is a share in [0, 1]


CHARTS: tuple[Chart, ...] = (
    Chart("throughput", "Throughput into the pool by source and stage (per minute)", "line", "instances",
          "SELECT minute AS x, concat(source, ' · stage ', toString(stage)) AS series, sum(instances) AS y "
          "FROM {db}.v_throughput GROUP BY x, series ORDER BY x, series"),
    Chart("decisions", "Accepted and rejected, by reason", "bar", "instances",
          "SELECT if(status = 'accepted', 'accepted', reason) AS x, source AS series, sum(instances) AS y "
          "FROM {db}.v_decisions GROUP BY x, series ORDER BY x = 'accepted' DESC, x, series"),
    Chart("accept_rate", "Accept rate by source", "bar", "accepted / all",
          "SELECT source AS x, 'accept rate' AS series, accept_rate AS y FROM {db}.v_accept_rate ORDER BY x",
          percent=True),
    Chart("pii", "PII findings by entity type (scrubbed)", "bar", "findings",
          "SELECT entity AS x, 'findings' AS series, findings AS y FROM {db}.v_pii_by_entity ORDER BY y DESC, x"),
    Chart("quality", "Quality-score distribution", "bar", "instances",
          "SELECT toString(lower) AS x, status AS series, sum(instances) AS y FROM {db}.v_quality_histogram "
          "GROUP BY bin, lower, series ORDER BY bin, series"),
    Chart("duplicates", "Duplicate rate by source (exact + near, of all dedup decisions)", "bar", "share",
          "SELECT source AS x, 'duplicate rate' AS series, duplicate_rate AS y FROM {db}.v_duplicate_rate "
          "ORDER BY x", percent=True),
    Chart("synthesis_acceptance", "Synthesis: accept rate by model and round", "bar", "accepted / generated",
          # x is the round and the model a series, so a long model name never crowds the axis; rounds in
          # numeric order (r2 before r10).
          "SELECT concat('r', toString(generation_round)) AS x, model AS series, accepted / generated AS y "
          "FROM (SELECT model, generation_round, sum(generated) AS generated, sum(accepted) AS accepted "
          "FROM {db}.v_synthesis GROUP BY model, generation_round) ORDER BY generation_round, series",
          percent=True),
    Chart("synthesis_cost", "Synthesis: token cost by model and round (USD)", "bar", "USD",
          "SELECT concat('r', toString(generation_round)) AS x, model AS series, sum(total_cost_usd) AS y "
          "FROM {db}.v_synthesis GROUP BY model, generation_round ORDER BY generation_round, series"),
    Chart("annotation", "Annotation throughput by annotator (per minute)", "line", "answers",
          "SELECT minute AS x, annotator_id AS series, sum(annotated) AS y FROM {db}.v_annotation_throughput "
          "GROUP BY x, series ORDER BY x, series"),
    Chart("lag", "Kafka consumer lag per agent (latest sample)", "bar", "messages behind",
          "SELECT agent AS x, topic AS series, lag AS y FROM {db}.v_kafka_lag ORDER BY x, series"),
)

CHART_BY_NAME: dict[str, Chart] = {c.name: c for c in CHARTS}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, float):
        return round(value, 6)
    return value


def chart_data(reader: PoolReader, database: str, chart: Chart) -> dict[str, Any]:
    """A chart and its rows, JSON-ready: ``{"name", "title", "kind", ..., "rows": [[x, series, y], ...]}``."""
    _, rows = reader.query(chart.sql.replace("{db}", database))
    return {
        "name": chart.name, "title": chart.title, "kind": chart.kind, "y_label": chart.y_label,
        "percent": chart.percent, "rows": [[_plain(x), str(s), _plain(y)] for x, s, y in rows],
    }


def all_charts(reader: PoolReader, database: str) -> list[dict[str, Any]]:
    return [chart_data(reader, database, c) for c in CHARTS]
