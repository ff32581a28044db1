"""Who may call a worker route that reads data: this machine's CLI, or a signed-in console user.

* The CLI sends the local credential (streams/local_token.py), compared in constant time.
* A browser sends the console's session cookie; the session's role must hold the route's
  permission (console/auth.py PERMISSIONS: "stats" for dashboards, "admin" for raw
  pool queries).

Health and /metrics stay open (probes and Prometheus carry no credential); they show no pool
data, and the operator chooses where they listen (``web_host``; SECURITY.md).
"""

from __future__ import annotations

from typing import Any

from instructflow.console.auth import Session, Sessions, tokens_equal
from instructflow.streams.local_token import HEADER

SESSION_COOKIE = "if_session"


class Callers:
    def __init__(self, local_token: str) -> None:
        self.local_token = local_token
        self.sessions: Sessions | None = None  # set when the console mounts (it signs people in)

    def is_local(self, request: Any) -> bool:
        return tokens_equal(request.headers.get(HEADER, ""), self.local_token)

    def session(self, request: Any) -> Session | None:
        return self.sessions.get(request.cookies.get(SESSION_COOKIE)) if self.sessions is not None else None

    def refusal(self, request: Any, permission: str) -> tuple[int, str] | None:
        """None if the caller may, else (HTTP status, message)."""
        if self.is_local(request):
            return None
        session = self.session(request)
        if session is None:
            return 401, "sign in at /console/login, or use the instructflow CLI on the worker's machine"
        if not session.may(permission):
            return 403, f"your role ({session.role}) may not {permission}"
        return None
