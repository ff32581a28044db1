from __future__ import annotations

from pathlib import Path

import pytest

from instructflow.cli.prompt_file import LineError, read_prompts
from instructflow.schemas import Prompt


def test_jsonl_bad_lines_are_reported_with_file_line_and_field(tmp_path: Path):
    f = tmp_path / "p.jsonl"
    f.write_text(
        '{"id": "a", "messages": [{"role": "user", "content": "How do tides work?"}]}\n'
        '{"messages": [{"role": "robot", "content": "x"}]}\n'
        "\n"
        "{broken\n"
        '{"messages": [{"role": "user", "content": "Call 010-1234-5678"}], "lang": 3}\n',
        encoding="utf-8",
    )
    items = list(read_prompts(f))
    assert [n for n, _ in items] == [1, 2, 4, 5]
    assert isinstance(items[0][1], Prompt) and items[0][1].id == "a"
    errors = [e for _, e in items if isinstance(e, LineError)]
    assert [(e.line, e.field) for e in errors] == [(2, "messages.0.role"), (4, "<root>"), (5, "lang")]
    assert all(str(e).startswith(f"{f}:") for e in errors)
    assert "010-1234-5678" not in " ".join(map(str, errors))


def test_csv_and_tsv_with_named_column(tmp_path: Path):
    f = tmp_path / "p.tsv"
    f.write_text("qid\tquestion\n1\t김치찌개 끓이는 법 알려줘\n2\t\n", encoding="utf-8")
    items = list(read_prompts(f, column="question", id_column="qid"))
    first = items[0][1]
    assert isinstance(first, Prompt) and first.id == "1" and first.messages[0].content.startswith("김치찌개")
    assert isinstance(items[1][1], LineError) and items[1][1].field == "question"


def test_missing_column_names_the_file(tmp_path: Path):
    f = tmp_path / "p.csv"
    f.write_text("a,b\n1,2\n")
    with pytest.raises(ValueError, match=r"p\.csv:1: header has no column 'text'"):
        list(read_prompts(f))


def test_not_jsonl_is_refused_before_anything_is_read(tmp_path: Path):
    """Planted: check_file skipped in read_prompts -> the array is read line by line, one error per line."""
    from instructflow.cli.prompt_file import check_file

    array = tmp_path / "a.json"
    array.write_text('[\n {"messages": [{"role": "user", "content": "hi"}]}\n]\n')
    with pytest.raises(ValueError, match=r"expected JSONL .* got a JSON array"):
        list(read_prompts(array))
    squad = tmp_path / "s.json"
    squad.write_text('{"version": "1.1",\n "data": [{"title": "t", "paragraphs": []}]}\n')
    with pytest.raises(ValueError, match=r"SQuAD-style .* tasks load squad"):
        check_file(squad)
    csv_named_jsonl = tmp_path / "c.jsonl"
    csv_named_jsonl.write_text("text\nhello\n")
    with pytest.raises(ValueError, match=r"c\.jsonl:1: expected JSONL.*--format csv"):
        check_file(csv_named_jsonl)


def test_progress_counts_records_not_lines(tmp_path: Path):
    from instructflow.cli.prompt_file import count_records

    f = tmp_path / "p.csv"
    f.write_text('text\n"two\nlines"\nthree\n')  # a header, a quoted field over two lines, a row
    assert count_records(f, "csv") == 2
    j = tmp_path / "p.jsonl"
    j.write_text('{"a": 1}\n\n{"a": 2}\n')
    assert count_records(j, "jsonl") == 2
