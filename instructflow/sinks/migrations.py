"""Schema migrations: numbered SQL files applied once each, recorded in ``schema_migrations``."""

from __future__ import annotations

from importlib import resources

from clickhouse_connect.driver.client import Client

MIGRATIONS = "instructflow.sinks"


def migration_files() -> list[tuple[str, str]]:
    folder = resources.files(MIGRATIONS) / "migrations"
    files = sorted((p for p in folder.iterdir() if p.name.endswith(".sql")), key=lambda p: p.name)
    return [(p.name.removesuffix(".sql"), p.read_text(encoding="utf-8")) for p in files]


def statements(sql: str) -> list[str]:
    body = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))
    return [s.strip() for s in body.split(";") if s.strip()]


def migrate(client: Client, database: str) -> list[str]:
    """Apply pending migrations in order; returns the names applied now."""
    client.command(f"CREATE DATABASE IF NOT EXISTS {database}")
    client.command(
        f"CREATE TABLE IF NOT EXISTS {database}.schema_migrations "
        "(name String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3)) "
        "ENGINE = ReplacingMergeTree ORDER BY name"
    )
    done = {row[0] for row in client.query(f"SELECT name FROM {database}.schema_migrations").result_rows}
    applied = []
    for name, sql in migration_files():
        if name in done:
            continue
        for statement in statements(sql.replace("{db}", database)):
            client.command(statement)
        client.insert(f"{database}.schema_migrations", [[name]], column_names=["name"])
        applied.append(name)
    return applied
