"""``instructflow eval pii``: the harness end to end on a small registered set, its JSON, and a
clear one-line error for an unknown set. Planted once (2026-11-29): Report.recall counting
every gold span as found made test_eval_pii_scores_a_registered_set fail (1.0 != 0.5)."""

from __future__ import annotations

import json

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
