"""The manager's home in a real browser at 390 and 1280 px: the KPI tiles come first, fit the
window (two a row on a phone, three on a wide screen), and a tile's link opens the report slice
that shows the same figure. Every page is watched for console errors, uncaught exceptions and CSP
violations (tests.e2e.test_metrics_journey.Watch).

The ledger is booked today (this quarter): one hire at 700.00 against sponsor A's baseline of
10,000.00 per hire, 3,000.00 program cost -> savings 9,300.00, ROI (9,300 - 3,000) / 3,000 = 210.00%.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests import home_ledger
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.watch import Watch

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def booked_today(hr_lead, manager, pilot_a, sponsor_a):
    now, today = timezone.now(), timezone.localdate()
    home_ledger.baseline(hr_lead, sponsor_a, dt.date(today.year - 1, 1, 1), dt.date(today.year + 1, 12, 31))
    home_ledger.hire(hr_lead, pilot_a, today, now=now, cost_video_tooling="700")
    home_ledger.cost(hr_lead, pilot_a, today, "3000", now=now)
    home_ledger.introduction(hr_lead, pilot_a, today, meaningful=True, now=now)


def tops(page: Page, count: int) -> list[float]:
    boxes = [page.locator(".kpi-tile").nth(i).bounding_box() for i in range(count)]
    return [round(box["y"]) for box in boxes if box is not None]


def assert_fits(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [390, 1280])
def test_manager_reads_the_tiles_first_and_a_tile_leads_to_its_report_slice(
    live_server, page, log_in, booked_today, width
):
    page.set_viewport_size({"width": width, "height": 844 if width == 390 else 800})
    watch = Watch(page)
    log_in("mia@firm.example")
    page.goto(live_server.url + "/")
    roi = page.locator('[data-kpi="roi"]')
    expect(roi.locator("[data-kpi-value]")).to_have_text("210.00%")
    expect(page.locator('[data-kpi="savings"] [data-kpi-value]')).to_have_text("9,300.00 EUR")

    # Numbers first: the first row of tiles is on screen without scrolling, and before the work queue.
    value_box = roi.locator("[data-kpi-value]").bounding_box()
    assert value_box is not None and value_box["y"] + value_box["height"] <= page.viewport_size["height"]
    per_row = 2 if width == 390 else 3
    rows = tops(page, per_row + 1)
    assert len(set(rows[:per_row])) == 1 and rows[per_row] > rows[0], rows
    assert_fits(page, width)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"home-e2e-manager-{width}.png"))

    roi.get_by_role("link", name="In the report").click()
    expect(page).to_have_url(re.compile(r"/metrics/\?period=quarter&start=[0-9-]+#card-roi$"))
    expect(page.locator("#card-roi").locator("xpath=..").locator(".report-value")).to_have_text("210.00%")
    watch.assert_clean()


@pytest.mark.parametrize("width", [390, 1280])
def test_hr_lead_gets_the_tiles_above_the_work_queue(live_server, page, log_in, booked_today, width):
    page.set_viewport_size({"width": width, "height": 844 if width == 390 else 800})
    watch = Watch(page)
    log_in("hr@firm.example")
    page.goto(live_server.url + "/?period=year")
    expect(page.locator('[data-kpi="hires"] [data-kpi-value]')).to_have_text("1")
    tiles = page.locator(".kpi-grid").bounding_box()
    pilots = page.get_by_role("heading", name="Your pilots").bounding_box()
    assert tiles is not None and pilots is not None and tiles["y"] < pilots["y"]
    assert_fits(page, width)
    page.screenshot(path=str(ARTIFACTS / f"home-e2e-hr-lead-{width}.png"), full_page=True)
    watch.assert_clean()
