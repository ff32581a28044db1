"""``instructflow eval pii --labelled FILE``: a user's own text with inline tags, read and scored.

Planted once each (2026-11-30), every one went red:
* ``parse_line`` not subtracting the tags' own letters (offsets into the tagged line): the span
  test fails;
* the type taken up to the first colon: "<10:30:TI>" loses its type;
* ``read_tagged`` reading every line of a KMOU file: its token rows become texts;
* no unclosed-tag check: the error test exits 0.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from instructflow.cli.main import app
from instructflow.evaluation.tagged import LabelledFileError, parse_line, read_tagged


def test_tags_become_spans_of_the_plain_text() -> None:
    sample = parse_line("<김민수:PS>님 연락처는 <010-2345-6789:PHONE_NUMBER>입니다, <10:30:TI>까지")
    assert sample.text == "김민수님 연락처는 010-2345-6789입니다, 10:30까지"
    assert [(k, sample.text[s:e]) for k, s, e in sample.spans] == [
        ("PS", "김민수"),
        ("PHONE_NUMBER", "010-2345-6789"),
        ("TI", "10:30"),
    ]
    assert sample.lang == "ko"
    assert parse_line("ask <Dana:PER> at <Oslo:LOC>").spans == (("PS", 4, 8), ("LC", 12, 16))


def test_a_kmou_file_is_read_by_its_tagged_lines(tmp_path: Path) -> None:
    path = tmp_path / "ner.dev"
    path.write_text(
        "; 한석규가 운영하는 사진관\n$<한석규:PS>가 운영하는 사진관\n1\t한석규\tNNP\tB_PS\n1\t가\tJKS\tO\n\n",
        encoding="utf-8",
    )
    (sample,) = read_tagged(path)
    assert sample.text == "한석규가 운영하는 사진관" and sample.spans == (("PS", 0, 3),)


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("ok line\n<김민수:PS 왔다\n", ":2: a tag is not closed"),
        ("\n\n", "no text in it"),
    ],
)
def test_a_bad_file_is_one_line_naming_it(tmp_path: Path, content: str, needle: str) -> None:
    path = tmp_path / "mine.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LabelledFileError, match=needle):
        read_tagged(path)
    result = CliRunner().invoke(app, ["eval", "pii", "--labelled", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert str(path) in result.output.replace("\n", "")


def test_the_cli_scores_the_file_and_its_texts_without_a_person(tmp_path: Path) -> None:
    path = tmp_path / "mine.txt"
    path.write_text(
        "<김민수:PS>님 연락처는 <010-2345-6789:PHONE_NUMBER>입니다\n"
        "<서울:LC>에서 열린 <삼성전자:OG> 행사는 <3일:DT> 끝났다.\n"
        "Please ask <Dana Whitfield:PERSON> to call me.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["eval", "pii", "--labelled", str(path), "--json"])
    assert result.exit_code == 0, result.output
    whole, clean = json.loads(result.output)
    assert whole["set"] == "mine.txt" and clean["set"] == "mine.txt/no-person"
    assert whole["gold"]["PS/ko"]["recall"] == 1.0 and whole["gold"]["PHONE_NUMBER/ko"]["full"] == 1.0
    assert whole["gold"]["PERSON/en"]["recall"] == 1.0
    assert clean["texts"] == 1 and clean["texts_with_finding"]["all"] == 0.0
