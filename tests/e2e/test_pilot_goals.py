"""A pilot page with measured goals in a real browser, at a phone's width and a laptop's: each goal
shows actual against target with a visible progress bar, its dates and actions stay on screen, the
page is never wider than the window, the report link leads to the pilot's slice, and an HR lead
adds a measured goal from the page. Every page visited is watched for console errors, uncaught
exceptions and CSP violations (Watch)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import Role
from metrics import services as metrics_services
from programs.models import Pilot, PilotGoal
from tests.accounts.factories import UserFactory
from tests.e2e.watch import Watch, assert_no_sideways_scroll
from tests.people.factories import PersonFactory
from tests.programs.factories import PilotFactory, SponsorFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def inside_window(page: Page, locator, width: int) -> None:
    """The element is on screen horizontally: not clipped by a scrolling box or the window."""
    box = locator.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (box, width)


@pytest.fixture
def measured_pilot(db):
    """An active pilot 60 days into a 360-day run, with two social hires and one goal of each kind."""
    hr = UserFactory(email="hanna@firm.example", full_name="Hanna Lead", role=Role.HR_LEAD)
    today = timezone.localdate()
    pilot = PilotFactory(name="Engineers on Mastodon", stage=1, sponsor=SponsorFactory(name="Engineering"))
    Pilot.objects.filter(pk=pilot.pk).update(
        start_date=today - dt.timedelta(days=60), end_date=today + dt.timedelta(days=300), status="active"
    )
    for days_ago in (30, 10):
        hired = today - dt.timedelta(days=days_ago)
        metrics_services.hire_record(
            actor=hr,
            pilot=pilot,
            person=PersonFactory(),
            opening_title="Backend engineer with a rather long title for a narrow screen",
            source="social",
            first_contact_date=hired - dt.timedelta(days=20),
            date=hired,
            cost_travel="400",
        )
    due = today + dt.timedelta(days=120)
    PilotGoal.objects.create(
        pilot=pilot, name="Hires from social channels", measure="ledger.social_hires", target=Decimal(6), due_date=due
    )
    PilotGoal.objects.create(
        pilot=pilot,
        name="Cost per hire under the legacy process",
        measure="ledger.cost_per_hire",
        target=Decimal(4000),
        due_date=due,
    )
    PilotGoal.objects.create(pilot=pilot, name="Team spirit in the private group", target=Decimal(150), unit="members")
    return pilot


@pytest.mark.parametrize("width", [390, 1280])
def test_measured_goals_show_their_progress_on_the_pilot_page(live_server, page, log_in, measured_pilot, width):
    watch = Watch(page)
    page.set_viewport_size({"width": width, "height": 900})
    log_in("hanna@firm.example")
    url = f"{live_server.url}/pilots/{measured_pilot.pk}/"
    page.goto(url)
    expect(page.get_by_role("heading", name="Engineers on Mastodon", level=1)).to_be_visible()

    goals = page.locator("#goals")
    social = goals.locator("li.goal", has_text="Hires from social channels")
    expect(social.locator("progress")).to_be_visible()
    expect(social).to_contain_text("2 of 6 hires")
    expect(social).to_contain_text(re.compile(r"Expected \d+ hires by today, actual 2 hires"))
    expect(social.locator(".goal__status")).to_have_text(re.compile("On track|Behind"))
    expect(goals.locator("li.goal", has_text="Cost per hire")).to_contain_text("400.00 EUR, at most 4,000.00 EUR")
    expect(goals.locator("li.goal", has_text="Team spirit")).to_contain_text("Not measured")
    for card in (social, goals.locator("li.goal", has_text="Team spirit")):
        card.scroll_into_view_if_needed()
        inside_window(page, card.get_by_role("button", name=re.compile("^Remove")), width)
        inside_window(page, card.locator(".goal__meta"), width)
    results = page.locator("#results")
    expect(results.locator(".pilot-figures")).to_contain_text("Hires")
    expect(results.get_by_role("link", name=re.compile("hired as Backend engineer")).first).to_be_visible()
    assert_no_sideways_scroll(page, f"pilot page at {width} px")

    # An HR lead adds a measured goal from the page: it arrives as a card with its progress.
    goals.get_by_text("Add a goal").click()
    goals.get_by_label("Name").fill("All hires this year")
    goals.get_by_label("Measured by").select_option(label="Hires (hires)")
    goals.get_by_label("Target").fill("4")
    assert_no_sideways_scroll(page, f"pilot page at {width} px")
    goals.get_by_role("button", name="Add goal").click()
    added = page.locator("#goals li.goal", has_text="All hires this year")
    expect(added).to_contain_text("2 of 4 hires")
    expect(added.locator("progress")).to_be_visible()
    assert PilotGoal.objects.get(name="All hires this year").measure == "ledger.hires"
    assert_no_sideways_scroll(page, f"pilot page at {width} px")

    # The report link opens the pilot's own slice.
    page.get_by_role("link", name="Open this pilot's report").click()
    expect(page).to_have_url(re.compile(rf"/metrics/\?period=custom&start=.*&pilot={measured_pilot.pk}"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_no_sideways_scroll(page, f"pilot page at {width} px")
    watch.assert_clean()
