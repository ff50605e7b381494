"""The ROI report's charts and the one-pilot compare page in a real browser, at 390 and 1280 px,
with the demo data: one chart per measure, each drawn on one axis from the JSON endpoint; no page
wider than the window; no console error, uncaught exception or CSP violation (tests/e2e/watch.py,
as tests/e2e/test_layout.py checks every important page)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.accounts.factories import PASSWORD
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_layout import page_width
from tests.e2e.watch import Watch, log_in_as

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHARTS = ["hires", "introductions", "assist_points", "program_cost", "cost_per_hire", "roi"]

# A chart is drawn when Chart.js holds it, its canvas has a size and some pixel is painted; it
# answers with its datasets and the scales other than x (one measure: exactly one, "y").
DRAWN = """key => {
    const canvas = document.querySelector('[data-report-chart="' + key + '"]');
    const chart = canvas && window.Chart.getChart(canvas);
    if (!chart || canvas.width === 0) return false;
    const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < pixels.length; i += 4) {
        if (pixels[i] !== 0) {
            return {datasets: chart.data.datasets.length, axes: Object.keys(chart.scales).filter(k => k !== "x")};
        }
    }
    return false;
}"""


@pytest.fixture
def demo(db):
    from alumni_program.demo import load_demo

    load_demo(password=PASSWORD)


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", [390, 1280])
def test_every_chart_draws_one_measure_on_one_axis(live_server, page, demo, width):
    watch = Watch(page)
    page.set_viewport_size({"width": width, "height": 900})
    log_in_as(page, live_server.url, "hr@demo.example")

    with page.expect_response(re.compile(r"/metrics/report/data\.json")) as data_response:
        page.goto(live_server.url + "/metrics/")
    data = data_response.value.json()
    assert [chart["key"] for chart in data["charts"]] == CHARTS

    for chart in data["charts"]:
        drawn = page.wait_for_function(DRAWN, arg=chart["key"]).json_value()
        assert drawn == {"datasets": len(chart["series"]), "axes": ["y"]}, chart["key"]
        figure = page.locator("figure", has=page.locator(f'[data-report-chart="{chart["key"]}"]'))
        for line in chart["summary"]:  # each chart's figure against the previous period, as text
            expect(figure).to_contain_text(line)
    expect(page.locator("[data-report-chart-status]")).to_be_hidden()
    assert page_width(page) <= width
    shot(page, f"report-charts-{width}")
    watch.assert_clean()


@pytest.mark.parametrize("width", [390, 1280])
def test_a_manager_with_one_pilot_compares_it_with_its_previous_period_and_the_average(live_server, page, demo, width):
    """Mia (the demo manager) sees one pilot, Engineers on Mastodon: the report offers the previous
    period instead of "Compare two pilots", and the compare page never offers the pilot twice."""
    watch = Watch(page)
    page.set_viewport_size({"width": width, "height": 900})
    log_in_as(page, live_server.url, "mia@demo.example")
    page.goto(live_server.url + "/metrics/")
    expect(page.get_by_role("link", name="Compare two pilots")).to_have_count(0)

    page.get_by_role("link", name="Compare with the previous period").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare Engineers on Mastodon")
    expect(
        page.get_by_text("You can see one pilot, Engineers on Mastodon, so there is no second pilot")
    ).to_be_visible()
    form = page.get_by_role("search", name="Pilots and period to compare")
    expect(form.get_by_label("Second pilot")).to_have_count(0)
    expect(form.get_by_label("Compare with")).to_have_value("previous")
    year = page.locator(".report-scope")
    expect(year).to_contain_text("against the period before")
    expect(page.get_by_role("heading", name=re.compile(r"^Compared with: \d{4}$"))).to_be_visible()
    assert page_width(page) <= width
    shot(page, f"compare-one-pilot-{width}")

    form.get_by_label("Compare with").select_option(label="The average of the pilots you can see")
    form.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("heading", name=re.compile("only this one"))).to_be_visible()
    expect(page.get_by_text("so it is this pilot's own figures and every difference is zero")).to_be_visible()
    assert page_width(page) <= width
    watch.assert_clean()
