"""The template library: shipped templates plus users' own directories, and the seeded choice.

Choice is rendezvous (highest-random-weight) hashing of (seed, dataset, record id) per
template: the same library and seed always give a record the same template, and adding
a user template moves only the records the new template wins instead of reshuffling
every record's choice as ``hash % len(templates)`` would.
"""

from __future__ import annotations

import builtins  # the class's own `list` method shadows the builtin in its annotations
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import xxhash

from instructflow.agents.format.tasktypes import SPECS
from instructflow.agents.format.template import Template, TemplateError, load_templates
from instructflow.schemas.task import TaskRecord, TaskType

SHIPPED_DIR = Path(__file__).with_name("templates")
# Extra template directories, separated like PATH; lets a deployment add templates
# without code or CLI changes.
_U64 = float(2**64)


class TemplateLibrary:
    def __init__(self, templates: Iterable[Template]) -> None:
        self._by_id: dict[str, Template] = {}
        for template in templates:
            other = self._by_id.get(template.id)
            if other is not None:
                raise TemplateError(
                    f"duplicate template id {template.id!r} in {template.source} "
                    f"and {other.source}"
                )
            self._by_id[template.id] = template
        # Candidates per (task type, record language), in id order so the choice does
        # not depend on file or directory listing order.
        self._index: dict[tuple[TaskType, str], list[tuple[Template, int]]] = {}
        # Per (task type, language, dataset): the index entry with the dataset filter
        # applied, built on first use; per record only ``when`` is left to evaluate.
        self._by_dataset: dict[tuple[TaskType, str, str], list[tuple[Template, int]]] = {}
        for template in sorted(self._by_id.values(), key=lambda t: t.id):
            salt = xxhash.xxh64_intdigest(template.id.encode("utf-8"))
            for lang in template.langs_applied:
                self._index.setdefault((template.task_type, lang), []).append((template, salt))

    @classmethod
    def load(cls, *dirs: Path | str, shipped: bool = True) -> TemplateLibrary:
        """Shipped templates, then ``dirs`` (settings.template_dirs, i.e. ``$INSTRUCTFLOW_TEMPLATE_DIRS``).

        Every ``*.yaml``/``*.yml`` file in a directory is loaded (a file path works too).
        """
        paths: list[Path] = [SHIPPED_DIR] if shipped else []
        paths += [Path(d) for d in dirs]
        templates: list[Template] = []
        for path in paths:
            for file in _template_files(path):
                templates += load_templates(file)
        return cls(templates)

    def __len__(self) -> int:
        return len(self._by_id)

    def __getitem__(self, template_id: str) -> Template:
        return self._by_id[template_id]

    def list(self, task_type: TaskType | str | None = None) -> list[Template]:
        """All templates (of one task type), by id: what ``instructflow tasks templates`` shows."""
        return [
            t
            for t in sorted(self._by_id.values(), key=lambda t: t.id)
            if task_type is None or t.task_type == task_type
        ]

    def candidates(self, record: TaskRecord, ctx: dict[str, Any] | None = None) -> builtins.list[Template]:
        """Templates that may format this record."""
        if ctx is None:
            ctx = SPECS[record.task_type].base(record.fields)
        return [t for t, _ in self._eligible(record, ctx)]

    def choose(
        self, record: TaskRecord, seed: int = 0, ctx: dict[str, Any] | None = None
    ) -> Template | None:
        """The template for this record under ``seed``; ``None`` when none applies.

        ``ctx`` is the record's base variables when the caller already has them (the
        formatter does), to avoid checking the record twice.
        """
        if ctx is None:
            ctx = SPECS[record.task_type].base(record.fields)
        key = f"{seed}\x1f{record.dataset}\x1f{record.record_id}".encode()
        best: Template | None = None
        best_score = -1.0
        for template, salt in self._eligible(record, ctx):
            # Weighted rendezvous: score = -w / ln(u), u uniform in (0, 1).
            u = (xxhash.xxh64_intdigest(key, salt) + 0.5) / _U64
            score = -template.weight / math.log(u)
            if score > best_score:
                best, best_score = template, score
        return best

    def _eligible(self, record: TaskRecord, ctx: dict[str, Any]) -> builtins.list[tuple[Template, int]]:
        key = (record.task_type, record.lang, record.dataset)
        entries = self._by_dataset.get(key)
        if entries is None:
            entries = self._by_dataset[key] = [
                (t, salt)
                for t, salt in self._index.get((record.task_type, record.lang), ())
                if not t.datasets or record.dataset in t.datasets
            ]
        return [(t, salt) for t, salt in entries if not t.when or t.applies(ctx)]


def _template_files(path: Path) -> Sequence[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise TemplateError(f"{path}: template directory not found")
    return sorted([*path.glob("*.yaml"), *path.glob("*.yml")])
