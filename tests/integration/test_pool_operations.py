"""Dashboard views and export on a planted chDB pool: results follow from the planted rows."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from instructflow.schemas import Instance, Status
from instructflow.sinks.dashboards import CHART_BY_NAME, all_charts, chart_data
from instructflow.sinks.export.filters import ExportFilter
from instructflow.sinks.export.mix import Mix, parse_shares
from instructflow.sinks.export.writer import Exporter, ExportOptions
from instructflow.sinks.pool import Pool
from tests.integration.planted_pool import LAG_SAMPLES, plant

pytestmark = pytest.mark.integration
DB = "instructflow"


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Pool, list[Instance]]]:
    dsn = f"chdb://{tmp_path_factory.mktemp('planted') / 'pool'}"
    instances = plant(dsn, DB)
    pool = Pool(dsn, DB)
    yield pool, instances
    pool.close()  # chDB: one path per process; the next test module may open another


def answered(i: Instance) -> bool:
    return i.status is Status.accepted and bool(i.output or (i.messages and i.messages[-1].role == "assistant"))


def rows_of(pool: Pool, name: str) -> list[list]:
    return chart_data(pool, DB, CHART_BY_NAME[name])["rows"]


def test_views_return_what_the_planted_rows_imply(planted):
    pool, insts = planted
    decisions = {(x, s): y for x, s, y in rows_of(pool, "decisions")}
    expected = Counter(("accepted" if i.status is Status.accepted else i.reject_reason, i.source.value) for i in insts)
    assert decisions == dict(expected)  # FINAL: the re-inserted copies are counted once

    rates = {x: y for x, _, y in rows_of(pool, "accept_rate")}
    for src in ("task", "chat", "synthetic"):
        mine = [i for i in insts if i.source.value == src]
        assert rates[src] == pytest.approx(sum(i.status is Status.accepted for i in mine) / len(mine))

    pii: Counter[str] = Counter()
    for i in insts:
        pii.update(i.pii)
    assert {x: y for x, _, y in rows_of(pool, "pii")} == dict(pii)

    hist = Counter((f"{min(int(i.scores['quality'] * 20), 19) / 20}", i.status.value) for i in insts)
    got = {(x, s): y for x, s, y in rows_of(pool, "quality")}
    assert sum(got.values()) == len(insts) and got == {(str(float(b)), s): n for (b, s), n in hist.items()}

    dup = {x: y for x, _, y in rows_of(pool, "duplicates")}
    chat = [i for i in insts if i.source.value == "chat"]
    dups = sum(i.reject_reason.startswith("duplicate_") for i in chat)
    assert dup["chat"] == pytest.approx(dups / (dups + sum(i.status is Status.accepted for i in chat)))

    synth = [i for i in insts if i.source.value == "synthetic"]
    cost = {(x, s): y for x, s, y in rows_of(pool, "synthesis_cost")}
    acc = {(x, s): y for x, s, y in rows_of(pool, "synthesis_acceptance")}
    for model, rnd in {(i.lineage.model, i.lineage.generation_round) for i in synth}:
        group = [i for i in synth if (i.lineage.model, i.lineage.generation_round) == (model, rnd)]
        key = (f"r{rnd}", model)
        assert cost[key] == pytest.approx(sum(i.lineage.cost_usd for i in group))
        assert acc[key] == pytest.approx(sum(i.status is Status.accepted for i in group) / len(group))

    annotated = Counter(i.lineage.annotator_id for i in insts if i.lineage.annotator_id)
    per_annotator: Counter[str] = Counter()
    for _, series, y in rows_of(pool, "annotation"):
        per_annotator[series] += y
    assert per_annotator == annotated

    latest = {}
    for _minute, agent, topic, end, done in sorted(LAG_SAMPLES):
        latest[(agent, topic)] = end - done
    assert {(x, s): y for x, s, y in rows_of(pool, "lag")} == latest

    throughput = Counter()
    for _, series, y in rows_of(pool, "throughput"):
        throughput[series] += y
    assert throughput == Counter(f"{i.source.value} · stage {i.stage}" for i in insts)
    assert all(c["rows"] for c in all_charts(pool, DB)), "every chart has data on the planted pool"


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines()


def _export(pool: Pool, out: Path, **kw) -> dict:
    opts = ExportOptions(out_dir=out, command="instructflow export --test", **kw)
    return Exporter(pool.client, DB, pool.dsn).run(opts)


def test_export_counts_per_stage_follow_the_mix_and_rerun_is_byte_identical(planted, tmp_path):
    pool, insts = planted
    eligible = Counter(i.stage for i in insts if answered(i))
    mix = Mix(parse_shares("1:0.5,2:0.3,3:0.2"))
    card = _export(pool, tmp_path / "a", mix=mix, validation_share=0.2, seed=3)
    size = min(eligible[1] / 0.5, eligible[2] / 0.3, eligible[3] / 0.2)
    want = {str(s): int(size * p + 1e-9) for s, p in ((1, 0.5), (2, 0.3), (3, 0.2))}
    assert card["mix"]["eligible"] == {str(s): n for s, n in sorted(eligible.items())}
    assert card["mix"]["taken"] == want
    per_stage = Counter()
    for split in ("train", "validation"):
        for stage, n in card["splits"][split]["by"]["stage"].items():
            per_stage[stage] += n
    assert dict(per_stage) == want
    train, val = _lines(tmp_path / "a" / "train.jsonl"), _lines(tmp_path / "a" / "validation.jsonl")
    assert len(train) + len(val) == sum(want.values())
    assert len(train) == card["splits"]["train"]["instances"] and val, "a 20% split of 24 rows is not empty"
    for line in train + val:
        msgs = json.loads(line)["messages"]
        assert msgs[-1]["role"] == "assistant" and msgs[-2]["role"] == "user"

    _export(pool, tmp_path / "b", mix=mix, validation_share=0.2, seed=3)
    for name in ("train.jsonl", "validation.jsonl", "dataset_card.json", "README.md"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name

    # Another seed samples other instances of the over-represented stage; the split stays stable.
    _export(pool, tmp_path / "c", mix=mix, validation_share=0.2, seed=4)
    assert _lines(tmp_path / "c" / "train.jsonl") != train


def test_export_formats_filters_and_curriculum(planted, tmp_path):
    pool, insts = planted
    ok = [i for i in insts if answered(i)]
    card = _export(pool, tmp_path / "alp", fmt="alpaca", filters=ExportFilter(sources=("chat",)),
                   validation_share=0.0)
    rows = [json.loads(x) for x in _lines(tmp_path / "alp" / "train.jsonl")]
    chat = [i for i in ok if i.source.value == "chat"]
    assert len(rows) == len(chat) == card["splits"]["train"]["instances"]
    by_output = {r["output"]: r for r in rows}
    for i in chat:
        r = by_output[i.output]
        assert r["instruction"] == i.messages[-1].content and r["input"] == ""
        assert r["history"] == ([[i.messages[0].content, i.messages[1].content]] if len(i.messages) == 3 else [])
    entities = sorted({k for i in chat for k in i.pii})
    assert card["pii"] == [{"entity": e, "findings": sum(i.pii.get(e, 0) for i in chat),
                            "instances": sum(e in i.pii for i in chat)} for e in entities]

    _export(pool, tmp_path / "sg", fmt="sharegpt", filters=ExportFilter(languages=("ko",), min_quality=0.5),
            validation_share=0.0)
    sg = [json.loads(x) for x in _lines(tmp_path / "sg" / "train.jsonl")]
    ko = [i for i in ok if i.lang == "ko" and i.scores["quality"] >= 0.5]
    assert len(sg) == len(ko) and all(r["conversations"][0]["from"] == "human" for r in sg)

    # Curriculum: all of stage 3, then stage 1 (the mix order), nothing interleaved.
    _export(pool, tmp_path / "cur", mix=Mix(parse_shares("3:1,1:1"), curriculum=True), validation_share=0.0)
    stage_of = {json.dumps(_openai(i), ensure_ascii=False, separators=(",", ":")): i.stage for i in ok}
    stages = [stage_of[x.decode()] for x in _lines(tmp_path / "cur" / "train.jsonl")]
    n3 = sum(i.stage == 3 for i in ok)
    assert stages == [3] * n3 + [1] * n3  # shares 1:1 -> as many of stage 1 as stage 3 has

    card = _export(pool, tmp_path / "pq", file_format="parquet", validation_share=0.25)
    table = pq.read_table(tmp_path / "pq" / "train.parquet")
    assert table.num_rows == card["splits"]["train"]["instances"]
    assert table.num_rows + pq.read_table(tmp_path / "pq" / "validation.parquet").num_rows == len(ok)
    first = table.to_pylist()[0]["messages"]
    assert first[-1]["role"] == "assistant"
    _export(pool, tmp_path / "pq2", file_format="parquet", validation_share=0.25)
    for name in ("train.parquet", "validation.parquet", "dataset_card.json"):
        assert (tmp_path / "pq" / name).read_bytes() == (tmp_path / "pq2" / name).read_bytes(), name


def _openai(i: Instance) -> dict:
    user = i.instruction + ("\n\n" + i.input if i.input else "")
    return {"messages": [{"role": "user", "content": user}, {"role": "assistant", "content": i.output}]}
