"""The header at 390 and 1280 px: on a phone one row with the brand, "Log an introduction" and a
Menu button (a disclosure that opens with the mouse and the keyboard, and closes with Escape);
without JavaScript the menu shows below; on a wide screen the sections stay visible. Lists stay
inside the window (the whole list of important pages: tests/e2e/test_layout.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Role
from programs.models import Membership
from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.test_layout import page_width
from tests.e2e.watch import Watch, log_in_as
from tests.programs.factories import MembershipFactory, PilotFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people():
    """An HR lead and a contributor of one pilot (both may log)."""
    pilot = PilotFactory(name="Engineers on Mastodon")
    UserFactory(email="hanna@firm.example", full_name="Hanna Lead", role=Role.HR_LEAD)
    ann = UserFactory(email="ann@firm.example", full_name="Ann Contributor", role=Role.CONTRIBUTOR)
    MembershipFactory(pilot=pilot, user=ann, role=Membership.Role.CONTRIBUTOR)
    return pilot


def header_parts(page: Page):
    header = page.locator("header.site-header")
    return (
        header,
        header.get_by_role("link", name="Alumni Program"),
        header.get_by_role("link", name="Log an introduction"),
        page.get_by_role("navigation", name="Main").get_by_role("button", name="Menu"),
    )


def test_at_390_the_header_is_one_row_and_the_menu_opens_with_the_mouse(live_server, page, people):
    watch = Watch(page)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in_as(page, live_server.url, "hanna@firm.example")

    header, brand, log_intro, menu = header_parts(page)
    for part in (brand, log_intro, menu):
        expect(part).to_be_visible()
    boxes = [part.bounding_box() for part in (brand, log_intro, menu)]
    # One row: every part overlaps the menu button's line, and the header is one button high.
    for box in boxes:
        assert box["y"] < boxes[2]["y"] + boxes[2]["height"] and boxes[2]["y"] < box["y"] + box["height"], boxes
    assert header.bounding_box()["height"] <= 64
    assert page_width(page) <= 390

    sections = page.get_by_role("navigation", name="Main").get_by_role("link", name="Team")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(sections).to_be_hidden()

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(sections).to_be_visible()
    expect(page.get_by_role("link", name="Log an assist")).to_be_visible()
    page.mouse.click(195, 800)  # a click elsewhere on the page closes it
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(sections).to_be_hidden()

    menu.click()
    sections.click()
    expect(page.get_by_role("heading", name="Users", level=1)).to_be_visible()
    expect(page.get_by_role("navigation", name="Main").get_by_role("button", name="Menu")).to_have_attribute(
        "aria-expanded", "false"
    )
    watch.assert_clean()


def test_at_390_the_menu_opens_and_closes_with_the_keyboard(live_server, page, people):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in_as(page, live_server.url, "hanna@firm.example")
    _header, _brand, log_intro, menu = header_parts(page)

    log_intro.focus()
    page.keyboard.press("Tab")
    expect(menu).to_be_focused()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard")).to_be_focused()
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()
    page.keyboard.press("Space")
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Space")
    expect(menu).to_have_attribute("aria-expanded", "false")


def test_at_390_logging_an_introduction_is_one_tap_away(live_server, page, people):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in_as(page, live_server.url, "ann@firm.example")

    page.locator("header").get_by_role("link", name="Log an introduction").click()

    expect(page.get_by_role("heading", name="Log an introduction", level=1)).to_be_visible()
    current = page.get_by_role("navigation", name="Main").locator('[aria-current="page"]')
    expect(current).to_have_count(0)  # a logging page highlights no section


def test_at_1280_the_sections_and_both_log_buttons_stay_visible(live_server, page, people):
    watch = Watch(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in_as(page, live_server.url, "hanna@firm.example")

    main_nav = page.get_by_role("navigation", name="Main")
    expect(main_nav.get_by_role("button", name="Menu")).to_be_hidden()
    for name in ("Dashboard", "Pilots", "Reports", "Team", "Settings"):
        expect(main_nav.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Log an introduction")).to_be_visible()
    expect(page.get_by_role("link", name="Log an assist")).to_be_visible()

    main_nav.get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", name="Legacy cost baselines", level=1)).to_be_visible()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Settings")).to_have_attribute(
        "aria-current", "page"
    )
    watch.assert_clean()


def test_without_javascript_the_menu_shows_below_the_header(live_server, browser, people):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    try:
        log_in_as(page, live_server.url, "hanna@firm.example")

        main_nav = page.get_by_role("navigation", name="Main")
        expect(main_nav.get_by_role("button", name="Menu")).to_be_hidden()
        expect(main_nav.get_by_role("link", name="Team")).to_be_visible()
        expect(page.get_by_role("link", name="Log an introduction")).to_be_visible()
        expect(page.get_by_role("link", name="Log an assist")).to_be_visible()
        assert page_width(page) <= 390
    finally:
        context.close()


# Every "heading: value" line of a cards table (table--cards): does the heading (the cell's ::before,
# 38% wide) fit its own column? A heading that may not wrap spills over the value beside it.
LABELS_SPILLING = """(selector) => {
  const out = [];
  for (const cell of document.querySelectorAll(selector)) {
    const before = getComputedStyle(cell, "::before");
    if (!cell.dataset.label || before.content === "none") continue;
    const probe = document.createElement("div");
    probe.textContent = cell.dataset.label;
    for (const p of ["font", "letterSpacing", "whiteSpace", "overflowWrap", "paddingRight", "boxSizing"]) probe.style[p] = before[p];
    probe.style.width = before.width;
    probe.style.position = "absolute";
    document.body.appendChild(probe);
    if (probe.scrollWidth > probe.clientWidth + 1) out.push(cell.dataset.label);
    probe.remove();
  }
  return out;
}"""


def test_at_390_compare_and_run_pages_are_cards_whose_headings_do_not_overlap_their_values(live_server, page):
    from alumni_program.demo import load_demo
    from listening import services as listening
    from listening.models import Search
    from programs.models import Pilot

    load_demo(password=PASSWORD)
    pilots = list(Pilot.objects.order_by("pk"))
    search = Search.objects.order_by("pk").first()
    run = listening.run_start(search=search, actor=None)
    for result in run.results.all():
        listening.run_fetch_source(result_id=result.pk)

    watch = Watch(page)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in_as(page, live_server.url, "hr@demo.example")
    compares = [
        f"?a={pilots[1].pk}&b={pilots[2].pk}",
        f"?a={pilots[0].pk}&against=previous",
        f"?a={pilots[0].pk}&against=average",
    ]
    for query in compares:
        page.goto(f"{live_server.url}/metrics/compare/{query}")
        cells = page.locator(".report-compare tbody td.num")
        expect(cells.first).to_be_visible()
        assert page.evaluate(LABELS_SPILLING, ".report-compare td[data-label]") == [], query
        assert page_width(page) <= 390

    page.goto(f"{live_server.url}/listening/runs/{run.pk}/")
    table = page.locator("#run-status table")
    expect(table.locator('td[data-label="Added to the inbox"]').first).to_be_visible()
    # A card per source: the column heads are left to screen readers (1 px), nothing scrolls.
    assert table.locator("thead").bounding_box()["height"] <= 1
    wrap = page.evaluate("(t) => [t.scrollWidth, t.parentElement.clientWidth]", table.element_handle())
    assert wrap[0] <= wrap[1], wrap
    assert page.evaluate(LABELS_SPILLING, "#run-status td[data-label]") == []
    assert page_width(page) <= 390
    watch.assert_clean()
