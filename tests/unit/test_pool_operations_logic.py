"""Pure logic of pool operations: the stage mix, the replay order, lag, pool diff."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from instructflow.app.lag import lag_of
from instructflow.app.replay_order import ScoredIndex, keyed_partition, merged
from instructflow.schemas import Instance, Message, Source
from instructflow.sinks.export.mix import Mix, parse_shares, plan
from instructflow.sinks.pool_diff import compare_files


def test_parse_shares_normalizes_and_keeps_order():
    assert parse_shares("3:2,1:1,2:1") == {3: 0.5, 1: 0.25, 2: 0.25}
    assert list(parse_shares("2=1,1=1")) == [2, 1]
    assert parse_shares("") == {}
    for bad in ("1", "4:1", "1:-1", "1:1,1:2", "x:1", "1:0"):
        with pytest.raises(ValueError):
            parse_shares(bad)


def test_plan_keeps_shares_and_is_bounded_by_the_scarcest_stage():
    available = {1: 1000, 2: 90, 3: 500}
    quotas = plan(Mix(parse_shares("1:0.5,2:0.3,3:0.2")), available)
    assert quotas == {1: 150, 2: 90, 3: 60}  # stage 2 has 90 = 30% of 300
    assert plan(Mix(parse_shares("1:0.5,2:0.3,3:0.2"), limit=100), available) == {1: 50, 2: 30, 3: 20}
    assert plan(Mix(), available) == available
    assert sum(plan(Mix(limit=159), available).values()) <= 159
    assert plan(Mix(parse_shares("1:1")), available) == {1: 1000, 2: 0, 3: 0}
    assert plan(Mix(parse_shares("1:1,2:1")), {1: 10}) == {1: 0, 2: 0, 3: 0}  # a stage with nothing
    assert Mix(parse_shares("3:1,1:1"), curriculum=True).stage_order() == (3, 1)


def inst(n: int, text: str = "") -> Instance:
    return Instance(instance_id=f"id{n}", source=Source.chat, stage=2,
                    messages=[Message(role="user", content=text or f"q{n}")])


def test_replay_order_recovers_the_scored_interleaving_and_slots_in_new_records():
    # Scrubbed partitions (offset order) and the live score agent's interleaving into scored.
    p0 = [inst(1), inst(2), inst(3)]
    p1 = [inst(4), inst(5)]
    scored_order = [inst(4), inst(1), inst(5), inst(3)]  # inst(2) was rejected by score live
    index = ScoredIndex()
    for offset, i in enumerate(scored_order):
        index.add(i, offset)
    order = [k.instance.instance_id for k in merged([
        keyed_partition(0, enumerate(p0), index), keyed_partition(1, enumerate(p1), index)])]
    # Same order as live for known records; id2 right after its predecessor id1 in partition 0.
    assert order == ["id4", "id1", "id2", "id5", "id3"]


def test_replay_order_tells_revisions_apart():
    first, revised = inst(1, "question"), inst(1, "question").model_copy(update={"output": "answer"})
    index = ScoredIndex()
    index.add(revised, 5)
    index.add(first, 2)
    keys = [k.key for k in keyed_partition(0, enumerate([first, revised]), index)]
    assert keys == [2, 5]


def test_lag_of_counts_uncommitted_partitions_from_their_beginning():
    lag = lag_of("score", "t", ends={0: 100, 1: 50, 2: 10}, begins={0: 0, 1: 20, 2: 0}, committed={0: 90})
    assert (lag.end_offset, lag.committed, lag.lag) == (160, 110, 10 + 30 + 10)


def test_compare_files_classifies_every_difference(tmp_path: Path):
    a, b = tmp_path / "a.tsv", tmp_path / "b.tsv"
    a.write_text("a1\tc1\taccepted\t\t\na2\tc2\taccepted\t\t\na3\tc3\trejected\tduplicate_near\ta1\na5\tc5\taccepted\t\t\n")
    b.write_text("a1\tc1\taccepted\t\t\na2\tcX\taccepted\t\t\na3\tc3\taccepted\t\t\na4\tc4\taccepted\t\t\n")
    d = compare_files(a, b)
    assert (d.a_rows, d.b_rows, d.equal) == (4, 4, 1)
    assert d.counts == {"only_in_a": 1, "only_in_b": 1, "content_differs": 1, "decision_differs": 1}
    assert d.only_in_a == ["a5"] and d.only_in_b == ["a4"] and d.content_differs == ["a2"]
    assert d.decision_differs == [("a3", "rejected/duplicate_near/a1", "accepted")]
    assert not d.identical and compare_files(a, a).identical


def test_grafana_dashboard_has_one_panel_per_chart_over_the_same_views():
    from instructflow.sinks.dashboards import CHARTS

    grafana = Path(__file__).resolve().parents[2] / "instructflow" / "infra" / "grafana"
    dash = json.loads((grafana / "instructflow.json").read_text())
    by_title = {p["title"]: p for p in dash["panels"]}
    assert set(by_title) == {c.title for c in CHARTS}
    for chart in CHARTS:
        sql = by_title[chart.title]["targets"][0]["rawSql"]
        view = chart.sql.split("FROM {db}.")[1].split()[0]
        assert f"${{database}}.{view}" in sql, chart.name
        assert by_title[chart.title]["datasource"]["type"] == "grafana-clickhouse-datasource"
