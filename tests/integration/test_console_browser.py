"""The console in a real headless Chromium: sign in, answer with the keyboard, review, find it in the pool.

Playwright for Python drives Debian's ``chromium`` (``playwright install`` cannot download
browsers here); screenshots go to tests/screenshots/ for a person to look at.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from instructflow.infra.broker import EmbeddedBroker
from instructflow.infra.llm_testserver import ServerThread, TestDouble
from instructflow.infra.stack import WorkerProcess
from tests.integration.console_support import (
    PASSWORD,
    ConsoleClient,
    add_accounts,
    console_settings,
    publish_prompts,
    wait_for_answer_in_pool,
    wait_for_queue,
)

pytestmark = [pytest.mark.integration, pytest.mark.browser]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(__file__).resolve().parent.parent / "screenshots"

XSS = ('Please explain what this HTML snippet does and whether it is safe to paste into a page: '
       '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2"> <b>bold</b>')
KOREAN = "서울에서 부산까지 KTX로 가는 방법과 예매 팁을 자세히 알려주세요. 주말에는 표를 구하기 어렵나요?"
ENGLISH = "Explain how TCP congestion control reacts to packet loss, and give one concrete example with numbers."
ANSWERS = {
    "script": "It loads a script and an image whose onerror handler runs code: <img src=x onerror=window.__xss=3>"
              " would run too, so never paste untrusted HTML.",
    "KTX": "서울역이나 용산역에서 KTX를 타면 약 2시간 30분이 걸립니다. 주말 표는 코레일톡 앱에서 미리 예매하세요.",
    "TCP": "On loss the sender halves its congestion window: a window of 40 segments drops to 20, then grows by"
           " one segment per round trip.",
}


def _answer_for(text: str) -> str:
    return next(a for key, a in ANSWERS.items() if key in text)


@pytest.fixture(scope="module")
def console(broker: EmbeddedBroker, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple]:
    if shutil.which(CHROMIUM) is None:
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    tmp = tmp_path_factory.mktemp("console-browser")
    # LLM drafts come from the project's OpenAI-compatible test double (not a model).
    llm = ServerThread(TestDouble(seed=1)).start()
    settings = console_settings(broker, tmp, annotation_lease_s=300.0, annotation_draft=True,
                                llm_base_url=llm.base_url, llm_max_retries=0)
    publish_prompts(settings, [XSS, KOREAN, ENGLISH], prefix="b")
    worker = WorkerProcess(settings, tmp / "worker.log").start()
    try:
        add_accounts(settings, worker, {"ann": "annotator", "bob": "annotator", "rita": "reviewer"})
        probe = ConsoleClient(worker.web_url)
        probe.login("rita")
        wait_for_queue(worker.web_url, probe, at_least=3)
        probe.close()
        yield settings, worker
    finally:
        worker.stop()
        llm.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def sign_in(browser, base: str, name: str, shot: str | None = None):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="ko-KR")
    page = context.new_page()
    page.goto(f"{base}/console/")
    assert page.url.endswith("/console/login")
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    if shot:
        page.screenshot(path=str(SHOTS / shot))
    page.press("#password", "Enter")
    page.wait_for_selector("body[data-ready='true']")
    return context, page


def answer_current(page, rating: str, use_draft: bool = False) -> str:
    """Answer the prompt on screen with the keyboard only: type, Esc, rating key, Ctrl+Enter.

    With ``use_draft``: D fetches an LLM draft into the answer box, which is then corrected
    (replaced) by the annotator's own text."""
    text = page.inner_text("#conversation")
    answer = _answer_for(text)
    if use_draft:
        page.keyboard.press("Escape")
        page.keyboard.press("d")
        page.wait_for_function("() => document.getElementById('answer').value.length > 0")
        assert "test double" in page.input_value("#answer")
        page.keyboard.press("Control+a")
        page.keyboard.press("Backspace")
    page.keyboard.type(answer)  # next() put the focus in the answer box
    page.keyboard.press("Escape")
    page.keyboard.press(rating)
    assert page.is_checked(f"#rate-{rating}")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#task", state="hidden")
    return answer


def test_annotate_with_the_keyboard_review_and_find_it_in_the_pool(console, browser):
    settings, worker = console
    base = worker.web_url
    wrong_ctx = browser.new_context()
    wrong = wrong_ctx.new_page()
    wrong.goto(f"{base}/console/login")
    wrong.fill("#name", "ann")
    wrong.fill("#password", "not the password")
    wrong.press("#password", "Enter")
    assert "Wrong name or password" in wrong.inner_text(".message")
    wrong_ctx.close()

    ann_ctx, ann = sign_in(browser, base, "ann", shot="01-sign-in.png")
    bob_ctx, bob = sign_in(browser, base, "bob")
    # Two annotators take the next prompt at once: never the same one.
    ann.keyboard.press("n")
    bob.keyboard.press("n")
    ann.wait_for_selector("#task", state="visible")
    bob.wait_for_selector("#task", state="visible")
    texts = {ann.inner_text("#conversation"), bob.inner_text("#conversation")}
    assert len(texts) == 2

    answered: list[str] = []
    seen_xss = False
    for page, who in ((ann, "ann"), (bob, "bob"), (ann, "ann")):
        if page.is_hidden("#task"):
            page.keyboard.press("n")
            page.wait_for_selector("#task", state="visible")
        text = page.inner_text("#conversation")
        if "<script>" in text:
            seen_xss = True
            # The markup shows as text: no element was created and nothing ran.
            assert "window.__xss = 1" in text and '<img src=x onerror="window.__xss = 2">' in text
            assert page.locator("#conversation script, #conversation img, #conversation b").count() == 0
            assert page.evaluate("window.__xss") is None
            page.screenshot(path=str(SHOTS / "02-xss-prompt-inert.png"), full_page=True)
        if "KTX" in text:
            page.screenshot(path=str(SHOTS / "03-korean-prompt.png"), full_page=True)
        answered.append(answer_current(page, "4" if who == "ann" else "5", use_draft=who == "bob"))
    assert seen_xss and len(answered) == 3
    ann.screenshot(path=str(SHOTS / "04-after-submit.png"), full_page=True)
    ann.click("text=Sign out")
    ann.wait_for_url("**/console/login")
    ann_ctx.close()
    bob_ctx.close()

    from playwright.sync_api import expect

    rev_ctx, rev = sign_in(browser, base, "rita")
    rev.wait_for_selector("#review-list li")
    assert rev.locator("#tab-annotate").count() == 0  # a reviewer sees no annotate view
    rev.screenshot(path=str(SHOTS / "05-review.png"), full_page=True)
    for _ in range(3):
        answer_text = rev.inner_text("#review-answer")
        assert answer_text in answered
        assert rev.evaluate("window.__xss") is None
        rev.keyboard.press("4")
        before = rev.locator("#review-list li").count()
        rev.keyboard.press("Control+Enter")
        expect(rev.locator("#review-list li")).to_have_count(before - 1)
    rev.click("#tab-stats")
    rev.wait_for_selector("#annotators-table tr >> nth=2")
    rev.screenshot(path=str(SHOTS / "06-stats.png"), full_page=True)
    stats_text = rev.inner_text("#annotators-table")
    assert "ann" in stats_text and "bob" in stats_text
    rev_ctx.close()

    # Each reviewed answer replaced its prompt's pool row, keeping the instance id.
    probe = ConsoleClient(base)
    probe.login("rita")
    stats = {a["annotator"]: a for a in probe.get("/stats").json()["annotators"]}
    assert stats["ann"]["accepted"] == 2 and stats["bob"]["accepted"] == 1
    probe.close()

    reader = worker.pool_reader()
    # Wait for every answer by its instance id (the pipeline takes a few seconds per hop).
    _, rows = reader.query(f"SELECT instance_id, tupleElement(messages[1], 'content') "
                           f"FROM {settings.clickhouse_database}.instances FINAL WHERE source = 'chat'")
    by_text = {text: iid for iid, text in rows}
    for answer in answered:
        prompt = next(t for t in by_text if _answer_for(t) == answer)
        row = wait_for_answer_in_pool(worker, settings, by_text[prompt], answer)
        assert row["status"] == "accepted" and row["annotator_id"] in {"ann", "bob"}
        assert row["reviewer_id"] == "rita" and row["review_verdict"] == "accepted"
        assert row["annotator_rating"] in (4, 5)
