"""The local credential: a random token the pool-owning worker writes for this machine's CLI.

Written into the data dir's run folder, mode 0600 in a 0700 folder, so only the user who runs
the worker can read it; whoever can read it can read the chDB files anyway. The CLI sends it in
``X-Instructflow-Local-Token``; the worker compares it in constant time. A new token is made at
every start, so a copy taken earlier stops working.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from instructflow.streams.settings import Settings

HEADER = "X-Instructflow-Local-Token"


def path(settings: Settings) -> Path:
    return settings.run_dir / "local-token"


def create(settings: Settings) -> str:
    """A fresh token, written for the CLI; replaces any older one (and its permissions)."""
    token = secrets.token_urlsafe(32)
    p = path(settings)
    p.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(p.parent, 0o700)
    tmp = p.with_suffix(f".{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # readable by this user only
    with os.fdopen(fd, "w") as f:
        f.write(token)
    tmp.replace(p)
    return token


def read(settings: Settings) -> str:
    """The token, refusing a file that others could have read or written (a planted or leaked one)."""
    p = path(settings)
    st = p.stat()
    if st.st_uid != os.getuid() or stat.S_IMODE(st.st_mode) & 0o077:
        raise PermissionError(f"{p}: must belong to you with mode 0600 (it is {stat.S_IMODE(st.st_mode):o});"
                              " restart the worker to write a new one")
    return p.read_text().strip()


def headers(settings: Settings) -> dict[str, str]:
    """The request header for the running worker, or none when there is no token to send."""
    try:
        return {HEADER: read(settings)}
    except FileNotFoundError:
        return {}
