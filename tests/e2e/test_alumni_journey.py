"""Stage 2 in a real browser: the HR lead imports leavers from the HR system and ranks a segment,
a contributor logs an introduction on behalf of an alumnus and asks them to confirm it, the
alumnus confirms through the emailed link without an account, and the Stage 2 page counts the
introduction as meaningful.

Every page visited is watched: a console error, an uncaught exception, a CSP violation or a
JavaScript dialog fails the test (see Watch)."""

from __future__ import annotations

import re
import time

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from alumni.models import AlumniSegment, Alumnus
from metrics.models import Introduction
from people.models import Person
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.watch import Watch, assert_no_sideways_scroll, log_in_as
from tests.integration.conftest import real_broker, worker  # noqa: F401  (fixtures: the real Celery worker)
from tests.people.factories import CompanyFactory

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.django_db(transaction=True)]

EMAIL_WAIT_S = 45  # the bound of the wait for the worker's email, not a pause

LEAVERS = (
    "first_name,last_name,email,department,role,start_date,end_date,exit_type,rehire_eligible,"
    "company,title,city,country,linkedin_url\r\n"
    "José,Müller,jose.muller@mail.example,Advisory,Consultant,2018-03-01,2024-06-30,voluntary,yes,"
    "Halvorsen Logistics,Head of Supply Chain,Hamburg,DE,https://www.linkedin.com/in/jose-muller\r\n"
    "Ελένη,Παπαδοπούλου,eleni.p@mail.example,Strategy,Manager,2017-01-09,2023-02-28,eliminated,no,"
    '"Quarry & Finch, Ltd",Partner,Athens,GR,\r\n'
    "Aiko,Sato,aiko.sato@mail.example,Data & analytics,Analyst,2020-09-01,2025-01-31,voluntary,yes,,,Tokyo,JP,\r\n"
)


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"alumni-{name}.png"), full_page=True, caret="initial")


def no_sideways_scroll(page: Page, label: str) -> None:
    assert_no_sideways_scroll(page, f"{label} at 1280 px")
    page.set_viewport_size({"width": 390, "height": 844})
    assert_no_sideways_scroll(page, f"{label} at 390 px")
    page.set_viewport_size({"width": 1280, "height": 900})


def stage_2_nav(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Alumni").click()
    page.get_by_role("navigation", name="Stage 2 pages").get_by_role("link", name=name).click()


def log_out(page: Page) -> None:
    page.context.clear_cookies()


def email_to(address: str) -> mail.EmailMessage:
    """The one email the Celery worker sent to ``address``: waits for that state (the worker runs
    the task after the request's commit), failing after EMAIL_WAIT_S."""
    deadline = time.monotonic() + EMAIL_WAIT_S
    while time.monotonic() < deadline:
        sent = [m for m in mail.outbox if address in m.to]
        if sent:
            assert len(sent) == 1
            return sent[0]
        time.sleep(0.1)
    raise AssertionError(f"no email to {address} within {EMAIL_WAIT_S} s")


def test_import_rank_introduce_confirm_by_link_and_count_as_meaningful(
    live_server,
    page,
    hr_lead,
    contributor_b,
    pilot_b,
    settings,
    worker,  # noqa: F811
):
    settings.SITE_URL = live_server.url  # the emailed link points at this server
    CompanyFactory(name="Halvorsen Logistics", relationship="customer")
    watch = Watch(page)

    # 1. The HR lead imports the HR system's leavers file: preview, then import.
    log_in_as(page, live_server.url, hr_lead.email)
    stage_2_nav(page, "Imports")
    page.locator(".page-header").get_by_role("link", name="Import a file").click()
    expect(page.get_by_role("heading", name="Import alumni", level=1)).to_be_visible()
    page.get_by_label("Pilot").select_option(value=str(pilot_b.pk))
    page.get_by_role("radio", name="HRIS leavers file").check()
    page.get_by_label("File (CSV)").set_input_files(
        files=[{"name": "leavers.csv", "mimeType": "text/csv", "buffer": LEAVERS.encode()}]
    )
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("heading", name="Import “leavers.csv”", level=1)).to_be_visible()
    no_sideways_scroll(page, "import preview")
    shot(page, "1-import-preview")
    page.get_by_role("button", name="Import 3 rows").click()
    expect(page.get_by_role("status")).to_be_visible()
    alumni = Alumnus.objects.filter(pilot=pilot_b)
    assert alumni.count() == 3
    jose = alumni.get(person__last_name="Müller")
    assert (jose.former_department, jose.exit_type, jose.rehire_eligible) == ("Advisory", "voluntary", True)
    assert jose.person.source == Person.Source.HRIS

    # The directory finds "José Müller" typed without accents.
    stage_2_nav(page, "Alumni directory")
    page.get_by_label("Search", exact=True).fill("jose muller")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("link", name="José Müller")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Ελένη"))).to_have_count(0)

    # 2. A segment ranked first: alumni at customers; a second segment moves above it, then back.
    stage_2_nav(page, "Segments")
    page.get_by_role("link", name="Add a segment").first.click()
    page.get_by_label("Pilot").select_option(value=str(pilot_b.pk))
    page.get_by_label("Name").fill("Rehire-eligible analysts")
    page.get_by_role("button", name="Add segment").click()
    expect(page.get_by_role("status")).to_be_visible()
    stage_2_nav(page, "Segments")
    page.get_by_role("link", name="Add a segment").first.click()
    page.get_by_label("Pilot").select_option(value=str(pilot_b.pk))
    page.get_by_label("Name").fill("Alumni at customers")
    page.get_by_role("checkbox", name="Customer").check()
    page.get_by_role("button", name="Add segment").click()
    expect(page.get_by_role("status")).to_be_visible()
    stage_2_nav(page, "Segments")
    page.get_by_role("button", name="Move “Alumni at customers” up").click()
    expect(page.get_by_role("status")).to_be_visible()
    ranked = list(AlumniSegment.objects.filter(pilot=pilot_b).order_by("rank").values_list("name", flat=True))
    assert ranked == ["Alumni at customers", "Rehire-eligible analysts"]
    jose.refresh_from_db()
    assert jose.segment is not None and jose.segment.name == "Alumni at customers"
    shot(page, "2-segments")
    log_out(page)

    # José agreed to be contacted (the consent form on his person page is the people app's).
    Person.objects.filter(pk=jose.person_id).update(consent_to_contact=True, consent_date=jose.left_on)

    # 3. A contributor logs an introduction on behalf of José and asks him to confirm it.
    log_in_as(page, live_server.url, contributor_b.email)
    stage_2_nav(page, "Introductions")
    page.locator(".page-header").get_by_role("link", name="Log an introduction").click()
    expect(page.get_by_role("heading", name="Log an introduction", level=1)).to_be_visible()
    page.get_by_label("Pilot").select_option(value=str(pilot_b.pk))
    behalf = page.locator("#on_behalf_of-picker")
    behalf.get_by_role("searchbox").fill("Müller")
    behalf.get_by_role("radio", name=re.compile("José Müller")).check()
    company = page.locator("#to_company-picker")
    company.get_by_role("searchbox").fill("Halvorsen")
    company.get_by_role("radio", name=re.compile("Halvorsen Logistics")).check()
    page.get_by_role("button", name="Log introduction", exact=True).last.click()
    expect(page.get_by_role("status")).to_contain_text("Introduction logged")
    intro = Introduction.objects.get(on_behalf_of=jose.person)
    assert (intro.made_by, intro.pilot, intro.meaningful) == (contributor_b, pilot_b, False)

    stage_2_nav(page, "Introductions")
    row = page.locator("tr", has_text="José Müller")
    row.get_by_role("button", name="Ask José to confirm").click()
    expect(page.get_by_role("status")).to_be_visible()
    no_sideways_scroll(page, "introductions for alumni")
    shot(page, "3-introductions")
    # The real worker sends the email after the request's commit.
    link = re.search(r"https?://\S+/alumni/confirm/\S+/", email_to("jose.muller@mail.example").body)
    assert link is not None
    log_out(page)

    # 4. José opens the link without an account and says it was useful.
    page.goto(link.group(0))
    expect(page.get_by_role("button", name="Yes, it was useful")).to_be_visible()
    no_sideways_scroll(page, "confirm page")
    page.get_by_role("textbox").first.fill("Two calls with their supply-chain team; a contract in March.")
    page.get_by_role("button", name="Yes, it was useful").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("[Tt]hank"))
    intro.refresh_from_db()
    assert intro.meaningful and intro.confirmed_by is None and "contract in March" in intro.outcome
    # The same link again is refused with the friendly page (410 Gone), nothing more written.
    watch.expected_status.add(410)
    page.goto(link.group(0))
    expect(page.get_by_role("heading", name="Already recorded", level=1)).to_be_visible()

    # 5. The Stage 2 page counts it as meaningful, for the contributor and for the segment.
    log_in_as(page, live_server.url, contributor_b.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Alumni").click()
    expect(page.locator("[data-key='meaningful']").first).to_have_text("1")
    expect(
        page.locator("tr[data-contributor]", has_text=str(contributor_b)).locator("[data-label='Meaningful']")
    ).to_have_text("1")
    no_sideways_scroll(page, "Stage 2 page")
    shot(page, "4-stage-2-page")
    watch.assert_clean()
