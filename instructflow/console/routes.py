"""HTTP routes of the console (aiohttp), mounted under ``/console`` on the worker's web server.

Every route but the sign-in page (and its stylesheet) needs a live session; each API route
names the permission it needs (console/auth.py PERMISSIONS) and state-changing ones
need the session's CSRF token in ``X-CSRF-Token``. Responses carry a strict Content Security
Policy (scripts only from this origin, no inline script), so even a rendering mistake could
not run a prompt's ``<script>``; the page itself renders prompt text with ``textContent``.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from importlib import resources
from typing import Any

from aiohttp import web

from instructflow.console.access import LOCAL_TOKEN_HEADER, PREFIX
from instructflow.console.auth import ROLES, Session, tokens_equal
from instructflow.console.callers import SESSION_COOKIE
from instructflow.console.queue import FLAG_REASONS, QueueError
from instructflow.console.service import ConsoleService, NotReady

log = logging.getLogger(__name__)

# Where a sign-in may lead (?next=…): named pages only, so the parameter is no open redirect.
NEXT_PAGES = {"dashboard": "/dashboard"}
LOGIN_CSRF_COOKIE = "if_login_csrf"
MAX_ANSWER_CHARS = 20_000
MAX_COMMENT_CHARS = 4_000

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
                               " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
SessionHandler = Callable[[web.Request, Session], Awaitable[web.StreamResponse]]


def _static(name: str) -> bytes:
    return (resources.files("instructflow.console") / "static" / name).read_bytes()


def _secure(response: web.StreamResponse) -> web.StreamResponse:
    for k, v in SECURITY_HEADERS.items():
        response.headers[k] = v
    return response


def _json(data: Any, status: int = 200) -> web.Response:
    return _secure(web.json_response(data, status=status))  # type: ignore[return-value]


def _error(status: int, message: str) -> web.Response:
    return _json({"error": message}, status)


class ConsoleRoutes:
    def __init__(self, service: ConsoleService) -> None:
        self.service = service
        self.always_secure = service.settings.annotation_cookie_secure
        self._assets = {name: _static(name) for name in ("app.js", "app.css", "index.html", "login.html", "login.css")}

    # -- plumbing ------------------------------------------------------------------------------
    def _secure_cookie(self, request: web.Request) -> bool:
        """Secure cookies when the request came over TLS, or always when the setting says so."""
        return self.always_secure or request.secure

    def _session(self, request: web.Request) -> Session | None:
        return self.service.sessions.get(request.cookies.get(SESSION_COOKIE))

    def api(self, permission: str, *, mutates: bool) -> Callable[[SessionHandler], Handler]:
        """Wrap a JSON handler: session (401), role (403), CSRF for writes (403), queue errors."""

        def wrap(handler: SessionHandler) -> Handler:
            async def guarded(request: web.Request) -> web.StreamResponse:
                session = self._session(request)
                if session is None:
                    return _error(401, "sign in first")
                if permission and not session.may(permission):
                    return _error(403, f"your role ({session.role}) may not {permission}")
                if permission and not self.service.ready.is_set():
                    return _error(503, "the console is loading its state; try again in a moment")
                if mutates and not tokens_equal(request.headers.get("X-CSRF-Token", ""), session.csrf):
                    return _error(403, "missing or wrong CSRF token")
                try:
                    return await handler(request, session)
                except QueueError as exc:
                    return _error(exc.status, str(exc))
                except NotReady as exc:
                    return _error(503, str(exc))
                except (ValueError, KeyError, TypeError) as exc:
                    return _error(400, f"bad request: {exc}")
                except TimeoutError:
                    return _error(503, "saved in memory but not yet stored; it will be stored when the pool"
                                       " answers")

            return guarded

        return wrap

    async def _body(self, request: web.Request) -> dict[str, Any]:
        body = await request.json()
        if not isinstance(body, dict):
            raise ValueError("expected a JSON object")
        return body

    async def _scrubbed(self, request: web.Request, text: str) -> str:
        """Free text typed about the item of this route, scrubbed before anything stores it."""
        return await asyncio.to_thread(self.service.scrub_typed, request.match_info["item_id"], text)

    async def _comment(self, request: web.Request, body: dict[str, Any]) -> str:
        return await self._scrubbed(request, str(body.get("comment", ""))[:MAX_COMMENT_CHARS])

    # -- pages ---------------------------------------------------------------------------------
    async def login_page(self, request: web.Request) -> web.StreamResponse:
        token = secrets.token_urlsafe(24)
        message = "Wrong name or password (or too many attempts: wait a few minutes)." \
            if request.query.get("error") else ""
        next_page = request.query.get("next", "")
        html = (self._assets["login.html"].decode().replace("__CSRF__", token).replace("__MESSAGE__", message)
                .replace("__NEXT__", next_page if next_page in NEXT_PAGES else ""))
        response = web.Response(text=html, content_type="text/html", charset="utf-8")
        response.set_cookie(LOGIN_CSRF_COOKIE, token, path=PREFIX, httponly=True, samesite="Strict",
                            secure=self._secure_cookie(request), max_age=3600)
        return _secure(response)

    async def login(self, request: web.Request) -> web.StreamResponse:
        form = await request.post()
        if not tokens_equal(str(form.get("csrf", "")), request.cookies.get(LOGIN_CSRF_COOKIE, "")):
            return _error(403, "missing or wrong CSRF token: reload the sign-in page")
        name, password = str(form.get("name", "")).strip(), str(form.get("password", ""))
        next_page = str(form.get("next", ""))
        result = await self.service.login(name, password, request.remote or "")
        if result is None:
            again = f"&next={next_page}" if next_page in NEXT_PAGES else ""
            raise web.HTTPSeeOther(f"{PREFIX}/login?error=1{again}", headers=SECURITY_HEADERS)
        token, _ = result
        response = web.HTTPSeeOther(NEXT_PAGES.get(next_page, f"{PREFIX}/"), headers=SECURITY_HEADERS)
        # Path "/": the dashboards on this server take the same sign-in.
        response.set_cookie(SESSION_COOKIE, token, path="/", httponly=True, samesite="Strict",
                            secure=self._secure_cookie(request))
        response.del_cookie(LOGIN_CSRF_COOKIE, path=PREFIX)
        raise response

    async def logout(self, request: web.Request) -> web.StreamResponse:
        session = self._session(request)
        form = await request.post()
        if session is not None and tokens_equal(str(form.get("csrf", "")), session.csrf):
            self.service.sessions.revoke(request.cookies.get(SESSION_COOKIE))
        response = web.HTTPSeeOther(f"{PREFIX}/login", headers=SECURITY_HEADERS)
        response.del_cookie(SESSION_COOKIE, path="/")
        raise response

    async def index(self, request: web.Request) -> web.StreamResponse:
        if self._session(request) is None:
            raise web.HTTPSeeOther(f"{PREFIX}/login", headers=SECURITY_HEADERS)
        return _secure(web.Response(body=self._assets["index.html"], content_type="text/html", charset="utf-8"))

    def asset(self, name: str, content_type: str, *, public: bool = False) -> Handler:
        async def serve(request: web.Request) -> web.StreamResponse:
            if not public and self._session(request) is None:
                return _error(401, "sign in first")
            return _secure(web.Response(body=self._assets[name], content_type=content_type, charset="utf-8"))

        return serve

    # -- API -------------------------------------------------------------------------------------
    async def me(self, request: web.Request, session: Session) -> web.StreamResponse:
        from instructflow.console.auth import PERMISSIONS

        s = self.service.settings
        return _json({"user": session.user, "role": session.role, "csrf": session.csrf,
                      "permissions": sorted(PERMISSIONS[session.role]), "lease_s": s.annotation_lease_s,
                      "flag_reasons": list(FLAG_REASONS),
                      "draft": bool(s.annotation_draft and s.llm_base_url)})

    async def claim(self, request: web.Request, session: Session) -> web.StreamResponse:
        started = time.perf_counter()
        item = self.service.claim(session.user)
        view = self.service.item_view(item, with_answer=False) if item else None
        response = _json({"item": view, "counts": self.service.queue.counts()})
        # Time spent deciding the claim, for the benchmark and browser dev tools.
        response.headers["Server-Timing"] = f"claim;dur={(time.perf_counter() - started) * 1000:.3f}"
        return response

    async def submit(self, request: web.Request, session: Session) -> web.StreamResponse:
        body = await self._body(request)
        answer = str(body.get("answer", ""))
        if len(answer) > MAX_ANSWER_CHARS:
            return _error(400, f"answers are at most {MAX_ANSWER_CHARS} characters")
        answer = await self._scrubbed(request, answer)
        event = self.service.queue.submit(request.match_info["item_id"], session.user, answer,
                                          int(body.get("rating", 0)), bool(body.get("used_draft", False)))
        await self.service.durable([event])
        return _json({"ok": True, "seconds": event.payload["seconds"]})

    async def skip(self, request: web.Request, session: Session) -> web.StreamResponse:
        self.service.record([self.service.queue.skip(request.match_info["item_id"], session.user)])
        return _json({"ok": True})

    async def flag(self, request: web.Request, session: Session) -> web.StreamResponse:
        body = await self._body(request)
        event = self.service.queue.flag(request.match_info["item_id"], session.user, str(body.get("reason", "")),
                                        await self._scrubbed(request, str(body.get("note", ""))[:MAX_COMMENT_CHARS]))
        await self.service.durable([event])
        return _json({"ok": True})

    async def draft(self, request: web.Request, session: Session) -> web.StreamResponse:
        item_id = request.match_info["item_id"]
        self.service.queue.held(item_id, session.user)  # only for the prompt you hold
        try:
            text = await asyncio.wait_for(self.service.draft(item_id), timeout=90)
        except LookupError as exc:
            return _error(404, str(exc))
        except Exception as exc:  # the LLM endpoint failing is not the console failing
            log.warning("console: draft failed: %s", exc)
            return _error(502, f"the LLM endpoint did not answer: {type(exc).__name__}")
        return _json({"draft": text})

    async def reviews(self, request: web.Request, session: Session) -> web.StreamResponse:
        items = self.service.queue.to_review(session.user)
        return _json({"items": [self.service.item_view(i, with_answer=True) for i in items]})

    async def accept(self, request: web.Request, session: Session) -> web.StreamResponse:
        body = await self._body(request)
        item = await self.service.accept(request.match_info["item_id"], session.user,
                                         await self._comment(request, body), int(body.get("rating", 0)))
        return _json({"ok": True, "published": item.published})

    async def send_back(self, request: web.Request, session: Session) -> web.StreamResponse:
        body = await self._body(request)
        event = self.service.queue.send_back(request.match_info["item_id"], session.user,
                                             await self._comment(request, body), int(body.get("rating", 0)))
        await self.service.durable([event])
        return _json({"ok": True})

    async def stats(self, request: web.Request, session: Session) -> web.StreamResponse:
        return _json(self.service.stats())

    async def my_stats(self, request: web.Request, session: Session) -> web.StreamResponse:
        rows = [r for r in self.service.stats()["annotators"] if r["annotator"] == session.user]
        return _json({"me": rows[0] if rows else None})

    async def flagged(self, request: web.Request, session: Session) -> web.StreamResponse:
        return _json({"items": self.service.flagged()})

    async def list_users(self, request: web.Request, session: Session) -> web.StreamResponse:
        users = await asyncio.to_thread(self.service.store.list_users)
        return _json({"users": [{"name": u.name, "role": u.role, "disabled": u.disabled} for u in users]})

    async def add_user(self, request: web.Request, session: Session) -> web.StreamResponse:
        body = await self._body(request)
        await self.service.add_user(str(body["name"]), str(body["role"]), str(body["password"]))
        return _json({"ok": True})

    async def local_add_user(self, request: web.Request) -> web.StreamResponse:
        """For `instructflow users add` on this machine while this worker owns the embedded pool."""
        if not tokens_equal(request.headers.get(LOCAL_TOKEN_HEADER, ""), self.service.local_admin_token):
            return _error(401, "local admin token required")
        body = await self._body(request)
        if str(body.get("role")) not in ROLES:
            return _error(400, f"role must be one of {', '.join(ROLES)}")
        try:
            await self.service.add_user(str(body["name"]), str(body["role"]), str(body["password"]))
        except (ValueError, KeyError) as exc:
            return _error(400, str(exc))
        return _json({"ok": True})

    # -- table ------------------------------------------------------------------------------------
    def add_to(self, app: web.Application) -> None:
        r = app.router
        r.add_get(PREFIX, self.index)
        r.add_get(f"{PREFIX}/", self.index)
        r.add_get(f"{PREFIX}/login", self.login_page)
        r.add_post(f"{PREFIX}/login", self.login)
        r.add_post(f"{PREFIX}/logout", self.logout)
        r.add_get(f"{PREFIX}/static/login.css", self.asset("login.css", "text/css", public=True))
        r.add_get(f"{PREFIX}/static/app.css", self.asset("app.css", "text/css"))
        r.add_get(f"{PREFIX}/static/app.js", self.asset("app.js", "text/javascript"))
        r.add_post(f"{PREFIX}/internal/users", self.local_add_user)
        for method, path, permission, handler in API_ROUTES:
            r.add_route(method, f"{PREFIX}/api{path}",
                        self.api(permission, mutates=method != "GET")(getattr(self, handler)))


# (method, path under /console/api, permission, handler): the authorization table tests walk.
API_ROUTES: tuple[tuple[str, str, str, str], ...] = (
    ("GET", "/me", "", "me"),
    ("POST", "/claim", "annotate", "claim"),
    ("POST", "/items/{item_id}/submit", "annotate", "submit"),
    ("POST", "/items/{item_id}/skip", "annotate", "skip"),
    ("POST", "/items/{item_id}/flag", "annotate", "flag"),
    ("POST", "/items/{item_id}/draft", "annotate", "draft"),
    ("GET", "/my-stats", "annotate", "my_stats"),
    ("GET", "/reviews", "review", "reviews"),
    ("POST", "/items/{item_id}/accept", "review", "accept"),
    ("POST", "/items/{item_id}/send_back", "review", "send_back"),
    ("GET", "/stats", "stats", "stats"),
    ("GET", "/flagged", "admin", "flagged"),
    ("GET", "/users", "admin", "list_users"),
    ("POST", "/users", "admin", "add_user"),
)
