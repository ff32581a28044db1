"""Pure core of console security: password hashes, sessions that expire, CSRF tokens, roles.

* Passwords: scrypt (stdlib ``hashlib.scrypt``, memory-hard), random 16-byte salt, encoded as
  ``scrypt$n$r$p$salt_hex$hash_hex`` so the cost can be raised later without breaking old hashes.
* Sessions: a random 256-bit token in an HttpOnly cookie; the store keeps only its SHA-256, so
  a memory dump or log line with the store's keys cannot be replayed as a cookie. A session ends
  after ``ttl_s`` from sign-in or ``idle_s`` without a request, whichever comes first.
* CSRF: each session has its own random token; state-changing requests must echo it (header
  or form field), compared in constant time. The sign-in form uses a double-submit token.
* Failed sign-ins are throttled per client address (refused once over the limit) and per
  account (slowed, never locked: nobody can lock a known user out by guessing wrong).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

Clock = Callable[[], float]

ROLES = ("annotator", "reviewer", "admin")

# What each role may do; every console route names the permission it needs.
PERMISSIONS: dict[str, frozenset[str]] = {
    "annotator": frozenset({"annotate"}),
    "reviewer": frozenset({"review", "stats"}),
    "admin": frozenset({"annotate", "review", "stats", "admin"}),
}

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MIN_PASSWORD_CHARS = 8


def allowed(role: str, permission: str) -> bool:
    return permission in PERMISSIONS.get(role, frozenset())


def hash_password(password: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32)
    return f"scrypt${n}${r}${p}${salt.hex()}${digest.hex()}"


def verify_password(password: str, encoded: str) -> bool:
    try:
        scheme, n, r, p, salt_hex, digest_hex = encoded.split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt_hex), n=int(n), r=int(r),
                                p=int(p), dklen=len(digest_hex) // 2)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest.hex(), digest_hex)


# A hash to verify against when the account does not exist, so a wrong name costs the same
# time as a wrong password and sign-in timing does not reveal which names exist.
DUMMY_HASH = hash_password(secrets.token_hex(16))


def check_password_policy(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise ValueError(f"password must have at least {MIN_PASSWORD_CHARS} characters")


def tokens_equal(a: str, b: str) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(a.encode(), b.encode())


@dataclass
class Session:
    user: str
    role: str
    csrf: str
    created_at: float
    last_seen: float

    def may(self, permission: str) -> bool:
        return allowed(self.role, permission)


def _key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Sessions:
    def __init__(self, ttl_s: float, idle_s: float, clock: Clock = time.time) -> None:
        self.ttl_s = ttl_s
        self.idle_s = idle_s
        self.clock = clock
        self._by_key: dict[str, Session] = {}

    def __len__(self) -> int:
        return len(self._by_key)

    def create(self, user: str, role: str) -> tuple[str, Session]:
        """A new session; returns the cookie token (shown once) and the session."""
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        now = self.clock()
        token = secrets.token_urlsafe(32)
        session = Session(user, role, secrets.token_urlsafe(32), now, now)
        self._by_key[_key(token)] = session
        return token, session

    def get(self, token: str | None) -> Session | None:
        """The live session of ``token`` (and mark it used), or None if unknown or expired."""
        if not token:
            return None
        key = _key(token)
        session = self._by_key.get(key)
        if session is None:
            return None
        now = self.clock()
        if now - session.created_at >= self.ttl_s or now - session.last_seen >= self.idle_s:
            del self._by_key[key]
            return None
        session.last_seen = now
        return session

    def revoke(self, token: str | None) -> None:
        if token:
            self._by_key.pop(_key(token), None)

    def revoke_user(self, user: str) -> int:
        """End every session of ``user`` (password or role changed, account disabled)."""
        keys = [k for k, s in self._by_key.items() if s.user == user]
        for k in keys:
            del self._by_key[k]
        return len(keys)

    def sweep(self) -> int:
        now = self.clock()
        dead = [k for k, s in self._by_key.items()
                if now - s.created_at >= self.ttl_s or now - s.last_seen >= self.idle_s]
        for k in dead:
            del self._by_key[k]
        return len(dead)


class LoginThrottle:
    """Two throttles on failed sign-ins within ``window_s``.

    * Per client address: after ``client_max`` failures the address is refused until the window
      passes (one machine cannot try many passwords, nor spray many names).
    * Per account: after ``account_free`` failures each further attempt on that name waits
      ``min(max_delay_s, 2 ** (failures - account_free))`` seconds before it is checked. It is
      slowed, not locked, so the rightful user still gets in, however many others guess.
    """

    def __init__(self, client_max: int = 20, account_free: int = 5, max_delay_s: float = 30.0,
                 window_s: float = 300.0, clock: Clock = time.time) -> None:
        self.client_max = client_max
        self.account_free = account_free
        self.max_delay_s = max_delay_s
        self.window_s = window_s
        self.clock = clock
        self._by_client: dict[str, list[float]] = {}
        self._by_account: dict[str, list[float]] = {}

    def _recent(self, table: dict[str, list[float]], key: str) -> int:
        now = self.clock()
        recent = [t for t in table.get(key, []) if now - t < self.window_s]
        if recent:
            table[key] = recent
        else:  # forget keys with no recent failure, so sprayed names and addresses do not pile up
            table.pop(key, None)
        return len(recent)

    def client_blocked(self, client: str) -> bool:
        return self._recent(self._by_client, client) >= self.client_max

    def account_delay(self, name: str) -> float:
        excess = self._recent(self._by_account, name) - self.account_free
        return 0.0 if excess < 0 else min(self.max_delay_s, float(2 ** min(excess, 16)))

    def failed(self, name: str, client: str) -> None:
        now = self.clock()
        self._by_account.setdefault(name, []).append(now)
        self._by_client.setdefault(client, []).append(now)

    def succeeded(self, name: str) -> None:
        self._by_account.pop(name, None)
