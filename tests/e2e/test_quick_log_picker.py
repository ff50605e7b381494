"""The quick log's person picker in a real browser, at 390 and 1280 px: type, pick, submit;
nothing is picked for the user (no "None" row checked, not the only match either); the error path
(save without the required person → the error; pick → the error goes; save → logged); the pilot
of the page the user came from; names that wrap between words; the keyboard.

Every page is watched for console errors, uncaught exceptions and CSP violations (picker.js is
a file of its own, loaded under the CSP)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from metrics.models import Introduction
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.watch import Watch, log_in_as
from tests.people.factories import CompanyFactory, PersonFactory
from tests.programs.factories import MembershipFactory, PilotFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = [390, 1280]
LONG_NAME = ("Maximiliane Anastasia", "Oberhauser-Wittgensteinová")
# A page that comes back 400 (a refused save) is logged by Chromium as a failed resource load.
REFUSED = ("status of 400",)


def directory():
    PersonFactory(first_name=LONG_NAME[0], last_name=LONG_NAME[1], title="Chief operating officer")
    marta = PersonFactory(first_name="Marta", last_name="Kowalski", title="Data engineer")
    PersonFactory(first_name="Martin", last_name="Keller", title="Product manager")
    nordwind = CompanyFactory(name="Nordwind Logistics", domain="nordwind.example")
    return marta, nordwind


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"quick-log-picker-{name}.png"), full_page=True)


def no_horizontal_scroll(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the window"


@pytest.mark.parametrize("width", WIDTHS)
def test_type_pick_and_log_from_a_pilots_page(live_server, page, contributor_a, pilot_a, width):
    watch = Watch(page)
    marta, nordwind = directory()
    other = PilotFactory(name="Second pilot", stage=2)
    MembershipFactory(pilot=other, user=contributor_a)
    page.set_viewport_size({"width": width, "height": 900})
    log_in_as(page, live_server.url, contributor_a.email)

    # From the second pilot's page, the header's log link: that pilot is preselected.
    page.goto(f"{live_server.url}/pilots/{other.pk}/")
    page.get_by_role("link", name="Log an introduction").first.click()
    expect(page.get_by_role("heading", name="Log an introduction", level=1)).to_be_visible()
    expect(page.get_by_label("Pilot")).to_have_value(str(other.pk))

    behalf = page.locator("#on_behalf_of-picker")
    behalf.get_by_role("searchbox").press_sequentially("kowal", delay=20)
    match = behalf.get_by_role("radio", name=re.compile("Marta Kowalski"))
    expect(match).to_be_visible()
    expect(behalf.get_by_role("radio")).to_have_count(1)
    expect(match).not_to_be_checked()  # the only match is offered, not picked for the user
    match.check()

    company = page.locator("#to_company-picker")
    company.get_by_role("searchbox").press_sequentially("nordw", delay=20)
    company.get_by_role("radio", name=re.compile("Nordwind Logistics")).check()
    no_horizontal_scroll(page)
    shot(page, f"picked-{width}")
    page.get_by_role("button", name="Log introduction", exact=True).last.click()

    expect(page.get_by_role("status")).to_contain_text("Introduction logged")
    expect(page).to_have_url(f"{live_server.url}/pilots/{other.pk}/")
    intro = Introduction.objects.get()
    assert (intro.on_behalf_of, intro.to_company, intro.to_person, intro.pilot) == (marta, nordwind, None, other)
    watch.assert_clean()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_error_goes_when_the_user_picks_and_the_save_then_succeeds(
    live_server, page, contributor_a, pilot_a, width
):
    watch = Watch(page)
    marta, _ = directory()
    page.set_viewport_size({"width": width, "height": 900})
    log_in_as(page, live_server.url, contributor_a.email)
    page.goto(live_server.url + "/metrics/introductions/new/")

    company = page.locator("#to_company-picker")
    company.get_by_role("searchbox").press_sequentially("nordw", delay=20)
    company.get_by_role("radio", name=re.compile("Nordwind Logistics")).check()
    behalf = page.locator("#on_behalf_of-picker")
    behalf.get_by_role("searchbox").press_sequentially("mart", delay=20)
    expect(behalf.get_by_role("radio")).to_have_count(2)
    page.get_by_role("button", name="Log introduction", exact=True).last.click()  # nobody picked

    # The error and the page agree: "choose a person", and nobody is chosen; the matches and the
    # company picked are still there.
    behalf = page.locator("#on_behalf_of-picker")
    error = behalf.locator(".error")
    expect(error).to_contain_text("Choose a person")
    expect(behalf.get_by_role("searchbox")).to_have_value("mart")
    expect(behalf.get_by_role("radio")).to_have_count(2)
    expect(behalf.locator("input[type=radio]:checked")).to_have_count(0)
    expect(page.locator("#to_company-picker").get_by_role("radio", name=re.compile("Nordwind"))).to_be_checked()
    expect(behalf.get_by_role("searchbox")).to_have_attribute("aria-invalid", "true")
    assert not Introduction.objects.exists()
    shot(page, f"error-{width}")

    behalf.get_by_role("radio", name=re.compile("Marta Kowalski")).check()
    expect(error).to_have_count(0)  # a valid pick takes the error away at once
    expect(behalf).not_to_have_class(re.compile("field--error"))
    expect(behalf.get_by_role("searchbox")).not_to_have_attribute("aria-invalid", "true")
    page.get_by_role("button", name="Log introduction", exact=True).last.click()

    expect(page.get_by_role("status")).to_contain_text("Introduction logged")
    assert Introduction.objects.get().on_behalf_of == marta
    watch.assert_clean(expected=REFUSED)


@pytest.mark.parametrize("width", WIDTHS)
def test_an_optional_picker_checks_nothing_and_offers_no_one_last(live_server, page, contributor_a, pilot_a, width):
    watch = Watch(page)
    _, nordwind = directory()
    page.set_viewport_size({"width": width, "height": 900})
    log_in_as(page, live_server.url, contributor_a.email)
    page.goto(live_server.url + "/metrics/introductions/new/")

    behalf = page.locator("#on_behalf_of-picker")
    behalf.get_by_role("searchbox").press_sequentially("kowal", delay=20)
    behalf.get_by_role("radio", name=re.compile("Marta Kowalski")).check()
    to_person = page.locator("#to_person-picker")
    to_person.get_by_role("searchbox").press_sequentially("mart", delay=20)
    radios = to_person.get_by_role("radio")
    expect(radios).to_have_count(3)  # Marta, Martin, then "No one"
    expect(radios.last).to_have_accessible_name(re.compile("No one"))
    expect(to_person.locator("input[type=radio]:checked")).to_have_count(0)

    # Saving with a search typed and nothing picked names the search, on that picker.
    page.get_by_role("button", name="Log introduction", exact=True).last.click()
    to_person = page.locator("#to_person-picker")
    expect(to_person.locator(".error")).to_have_text("Pick one of the matches for “mart”, or empty the search box.")
    expect(page.locator(".error", has_text="Say whom the introduction was to")).to_have_count(0)

    # "No one" and a company: logged to the company only.
    to_person.get_by_role("radio", name=re.compile("No one")).check()
    expect(to_person.locator(".error")).to_have_count(0)
    company = page.locator("#to_company-picker")
    company.get_by_role("searchbox").press_sequentially("nordw", delay=20)
    company.get_by_role("radio", name=re.compile("Nordwind")).check()
    page.get_by_role("button", name="Log introduction", exact=True).last.click()

    expect(page.get_by_role("status")).to_contain_text("Introduction logged")
    intro = Introduction.objects.get()
    assert (intro.to_person, intro.to_company) == (None, nordwind)
    watch.assert_clean(expected=REFUSED)


@pytest.mark.parametrize("width", WIDTHS)
def test_names_wrap_between_words_never_inside_one(live_server, page, contributor_a, pilot_a, width):
    watch = Watch(page)
    directory()
    page.set_viewport_size({"width": width, "height": 900})
    log_in_as(page, live_server.url, contributor_a.email)
    page.goto(live_server.url + "/metrics/introductions/new/")
    behalf = page.locator("#on_behalf_of-picker")
    behalf.get_by_role("searchbox").press_sequentially("oberhauser", delay=20)
    name = behalf.locator(".picker__name", has_text="Oberhauser")
    expect(name).to_be_visible()

    assert name.evaluate("e => getComputedStyle(e).overflowWrap") == "break-word"
    # Each word of the name sits on one line: a word cut in two would have two line boxes.
    split_words = name.evaluate(
        """e => {
            const text = e.firstChild, words = [], range = document.createRange();
            for (const m of text.data.matchAll(/\\S+/g)) {
                range.setStart(text, m.index);
                range.setEnd(text, m.index + m[0].length);
                const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                if (lines.size > 1) words.push(m[0]);
            }
            return words;
        }"""
    )
    assert split_words == []
    no_horizontal_scroll(page)
    shot(page, f"long-name-{width}")
    watch.assert_clean()


def test_the_keyboard_reaches_and_picks_a_match(live_server, page, contributor_a, pilot_a):
    watch = Watch(page)
    directory()
    page.set_viewport_size({"width": 390, "height": 900})
    log_in_as(page, live_server.url, contributor_a.email)
    page.goto(live_server.url + "/metrics/introductions/new/")
    search = page.locator("#on_behalf_of-picker").get_by_role("searchbox")
    expect(search).to_be_focused()  # the first field
    search.press_sequentially("mart", delay=20)
    expect(page.locator("#on_behalf_of-picker").get_by_role("radio")).to_have_count(2)

    search.press("Enter")  # to the matches, not a save of the half-filled form
    first = page.locator("#on_behalf_of-picker").get_by_role("radio").first
    expect(first).to_be_focused()
    assert not Introduction.objects.exists()
    page.keyboard.press("ArrowDown")  # the radio group's own keys: move and pick
    second = page.locator("#on_behalf_of-picker").get_by_role("radio").nth(1)
    expect(second).to_be_checked()
    expect(page.locator("#on_behalf_of-picker [role=radiogroup]")).to_have_attribute("aria-required", "true")
    page.keyboard.press("Tab")  # out of the group, on to the next picker
    expect(page.locator("#to_person-picker").get_by_role("searchbox")).to_be_focused()
    watch.assert_clean()
