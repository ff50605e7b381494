"""Hostile text and small screens must not break the layout: no page wider than the window, and
no console error, uncaught exception or CSP violation on any of the important pages.

``IMPORTANT_PAGES`` is the list other layout tests (tests/e2e/test_mobile_layout.py) walk too: add
a page here when it becomes one people use every day."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Role
from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.watch import Watch, log_in_as
from tests.people.factories import PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# (path, who opens it) with the demo data loaded (alumni_program.demo): "{pilot}" is the first
# demo pilot's page, "{deal}" the first demo deal's and "{request}" the first demo request of
# ours (Stage 3). Each is measured at 390 and 1280 px.
IMPORTANT_PAGES: list[tuple[str, str]] = [
    ("/", "hr@demo.example"),
    ("/", "mia@demo.example"),
    ("/", "ann@demo.example"),
    ("/pilots/", "hr@demo.example"),
    ("{pilot}", "hr@demo.example"),
    ("{pilot}", "ann@demo.example"),
    ("/pilots/sponsors/", "hr@demo.example"),
    ("/pilots/venues/", "hr@demo.example"),
    ("/people/", "hr@demo.example"),
    ("/people/companies/", "hr@demo.example"),
    ("/account/users/", "hr@demo.example"),
    ("/account/invitations/", "hr@demo.example"),
    ("/account/audit/", "hr@demo.example"),
    ("/account/profile/", "hr@demo.example"),
    ("/metrics/", "hr@demo.example"),
    ("/metrics/introductions/", "hr@demo.example"),
    ("/metrics/assists/", "hr@demo.example"),
    ("/metrics/hires/", "hr@demo.example"),
    ("/metrics/wins/", "hr@demo.example"),
    ("/metrics/costs/", "hr@demo.example"),
    ("/metrics/baselines/", "hr@demo.example"),
    ("/metrics/baselines/", "mia@demo.example"),
    ("/metrics/assist-types/", "hr@demo.example"),
    ("/metrics/introductions/new/", "ann@demo.example"),
    # Stage 3: Raj works in its pilot; Mia manages another sponsor (the page's empty state).
    ("/bizdev/", "hr@demo.example"),
    ("/bizdev/velocity/", "hr@demo.example"),
    ("/bizdev/guardrail/", "hr@demo.example"),
    ("/bizdev/competitors/", "hr@demo.example"),
    ("/bizdev/", "mia@demo.example"),
    ("/bizdev/", "raj@demo.example"),
    ("/bizdev/opportunities/", "raj@demo.example"),
    ("/bizdev/opportunities/board/", "raj@demo.example"),
    ("{deal}", "raj@demo.example"),
    ("/bizdev/requests/", "raj@demo.example"),
    ("{request}", "raj@demo.example"),
    ("/bizdev/requests/new/", "raj@demo.example"),
    ("/bizdev/references/", "raj@demo.example"),
    ("/bizdev/velocity/", "raj@demo.example"),
]


def page_width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def demo_pages() -> list[tuple[str, str]]:
    """Loads the demo data and returns IMPORTANT_PAGES with their ids filled in."""
    from alumni_program.demo import load_demo
    from bizdev.models import HelpRequest, Opportunity, RequestDirection
    from programs.models import Pilot

    load_demo(password=PASSWORD)
    pilot = Pilot.objects.order_by("pk").first()
    deal = Opportunity.objects.order_by("pk").first()
    request = HelpRequest.objects.filter(direction=RequestDirection.OURS).order_by("pk").first()
    assert pilot is not None and deal is not None and request is not None, "the demo has a pilot, a deal, a request"
    ids = {
        "{pilot}": f"/pilots/{pilot.pk}/",
        "{deal}": f"/bizdev/opportunities/{deal.pk}/",
        "{request}": f"/bizdev/requests/{request.pk}/",
    }
    return [(ids.get(path, path), who) for path, who in IMPORTANT_PAGES]


def walk(page: Page, base_url: str, pages: list[tuple[str, str]], width: int) -> list[str]:
    """Opens every page as its user at ``width``; returns the pages wider than the window."""
    page.set_viewport_size({"width": width, "height": 900})
    too_wide, current = [], None
    for path, who in pages:
        if who != current:
            log_in_as(page, base_url, who)
            current = who
        page.goto(base_url + path)
        page.wait_for_load_state("load")
        expect(page).to_have_url(base_url + path)  # the page itself, not a login or error page
        expect(page.get_by_role("heading", level=1).first).to_be_visible()
        if page_width(page) > width:
            too_wide.append(f"{path} as {who}: {page_width(page)} px")
    return too_wide


@pytest.mark.parametrize("width", [390, 1280])
def test_an_unbroken_10000_character_note_and_100_character_name_do_not_widen_the_page(
    live_server, page, log_in, width
):
    UserFactory(email="hanna@firm.example", role=Role.HR_LEAD)
    person = PersonFactory(first_name="A" * 100, last_name="", notes="x" * 10_000)
    page.set_viewport_size({"width": width, "height": 900})
    log_in("hanna@firm.example")
    for path in (f"/people/{person.pk}/", "/people/", "/account/users/"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        # The page itself, not the login page it would redirect to: then measure it.
        expect(page).to_have_url(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path


@pytest.mark.parametrize("width", [390, 1280])
def test_no_important_page_scrolls_sideways_or_breaks_the_console_or_the_csp(live_server, page, width):
    pages = demo_pages()
    watch = Watch(page)

    too_wide = walk(page, live_server.url, pages, width)

    assert too_wide == []
    watch.assert_clean()
