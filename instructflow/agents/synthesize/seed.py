"""Read seed files: the Self-Instruct seed format, or plain instruction/input/output JSONL.

Self-Instruct lines (``id, name, instruction, instances[{input, output}], is_classification``)
are kept exactly as given, ids included, so lineage can point back to them. Plain lines
(``instruction`` plus optional ``input``/``output``/``id``/``lang``/``domain``) become one-instance
seeds; without an id they get a content hash, stable across re-loads and file edits elsewhere.
Every line is a Seed or a SeedError naming file, line and field, so one bad line never stops a load.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from instructflow.agents.language import detect_lang
from instructflow.schemas import Seed
from instructflow.streams.line_error import LineError

# A seed line that cannot be read is reported like any other input line.
SeedError = LineError


def content_id(instruction: str, input_: str, output: str) -> str:
    h = hashlib.blake2b(digest_size=8)
    for part in (instruction, input_, output):
        h.update(part.encode("utf-8"))
        h.update(b"\x1e")
    return f"seed-{h.hexdigest()}"


def seed_from_obj(obj: dict[str, Any], default_domain: str = "") -> Seed:
    """A parsed JSON object -> Seed; raises ValueError/ValidationError naming what is wrong."""
    if not isinstance(obj, dict):
        raise ValueError("<root>: not a JSON object")
    if "instances" in obj:  # Self-Instruct format
        data = dict(obj)
    else:  # plain instruction / input / output
        instruction = obj.get("instruction")
        if not isinstance(instruction, str):
            raise ValueError("instruction: missing or not a string")
        input_, output = obj.get("input", "") or "", obj.get("output", "") or ""
        if not isinstance(input_, str) or not isinstance(output, str):
            raise ValueError("input/output: not strings")
        data = {k: v for k, v in obj.items() if k not in {"input", "output"}}
        data["id"] = str(obj.get("id") or content_id(instruction, input_, output))
        data["instances"] = [{"input": input_, "output": output}] if (input_ or output) else []
    if data.get("id") is not None and not isinstance(data["id"], str):
        data["id"] = str(data["id"])
    seed = Seed.model_validate(data)
    updates: dict[str, Any] = {}
    if not seed.lang:
        updates["lang"] = detect_lang(seed.instruction + " " + " ".join(i.input for i in seed.instances))
    if not seed.domain and default_domain:
        updates["domain"] = default_domain
    return seed.model_copy(update=updates) if updates else seed


def read_seeds(path: Path, domain: str = "") -> Iterator[tuple[int, Seed | SeedError]]:
    """Yield (line, Seed | SeedError) for every non-blank line of a JSONL seed file."""
    with path.open("rb") as f:
        for no, raw in enumerate(f, start=1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
                yield no, seed_from_obj(obj, domain)
            except json.JSONDecodeError as exc:
                yield no, SeedError(str(path), no, "<root>", f"invalid JSON: {exc.msg}")
            except UnicodeDecodeError:
                yield no, SeedError(str(path), no, "<root>", "not UTF-8")
            except ValidationError as exc:
                err = exc.errors(include_input=False)[0]
                field = ".".join(str(p) for p in err["loc"]) or "<root>"
                yield no, SeedError(str(path), no, field, err["msg"])
            except ValueError as exc:
                field, _, reason = str(exc).partition(": ")
                yield no, SeedError(str(path), no, field, reason or str(exc))
