"""Settings checked at start: every bad value becomes one line naming the environment variable,
what is wrong with the value and an example of a good one (never a pydantic traceback).

Also where the default data dir is, and how a DSN is shown (password masked).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from pydantic import ValidationError
from pydantic_settings import SettingsError

if TYPE_CHECKING:
    from instructflow.streams.settings import Settings

ENV_PREFIX = "INSTRUCTFLOW_"
_PASSWORD = re.compile(r"(//[^:/@\s]*:)[^@\s]*@")


class SettingsInvalid(ValueError):
    """One or more settings are unusable; ``str()`` is one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def default_data_dir() -> Path:
    """Per user, not per folder: `make run` and a command typed in any other folder find the same stack."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "instructflow"


def mask_dsn(text: str) -> str:
    """``scheme://user:***@host…``: a DSN (or a message quoting one) safe to print."""
    return _PASSWORD.sub(r"\1***@", text)


def check_dsn(value: str) -> str:
    if not value:
        return value
    parts = urlsplit(value)
    if parts.scheme == "chdb":
        # chdb://var/pool parses as host 'var': a relative path, which would follow the cwd.
        if parts.netloc or not parts.path.startswith("/"):
            raise ValueError(f"relative chDB path '{parts.netloc}{parts.path}': give an absolute path"
                             " (chdb:///abs/path), or leave the DSN empty for the pool under the data dir")
        return value
    if parts.scheme in {"http", "https"}:
        if not parts.hostname:
            raise ValueError("no host in the DSN")
        try:
            parts.port  # noqa: B018 - raises on a non-numeric port
        except ValueError as exc:
            raise ValueError(f"bad port: {exc}") from None
        return value
    raise ValueError("not a chdb:// or http(s):// DSN")


def check_bootstrap(value: str) -> str:
    for server in filter(None, (s.strip() for s in value.split(","))):
        host, sep, port = server.rpartition(":")
        if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError(f"'{server}' is not host:port")
    return value


def example_of(name: str, field: Any, value: Any = None) -> str:
    """A good value for the field, as one would write it in the environment (of the same kind as
    ``value`` when the field has examples of several kinds, e.g. a chdb:// and an https:// DSN)."""
    if field.examples:
        kind = str(value or "").partition(":")[0]
        return str(next((e for e in field.examples if str(e).startswith(kind + ":")), field.examples[0]))
    default = field.get_default(call_default_factory=True)
    if isinstance(default, list | dict):
        return json.dumps(default or ["en", "ko"]) if name.endswith(("languages", "topics", "domains", "agents")) \
            else json.dumps(default)
    if isinstance(default, bool):
        return "true" if default else "false"
    return str(default)


def _problem(name: str, field: Any, value: Any, reason: str) -> str:
    env = f"{ENV_PREFIX}{name.upper()}"
    shown = mask_dsn(str(value)) if value is not None else ""
    reason = reason.removeprefix("Value error, ")
    return f"{env}={shown!r}: {reason}; e.g. {env}={example_of(name, field, value)}"


def load_settings(cls: type[Settings], **overrides: Any) -> Settings:
    """``cls(**overrides)`` with every problem rendered as one line (see SettingsInvalid)."""
    try:
        return cls(**overrides)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            name = str(error["loc"][0]) if error["loc"] else "?"
            field = cls.model_fields.get(name)
            value = os.environ.get(f"{ENV_PREFIX}{name.upper()}", error.get("input"))
            problems.append(_problem(name, field, value, error["msg"]) if field else f"{name}: {error['msg']}")
        raise SettingsInvalid(problems) from None
    except SettingsError as exc:  # a list/JSON field whose environment value is not JSON
        match = re.search(r'field "(\w+)"', str(exc))
        name = match.group(1) if match else ""
        field = cls.model_fields.get(name)
        if field is None:
            raise SettingsInvalid([str(exc)]) from None
        value = os.environ.get(f"{ENV_PREFIX}{name.upper()}")
        raise SettingsInvalid([_problem(name, field, value, "not a JSON list")]) from None
