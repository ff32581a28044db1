"""The format agent's pure core: a task record in, one instance (or a reported error) out."""

from __future__ import annotations

from instructflow.agents.format.library import TemplateLibrary
from instructflow.agents.format.tasktypes import SPECS, FieldProblem
from instructflow.schemas.instance import STAGE_OF, Instance, Lineage, Source
from instructflow.schemas.task import RecordError, TaskRecord

STAGE = STAGE_OF[Source.task]


class Formatter:
    """Wraps each record in the template the library chooses for it under ``seed``.

    Deterministic: the same record, library and seed give the same instance text and
    template id, so replaying ``tasks.raw`` rebuilds the same candidates.
    """

    def __init__(self, library: TemplateLibrary, seed: int = 0) -> None:
        self.library = library
        self.seed = seed

    def format(self, record: TaskRecord) -> Instance | RecordError:
        spec = SPECS[record.task_type]
        try:
            # Re-checked here, not only by the reader: tasks.raw may have other producers.
            ctx = spec.base(record.fields)
        except FieldProblem as exc:
            return _error(record, exc.field, exc.reason)
        template = self.library.choose(record, self.seed, ctx)
        if template is None:
            return _error(
                record,
                "",
                f"no template for task type {record.task_type.value}, "
                f"language {record.lang!r}, dataset {record.dataset!r}",
            )
        spec.derive(ctx, template.lang, template.verbalizer)
        try:
            instruction, input_, output = template.render(ctx)
        except Exception as exc:  # load-time dry runs make this rare; report, don't crash
            reason = f"template {template.id!r} failed: {type(exc).__name__}: {exc}"
            return _error(record, "template", reason)
        if not output:
            return _error(record, "template", f"template {template.id!r} rendered no output")
        return Instance(
            origin_id=f"{record.dataset}:{record.split}:{record.record_id}",
            source=Source.task,
            stage=STAGE,
            # The instance speaks the template's language (instruction and answer
            # wording); for cross-lingual templates the record's text differs from it.
            lang=template.lang,
            instruction=instruction,
            input=input_,
            output=output,
            lineage=Lineage(
                dataset=record.dataset,
                split=record.split,
                record_id=record.record_id,
                template_id=template.id,
            ),
        )


def _error(record: TaskRecord, field: str, reason: str) -> RecordError:
    return RecordError(
        file=record.file,
        position=record.position,
        locator=record.locator,
        field=field,
        reason=reason,
        dataset=record.dataset,
        record_id=record.record_id,
    )
