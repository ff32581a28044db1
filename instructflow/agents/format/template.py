"""A template: data (YAML with Jinja2 bodies) that turns one record into instruction/input/output.

Everything that can go wrong with a template is checked when it is loaded: YAML shape,
Jinja syntax, every variable it references being declared for its task type, and a dry
render on an example record. A bad template therefore stops the agent at start-up with
the file and template id, instead of failing record after record mid-stream.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Any

import jinja2
import yaml
from jinja2 import meta
from jinja2.runtime import Context
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from instructflow.agents.format import labels
from instructflow.agents.format.examples import EXAMPLES
from instructflow.agents.format.tasktypes import LANGS, SPECS
from instructflow.schemas.task import TaskType


class TemplateError(ValueError):
    """A template file or template that cannot be used; the message names file and id."""


class Direction(StrEnum):
    forward = "forward"  # the record's question -> the record's answer
    reverse = "reverse"  # e.g. the answer -> "write a question whose answer is ..."


def _bullets(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def _lettered(items: list[str]) -> str:
    return "\n".join(f"{chr(ord('A') + i)}. {item}" for i, item in enumerate(items))


def _clause(text: str) -> str:
    """A sentence without its final stop, for quoting it inside a question: "... that "X"?"
    instead of "... that "X."?"."""
    return text.rstrip().rstrip(".!。．")


def _make_env() -> jinja2.Environment:
    # StrictUndefined: a variable missing at render time is an error, never a silent "".
    # No autoescape: the output is plain training text, not HTML.
    env = jinja2.Environment(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["bullets"] = _bullets
    env.filters["lettered"] = _lettered
    env.filters["clause"] = _clause
    return env


ENV = _make_env()
_GLOBALS: dict[str, Any] = dict(ENV.globals)
PARTS = ("instruction", "input", "output")


class Template(BaseModel):
    """One template as written in a YAML file (plus what loading derives from it)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.:/-]+$")
    task_type: TaskType
    lang: str = Field(description="Language of the instruction and of the answer wording.")
    record_langs: tuple[str, ...] = Field(
        default=(), description="Record languages it applies to; default: its own language."
    )
    datasets: tuple[str, ...] = Field(default=(), description="Restrict to these datasets.")
    direction: Direction = Direction.forward
    verbalizer: str = Field(default="yesno", description="NLI label wording (labels.py).")
    when: str = Field(default="", description="Jinja expression over the record's fields.")
    weight: float = Field(default=1.0, gt=0, description="Relative chance of being chosen.")
    instruction: str = Field(min_length=1)
    input: str = ""
    output: str = Field(min_length=1)
    source: str = Field(default="", description="File the template was loaded from.")

    _compiled: tuple[jinja2.Template, ...] = PrivateAttr()
    _when: Callable[..., Any] | None = PrivateAttr(default=None)
    _variables: frozenset[str] = PrivateAttr()

    @property
    def langs_applied(self) -> tuple[str, ...]:
        return self.record_langs or (self.lang,)

    @property
    def variables(self) -> frozenset[str]:
        """Every record variable the template references."""
        return self._variables

    @property
    def shows_options(self) -> bool:
        """Whether the prompt lists the answer options (FLAN's "with options" variants)."""
        return "options" in self._variables

    @property
    def cross_lingual(self) -> bool:
        return any(lang != self.lang for lang in self.langs_applied)

    def summary(self) -> dict[str, str]:
        """One row of ``instructflow tasks templates``."""
        return {
            "id": self.id,
            "task_type": self.task_type.value,
            "lang": self.lang,
            "record_langs": ",".join(self.langs_applied),
            "direction": self.direction.value,
            "options": "yes" if self.shows_options else "no",
            "datasets": ",".join(self.datasets) or "*",
            "source": self.source,
        }

    def applies(self, ctx: dict[str, Any]) -> bool:
        return self._when is None or bool(self._when(**ctx))

    def render(self, ctx: dict[str, Any]) -> tuple[str, str, str]:
        """(instruction, input, output), each stripped of surrounding whitespace.

        Equivalent to ``jinja2.Template.render`` per part, minus its per-call cost:
        that builds a fresh context by copying the environment's globals out of a
        ChainMap for each part, which was most of the time per record. Here the
        globals are merged once per record and the three parts share that context.
        """
        parent = {**_GLOBALS, **ctx}
        out: list[str] = []
        for compiled in self._compiled:
            context = Context(ENV, parent, None, compiled.blocks)
            try:
                out.append(ENV.concat(compiled.root_render_func(context)).strip())
            except Exception:
                ENV.handle_exception()  # re-raises with the template's own line numbers
        return out[0], out[1], out[2]

    def compile(self) -> Template:
        """Validate against the task type's vocabulary and compile once; raises TemplateError."""
        spec = SPECS[self.task_type]
        where = f"{self.source or '<string>'}: template {self.id!r}"
        if self.lang not in LANGS:
            raise TemplateError(f"{where}: lang {self.lang!r} not supported ({sorted(LANGS)})")
        if self.task_type is TaskType.nli and self.verbalizer not in labels.NLI_VERBALIZERS:
            known = sorted(labels.NLI_VERBALIZERS)
            raise TemplateError(f"{where}: unknown verbalizer {self.verbalizer!r} ({known})")
        used: set[str] = set()
        compiled: list[jinja2.Template] = []
        for part in PARTS:
            source = getattr(self, part)
            try:
                ast = ENV.parse(source)
                compiled.append(ENV.from_string(ast))
            except jinja2.TemplateSyntaxError as exc:
                raise TemplateError(f"{where}: {part}, line {exc.lineno}: {exc.message}") from exc
            names = meta.find_undeclared_variables(ast)
            unknown = names - spec.variables
            if unknown:
                raise TemplateError(
                    f"{where}: {part} references {_names(unknown)}, not a field of task type "
                    f"{self.task_type.value} (available: {_names(spec.variables)})"
                )
            used |= names
        when = None
        if self.when:
            try:
                names = meta.find_undeclared_variables(ENV.parse(f"{{{{ {self.when} }}}}"))
                when = ENV.compile_expression(self.when)
            except jinja2.TemplateSyntaxError as exc:
                raise TemplateError(f"{where}: when: {exc.message}") from exc
            # "when" decides the template before its language is known, so it may only
            # look at the record's own fields, not at language-dependent wording.
            unknown = names - spec.base_vars
            if unknown:
                raise TemplateError(
                    f"{where}: when references {_names(unknown)}; it may use only "
                    f"{_names(spec.base_vars)}"
                )
        self._compiled = tuple(compiled)
        self._when = when
        self._variables = frozenset(used)
        self._dry_run(where)
        return self

    def _dry_run(self, where: str) -> None:
        # Renders the example records of the task type, so errors that only show at
        # render time (a filter applied to the wrong type, a bad index) surface at load.
        spec = SPECS[self.task_type]
        rendered_any = False
        for fields in EXAMPLES[self.task_type]:
            ctx = spec.base(fields)
            try:
                if not self.applies(ctx):
                    continue
                spec.derive(ctx, self.lang, self.verbalizer)
                _, _, output = self.render(ctx)
            except Exception as exc:  # any render failure: jinja's own, or a filter's TypeError
                raise TemplateError(
                    f"{where}: fails on an example record: {type(exc).__name__}: {exc}"
                ) from exc
            if not output:
                raise TemplateError(f"{where}: output renders empty on an example record")
            rendered_any = True
        if not rendered_any:
            raise TemplateError(f"{where}: 'when' excludes every example record")


def _names(names: set[str] | frozenset[str]) -> str:
    return ", ".join(repr(n) for n in sorted(names))


def load_templates(path: Path) -> list[Template]:
    """Load and validate every template of one YAML file.

    The file is either a list of templates or a mapping with ``templates`` and defaults
    shared by them (``task_type``, ``lang``, ``record_langs``, ``datasets``).
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise TemplateError(f"{path}: cannot read template file: {exc}") from exc
    defaults: dict[str, Any] = {}
    if isinstance(data, dict):
        items = data.get("templates")
        defaults = {k: v for k, v in data.items() if k != "templates"}
        allowed = {"task_type", "lang", "record_langs", "datasets", "verbalizer"}
        extra = set(defaults) - allowed
        if extra:
            raise TemplateError(f"{path}: unknown top-level key(s) {_names(extra)}")
    else:
        items = data
    if not isinstance(items, list) or not items:
        raise TemplateError(f"{path}: expected a non-empty list of templates")
    out: list[Template] = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise TemplateError(f"{path}: templates[{i}] is not a mapping")
        label = f"{path}: template {item.get('id', f'#{i}')!r}"
        try:
            template = Template.model_validate({**defaults, **item, "source": str(path)})
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc']) or 'template'}: {err['msg']}"
                for err in exc.errors()
            )
            raise TemplateError(f"{label}: {problems}") from exc
        out.append(template.compile())
    return out
