"""Every INSTRUCTFLOW_* variable the README, SECURITY.md and docs/ tell a user to set is one the code reads.

Planted once: README's INSTRUCTFLOW_POOL_BATCH_SIZE misspelt as INSTRUCTFLOW_POOL_BATCH made this fail.
"""

from __future__ import annotations

import re
from pathlib import Path

from instructflow.streams.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
# Read outside Settings: the evaluation sets' folder (evaluation/pii.py), JSON logs (streams/jsonlog.py);
# "ANNOTATION_" is the README's name for the whole INSTRUCTFLOW_ANNOTATION_* family.
READ_ELSEWHERE = frozenset({"SHARED_DATA", "LOG_JSON", "ANNOTATION_"})


def test_every_documented_variable_is_read() -> None:
    fields = {name.upper() for name in Settings.model_fields}
    pages = [ROOT / "README.md", ROOT / "SECURITY.md", *sorted((ROOT / "docs").glob("*.md"))]
    for page in pages:
        used = set(re.findall(r"\bINSTRUCTFLOW_([A-Z0-9_]+)", page.read_text(encoding="utf-8")))
        assert used - fields - READ_ELSEWHERE == set(), page.name
    assert any(name.startswith("ANNOTATION_") for name in fields)
