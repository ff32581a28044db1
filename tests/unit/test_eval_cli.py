"""``instructflow eval pii``: the harness end to end on a small registered set, its JSON, and a
clear one-line error for an unknown set. Planted once (2026-11-29): Report.recall counting
every gold span as found made test_eval_pii_scores_a_registered_set fail (1.0 != 0.5)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from instructflow.cli.main import app
from instructflow.evaluation.pii import SETS, Sample, register_set


def test_eval_pii_scores_a_registered_set() -> None:
    @register_set("tiny-test", "two texts, one name found, one not")
    def tiny() -> list[Sample]:
        text = "hi im john smith, please help"
        start = text.index("john smith")
        return [
            Sample(text, (("PERSON", start, start + 10),), lang="en"),
            # a value no recognizer targets, labelled as a person: must count as missed
            Sample("the zq7 model", (("PERSON", 4, 7),), lang="en"),
        ]

    try:
        result = CliRunner().invoke(app, ["eval", "pii", "--set", "tiny-test", "--json"])
    finally:
        SETS.pop("tiny-test")
    assert result.exit_code == 0, result.output
    (summary,) = json.loads(result.output)
    assert summary["gold"]["PERSON/en"]["recall"] == 0.5
    assert summary["gold"]["PERSON/en"]["full"] == 0.5
    assert summary["precision"]["PERSON/en"]["precision"] == 1.0


def test_eval_pii_unknown_set_is_a_one_line_error() -> None:
    result = CliRunner().invoke(app, ["eval", "pii", "--set", "nope"])
    assert result.exit_code == 2
    assert "unknown set nope" in result.output
    assert "Traceback" not in result.output


# --- eval quality ----------------------------------------------------------------------------
# Planted once (2026-11-30): eval_quality not catching ValueError -> the malformed-file test
# showed a traceback (exit 1); Floor.met comparing the wrong way -> the floor test red.


def test_eval_quality_missing_labelled_file_is_a_one_line_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.tsv"
    result = CliRunner().invoke(app, ["eval", "quality", "--labelled", str(missing), "--no-dedup"])
    assert result.exit_code == 2
    assert f"{missing}: no such labelled file" in result.output
    assert "Traceback" not in result.output


def test_eval_quality_malformed_line_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("# a comment\naccept\ten\trequest\tExplain recursion\naccept en only-three\n", "utf-8")
    result = CliRunner().invoke(app, ["eval", "quality", "--labelled", str(bad), "--no-dedup"])
    assert result.exit_code == 2
    assert f"{bad}:3: expected 4 tab-separated fields" in " ".join(result.output.split())
    assert "Traceback" not in result.output


def test_eval_quality_missing_shared_data_names_the_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSTRUCTFLOW_SHARED_DATA", str(tmp_path / "absent"))
    result = CliRunner().invoke(app, ["eval", "quality", "--quick"])
    assert result.exit_code == 2
    assert "INSTRUCTFLOW_SHARED_DATA" in result.output
    assert "Traceback" not in result.output


def test_eval_quality_exits_1_when_a_floor_is_missed(tmp_path: Path) -> None:
    # Two prompts labelled the wrong way round: agreement 0% < 97%, the command must say so.
    wrong = tmp_path / "wrong.tsv"
    wrong.write_text("accept\ten\tchitchat\thi\nnot_a_request\ten\trequest\tExplain how a hash map works, with an "
                     "example in Python.\n", "utf-8")
    result = CliRunner().invoke(app, ["eval", "quality", "--labelled", str(wrong), "--no-dedup", "--json"])
    assert result.exit_code == 1, result.output
    doc = json.loads(result.output)
    assert doc["verdicts"]["wrong"]["verdict_agreement"] == 0.0
    assert [t["met"] for t in doc["targets"]] == [False, True]


def test_eval_quality_passes_on_a_correctly_labelled_file(tmp_path: Path) -> None:
    right = tmp_path / "right.tsv"
    right.write_text("not_a_request\ten\tchitchat\thi\naccept\ten\trequest\tExplain how a hash map works, with an "
                     "example in Python.\n", "utf-8")
    result = CliRunner().invoke(app, ["eval", "quality", "--labelled", str(right), "--no-dedup"])
    assert result.exit_code == 0, result.output
    assert "met     right: verdict agreement: 1.0" in result.output
