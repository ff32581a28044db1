"""Console security core: password hashes, session expiry, CSRF comparison, roles, throttling."""

from __future__ import annotations

import pytest

from instructflow.console.auth import (
    PERMISSIONS,
    LoginThrottle,
    Sessions,
    allowed,
    check_password_policy,
    hash_password,
    tokens_equal,
    verify_password,
)


class FakeClock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def test_password_hash_verifies_and_is_salted():
    h1, h2 = hash_password("correct horse"), hash_password("correct horse")
    assert h1 != h2 and h1.startswith("scrypt$") and "correct horse" not in h1
    assert verify_password("correct horse", h1) and verify_password("correct horse", h2)
    assert not verify_password("correct hors", h1)
    assert not verify_password("x", "garbage") and not verify_password("x", "pbkdf2$1$2$3$aa$bb")


def test_password_policy():
    with pytest.raises(ValueError):
        check_password_policy("short")
    check_password_policy("long enough")


def test_sessions_expire_by_age_and_by_idleness():
    clock = FakeClock()
    sessions = Sessions(ttl_s=100, idle_s=30, clock=clock)
    token, s = sessions.create("ann", "annotator")
    assert sessions.get(token) is s and sessions.get("forged") is None and sessions.get(None) is None
    clock.t = 29
    assert sessions.get(token) is s  # activity keeps it alive…
    clock.t = 58
    assert sessions.get(token) is s
    clock.t = 100
    assert sessions.get(token) is None  # …but not past its lifetime
    token2, _ = sessions.create("ann", "annotator")
    clock.t = 131
    assert sessions.get(token2) is None  # idle for 31 s


def test_session_tokens_are_not_stored_in_clear_and_can_be_revoked():
    sessions = Sessions(ttl_s=100, idle_s=100)
    token, s = sessions.create("ann", "annotator")
    assert token not in sessions._by_key and s.csrf != token
    other, _ = sessions.create("ann", "annotator")
    assert sessions.revoke_user("ann") == 2 and sessions.get(other) is None
    with pytest.raises(ValueError):
        sessions.create("x", "superuser")


def test_csrf_comparison():
    assert tokens_equal("abc", "abc")
    assert not tokens_equal("abc", "abd") and not tokens_equal("", "") and not tokens_equal("abc", "")


@pytest.mark.parametrize(("role", "permission", "ok"), [
    ("annotator", "annotate", True), ("annotator", "review", False), ("annotator", "stats", False),
    ("annotator", "admin", False), ("reviewer", "review", True), ("reviewer", "annotate", False),
    ("reviewer", "admin", False), ("admin", "admin", True), ("admin", "annotate", True), ("nobody", "annotate", False),
])
def test_role_permissions(role: str, permission: str, ok: bool):
    assert allowed(role, permission) is ok
    assert set(PERMISSIONS) == {"annotator", "reviewer", "admin"}


def test_login_throttle_refuses_a_client_over_its_limit():
    # Planted: client_blocked() returning False always -> red.
    clock = FakeClock()
    throttle = LoginThrottle(client_max=3, account_free=100, window_s=60, clock=clock)
    for i in range(3):
        assert not throttle.client_blocked("10.0.0.1")
        throttle.failed(f"name{i}", "10.0.0.1")  # spraying names does not help
    assert throttle.client_blocked("10.0.0.1") and not throttle.client_blocked("10.0.0.2")
    clock.t = 61
    assert not throttle.client_blocked("10.0.0.1") and "10.0.0.1" not in throttle._by_client


def test_login_throttle_slows_an_account_but_never_locks_it():
    # Planted: account_delay() without the max_delay_s cap, or succeeded() not clearing -> red.
    clock = FakeClock()
    throttle = LoginThrottle(client_max=1000, account_free=3, max_delay_s=8, window_s=60, clock=clock)
    delays = []
    for i in range(8):
        delays.append(throttle.account_delay("ann"))
        throttle.failed("ann", f"10.0.0.{i}")  # from many addresses: only the account throttle acts
    assert delays == [0, 0, 0, 1, 2, 4, 8, 8]  # grows, capped: a slow-down, not a lock-out
    assert throttle.account_delay("bob") == 0
    throttle.succeeded("ann")
    assert throttle.account_delay("ann") == 0

