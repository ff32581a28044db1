"""All knobs in one place; every field is overridable as ``INSTRUCTFLOW_<FIELD>``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="INSTRUCTFLOW_", env_file=None, extra="ignore")

    # --- where things live -------------------------------------------------
    data_dir: Path = Field(default=Path("var"), description="Embedded state: chDB pool, logs, run files.")
    kafka_bootstrap: str = Field(default="", description="host:port[,host:port]; empty: the embedded Tansu broker.")
    kafka_security_protocol: str = "PLAINTEXT"  # PLAINTEXT | SSL | SASL_PLAINTEXT | SASL_SSL
    kafka_sasl_mechanism: str = "PLAIN"  # PLAIN | SCRAM-SHA-256 | SCRAM-SHA-512
    kafka_sasl_username: str = ""
    kafka_sasl_password: SecretStr = SecretStr("")
    kafka_ssl_cafile: str = ""
    topic_prefix: str = Field(default="", description="Prefix for every topic name (tests, multi-tenant clusters).")
    topic_partitions: int = Field(default=4, ge=1, description="Partitions of the parallel topics.")
    topic_replication: int = Field(default=1, ge=1)
    raw_retention_hours: int = Field(default=24, ge=1, description="prompts.raw and deadletter hold PII: keep briefly.")
    clickhouse_dsn: str = Field(
        default="", description="chdb:///abs/path or http(s)://user:pass@host:8123/db; empty: chDB under data_dir."
    )
    clickhouse_database: str = "instructflow"

    # --- worker ------------------------------------------------------------
    app_id: str = "instructflow"
    web_port: int = Field(default=6066, description="Worker web server: health, pool queries in embedded mode.")
    web_host: str = "127.0.0.1"
    batch_size: int = Field(default=500, ge=1, description="Events an agent takes at once.")
    batch_within_s: float = Field(default=0.2, gt=0, description="Longest wait to fill a batch.")
    session_timeout_s: float = 30.0
    heartbeat_interval_s: float = 3.0
    rebalance_timeout_s: float = 20.0
    commit_interval_s: float = 1.0
    shutdown_timeout_s: float = Field(default=8.0, description="Bound on every wait during shutdown.")

    # --- scrub ---------------------------------------------------------------
    scrub_languages: list[str] = ["en", "ko"]
    scrub_score_threshold: float = Field(default=0.4, ge=0, le=1)

    # --- score: thresholds (signals are in [0, 1]; see README) ---------------
    min_chars: int = 8
    max_chars: int = 8000
    min_quality: float = Field(default=0.45, ge=0, le=1)
    min_request: float = Field(default=0.3, ge=0, le=1)
    max_repetition: float = Field(default=0.6, ge=0, le=1)
    max_noise: float = Field(default=0.35, ge=0, le=1)
    max_pii_density: float = Field(default=0.5, ge=0, le=1)
    languages: list[str] = Field(default=["en", "ko"], description="Accepted languages.")

    # --- dedup ---------------------------------------------------------------
    dedup_threshold: float = Field(default=0.8, gt=0, lt=1, description="Jaccard threshold for near duplicates.")
    dedup_num_perm: int = Field(default=128, ge=16)
    dedup_shingle: int = Field(default=5, ge=1, description="Character n-gram size of the shingles.")

    @property
    def run_dir(self) -> Path:
        return self.data_dir.resolve() / "run"

    @property
    def pool_dsn(self) -> str:
        if self.clickhouse_dsn:
            return self.clickhouse_dsn
        return f"chdb://{(self.data_dir.resolve() / 'pool').as_posix()}"

    @property
    def embedded_pool(self) -> bool:
        return self.pool_dsn.startswith("chdb://")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
