"""Settings are checked at start: one line per bad value, naming the variable, the problem, a good value."""

from __future__ import annotations

from pathlib import Path

import pytest

from instructflow.streams.settings import Settings
from instructflow.streams.settings_check import SettingsInvalid, load_settings, mask_dsn


@pytest.mark.parametrize(("var", "value", "needle"), [
    ("INSTRUCTFLOW_CLICKHOUSE_DSN", "nonsense", "not a chdb:// or http(s):// DSN"),
    ("INSTRUCTFLOW_CLICKHOUSE_DSN", "chdb://var/pool", "relative chDB path 'var/pool'"),
    ("INSTRUCTFLOW_TOPIC_PARTITIONS", "abc", "valid integer"),
    ("INSTRUCTFLOW_TOPIC_PARTITIONS", "0", "greater than or equal to 1"),
    ("INSTRUCTFLOW_KAFKA_BOOTSTRAP", "host:port", "'host:port' is not host:port"),
    ("INSTRUCTFLOW_SCRUB_LANGUAGES", "en", "not a JSON list"),
    ("INSTRUCTFLOW_DEDUP_MODE", "sharded", "'single' or 'partitioned'"),
])
def test_a_bad_value_is_one_line_with_the_variable_and_an_example(monkeypatch: pytest.MonkeyPatch, var: str,
                                                                   value: str, needle: str) -> None:
    monkeypatch.setenv(var, value)
    with pytest.raises(SettingsInvalid) as info:
        load_settings(Settings)
    [line] = info.value.problems
    assert line.startswith(f"{var}={value!r}: ") and needle in line and f"; e.g. {var}=" in line
    assert "\n" not in str(info.value)


def test_the_example_is_of_the_same_kind_and_passwords_are_masked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSTRUCTFLOW_CLICKHOUSE_DSN", "https://u:hunter2@:8443/db")
    with pytest.raises(SettingsInvalid) as info:
        load_settings(Settings)
    assert "hunter2" not in str(info.value) and "u:***@" in str(info.value) and "e.g. " in str(info.value)
    monkeypatch.setenv("INSTRUCTFLOW_CLICKHOUSE_DSN", "chdb://pool")
    with pytest.raises(SettingsInvalid, match=r"e\.g\. INSTRUCTFLOW_CLICKHOUSE_DSN=chdb:///"):
        load_settings(Settings)
    assert mask_dsn("http://a:b@h:1/x and https://c:d@e/") == "http://a:***@h:1/x and https://c:***@e/"


def test_the_data_dir_is_absolute_and_per_user_by_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("INSTRUCTFLOW_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)
    assert load_settings(Settings).data_dir == tmp_path / "xdg" / "instructflow"
    monkeypatch.setenv("INSTRUCTFLOW_DATA_DIR", "rel")
    first = load_settings(Settings)
    monkeypatch.chdir("/")
    assert first.data_dir == tmp_path / "rel" and first.pool_dsn == f"chdb://{tmp_path}/rel/pool"
