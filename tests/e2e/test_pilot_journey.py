"""An HR lead's first journey, in a real browser: log in, create a pilot, add a contributor,
and find the seed's playbook on the pilot page."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from programs.models import Membership, Pilot
from tests.accounts.factories import PASSWORD, UserFactory
from tests.programs.factories import SponsorFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_hr_lead_creates_a_pilot_adds_a_contributor_and_sees_the_playbook(live_server, page):
    UserFactory(email="hanna@firm.example", full_name="Hanna Lead", role=Role.HR_LEAD)
    UserFactory(email="ann@firm.example", full_name="Ann Engineer", role=Role.CONTRIBUTOR)
    SponsorFactory(name="Engineering")

    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Email").fill("hanna@firm.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Pilots").click()
    expect(page.get_by_role("heading", name="Pilots", level=1)).to_be_visible()
    page.get_by_role("link", name="New pilot").first.click()
    expect(page.get_by_role("button", name=re.compile("Create pilot"))).to_be_visible()
    page.get_by_label("Name").fill("Engineers on Mastodon")
    page.get_by_label("Stage").select_option(label="Stage 1 · Recruiting")
    page.get_by_label("Sponsor").select_option(label="Engineering")
    page.get_by_role("button", name=re.compile("Create pilot")).click()

    expect(page.get_by_role("heading", name="Engineers on Mastodon", level=1)).to_be_visible()
    pilot = Pilot.objects.get(name="Engineers on Mastodon")
    assert pilot.stage == 1 and pilot.status == Pilot.Status.PLANNING

    members = page.locator("#members")
    members.get_by_label("Person").select_option(label="Ann Engineer")
    members.get_by_role("button", name="Add member").click()
    expect(page.locator("#members")).to_contain_text("Ann Engineer")
    assert Membership.objects.filter(pilot=pilot, user__email="ann@firm.example").exists()

    checklist = page.locator("#checklist")
    expect(checklist.get_by_role("heading", name="Playbook checklist")).to_be_visible()
    expect(checklist).to_contain_text("Run first interviews by video")
    expect(checklist).to_contain_text("Celebrate wins online")

    # Tick a step off in place (htmx): the row and the progress bar update without a reload.
    row = checklist.locator("li", has_text="Run first interviews by video")
    row.get_by_role("link", name=re.compile("Edit")).click()
    row = checklist.locator("li", has_text="Run first interviews by video")
    # The edit form arrives by htmx: wait for it, not for a time.
    expect(row.get_by_role("button", name="Save step")).to_be_visible()
    row.get_by_label("Done").check()
    row.get_by_label("Note").fill("First three interviews booked on video")
    row.get_by_role("button", name="Save step").click()
    expect(checklist.locator("li", has_text="Run first interviews by video")).to_contain_text(
        "First three interviews booked on video"
    )
    total = pilot.steps.count()
    expect(page.locator("#checklist-progress")).to_contain_text(f"1 of {total} done")
    assert pilot.steps.filter(done_at__isnull=False, note__startswith="First three").count() == 1
