"""The listening inbox at 1280 and 390 px: each conversation's actions sit on its row, inside the
window, with nothing to scroll sideways; a conversation is triaged from its row in place (htmx)
and several at once with the keyboard (select, then a bulk action); on a phone the filters fold
behind one button and the conversations come first.

Every page is watched for console errors, CSP violations and dialogs (Watch), and the page may
never be wider than the window (a 2,000-character unbroken word in a post included)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from listening import services
from listening.connectors import Post
from listening.models import Conversation
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.watch import Watch, assert_no_sideways_scroll, log_in_as

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def inbox(hr_lead) -> list[Conversation]:
    """Five new conversations found by one search, newest first; one carries an unbroken word."""
    source = services.source_save(actor=hr_lead, name="Demo feed", kind="bundled", config={"feed": "talent-and-alumni"})
    services.search_save(actor=hr_lead, name="Python people", query="python", sources=[source])
    posts = [
        Post(
            venue="bundled",
            external_id=f"p{i}",
            title=f"Python developer number {i} looking for a new role in a team that cares about testing",
            text=("A" * 2_000 if i == 3 else "Six years of Python and Django, open to remote work.") + " python",
            author=f"Author {i}",
        )
        for i in range(5)
    ]
    services.posts_store(source=source, posts=posts)
    return list(Conversation.objects.order_by("-found_at", "-id"))


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"inbox-{name}.png"), full_page=True, caret="initial")


def assert_inside_the_window(page: Page, locator, label: str) -> None:
    """The element's box lies between the window's left and right edges (no sideways scroll)."""
    box = locator.bounding_box()
    width = page.viewport_size["width"]
    assert box is not None, f"{label} is not rendered"
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"{label} at {box} in a {width}px window"


def open_inbox(page: Page, live_server, user, viewport: dict[str, int]) -> Watch:
    """Log ``user`` in at ``viewport`` and open the inbox, watched (console, CSP, dialogs)."""
    watch = Watch(page)
    page.set_viewport_size(viewport)
    log_in_as(page, live_server.url, user.email)
    page.goto(live_server.url + "/listening/")
    expect(page.get_by_role("heading", name="Listening inbox", level=1)).to_be_visible()
    return watch


def first_row(page: Page):
    return page.locator(".inbox-item").first


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_the_first_rows_actions_are_on_screen_and_triage_the_row_in_place(live_server, page, hr_lead, inbox, viewport):
    watch = open_inbox(page, live_server, hr_lead, viewport)
    width = viewport["width"]

    row = first_row(page)
    actions = row.get_by_role("group")
    assert_no_sideways_scroll(page, f"inbox at {width} px")
    for name in ("Relevant", "Not relevant", "Engaged", "Assign to me"):
        assert_inside_the_window(page, actions.get_by_role("button", name=name, exact=True), f"{name} at {width} px")
    if width == DESKTOP["width"]:
        # On a wide screen the first row's actions are in the first screen, no scrolling at all.
        box = actions.bounding_box()
        assert box is not None and box["y"] + box["height"] <= viewport["height"], box
    shot(page, f"{width}")

    url = page.url
    actions.get_by_role("button", name="Relevant", exact=True).click()
    row = page.locator(f"#conversation-{inbox[0].pk}")
    expect(row.get_by_role("status")).to_have_text("Marked relevant: 1 conversation.")
    expect(row.locator(".badge", has_text="Relevant")).to_be_visible()
    expect(row.get_by_role("button", name="Back to new")).to_be_visible()
    row.get_by_role("button", name="Assign to me").click()
    expect(row).to_contain_text("Assigned to you")
    assert page.url == url  # in place: no page load
    inbox[0].refresh_from_db()
    assert (inbox[0].status, inbox[0].triaged_by, inbox[0].assignee) == ("relevant", hr_lead, hr_lead)
    assert_no_sideways_scroll(page, f"inbox after triage at {width} px")
    watch.assert_clean()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_several_conversations_are_triaged_at_once_with_the_keyboard(live_server, page, hr_lead, inbox, viewport):
    watch = open_inbox(page, live_server, hr_lead, viewport)

    for conversation in inbox[1:3]:
        box = page.locator(f"#select-{conversation.pk}")
        box.focus()
        page.keyboard.press("Space")
        expect(box).to_be_checked()
    bulk = page.get_by_role("form", name="Act on the selected conversations")
    expect(bulk).to_contain_text("2 selected:")
    button = bulk.get_by_role("button", name="Mark the selected not relevant")
    expect(button).to_be_visible()  # on a phone: floating at the bottom of the screen once selected
    assert_inside_the_window(page, button, "the bulk action")
    shot(page, f"{viewport['width']}-selected")
    button.focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("status").first).to_contain_text("Marked not relevant: 2 conversations.")
    statuses = dict(Conversation.objects.values_list("pk", "status"))
    assert [statuses[c.pk] for c in inbox] == ["new", "not_relevant", "not_relevant", "new", "new"]
    expect(page.locator(".inbox-item")).to_have_count(3)  # the inbox shows new ones by default
    watch.assert_clean()


def test_on_a_phone_the_filters_fold_behind_one_button_below_which_the_conversations_come_first(
    live_server, page, hr_lead, inbox
):
    watch = open_inbox(page, live_server, hr_lead, PHONE)

    toggle = page.locator("summary", has_text="Filters")
    text_filter = page.locator("[data-inbox-filters] #id_q")
    expect(toggle).to_be_visible()
    expect(text_filter).to_be_hidden()
    # The first conversation starts in the first screen, above any filter field.
    title = first_row(page).get_by_role("heading")
    box = title.bounding_box()
    assert box is not None and box["y"] + 200 < PHONE["height"], box
    toggle_box = toggle.bounding_box()
    assert toggle_box is not None and toggle_box["height"] < 60  # one button, not a form
    shot(page, "390-filters-folded")

    toggle.click()
    expect(text_filter).to_be_visible()
    assert_no_sideways_scroll(page, "open filters at 390 px")
    shot(page, "390-filters-open")
    toggle.focus()
    page.keyboard.press("Enter")  # the button works from the keyboard too
    expect(text_filter).to_be_hidden()

    # Filtering opens them again on the next page, so what narrows the list stays in sight.
    page.goto(live_server.url + "/listening/?status=all&q=number+3")
    expect(text_filter).to_be_visible()
    expect(text_filter).to_have_value("number 3")
    expect(page.locator(".inbox-item")).to_have_count(1)
    watch.assert_clean()


def test_on_a_wide_screen_the_filters_stand_open_beside_the_list(live_server, page, hr_lead, inbox):
    watch = open_inbox(page, live_server, hr_lead, DESKTOP)

    text_filter = page.locator("[data-inbox-filters] #id_q")
    expect(text_filter).to_be_visible()  # inbox.js opens them on a wide screen
    filters_box = page.locator("[data-inbox-filters]").bounding_box()
    list_box = page.locator(".inbox-list").bounding_box()
    assert filters_box is not None and list_box is not None
    assert filters_box["x"] >= list_box["x"] + list_box["width"], (filters_box, list_box)  # beside, on the right
    page.get_by_role("checkbox", name="Select all on this page").check()
    expect(page.get_by_role("form", name="Act on the selected conversations")).to_contain_text("5 selected:")
    watch.assert_clean()
