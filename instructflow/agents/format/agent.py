"""The format step: task records in, templated candidates out to scrub."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from instructflow.agents.format.formatter import Formatter
from instructflow.agents.format.library import TemplateLibrary
from instructflow.schemas import RecordError, TaskRecord
from instructflow.streams.settings import Settings
from instructflow.streams.step import Emit, Origin, Step
from instructflow.streams.topics import CANDIDATES, TASKS_RAW


class RecordDoesNotFit(ValueError):
    """A record the templates cannot turn into an instance; the runtime dead-letters it with this text."""


class FormatStep(Step):
    name = "format"
    sources = (TASKS_RAW,)
    outputs = (CANDIDATES,)

    def __init__(self, settings: Settings) -> None:
        # Loading validates every template, so a broken user template stops the worker at start.
        self.formatter = Formatter(TemplateLibrary.load(*settings.template_paths), seed=settings.template_seed)

    def process(self, value: BaseModel, origin: Origin) -> Iterator[Emit]:
        assert isinstance(value, TaskRecord)
        result = self.formatter.format(value)
        if isinstance(result, RecordError):
            raise RecordDoesNotFit(str(result))
        yield Emit(CANDIDATES, result, key=result.origin_id)
