"""Pure tests of the format agent's core: readers, labels, templates, library, formatter.

They run on the project's own fixtures (tests/fixtures/tasks), never on ../shared/data.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from instructflow.agents.format import labels
from instructflow.agents.format.formatter import Formatter
from instructflow.agents.format.library import TemplateLibrary
from instructflow.agents.format.readers import UnreadableFileError, read_records
from instructflow.agents.format.readers.gsm8k import split_answer
from instructflow.agents.format.template import Direction, TemplateError, load_templates
from instructflow.schemas import Instance, RecordError, Source, TaskRecord, TaskType
from instructflow.streams.settings import Settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "tasks"


@pytest.fixture(scope="module")
def library() -> TemplateLibrary:
    return TemplateLibrary.load()


def _read(dataset: str, name: str, **opts: object) -> tuple[list[TaskRecord], list[RecordError]]:
    items = list(read_records(dataset, FIXTURES / name, **opts))  # type: ignore[arg-type]
    return (
        [i for i in items if isinstance(i, TaskRecord)],
        [i for i in items if isinstance(i, RecordError)],
    )


def _nli(label: str = "entailment", rid: str = "r1", dataset: str = "mnli") -> TaskRecord:
    return TaskRecord(
        dataset=dataset, split="dev", record_id=rid, task_type=TaskType.nli, lang="en",
        fields={"premise": "It rained all day.", "hypothesis": "It was wet.", "label": label},
    )


def _write(tmp_path: Path, text: str, name: str = "t.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---- the shipped template library -------------------------------------------------------


@pytest.mark.parametrize("task_type", list(TaskType))
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_at_least_five_templates_per_task_type_and_language(
    library: TemplateLibrary, task_type: TaskType, lang: str
) -> None:
    own = [t for t in library.list(task_type) if t.lang == lang]
    assert len(own) >= 5
    assert any(t.direction is Direction.reverse for t in own)


def test_library_has_options_and_cross_lingual_variants(library: TemplateLibrary) -> None:
    for task_type in (TaskType.nli, TaskType.sts):
        templates = library.list(task_type)
        assert any(t.shows_options for t in templates)
        assert any(not t.shows_options for t in templates)
    assert any(t.cross_lingual for t in library.list())


def test_template_summary_for_listing(library: TemplateLibrary) -> None:
    row = library["nli.en.entail-options"].summary()
    assert row["task_type"] == "nli" and row["options"] == "yes" and row["direction"] == "forward"
    assert row["source"].endswith("nli.yaml")


def test_reversed_qa_template_asks_for_a_question_with_the_answer(library: TemplateLibrary) -> None:
    reverse = library["qa.en.reverse-question"]
    assert "whose answer is" in reverse.instruction
    assert reverse.output == "{{ question }}"


# ---- determinism and the seeded choice ---------------------------------------------------


def test_rendering_is_deterministic(library: TemplateLibrary) -> None:
    records, _ = _read("klue-nli", "klue_nli_mini.json")
    first = [Formatter(library, seed=7).format(r) for r in records]
    again = [Formatter(TemplateLibrary.load(), seed=7).format(r) for r in records]
    for a, b in zip(first, again, strict=True):
        assert isinstance(a, Instance) and isinstance(b, Instance)
        assert (a.instruction, a.input, a.output, a.lang, a.lineage) == (
            b.instruction, b.input, b.output, b.lang, b.lineage
        )


def test_choice_is_independent_of_template_order(library: TemplateLibrary) -> None:
    reversed_library = TemplateLibrary(reversed(library.list()))
    for i in range(200):
        record = _nli(rid=str(i))
        a, b = library.choose(record, 3), reversed_library.choose(record, 3)
        assert a is not None and b is not None and a.id == b.id


def test_seed_changes_the_choice_and_all_candidates_get_used(library: TemplateLibrary) -> None:
    records = [_nli(rid=str(i)) for i in range(400)]
    seed0 = [library.choose(r, 0).id for r in records]  # type: ignore[union-attr]
    seed1 = [library.choose(r, 1).id for r in records]  # type: ignore[union-attr]
    assert seed0 != seed1
    assert set(seed0) == {t.id for t in library.candidates(records[0])}


def test_adding_a_template_only_moves_records_to_it(library: TemplateLibrary) -> None:
    bigger = TemplateLibrary.load(FIXTURES / "user_templates")
    moved = 0
    for i in range(300):
        record = _nli(rid=str(i))
        before, after = library.choose(record), bigger.choose(record)
        assert before is not None and after is not None
        if after.id != before.id:
            assert after.id == "user.nli.en.house-style"
            moved += 1
    assert moved > 0


# ---- user templates and load-time validation ---------------------------------------------


def test_user_template_dir_is_added_without_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSTRUCTFLOW_TEMPLATE_DIRS", str(FIXTURES / "user_templates"))
    library = TemplateLibrary.load(*Settings().template_paths)
    assert "user.nli.en.house-style" in {t.id for t in library.list(TaskType.nli)}
    # Weight 1000 and restricted to mnli: nearly every MNLI record, no KLUE record.
    instance = Formatter(library).format(_nli())
    assert isinstance(instance, Instance)
    assert instance.lineage.template_id == "user.nli.en.house-style"
    assert instance.instruction.startswith("House style. Premise: It rained all day.")
    assert instance.output == "yes"
    other = _nli(dataset="nli")
    assert "user.nli.en.house-style" not in {t.id for t in library.candidates(other)}


def test_template_with_missing_field_fails_at_load(tmp_path: Path) -> None:
    path = _write(tmp_path, """
task_type: nli
templates:
  - id: my.nli.typo
    lang: en
    instruction: "Premise: {{ premise }} Hypothesis: {{ hypotesis }}"
    output: "{{ answer }}"
""")
    with pytest.raises(TemplateError) as err:
        load_templates(path)
    message = str(err.value)
    assert str(path) in message
    assert "'my.nli.typo'" in message
    assert "'hypotesis'" in message
    assert "nli" in message


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('instruction: "{{ question"\n    output: x', "instruction, line 1"),
        ('instruction: "{{ question | nosuchfilter }}"\n    output: x', "nosuchfilter"),
        ('instruction: "{{ question }}"\n    output: x\n    when: "answer"', "when references 'answer'"),
        ('instruction: "{{ question }}"\n    output: "{{ answers[3] }}"', "example record"),
        ('instruction: "{{ question }}"\n    output: x\n    colour: red', "colour"),
        ('instruction: "{{ question }}"\n    output: x\n    lang: fr', "not supported"),
        ('instruction: "{{ question }}"\n    output: "{{ answerable + 1 + \'x\' }}"', "TypeError"),
    ],
)
def test_bad_templates_fail_at_load_with_file_and_id(tmp_path: Path, body: str, expected: str) -> None:
    text = "task_type: extractive_qa\nlang: en\ntemplates:\n  - id: my.bad\n    " + body + "\n"
    path = _write(tmp_path, text)
    with pytest.raises(TemplateError) as err:
        load_templates(path)
    assert str(path) in str(err.value)
    assert "my.bad" in str(err.value)
    assert expected in str(err.value)


def test_duplicate_template_ids_fail(tmp_path: Path) -> None:
    text = (FIXTURES / "user_templates" / "house_style.yaml").read_text(encoding="utf-8")
    _write(tmp_path, text, "a.yaml")
    _write(tmp_path, text, "b.yaml")
    with pytest.raises(TemplateError, match="duplicate template id"):
        TemplateLibrary.load(tmp_path)


# ---- label maps ---------------------------------------------------------------------------


@pytest.mark.parametrize("dataset", ["mnli", "klue-nli", "kornli"])
def test_nli_label_maps(dataset: str) -> None:
    assert labels.nli_label(dataset, "entailment") == labels.ENTAILMENT
    assert labels.nli_label(dataset, " Contradiction ") == labels.CONTRADICTION
    assert labels.nli_label(dataset, 1) == labels.NEUTRAL  # Hugging Face ClassLabel order
    with pytest.raises(ValueError, match="no consensus"):
        labels.nli_label(dataset, "-")
    with pytest.raises(ValueError, match="unknown label"):
        labels.nli_label(dataset, "entails")


def test_every_verbalizer_words_every_label_in_every_language() -> None:
    for by_lang in labels.NLI_VERBALIZERS.values():
        for lang in ("en", "ko"):
            assert set(by_lang[lang]) == set(labels.NLI_LABELS)
            assert len(set(by_lang[lang].values())) == 3  # answers are distinguishable


@pytest.mark.parametrize(
    ("template_id", "label", "answer"),
    [
        ("nli.en.entail-options", "entailment", "yes"),
        ("nli.en.entail-options", "neutral", "it is not possible to tell"),
        ("nli.en.entail-options", "contradiction", "no"),
        ("nli.ko.relation", "entailment", "함의"),
        ("nli.ko.relation", "contradiction", "모순"),
        ("nli.ko.entail-options", "neutral", "알 수 없음"),
    ],
)
def test_nli_answers_are_natural_words_in_the_template_language(
    library: TemplateLibrary, template_id: str, label: str, answer: str
) -> None:
    template = library[template_id]
    only = Formatter(TemplateLibrary([template]))
    record = _nli(label).model_copy(update={"lang": template.langs_applied[0]})
    instance = only.format(record)
    assert isinstance(instance, Instance)
    assert instance.output == answer
    assert instance.lang == template.lang


def test_sts_buckets() -> None:
    assert [labels.sts_bucket(s) for s in (0.0, 0.4, 0.5, 2.615, 4.75, 5.0)] == [0, 0, 1, 3, 5, 5]


# ---- answer checks ------------------------------------------------------------------------


def _qa(answers: list[str], answerable: bool = True, starts: list[int] | None = None) -> TaskRecord:
    fields: dict = {"context": "The tower is 30 metres tall.", "question": "How tall is it?",
                    "answers": answers, "answerable": answerable}
    if starts is not None:
        fields["answer_starts"] = starts
    return TaskRecord(dataset="squad", split="dev", record_id="q", task_type=TaskType.extractive_qa,
                      lang="en", fields=fields, file="x.json", position=4, locator="data[0]")


def test_squad_answer_must_be_a_span_of_the_context(library: TemplateLibrary) -> None:
    formatter = Formatter(library)
    assert isinstance(formatter.format(_qa(["30 metres"], starts=[13])), Instance)
    not_span = formatter.format(_qa(["40 metres"]))
    assert isinstance(not_span, RecordError)
    assert (not_span.field, not_span.position, not_span.file) == ("answers", 4, "x.json")
    assert "not a span" in not_span.reason
    wrong_offset = formatter.format(_qa(["30 metres"], starts=[3]))
    assert isinstance(wrong_offset, RecordError) and wrong_offset.field == "answer_starts"
    contradictory = formatter.format(_qa(["30 metres"], answerable=False))
    assert isinstance(contradictory, RecordError) and contradictory.field == "answers"


def test_unanswerable_questions_get_an_explicit_no_answer(library: TemplateLibrary) -> None:
    formatter = Formatter(library)
    seen = set()
    for i in range(100):
        record = _qa([], answerable=False).model_copy(update={"record_id": f"u{i}"})
        instance = formatter.format(record)
        assert isinstance(instance, Instance)
        template = library[instance.lineage.template_id]
        assert template.direction is Direction.forward  # reversed need a real answer
        assert instance.output == labels.NO_ANSWER[instance.lang]
        seen.add(instance.lang)
    assert seen == {"en", "ko"}  # the cross-lingual Korean template is in the mix


def test_gsm8k_answer_split_drops_calculator_annotations() -> None:
    rationale, final = split_answer("2 * 3 = <<2*3=6>>6 cakes\nthen 6+1=<<6+1=7>>7\n#### 7")
    assert (rationale, final) == ("2 * 3 = 6 cakes\nthen 6+1=7", "7")
    with pytest.raises(ValueError):
        split_answer("no final line")


# ---- readers: fixtures, malformed records with their positions ------------------------


def _errors(errors: list[RecordError]) -> list[tuple[int, str]]:
    return [(e.position, e.field) for e in errors]


def test_squad_fixture() -> None:
    records, errors = _read("squad", "squad_mini.json")
    assert [r.record_id for r in records] == ["lh-1", "lh-2", "lh-3"]
    assert records[0].fields["answers"] == ["1874"]  # duplicate annotator answers merged
    assert records[2].fields["answerable"] is False and records[2].fields["answers"] == []
    assert _errors(errors) == [(3, "answers"), (4, "id"), (5, "answer_starts")]
    assert errors[0].locator == "data[0].paragraphs[0].qas[3]"
    assert str(errors[1]).startswith("squad_mini.json: data[0].paragraphs[1].qas[0]")


def test_mnli_fixture() -> None:
    records, errors = _read("mnli", "mnli_mini.tsv", split="dev_matched")
    assert [(r.record_id, r.fields["label"], r.position) for r in records] == [
        ("1e", "entailment", 2), ("1n", "neutral", 3), ("1c", "contradiction", 4)]
    assert {r.split for r in records} == {"dev_matched"}
    assert _errors(errors) == [(5, "gold_label"), (6, "")]
    assert "no consensus" in errors[0].reason and "16" in errors[1].reason


def test_kornli_fixture_keeps_bare_quotes() -> None:
    records, errors = _read("kornli", "kornli_mini.tsv")
    assert records[0].fields["premise"] == '그는 "다녀왔습니다"라고 말했다.'
    assert [r.record_id for r in records] == ["2", "3", "4"]
    assert {r.lang for r in records} == {"ko"} and {r.split for r in records} == {"unspecified"}
    assert _errors(errors) == [(5, "gold_label")]


def test_klue_nli_fixture() -> None:
    records, errors = _read("klue-nli", "klue_nli_mini.json")
    assert [r.record_id for r in records] == ["mini-0", "mini-1", "mini-2"]
    assert records[0].fields["genre"] == "wikinews"
    assert _errors(errors) == [(3, "hypothesis"), (4, "guid")]


def test_korsts_fixture() -> None:
    records, errors = _read("korsts", "korsts_mini.tsv")
    assert [r.record_id for r in records] == [
        "MSRvid-2012test-0001", "MSRvid-2012test-0002", "headlines-2015-0001"]
    assert records[2].fields["score"] == pytest.approx(2.667)
    assert _errors(errors) == [(5, "score"), (6, "score")]


def test_gsm8k_fixture() -> None:
    records, errors = _read("gsm8k", "gsm8k_mini.jsonl")
    assert [(r.record_id, r.fields["answer"]) for r in records] == [("1", "7"), ("2", "60"), ("5", "1000")]
    assert _errors(errors) == [(3, "answer"), (4, "")]
    assert "not valid JSON" in errors[1].reason


def test_generic_csv_with_mapping() -> None:
    records, errors = _read(
        "my-faq", "generic_mini.csv", mapping="instruction=prompt,output=response,input=context"
    )
    assert [(r.position, r.lang, r.task_type) for r in records] == [
        (2, "en", TaskType.generic), (3, "en", TaskType.generic), (5, "ko", TaskType.generic)]
    assert records[1].fields["input"] == "The team meeting, planned for\nThursday, has moved to Friday."
    assert _errors(errors) == [(6, "output")]


def test_generic_jsonl_with_id_field() -> None:
    records, errors = _read("my-faq", "generic_mini.jsonl", mapping="instruction=q,output=a", id_field="id")
    assert [r.record_id for r in records] == ["g1", "g2"]
    assert _errors(errors) == [(3, "output")]


def test_generic_parquet(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "sts.parquet"
    pq.write_table(pa.table({"a": ["A dog runs.", "x"], "b": ["A dog is running.", "y"],
                             "sim": [4.8, 9.0]}), path)
    items = list(read_records("my-sts", path, task_type="sts", mapping="sentence1=a,sentence2=b,score=sim"))
    assert isinstance(items[0], TaskRecord) and items[0].fields["score"] == 4.8
    assert isinstance(items[1], RecordError) and (items[1].position, items[1].field) == (1, "score")


def test_hf_dataset_on_disk(tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    ds = datasets.Dataset.from_dict({
        "id": ["a1", "a2"],
        "question": ["Who built it?", "When?"],
        "context": ["Ann built it in 1900.", "Ann built it in 1900."],
        "answers": [{"text": ["Ann"], "answer_start": [0]}, {"text": [], "answer_start": []}],
    })
    datasets.DatasetDict({"validation": ds}).save_to_disk(str(tmp_path / "squad_v2"))
    items = list(read_records("squad", tmp_path / "squad_v2"))
    assert all(isinstance(i, TaskRecord) for i in items)
    assert [(i.record_id, i.fields["answerable"], i.split) for i in items] == [  # type: ignore[union-attr]
        ("a1", True, "validation"), ("a2", False, "validation")]


def test_unreadable_files_raise_at_call(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError, match="no such file"):
        read_records("squad", tmp_path / "missing.json")
    with pytest.raises(UnreadableFileError, match="not valid JSON"):
        read_records("squad", _write(tmp_path, "{not json", "bad.json"))
    with pytest.raises(UnreadableFileError, match="data"):
        read_records("squad", _write(tmp_path, json.dumps({"rows": []}), "other.json"))
    with pytest.raises(UnreadableFileError, match="gold_label"):
        read_records("kornli", _write(tmp_path, "sentence1\tsentence2\n", "test.tsv"))
    with pytest.raises(ValueError, match="not fields of generic"):
        read_records("mine", FIXTURES / "generic_mini.jsonl", mapping="prompt=q")


# ---- the formatter's instances ------------------------------------------------------------


def test_instances_carry_source_stage_and_lineage(library: TemplateLibrary) -> None:
    records, _ = _read("gsm8k", "gsm8k_mini.jsonl", split="test")
    instance = Formatter(library).format(records[0])
    assert isinstance(instance, Instance)
    assert (instance.source, instance.stage, instance.origin_id) == (Source.task, 1, "gsm8k:test:1")
    lineage = instance.lineage
    assert (lineage.dataset, lineage.split, lineage.record_id) == ("gsm8k", "test", "1")
    assert lineage.template_id in {t.id for t in library.list(TaskType.math_word)}
    assert instance.output and instance.instruction
    assert "<<" not in instance.output


def test_formatter_reports_records_without_a_template(library: TemplateLibrary) -> None:
    record = _nli().model_copy(update={"lang": "fr"})
    error = Formatter(library).format(record)
    assert isinstance(error, RecordError) and "no template" in error.reason


def test_formatter_reports_bad_fields_from_other_producers(library: TemplateLibrary) -> None:
    error = Formatter(library).format(_nli(label="maybe"))
    assert isinstance(error, RecordError) and error.field == "label"
