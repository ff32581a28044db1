"""ClickHouse pool: migrations, writer, queries."""
