"""The doors of a real worker (broker, pipeline, chDB pool, console), probed as an attacker would.

One worker serves the module (starting one costs ~30 s). Each test names, in a comment, the
defect that was planted once to see it fail (then restored).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bench.loadgen import generated_batch
from instructflow.infra.broker import EmbeddedBroker
from instructflow.infra.llm_process import LLMTestDoubleProcess
from instructflow.infra.stack import WorkerProcess
from instructflow.streams import local_token
from instructflow.streams.settings import Settings
from tests.integration.console_support import PASSWORD, ConsoleClient, add_accounts, console_settings
from tests.integration.support import publish_paced, run_cli

pytestmark = pytest.mark.integration

ACCOUNTS = {"ann": "annotator", "rita": "reviewer", "ada": "admin"}
QUERY_TIMEOUT_S = 12.0
DB = "instructflow"
# Files the write probes aim at. chDB writes INTO OUTFILE even in a readonly=1 session (seen
# with the allowlist planted away), so the allowlist is that probe's only wall: check the disk.
OUTFILE, FUNCTION_FILE = Path("/tmp/instructflow-probe-outfile.txt"), Path("/tmp/instructflow-probe-function.csv")


class Stack:
    def __init__(self, settings: Settings, worker: WorkerProcess) -> None:
        self.settings, self.worker = settings, worker
        self.url = worker.web_url
        self.token = local_token.read(settings)

    def query(self, sql: str, token: str | None = None, **kw: object) -> httpx.Response:
        headers = {local_token.HEADER: self.token if token is None else token}
        return httpx.post(f"{self.url}/pool/query", json={"sql": sql}, headers=headers, timeout=120, **kw)

    def signed_in(self, name: str) -> ConsoleClient:
        c = ConsoleClient(self.url)
        assert c.login(name).status_code == 303
        return c


@pytest.fixture(scope="module")
def stack(broker: EmbeddedBroker, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    tmp = tmp_path_factory.mktemp("security")
    settings = console_settings(broker, tmp, pool_query_timeout_s=QUERY_TIMEOUT_S, pool_query_max_memory_mb=128,
                                login_client_max_failures=8,
                                login_account_free_failures=2, login_account_max_delay_s=1.0, login_window_s=60)
    worker = WorkerProcess(settings, tmp / "worker.log").start()
    try:
        add_accounts(settings, worker, ACCOUNTS)
        yield Stack(settings, worker)
    finally:
        worker.stop()


def _listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket listening on ``port`` (IPv4 and IPv6), from /proc/net."""
    found = set()
    for name in ("tcp", "tcp6"):
        for line in Path(f"/proc/net/{name}").read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            addr, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(addr)
    return found


LOOPBACK = {"0100007F", "00000000000000000000000001000000"}  # 127.0.0.1, ::1


def test_every_server_listens_on_loopback_only(stack: Stack, broker: EmbeddedBroker, tmp_path: Path):
    # Planted: topology.py without web_bind=settings.web_host -> the worker listened on 0.0.0.0 (red).
    assert _listening_addresses(stack.settings.web_port) <= LOOPBACK
    assert _listening_addresses(stack.settings.web_port)
    assert _listening_addresses(broker.port) and _listening_addresses(broker.port) <= LOOPBACK
    llm = LLMTestDoubleProcess(tmp_path / "llm.log").start()
    try:
        assert _listening_addresses(llm.port) and _listening_addresses(llm.port) <= LOOPBACK
    finally:
        llm.stop()


def test_data_routes_need_an_authenticated_caller(stack: Stack):
    # Planted: Callers.refusal() returning None (no check) -> anonymous reads succeeded (red).
    anon = httpx.Client(base_url=stack.url, follow_redirects=False, timeout=30)
    assert stack.query("SELECT 1", token="").status_code == 401
    assert stack.query("SELECT 1", token="x" * 43).status_code == 401
    assert anon.get("/dashboard/api/charts").status_code == 401
    assert anon.get("/dashboard/api/charts/throughput").status_code == 401
    page = anon.get("/dashboard")
    assert page.status_code == 303 and page.headers["location"].startswith("/console/login")
    assert anon.post("/console/internal/users", json={"name": "evil", "role": "admin",
                                                     "password": "p" * 12}).status_code == 401
    assert anon.get("/console/api/users").status_code == 401
    # Faust's own views would show cluster and table internals. Planted: web_router_enabled
    # left on -> /router/ answered 200 (red).
    for faust_view in ("/router/", "/table/", "/stats/", "/graph/"):
        assert anon.get(faust_view).status_code == 404, faust_view
    # Probes and Prometheus carry no credential: open, and without pool data.
    assert anon.get("/health/live").status_code == 200 and anon.get("/metrics").status_code == 200

    ann, rita, ada = (stack.signed_in(n) for n in ("ann", "rita", "ada"))
    assert ann.http.get("/dashboard/api/charts").status_code == 403
    assert ann.http.post("/pool/query", json={"sql": "SELECT 1"}).status_code == 403
    assert rita.http.get("/dashboard/api/charts").status_code == 200
    assert rita.http.get("/dashboard").status_code == 200
    assert rita.http.post("/pool/query", json={"sql": "SELECT 1"}).status_code == 403
    assert ada.http.post("/pool/query", json={"sql": "SELECT 1"}).json()["rows"] == [[1]]
    assert stack.query("SELECT 1").json()["rows"] == [[1]]


def test_the_local_credential_is_a_private_file(stack: Stack):
    # Planted: local_token.create() with mode 0o644 -> the mode assertion went red.
    path = local_token.path(stack.settings)
    assert path.stat().st_mode & 0o777 == 0o600 and path.parent.stat().st_mode & 0o077 == 0
    path.chmod(0o644)
    try:
        with pytest.raises(PermissionError):
            local_token.read(stack.settings)  # a file others could read (or have planted) is not used
    finally:
        path.chmod(0o600)


def test_no_route_returns_password_hashes(stack: Stack):
    # Planted: HIDDEN_POOL_TABLES empty -> the hash came back through /pool/query (red).
    ada = stack.signed_in("ada")
    bodies = [ada.get("/users").text, stack.query(f"SELECT * FROM {DB}.annotation_accounts").text,
              stack.query(f"SELECT * FROM {DB}.annotation_users").text,
              stack.query("SELECT * FROM annotation_users").text,
              stack.query(f"SELECT password_hash FROM {DB}.`annotation_users`").text,
              ada.http.get("/dashboard/api/charts").text]
    assert all("scrypt$" not in b for b in bodies), bodies
    assert "ada" in bodies[1]


# The probe battery of issue 11: each must be refused (400), by the allowlist or the read-only,
# limited session, and none may leave the writer unable to write.
PROBES = {
    "scalar file()": "SELECT file('/etc/passwd')",
    "file() of the environment": "SELECT file('/proc/self/environ')",
    "file() in a subquery": f"SELECT count() FROM {DB}.instances WHERE lang IN (SELECT file('/etc/hostname'))",
    "table function file": "SELECT * FROM file('/etc/passwd', 'LineAsString')",
    "url": "SELECT * FROM url('http://127.0.0.1:9/x', 'CSV', 'a String')",
    "s3": "SELECT * FROM s3('http://127.0.0.1:9/b/k', 'CSV')",
    "remote": "SELECT * FROM remote('127.0.0.1:9000', system.one)",
    "executable": "SELECT * FROM executable('id', 'TSV', 'x String')",
    "input": "SELECT * FROM input('x String')",
    "mysql": "SELECT * FROM mysql('127.0.0.1:3306', 'd', 't', 'u', 'p')",
    "postgresql": "SELECT * FROM postgresql('127.0.0.1:5432', 'd', 't', 'u', 'p')",
    "merge over the pool": f"SELECT * FROM merge('{DB}', '.*')",
    "dictionary": "SELECT dictGet('secrets', 'v', 1)",
    "getSetting": "SELECT getSetting('readonly')",
    "SETTINGS readonly=0": "SELECT 1 SETTINGS readonly=0",
    "SETTINGS limits off": "SELECT 1 SETTINGS max_execution_time=0",
    "SET": "SET readonly = 0",
    "multi-statement": f"SELECT 1; DROP TABLE {DB}.instances",
    "WITH … INSERT": f"WITH 1 AS x INSERT INTO {DB}.annotation_users (name, role) VALUES ('evil', 'admin')",
    "comment + case INSERT": f"/* hi */ wItH 1 AS x iNsErT INTO {DB}.instances SELECT * FROM {DB}.instances",
    "INSERT INTO FUNCTION": f"INSERT INTO FUNCTION file('{FUNCTION_FILE}', 'CSV', 'x UInt8') SELECT 1",
    "DROP": f"DROP TABLE {DB}.instances",
    "ALTER DELETE": f"ALTER TABLE {DB}.instances DELETE WHERE 1",
    "TRUNCATE": f"TRUNCATE TABLE {DB}.instances",
    "CREATE": "CREATE TABLE default.x (a UInt8) ENGINE = Memory",
    "SYSTEM": "SYSTEM SHUTDOWN",
    "INTO OUTFILE": f"SELECT 1 INTO OUTFILE '{OUTFILE}'",
    "system.users": "SELECT * FROM system.users",
    "system.settings": "SELECT * FROM system.settings",
    "system.processes": "SELECT query FROM system.processes",
    "system.query_log": "SELECT query FROM system.query_log",
    "other database": "SELECT * FROM information_schema.tables",
    "sleepEachRow": "SELECT sleepEachRow(3) FROM numbers(100)",
    "too many rows": "SELECT number FROM numbers(10000000)",
    # Planted: max_memory_usage dropped from QueryLimits -> this one answered 200 (red).
    "too much memory": "SELECT length(groupArray(toString(number))) FROM numbers(50000000)",
}


@pytest.mark.parametrize("name", list(PROBES))
def test_probe_is_refused_over_http(stack: Stack, name: str):
    # Planted: check_tree() a no-op -> file()/table functions/system.users answered 200, and
    # INTO OUTFILE wrote its file (red).
    OUTFILE.unlink(missing_ok=True)
    resp = stack.query(PROBES[name])
    assert resp.status_code == 400, (name, resp.text[:300])
    assert "error" in resp.json()
    assert not OUTFILE.exists() and not FUNCTION_FILE.exists()


def test_probes_through_the_cli_then_the_pool_still_writes(stack: Stack):
    # Planted: outside_query() on the writer's session (the old shared client) -> after the
    # WITH … INSERT probe `users add` failed with READONLY and readiness stayed 200 (red).
    for name in ("scalar file()", "WITH … INSERT", "table function file", "SETTINGS readonly=0"):
        done = run_cli(stack.settings, "pool", "query", PROBES[name])
        assert done.returncode == 2 and "error" in done.stderr and "Traceback" not in done.stderr, (name, done)
    assert not OUTFILE.exists() and not FUNCTION_FILE.exists()
    added = run_cli(stack.settings, "users", "add", "after-probes", "--role", "annotator", "--password-stdin",
                    stdin=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    assert httpx.get(f"{stack.url}/health/ready", timeout=30).json()["pool"] == "ok"
    listed = run_cli(stack.settings, "users", "list")
    assert "after-probes" in listed.stdout, listed.stderr


def test_a_long_query_is_stopped_and_does_not_hold_the_sink(stack: Stack):
    # Planted: outside_query() under the writer's lock -> no row landed while it ran (red);
    # QueryLimits without max_execution_time -> the query ran on past the bound (red).
    outcome: dict[str, object] = {}

    def long_query() -> None:
        started = time.time()
        resp = stack.query("SELECT count() FROM numbers(1000000000000)")
        outcome.update(started=started, ended=time.time(), resp=resp)

    runner = threading.Thread(target=long_query)
    runner.start()
    time.sleep(0.5)
    batch = generated_batch(n_unique=60, n_exact=0, n_near=0, seed=1101)
    publish_paced(stack.settings, batch.prompts, per_s=10)
    runner.join(timeout=QUERY_TIMEOUT_S + 60)
    resp = outcome["resp"]
    assert isinstance(resp, httpx.Response) and resp.status_code == 400 and "TIMEOUT" in resp.text, resp
    took = float(outcome["ended"]) - float(outcome["started"])  # type: ignore[arg-type]
    assert took < QUERY_TIMEOUT_S + 5, took
    # Rows the sink wrote while the query ran (the pool stamps each row as it lands).
    sql = (f"SELECT count() FROM {DB}.instances WHERE ingested_at BETWEEN "
           f"fromUnixTimestamp64Milli({int(float(outcome['started']) * 1000)}) AND "  # type: ignore[arg-type]
           f"fromUnixTimestamp64Milli({int(float(outcome['ended']) * 1000) - 500})")  # type: ignore[arg-type]
    landed = stack.query(sql).json()["rows"][0][0]
    assert landed > 0, "no row reached the pool while the long query ran"


def test_pages_carry_a_csp_without_inline_script(stack: Stack):
    # Planted: dashboard responses without _secured() -> no CSP header on /dashboard (red).
    rita = stack.signed_in("rita")
    anon = httpx.Client(base_url=stack.url, timeout=30)
    pages = [rita.http.get("/dashboard"), rita.http.get("/dashboard/api/charts"), rita.http.get("/console/"),
             anon.get("/console/login"), anon.get("/dashboard/static/dashboard.js")]
    for page in pages:
        csp = page.headers.get("content-security-policy", "")
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, (page.url, page.headers)
    assert "<script>" not in pages[0].text and "<script>" not in pages[3].text  # only <script src=…>


def test_sign_in_throttles_slow_an_account_and_stop_a_client(stack: Stack):
    # Runs last: it spends this client's (127.0.0.1) failure budget.
    # Planted: login() without the client check -> the 9th attempt with a right password got in (red);
    # account throttle as a lock (refuse when delayed) -> the rightful ann was refused (red).
    c = ConsoleClient(stack.url)
    for _ in range(4):  # four wrong passwords for ann, from one address: slowed beyond two
        assert c.login("ann", "wrong password").headers["location"].startswith("/console/login?error=1")
    started = time.monotonic()
    assert c.login("ann").headers["location"] == "/console/"  # slowed, never locked
    assert time.monotonic() - started >= 1.0
    for i in range(4):  # spraying names from the same address
        c.login(f"nobody{i}", "wrong password")
    refused = ConsoleClient(stack.url).login("ada")  # right password, but this address is over its budget
    assert refused.headers["location"].startswith("/console/login?error=1")

