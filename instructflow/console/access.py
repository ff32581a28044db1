"""Small shared facts of console access, importable without the web stack (the CLI uses them)."""

from __future__ import annotations

from instructflow.streams.local_token import HEADER as LOCAL_TOKEN_HEADER

PREFIX = "/console"
__all__ = ["LOCAL_TOKEN_HEADER", "PREFIX", "validate_name"]


def validate_name(name: str) -> None:
    if not (1 <= len(name) <= 64) or not all(c.isalnum() or c in "._-@" for c in name):
        raise ValueError("user names are 1-64 letters, digits or . _ - @")
