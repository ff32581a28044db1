"""The dashboard page in a real headless Chromium, served by a real worker over a planted pool.

At 1280 px, with 120 synthesis rounds of a long-named model planted on top, every chart must be
readable: its axis labels inside the chart and none touching another (measured in the page), and
the rounds in numeric order.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from instructflow.agents.identity import with_identity
from instructflow.infra.stack import WorkerProcess
from instructflow.schemas import Instance, Lineage, Source, Status
from instructflow.sinks.dashboards import CHARTS
from instructflow.sinks.pool import Pool
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


ROUNDS = 120
LONG_MODEL = "meta-llama/Llama-3.1-70B-Instruct-Turbo"

# Per chart: x/y label boxes that leave the chart's SVG box or intersect another label (CSS px).
LABEL_PROBLEMS_JS = """
(name) => {
  const card = document.getElementById("chart-" + name), svg = card.querySelector("svg");
  const box = svg.getBoundingClientRect(), out = [];
  const labels = [...svg.querySelectorAll("text.xlabel, text.ylabel")].map(t => ({
    text: t.firstChild.nodeValue, r: t.getBoundingClientRect()}));
  for (const a of labels) {
    if (a.r.left < box.left - 0.5 || a.r.right > box.right + 0.5 || a.r.top < box.top - 0.5
        || a.r.bottom > box.bottom + 0.5) out.push("clipped: " + a.text);
  }
  for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) {
    const a = labels[i].r, b = labels[j].r;
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
      out.push("overlap: " + labels[i].text + " / " + labels[j].text);
  }
  return {problems: out, xlabels: [...svg.querySelectorAll("text.xlabel")].map(t => [
    t.querySelector("title").textContent, t.getBoundingClientRect().left])};
}
"""


def plant_many_rounds(settings: Settings) -> None:
    pool = Pool(settings.pool_dsn, settings.clickhouse_database)
    try:
        pool.insert([with_identity(Instance(
            source=Source.synthetic, stage=3, status=Status.accepted, origin_id=f"synth:crowd:{r}:0",
            instruction=f"Write a short note about round {r}.", output="A note.",
            lineage=Lineage(model=LONG_MODEL, generation_round=r, prompt_tokens=10, completion_tokens=5,
                            cost_usd=0.0001 * r))) for r in range(1, ROUNDS + 1)])
    finally:
        pool.close()


def test_dashboard_page_draws_every_chart(settings: Settings, tmp_path: Path):
    playwright = pytest.importorskip("playwright.sync_api")
    plant(settings.pool_dsn, settings.clickhouse_database)
    plant_many_rounds(settings)
    worker = WorkerProcess(settings, tmp_path / "worker.log").start()
    SCREENSHOTS.mkdir(exist_ok=True)
    try:
        add_accounts(settings, worker, {"dash-reviewer": "reviewer"})
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1800})
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
                # Planted once: fitXLabels() without its overlap pass (no label dropped): red here, 741
                # overlapping label pairs on synthesis_acceptance alone (r1 / r2, 0% / r1, …).
                found = page.evaluate(LABEL_PROBLEMS_JS, chart.name)
                assert not found["problems"], (chart.name, found["problems"][:10], len(found["problems"]))
                assert found["xlabels"], chart.name  # the axis says something
                if chart.name.startswith("synthesis_"):  # rounds in numeric order, left to right
                    shown = sorted((left, int(text[1:])) for text, left in found["xlabels"])
                    assert [n for _, n in shown] == sorted(n for _, n in shown) and len(shown) >= 5, shown
            page.screenshot(path=str(SCREENSHOTS / "dashboard.png"), full_page=True)
            assert not failed, failed  # everything the page needs comes from the worker
            assert requested and all(u.startswith(worker.web_url) for u in requested), requested  # no CDN
            browser.close()
    finally:
        worker.stop()
