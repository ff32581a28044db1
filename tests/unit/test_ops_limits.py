"""Pure logic of the operations hardening: the size limit, the dead letter that fits, the keyed
client id, and the supervisor's restart budget."""

from __future__ import annotations

from pathlib import Path

import pytest

from instructflow.agents.scrub.origin_id import keyed_origin_id, load_key
from instructflow.infra.processes import RestartBudget
from instructflow.schemas import DeadLetter
from instructflow.streams.errors import describe_error
from instructflow.streams.limits import MessageTooLarge, check_size, fit_original
from instructflow.streams.settings import Settings


def test_a_value_over_the_limit_is_refused_with_sizes_only():
    settings = Settings(max_message_bytes=64 * 1024)
    check_size(b"x" * 64 * 1024, settings, "message")
    with pytest.raises(MessageTooLarge) as exc:
        check_size(b"secret " * 10_000, settings, "message")
    text = describe_error(exc.value)  # quoted although the payload may hold PII: it names sizes only
    assert text == "MessageTooLarge: message of 70000 bytes is over the limit of 65536 bytes " \
                   "(INSTRUCTFLOW_MAX_MESSAGE_BYTES)"


@pytest.mark.parametrize("size", [0, 1000, 48_000, 64 * 1024, 10_000_000])
def test_a_dead_letter_always_fits_within_the_limit(size: int):
    settings = Settings(max_message_bytes=64 * 1024)
    original, full = fit_original(b"\xff" * size, b"k" * 200, settings)
    letter = DeadLetter(agent="scrub", error="x" * 2000, topic="t" * 200, partition=3, offset=10**12,
                        key=b"k" * 200, original=original, original_size=full)
    assert len(letter.model_dump_json()) <= settings.max_message_bytes
    assert (full is None) == (original == b"\xff" * size)


def test_client_ids_are_keyed_hashes_under_one_key_file(tmp_path: Path):
    settings = Settings(data_dir=tmp_path)
    key = load_key(settings)
    path = tmp_path / "secrets" / "origin_id.key"
    assert path.stat().st_mode & 0o777 == 0o600 and load_key(settings) == key  # made once, then read
    hashed = keyed_origin_id("jane.doe@example.com", key)
    assert hashed.startswith("k1:") and "jane" not in hashed and len(hashed) == 35
    assert keyed_origin_id("jane.doe@example.com", b"another key") != hashed
    assert keyed_origin_id("", key) == ""
    assert load_key(Settings(data_dir=tmp_path / "x", origin_id_key="configured")) == b"configured"


def test_restart_budget_allows_a_few_restarts_per_window():
    now = [0.0]
    budget = RestartBudget(limit=2, window_s=60, clock=lambda: now[0])
    assert budget.allow() and budget.allow()
    assert not budget.allow()  # a crash loop: give up
    now[0] = 61.0
    assert budget.allow()


def test_the_runtime_sends_the_bytes_a_step_encoded_and_checks_their_size():
    """A step that encoded a message itself (the dedup router, which measures its ballots against
    the budget) has those bytes sent as they are, size-checked; others are encoded here. (Planted:
    _encoded re-encoding every value: red.)"""
    from types import SimpleNamespace

    from instructflow.streams.runtime import Runtime
    from instructflow.streams.step import Emit, StepFailed
    from instructflow.streams.topics import DEADLETTER

    settings = Settings(max_message_bytes=64 * 1024)
    letter = DeadLetter(agent="a", error="e", topic="t", partition=0, offset=1, original=b"")
    rt, step = SimpleNamespace(settings=settings), SimpleNamespace(name="step")
    mine, plain = Emit(DEADLETTER, letter, data=b'{"as": "encoded"}'), Emit(DEADLETTER, letter)
    out = Runtime._encoded(rt, step, [mine, plain])  # type: ignore[arg-type]
    assert isinstance(out, list) and [e.data for e in out] == [b'{"as": "encoded"}', letter.model_dump_json().encode()]
    over = Runtime._encoded(rt, step, [Emit(DEADLETTER, letter, data=b"x" * (64 * 1024 + 1))])  # type: ignore[arg-type]
    assert isinstance(over, StepFailed) and isinstance(over.cause, MessageTooLarge)
