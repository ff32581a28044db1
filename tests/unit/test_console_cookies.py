"""The console's cookies get the Secure flag over TLS, or always when the setting says so."""

from __future__ import annotations

import ssl
from types import SimpleNamespace

import pytest
from aiohttp.test_utils import make_mocked_request

from instructflow.console.routes import ConsoleRoutes
from instructflow.streams.settings import Settings


def routes(always: bool) -> ConsoleRoutes:
    return ConsoleRoutes(SimpleNamespace(settings=Settings(annotation_cookie_secure=always)))  # type: ignore[arg-type]


@pytest.mark.parametrize(("always", "tls", "secure"), [(False, False, False), (False, True, True),
                                                        (True, False, True), (True, True, True)])
def test_secure_cookie_when_tls_or_configured(always: bool, tls: bool, secure: bool):
    # Planted: _secure_cookie() returning only the setting -> the TLS-without-setting case went red.
    request = make_mocked_request("GET", "/console/login", sslcontext=ssl.create_default_context() if tls else None)
    assert routes(always)._secure_cookie(request) is secure


async def test_login_page_sets_the_flag_over_tls():
    request = make_mocked_request("GET", "/console/login", sslcontext=ssl.create_default_context())
    response = await routes(False).login_page(request)
    assert response.cookies["if_login_csrf"]["secure"]
