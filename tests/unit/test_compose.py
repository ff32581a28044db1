"""The production-like compose deployment (infra/compose/), checked without a Docker engine.

No Docker engine runs where the tests run, so the files are parsed and checked for what a
deployment depends on: the services, KRaft mode, every INSTRUCTFLOW_* variable being a real
setting, health checks on the worker's real routes, the dashboard and scrape paths.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from instructflow.app.health import mount_health
from instructflow.streams.settings import Settings

COMPOSE = Path(__file__).resolve().parents[2] / "instructflow" / "infra" / "compose"


def load() -> dict:
    return yaml.safe_load((COMPOSE / "docker-compose.yml").read_text())


def instructflow_vars(text: str) -> set[str]:
    return set(re.findall(r"\bINSTRUCTFLOW_([A-Z0-9_]+)", text))


def test_services_of_the_deployment():
    services = load()["services"]
    assert {"kafka", "clickhouse", "worker", "web", "grafana", "prometheus"} <= set(services)
    assert services["worker"]["deploy"]["replicas"] == "${WORKERS:-3}"
    assert services["worker"]["command"] == ["instructflow", "worker"]


def test_kafka_runs_in_kraft_mode_without_zookeeper():
    services = load()["services"]
    env = services["kafka"]["environment"]
    assert "controller" in env["KAFKA_PROCESS_ROLES"] and "broker" in env["KAFKA_PROCESS_ROLES"]
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"].startswith("1@kafka:")
    assert not any("zookeeper" in name for name in services)
    assert len(env["CLUSTER_ID"]) == 22  # a base64-encoded UUID, as kafka-storage.sh expects


def test_every_instructflow_variable_is_a_setting():
    fields = {name.upper() for name in Settings.model_fields}
    fields.add("LOG_JSON")  # read by streams/jsonlog.py, not a Settings field
    for path in (COMPOSE / "docker-compose.yml", COMPOSE / "external.env.example"):
        used = instructflow_vars(path.read_text())
        assert used and used <= fields, (path.name, used - fields)


def test_external_cluster_env_covers_sasl_and_tls():
    used = instructflow_vars((COMPOSE / "external.env.example").read_text())
    assert {"KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM", "KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD",
            "KAFKA_SSL_CAFILE", "CLICKHOUSE_DSN"} <= used


def test_health_checks_and_scrapes_hit_the_worker_routes():
    services = load()["services"]
    probe = " ".join(services["worker"]["healthcheck"]["test"])
    assert "/health/live" in probe and ":6066" in probe
    assert services["worker"]["environment"]["INSTRUCTFLOW_WEB_HOST"] == "0.0.0.0"
    prom = yaml.safe_load((COMPOSE / "prometheus.yml").read_text())
    job = prom["scrape_configs"][0]
    assert job["metrics_path"] == "/metrics" and job["dns_sd_configs"][0]["port"] == 6066
    src = Path(mount_health.__code__.co_filename).read_text()
    for route in ("/health/live", "/health/ready", "/metrics"):
        assert f'"{route}"' in src


def test_grafana_gets_the_shipped_dashboard_and_its_datasource():
    grafana = load()["services"]["grafana"]
    mounts = [v.split(":")[0] for v in grafana["volumes"]]
    assert "../grafana/instructflow.json" in mounts
    assert (COMPOSE / "../grafana/instructflow.json").resolve().is_file()
    assert "grafana-clickhouse-datasource" in grafana["environment"]["GF_INSTALL_PLUGINS"]
    ds = yaml.safe_load((COMPOSE / "grafana/provisioning/datasources/datasources.yml").read_text())
    uids = {d["uid"] for d in ds["datasources"]}
    assert "clickhouse" in uids  # what the entrypoint binds ${DS_CLICKHOUSE} to
    assert "DS_CLICKHOUSE" in " ".join(grafana["entrypoint"])


def test_the_deployment_publishes_on_loopback_with_secure_cookies():
    # Planted: "6066:6066" (all host addresses) or the cookie setting dropped -> red.
    services = load()["services"]
    for name in ("web", "prometheus", "grafana"):
        assert all(str(p).startswith("127.0.0.1:") for p in services[name]["ports"]), (name, services[name]["ports"])
    assert str(services["web"]["environment"]["INSTRUCTFLOW_ANNOTATION_COOKIE_SECURE"]).lower() == "true"
