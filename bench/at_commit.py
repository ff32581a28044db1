"""Run a snippet on another commit's own source, for benches that put a baseline side by side."""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]

# Put first in every snippet: the editable install's finder would import this worktree's
# code, so it is dropped and the commit's own source (sys.argv[2], first on sys.path) runs.
PRELUDE = """
import json, sys, time
sys.meta_path = [f for f in sys.meta_path if "editable" not in type(f).__module__.lower()]
sys.path.insert(0, sys.argv[2])
import instructflow; assert instructflow.__file__.startswith(sys.argv[2]), instructflow.__file__
payload = json.load(open(sys.argv[1]))
"""


def run_at(commit: str, snippet: str, payload: Any) -> Any:
    """``snippet`` (after PRELUDE, with ``payload`` loaded) in a subprocess on ``git archive
    commit``'s instructflow package; what it prints as JSON."""
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "archive", commit, "instructflow"], cwd=REPO,
                                 capture_output=True, check=True).stdout
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        return run_in(Path(tmp), snippet, payload)


def run_in(tree: Path, snippet: str, payload: Any) -> Any:
    """``snippet`` on the instructflow package under ``tree`` (REPO: this worktree), in a subprocess
    as run_at's, so a bench measures both sides under the same conditions."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "payload.json"
        path.write_text(json.dumps(payload), "utf-8")
        proc = subprocess.run([sys.executable, "-c", PRELUDE + snippet, str(path), str(tree)],
                              capture_output=True, text=True, check=True)
        return json.loads(proc.stdout)
