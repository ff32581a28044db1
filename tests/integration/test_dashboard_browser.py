"""The dashboard page in a real headless Chromium, served by a real worker over a planted pool."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from instructflow.infra.stack import WorkerProcess
from instructflow.sinks.dashboards import CHARTS
from instructflow.streams.settings import Settings
from tests.integration.console_support import PASSWORD, add_accounts
from tests.integration.planted_pool import plant

pytestmark = [pytest.mark.integration, pytest.mark.browser]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser"):
        if path := shutil.which(name):
            return path
    pytest.skip("no chromium on PATH (Debian: apt-get install -y chromium)")


def test_dashboard_page_draws_every_chart(settings: Settings, tmp_path: Path):
    playwright = pytest.importorskip("playwright.sync_api")
    plant(settings.pool_dsn, settings.clickhouse_database)
    worker = WorkerProcess(settings, tmp_path / "worker.log").start()
    SCREENSHOTS.mkdir(exist_ok=True)
    try:
        add_accounts(settings, worker, {"dash-reviewer": "reviewer"})
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1500, "height": 1800})
            failed: list[str] = []
            requested: list[str] = []
            page.on("requestfailed", lambda r: failed.append(r.url))
            page.on("request", lambda r: requested.append(r.url))
            page.goto(f"{worker.web_url}/dashboard")  # signed out: to the sign-in page, then back
            page.wait_for_selector("#password", timeout=30_000)
            page.fill("#name", "dash-reviewer")
            page.fill("#password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{worker.web_url}/dashboard", timeout=30_000)
            page.wait_for_selector("body[data-loaded='1']", timeout=60_000)
            for chart in CHARTS:
                card = page.locator(f"#chart-{chart.name}")
                assert card.get_attribute("data-drawn") == "chart", chart.name
                assert int(card.get_attribute("data-marks")) > 0, chart.name
                assert card.locator("svg .mark").count() > 0, chart.name
                assert card.locator("h2").inner_text() == chart.title
            page.screenshot(path=str(SCREENSHOTS / "dashboard.png"), full_page=True)
            assert not failed, failed  # everything the page needs comes from the worker
            assert requested and all(u.startswith(worker.web_url) for u in requested), requested  # no CDN
            browser.close()
    finally:
        worker.stop()
