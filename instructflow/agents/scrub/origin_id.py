"""The client's id of a prompt, as the pool stores it: a keyed hash, never the id itself.

Producers use whatever they have as an id, e-mail addresses included, so the raw id is PII and
stays upstream of the scrub agent like the raw text. An HMAC keeps what the id is for (a
producer's retry of the same id collapses into one row; a client that still holds its ids can
find its rows by hashing them with the key) without storing the id: without the key, a guessed
id cannot be confirmed. Every worker of a deployment must use the same key (ids are part of the
instance id): ``INSTRUCTFLOW_ORIGIN_ID_KEY``, or a key file shared by the workers
(``INSTRUCTFLOW_ORIGIN_ID_KEY_FILE``); by default a file under the data dir, generated (0600)
on first use, which `instructflow up` hands to both of its workers.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from pathlib import Path

from instructflow.streams.settings import Settings

PREFIX = "k1:"  # the scheme, so a future key rotation can tell old hashes from new


def key_path(settings: Settings) -> Path:
    return settings.origin_id_key_file or settings.data_dir.resolve() / "secrets" / "origin_id.key"


def load_key(settings: Settings) -> bytes:
    """The configured key, else the key file's, created with a fresh random key if absent."""
    if configured := settings.origin_id_key.get_secret_value():
        return configured.encode()
    path = key_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass  # made before, or by the other worker a moment ago: read it
    else:
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    for _ in range(50):  # the other worker may be between creating and writing it
        if key := path.read_text().strip():
            return key.encode()
        time.sleep(0.05)
    raise RuntimeError(f"{path}: the origin-id key file is empty")


def keyed_origin_id(client_id: str, key: bytes) -> str:
    """What the pool stores as ``origin_id`` for a client's id ("" stays "")."""
    if not client_id:
        return ""
    return PREFIX + hmac.new(key, client_id.encode("utf-8"), hashlib.sha256).hexdigest()[:32]
