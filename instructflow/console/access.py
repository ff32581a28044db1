"""Small shared facts of console access, importable without the web stack (the CLI uses them)."""

from __future__ import annotations

import os
from pathlib import Path

from instructflow.streams.settings import Settings

PREFIX = "/console"
LOCAL_TOKEN_HEADER = "X-Instructflow-Local-Token"


def local_token_path(settings: Settings) -> Path:
    """Where the worker leaves the token that lets this machine's CLI manage accounts."""
    return settings.run_dir / "console-local-token"


def write_local_token(settings: Settings, token: str) -> None:
    path = local_token_path(settings)
    settings.run_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # readable by this user only
    with os.fdopen(fd, "w") as f:
        f.write(token)


def validate_name(name: str) -> None:
    if not (1 <= len(name) <= 64) or not all(c.isalnum() or c in "._-@" for c in name):
        raise ValueError("user names are 1-64 letters, digits or . _ - @")
