"""The annotation console's HTTP API on a real worker (broker, pipeline, chDB pool).

One worker serves the whole module (starting one costs ~30 s); tests run in file order and
take items from the same queue. The lease is short (4 s) so timeouts are testable.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from bench.loadgen import request_text, wait_until
from instructflow.console.routes import API_ROUTES
from instructflow.infra.broker import EmbeddedBroker
from instructflow.infra.stack import WorkerProcess, settings_env
from instructflow.schemas import Message, Prompt
from instructflow.streams.settings import Settings
from tests.integration.console_support import (
    PASSWORD,
    PROMPTS,
    ConsoleClient,
    add_accounts,
    console_settings,
    publish_prompts,
    wait_for_answer_in_pool,
    wait_for_queue,
)
from tests.integration.support import publish

pytestmark = pytest.mark.integration

LEASE_S = 4.0
ACCOUNTS = {"ann": "annotator", "bob": "annotator", "rita": "reviewer", "ada": "admin"}
ANNOTATORS = {f"a{i:02d}": "annotator" for i in range(12)}
EMAIL_ID = "jane.doe@example.com"
# What people type about items, and the values none of the pool's tables may hold afterwards.
PLANTED = {"rrn": "900101-1234567", "phone": "010-8765-4321", "card": "4111 1111 1111 1111",
           "email": "mark.lee@example.org"}


class Stack:
    def __init__(self, settings: Settings, worker: WorkerProcess) -> None:
        self.settings = settings
        self.worker = worker
        self.clients: dict[str, ConsoleClient] = {}

    def client(self, name: str) -> ConsoleClient:
        if name not in self.clients:
            c = ConsoleClient(self.worker.web_url)
            assert c.login(name).status_code == 303
            self.clients[name] = c
        return self.clients[name]


@pytest.fixture(scope="module")
def stack(broker: EmbeddedBroker, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    tmp = tmp_path_factory.mktemp("console")
    settings = console_settings(broker, tmp, annotation_lease_s=LEASE_S)
    rng = random.Random(5)  # plus generated requests: distinct enough that dedup keeps them all
    texts = PROMPTS + [request_text(rng) for _ in range(24)]
    publish_prompts(settings, texts)
    # A client that uses e-mail addresses as ids: the pool must hold only their keyed hash.
    publish(settings, [Prompt(id=EMAIL_ID, messages=[Message(role="user", content=PROMPTS[0] + " Thanks!")])])
    worker = WorkerProcess(settings, tmp / "worker.log").start()
    try:
        add_accounts(settings, worker, {**ACCOUNTS, **ANNOTATORS})
        s = Stack(settings, worker)
        wait_for_queue(worker.web_url, s.client("rita"), at_least=20)
        yield s
    finally:
        for c in list(s.clients.values()) if "s" in locals() else []:
            c.close()
        worker.stop()


def _path(path: str) -> str:
    return path.replace("{item_id}", "0" * 32)


def test_the_first_submit_is_acknowledged_promptly(stack: Stack):
    """First in the module on purpose: the first submit used to build the answer scrubber (kiwi) and
    took ~15 s. Planted: the `service.warm_scrubber()` call in console/mount.py removed -> 9-15 s here."""
    add_accounts(stack.settings, stack.worker, {"fay": "annotator"})
    fay = stack.client("fay")
    item = fay.claim()
    assert item is not None
    started = time.monotonic()
    resp = fay.post(f"/items/{item['item_id']}/submit", {"answer": "김철수 씨에게 물어보세요. A short answer.",
                                                          "rating": 3})
    assert resp.status_code == 200, resp.text
    assert time.monotonic() - started < 4.0  # loose: a chDB insert and a scrub, on a busy 2-core machine


def test_every_route_requires_a_session_and_the_right_role(stack: Stack):
    anon = ConsoleClient(stack.worker.web_url)
    assert anon.http.get("/console/").status_code == 303  # to the sign-in page
    assert anon.http.get("/console/static/app.js").status_code == 401
    assert anon.http.get("/console/static/login.css").status_code == 200
    from instructflow.console.auth import PERMISSIONS

    for method, path, permission, _ in API_ROUTES:
        resp = anon.http.request(method, f"/console/api{_path(path)}", json={})
        assert resp.status_code == 401, (method, path)
        for name, role in (("ann", "annotator"), ("rita", "reviewer"), ("ada", "admin")):
            user = stack.client(name)
            body = {"name": "x", "role": "annotator", "password": "short"} if path == "/users" else {}
            resp = user.http.request(method, f"/console/api{_path(path)}", json=body,
                                     headers={"X-CSRF-Token": user.csrf})
            may = not permission or permission in PERMISSIONS[role]
            if may:
                assert resp.status_code not in (401, 403), (role, method, path, resp.text)
            else:
                assert resp.status_code == 403, (role, method, path, resp.status_code)
            if may and method == "POST":  # the same request without the CSRF token is refused
                resp = user.http.request(method, f"/console/api{_path(path)}", json=body)
                assert resp.status_code == 403 and "CSRF" in resp.json()["error"], (role, path)
    for name in ("ann", "ada"):  # give back what the walk claimed, for the tests that follow
        user = stack.client(name)
        if (held := user.claim()) is not None:
            assert user.post(f"/items/{held['item_id']}/skip").status_code == 200
    anon.close()


def test_sign_in_rejects_wrong_passwords_and_forged_forms(stack: Stack):
    c = ConsoleClient(stack.worker.web_url)
    assert c.login("ann", "wrong password").headers["location"] == "/console/login?error=1"
    assert c.login("nobody", PASSWORD).headers["location"] == "/console/login?error=1"
    forged = c.http.post("/console/login", data={"name": "ann", "password": PASSWORD, "csrf": "forged"})
    assert forged.status_code == 403
    assert c.get("/me").status_code == 401
    ok = c.login("ann")
    assert ok.status_code == 303
    cookie = ok.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    c.http.post("/console/logout", data={"csrf": c.csrf})
    assert c.get("/me").status_code == 401
    c.close()


def test_claim_submit_review_accept_reaches_the_pool(stack: Stack):
    ann, rita = stack.client("ann"), stack.client("rita")
    item = ann.claim()
    assert item is not None and item["messages"][0]["role"] == "user"
    assert ann.claim()["item_id"] == item["item_id"]  # asking again returns the same claim
    typed = ("Walk the list once, pointing each node's next at the previous node; return the last node. "
             "Stuck? Call me at 010-2345-6789.")
    resp = ann.post(f"/items/{item['item_id']}/submit", {"answer": typed, "rating": 4})
    assert resp.status_code == 200, resp.text
    assert ann.post(f"/items/{item['item_id']}/submit", {"answer": typed}).status_code == 409
    waiting = rita.get("/reviews").json()["items"]
    mine = next(i for i in waiting if i["item_id"] == item["item_id"])
    # An annotator's answer is scrubbed before it is stored: PII never reaches the pool database.
    answer = mine["answer"]
    assert "010-2345-6789" not in answer and "<PHONE_NUMBER_" in answer and answer.startswith("Walk the list")
    assert (mine["annotator"], mine["rating"]) == ("ann", 4)
    resp = rita.post(f"/items/{item['item_id']}/accept", {"comment": "clear", "rating": 4})
    assert resp.status_code == 200 and resp.json()["published"] is True
    row = wait_for_answer_in_pool(stack.worker, stack.settings, item["item_id"], answer)
    assert row["status"] == "accepted" and row["source"] == "chat" and row["stage"] == 2
    assert (row["annotator_id"], row["reviewer_id"], row["review_verdict"]) == ("ann", "rita", "accepted")
    assert row["annotator_rating"] == 4 and row["annotation_seconds"] >= 0
    stats = {a["annotator"]: a for a in rita.get("/stats").json()["annotators"]}
    assert stats["ann"]["accepted"] >= 1 and stats["ann"]["rating_exact"] == 1.0


def test_annotator_cannot_review_and_reviewer_cannot_review_own(stack: Stack):
    ada, rita = stack.client("ada"), stack.client("rita")
    item = ada.claim()  # admins may annotate…
    resp = ada.post(f"/items/{item['item_id']}/submit", {"answer": "An admin's answer.", "rating": 3})
    assert resp.status_code == 200
    assert all(i["item_id"] != item["item_id"] for i in ada.get("/reviews").json()["items"])  # …not review it
    assert ada.post(f"/items/{item['item_id']}/accept", {}).status_code == 403
    resp = rita.post(f"/items/{item['item_id']}/send_back", {"comment": ""})
    assert resp.status_code == 400  # a send-back needs a comment
    assert rita.post(f"/items/{item['item_id']}/send_back", {"comment": "add an example"}).status_code == 200
    back = ada.claim()
    assert back["item_id"] == item["item_id"] and back["review_comment"] == "add an example"
    assert back["answer"] == "An admin's answer."
    assert ada.post(f"/items/{item['item_id']}/skip").status_code == 200


def test_lease_times_out_and_the_item_goes_to_another_annotator(stack: Stack):
    ann, bob = stack.client("ann"), stack.client("bob")
    mine = ann.claim()
    other = bob.claim()
    assert other["item_id"] != mine["item_id"]
    assert bob.post(f"/items/{other['item_id']}/skip").status_code == 200
    time.sleep(LEASE_S + 1.5)  # the console releases expired claims every second
    taken = bob.claim()
    assert taken["item_id"] == mine["item_id"]
    late = ann.post(f"/items/{mine['item_id']}/submit", {"answer": "too late"})
    assert late.status_code == 409 and "timed out" in late.json()["error"]
    flag = bob.post(f"/items/{taken['item_id']}/flag", {"reason": "pii", "note": "an address is left"})
    assert flag.status_code == 200
    flagged = stack.client("ada").get("/flagged").json()["items"]
    assert any(f["item_id"] == taken["item_id"] and f["flags"][0]["reason"] == "pii" for f in flagged)


def test_concurrent_annotators_never_receive_the_same_item(stack: Stack):
    clients = [stack.client(name) for name in ANNOTATORS]

    def claim(c: ConsoleClient) -> dict[str, Any] | None:
        return c.claim()

    with ThreadPoolExecutor(len(clients)) as pool:
        items = list(pool.map(claim, clients))
    ids = [i["item_id"] for i in items if i]
    assert len(ids) == len(clients) and len(set(ids)) == len(ids)
    for c, i in zip(clients, items, strict=True):
        assert c.post(f"/items/{i['item_id']}/skip").status_code == 200


def test_users_cli_adds_an_account_through_the_running_worker(stack: Stack, tmp_path: Path):
    env = {**os.environ, **settings_env(stack.settings)}
    proc = subprocess.run([sys.executable, "-m", "instructflow.cli.main", "users", "add", "cli-user", "--role",
                           "reviewer", "--password-stdin"], input="a long cli password\n", text=True,
                          capture_output=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "through the running worker" in proc.stdout
    c = ConsoleClient(stack.worker.web_url)
    assert c.login("cli-user", "a long cli password").status_code == 303
    assert c.get("/me").json()["role"] == "reviewer"
    bad = subprocess.run([sys.executable, "-m", "instructflow.cli.main", "users", "add", "x", "--role", "root",
                          "--password-stdin"], input="a long cli password\n", text=True, capture_output=True,
                         env=env, timeout=120)
    assert bad.returncode == 2
    c.close()


def test_a_restart_loses_no_answer_or_verdict(stack: Stack):
    ann, rita = stack.client("ann"), stack.client("rita")
    item = ann.claim()
    resp = ann.post(f"/items/{item['item_id']}/submit", {"answer": "Kept across restarts.", "rating": 5})
    assert resp.status_code == 200
    durable = ("submitted", "accepted", "flagged")
    before = {k: v for k, v in rita.get("/stats").json()["counts"].items() if k in durable}
    stack.worker.stop()
    stack.worker.start()
    stack.clients.clear()  # sessions live in memory: everyone signs in again
    rita = stack.client("rita")
    wait_until(lambda: rita.get("/reviews").status_code == 200, 60, "the console to load its state")
    waiting = {i["item_id"]: i for i in rita.get("/reviews").json()["items"]}
    assert waiting[item["item_id"]]["answer"] == "Kept across restarts."
    after = rita.get("/stats").json()["counts"]
    assert {k: after[k] for k in durable} == before


def pool_dump(stack: Stack) -> str:
    """Every row of every table of the pool's databases, as one text."""
    reader = stack.worker.pool_reader()
    _, tables = reader.query("SELECT database, name FROM system.tables WHERE database NOT IN "
                             "('system', 'INFORMATION_SCHEMA', 'information_schema') AND engine NOT LIKE '%View'")
    assert any(name == "annotation_events" for _, name in tables), tables
    parts = []
    for db, name in tables:
        if name == "annotation_users":  # password hashes are readable by no route: its view has the rest
            name = "annotation_accounts"
        _, rows = reader.query(f"SELECT * FROM `{db}`.`{name}`")
        parts.append(json.dumps(rows, default=str, ensure_ascii=False))
    return "\n".join(parts)


def test_no_raw_pii_at_rest_in_any_table(stack: Stack):
    """Answers, review comments, send-back comments and flag notes carry PII; a client id is an e-mail.
    Planted (once, then restored): review comments stored unscrubbed (routes._comment returning the
    raw text) made this test fail at the send-back comment, the card coming back raw."""
    ann, rita = stack.client("ann"), stack.client("rita")
    typed = " ".join(PLANTED.values())
    item = ann.claim()
    answer = f"Reverse it in place. Reach me at {PLANTED['phone']}."
    assert ann.post(f"/items/{item['item_id']}/submit", {"answer": answer, "rating": 4}).status_code == 200
    resp = rita.post(f"/items/{item['item_id']}/send_back", {"comment": f"do not quote {typed}"})
    assert resp.status_code == 200
    again = ann.claim()
    assert again["item_id"] == item["item_id"] and PLANTED["card"] not in again["review_comment"]
    resp = ann.post(f"/items/{item['item_id']}/submit", {"answer": "Reverse it in place.", "rating": 4})
    assert resp.status_code == 200
    resp = rita.post(f"/items/{item['item_id']}/accept", {"comment": f"fine; user was {typed}", "rating": 4})
    assert resp.status_code == 200, resp.text
    flagger = stack.client("a11")
    flagged = flagger.claim()
    resp = flagger.post(f"/items/{flagged['item_id']}/flag", {"reason": "pii", "note": f"left in it: {typed}"})
    assert resp.status_code == 200, resp.text
    wait_for_answer_in_pool(stack.worker, stack.settings, item["item_id"], "Reverse it in place.")
    # The e-mail id's prompt is pooled (under its keyed hash) before the scan.
    reader = stack.worker.pool_reader()
    db = stack.settings.clickhouse_database
    wait_until(lambda: reader.query(f"SELECT count() FROM {db}.instances WHERE origin_id LIKE 'k1:%' "
                                    "AND position(tupleElement(messages[1], 'content'), 'Thanks!') > 0")[1][0][0] > 0,
               120, "the e-mail-id prompt in the pool")
    dump = pool_dump(stack)
    for what, value in {**PLANTED, "client id": EMAIL_ID}.items():
        assert value not in dump, f"raw {what} at rest in the pool"
    for typed_here in ("do not quote", "fine; user was", "left in it:"):  # each was stored: the scan saw it
        assert typed_here in dump, f"{typed_here!r} not in the pool: the scan proves nothing"
