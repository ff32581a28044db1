"""Is this file JSONL? Checked before the first record is sent, so a JSON array, a pretty-printed
JSON document (a SQuAD file) or a CSV named .jsonl is refused with a hint instead of being
half-sent with one cryptic error per line."""

from __future__ import annotations

import json
from pathlib import Path

SNIFF_BYTES = 1 << 16


def _first_line(path: Path) -> str:
    with path.open("rb") as f:
        for raw in f:
            if raw.strip():
                return raw.decode("utf-8", errors="replace").lstrip("\ufeff").strip()
    return ""


def _is_squad(doc: object) -> bool:
    data = doc.get("data") if isinstance(doc, dict) else None
    return isinstance(data, list) and bool(data) and isinstance(data[0], dict) and "paragraphs" in data[0]


def check_jsonl(path: Path, hint: str = "") -> None:
    """Raise ValueError naming the file and what it is instead, when it is not one JSON object per line.
    ``hint`` is appended to the message (e.g. the command for the other format)."""
    line = _first_line(path)
    if not line:
        return  # empty: zero records, nothing to refuse
    tail = f"; {hint}" if hint else ""
    if line.startswith("["):
        raise ValueError(f"{path}: expected JSONL (one JSON object per line), got a JSON array; convert it with"
                         f" `jq -c '.[]' {path.name} > {path.stem}.jsonl`")
    if not line.startswith("{"):
        raise ValueError(f"{path}:1: expected JSONL (one JSON object per line), line 1 is not a JSON object{tail}")
    try:
        json.loads(line)
        return  # a whole object on the first line: JSONL (later bad lines are reported one by one)
    except ValueError:
        pass
    try:  # one JSON document over many lines?
        with path.open("rb") as f:
            doc = json.load(f)
    except ValueError:
        return  # not a document either: the first line is just broken, reported as a line error
    if _is_squad(doc):
        raise ValueError(f"{path}: a SQuAD-style JSON document, not JSONL; load it with"
                         f" `instructflow tasks load squad {path}`")
    raise ValueError(f"{path}: expected JSONL (one JSON object per line), got one JSON document over many lines"
                     )
