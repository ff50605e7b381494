"""The listening issue in a real browser.

An HR lead adds the demo feed shipped with the app as a source, writes a search with a syntax
error and sees where it goes wrong, fixes it, presses "Run now" and watches the run page poll
while a real Celery worker (on the throwaway Redis) reads the feed; then triages a conversation in
the inbox and links its author to a new person in the directory. A contributor triages but may
not write searches; a manager has no listening pages.

Every page visited is watched: a console error, an uncaught exception, a CSP violation or a
JavaScript dialog (alert) fails the test (see Watch)."""

from __future__ import annotations

import re

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connections
from playwright.sync_api import Page, expect

from alumni_program.celery import app as celery_app
from listening import services
from listening.connectors import Post
from listening.models import Conversation, Search, SearchRun, Source
from people.models import Person
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.watch import Watch, assert_no_sideways_scroll, log_in_as
from tests.integration.conftest import real_broker  # noqa: F401  (a fixture, used by name)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BAD_QUERY = "(python OR django)) (developer OR engineer)"
# The fix, "(python OR django) developer NOT recruiter", widened to "engineer" so the demo
# feed's post with a <script> in its title (a machine learning engineer) is among the matches.
GOOD_QUERY = "(python OR django) (developer OR engineer) NOT recruiter"
# Demo feed posts this query matches (listening/demo_feeds/talent-and-alumni.xml).
MATCHED_TITLES = [
    "Looking for my next role: senior Python developer",
    "Python developer meetup in Munich",
    "Machine learning engineer open to work",
    "Senior backend developer, Python or Go",
]
NOT_MATCHED_TITLES = ["We are hiring data engineers in Zürich", "Weekend bake sale results"]


# --- helpers ---------------------------------------------------------------------------------


def log_out(page: Page) -> None:
    page.context.clear_cookies()


def shot(page: Page, name: str) -> None:
    """A full-page screenshot. caret="initial": Playwright's default caret hiding leaves an empty
    style="" on every input, which htmx's attribute settling then copies on a swap, and the CSP
    (style-src-attr) reports it: a violation the test would have caused itself."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"listening-{name}.png"), full_page=True, caret="initial")


def demo_search(hr_lead, *, name: str = "Python people", query: str = GOOD_QUERY):
    source = services.source_save(actor=hr_lead, name="Demo feed", kind="bundled", config={"feed": "talent-and-alumni"})
    search = services.search_save(actor=hr_lead, name=name, query=query, sources=[source])
    return source, search


# --- 1. the HR lead's journey ----------------------------------------------------------------


def test_hr_lead_fixes_a_search_runs_it_on_the_demo_feed_and_links_an_author_to_a_new_person(
    live_server,
    page,
    hr_lead,
    real_broker,  # noqa: F811
):
    watch = Watch(page)
    status_polls: list[str] = []
    page.on("request", lambda r: "/status/" in r.url and status_polls.append(r.url))
    log_in_as(page, live_server.url, hr_lead.email)

    # A source of kind "Feed shipped with the app (demo)", through the form (htmx swaps in its settings).
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Listening").click()
    page.get_by_role("navigation", name="Listening").get_by_role("link", name="Sources").click()
    page.get_by_role("link", name="New source").click()
    expect(page.get_by_role("heading", name="New source", level=1)).to_be_visible()
    page.wait_for_load_state("networkidle")  # the form's own htmx request on load has settled
    page.get_by_label("Kind of source").select_option(label="Feed shipped with the app (demo)")
    # Wait for htmx to swap in the shipped-feed settings (the default kind's fieldset is there
    # before), so the choice below is not made in a fieldset about to be replaced.
    expect(page.locator("#source-config fieldset")).to_have_count(1)
    expect(page.locator("#source-config")).to_contain_text("Shipped feed")
    page.wait_for_load_state("networkidle")
    feed = page.get_by_label("Shipped feed")
    feed.select_option("talent-and-alumni")
    expect(feed).to_have_value("talent-and-alumni")
    name = page.get_by_role("textbox", name="Name", exact=True)
    name.fill("Demo feed")
    expect(name).to_have_value("Demo feed")
    page.get_by_role("button", name="Add source").click()
    expect(page.get_by_role("heading", name="Sources", level=1)).to_be_visible()
    expect(page.locator("table")).to_contain_text("Demo feed")
    source = Source.objects.get(name="Demo feed")
    assert (source.kind, source.config, source.is_active) == ("bundled", {"feed": "talent-and-alumni"}, True)

    # A search with a syntax error: refused, with the column and a caret under the stray ")".
    page.get_by_role("navigation", name="Listening").get_by_role("link", name="Searches").click()
    page.get_by_role("link", name="New search").first.click()
    page.get_by_role("textbox", name="Name", exact=True).fill("Python people")
    page.get_by_role("textbox", name="Query").fill(BAD_QUERY)
    page.get_by_label(re.compile(r"^Demo feed")).check()
    watch.expected_status.add(400)  # a refused form comes back as 400 (the convention)
    page.get_by_role("button", name="Create search").click()
    expect(page.get_by_role("heading", name="New search", level=1)).to_be_visible()
    expect(page.get_by_text("unexpected ')' at column 19")).to_be_visible()
    pointer = page.get_by_role("group", name="Where the query goes wrong")
    assert pointer.locator("pre").inner_text().split("\n") == [BAD_QUERY, " " * 18 + "^"]
    expect(page.get_by_role("textbox", name="Query")).to_have_value(BAD_QUERY)  # nothing typed is lost
    expect(page.get_by_label(re.compile(r"^Demo feed"))).to_be_checked()
    shot(page, "1-query-error")
    assert not Search.objects.exists()

    page.get_by_role("textbox", name="Query").fill(GOOD_QUERY)
    page.get_by_role("button", name="Create search").click()
    expect(page.get_by_role("heading", name="Python people", level=1)).to_be_visible()
    watch.expected_status.discard(400)
    search = Search.objects.get(name="Python people")
    assert search.query == GOOD_QUERY and list(search.sources.all()) == [source]

    # Run now: the page comes back at once, polls while the run waits for a worker, then shows it done.
    page.get_by_role("button", name="Run now").click()
    expect(page.get_by_role("heading", name="Run of “Python people”", level=1)).to_be_visible()
    run = SearchRun.objects.get(search=search)
    status = page.locator("#run-status")
    expect(status).to_contain_text("Running…")
    expect(status.locator("[data-status]")).to_have_attribute("data-status", "pending")
    shot(page, "2-run-running")
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        expect(status.get_by_role("heading")).to_contain_text("Done", timeout=30_000)
    expect(status).to_contain_text("Read 12 posts: 4 matched this search; 4 were new and added to the inbox.")
    expect(status.locator("[data-status]")).to_have_attribute("data-status", "done")
    assert status_polls, "the run page never polled its status"
    run.refresh_from_db()
    assert run.status == SearchRun.Status.DONE
    assert Conversation.objects.count() == len(MATCHED_TITLES)
    shot(page, "3-run-done")
    page.set_viewport_size({"width": 390, "height": 844})
    assert_no_sideways_scroll(page, "run page at 390 px")
    page.set_viewport_size({"width": 1280, "height": 900})

    # The inbox: the matched posts, with the words that matched in <mark>.
    page.get_by_role("link", name="Conversations of this search").click()
    expect(page.get_by_role("heading", name="Listening inbox", level=1)).to_be_visible()
    inbox = page.locator(".inbox-list")
    for title in MATCHED_TITLES:
        expect(inbox).to_contain_text(title)
    for title in NOT_MATCHED_TITLES:
        expect(inbox).not_to_contain_text(title)
    marked = {m.lower() for m in inbox.locator("mark").all_inner_texts()}
    assert {"python", "developer", "engineer"} <= marked, marked
    assert "recruiter" not in marked

    # The post with <script> in its title: the harvester dropped the script; no element, no alert.
    hostile = Conversation.objects.get(title__startswith="Machine learning engineer")
    row = page.locator(f"#conversation-{hostile.pk}")
    expect(row).to_contain_text("Machine learning engineer open to work")
    assert row.locator("script").count() == 0
    assert page.locator("a[href^='javascript:' i]").count() == 0
    shot(page, "4-inbox")
    page.set_viewport_size({"width": 390, "height": 844})
    assert_no_sideways_scroll(page, "inbox at 390 px")
    shot(page, "5-inbox-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    # Triage one as relevant, in place.
    ada = Conversation.objects.get(author="Ada Okafor")
    row = page.locator(f"#conversation-{ada.pk}")
    row.get_by_role("button", name="Relevant", exact=True).click()
    expect(row.locator(".badge", has_text="Relevant")).to_be_visible()
    ada.refresh_from_db()
    assert (ada.status, ada.triaged_by) == (Conversation.Status.RELEVANT, hr_lead)

    # Open it and add the author as a new person, linked.
    row.get_by_role("link", name=re.compile("^Looking for my next role")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Looking for my next role")
    expect(page.locator(".conversation-text mark").first).to_be_visible()
    person_card = page.locator("#person")
    expect(person_card.get_by_label("First name")).to_have_value("Ada")
    expect(person_card.get_by_label("Last name")).to_have_value("Okafor")
    person_card.get_by_role("button", name="Add and link").click()
    expect(page.get_by_role("status")).to_contain_text("Linked to Ada Okafor.")
    expect(page.locator("#person")).to_contain_text("Linked to Ada Okafor.")
    ada.refresh_from_db()
    person = Person.objects.get(first_name="Ada", last_name="Okafor")
    assert ada.person == person
    assert person.source == Person.Source.LISTENING
    shot(page, "6-conversation-linked")

    # The person is in the directory, found by a search.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    page.get_by_role("link", name="Ada Okafor").first.click()
    expect(page.get_by_role("heading", name="Ada Okafor", level=1)).to_be_visible()
    expect(page.locator("dd", has_text="Found by a search")).to_be_visible()
    shot(page, "7-person")

    watch.assert_clean()
    connections.close_all()


# --- 2. a contributor and a manager ----------------------------------------------------------


def test_a_contributor_triages_in_the_inbox_sees_harvested_markup_as_text_and_may_not_write_a_search(
    live_server, page, hr_lead, contributor_a
):
    source, search = demo_search(hr_lead)
    hostile_title = "<script>alert('x')</script> Python developer <img src=x onerror=alert(2)>"
    services.posts_store(
        source=source,
        posts=[
            Post(
                venue="bundled",
                external_id="hostile-1",
                title=hostile_title,
                text="I write <b>Django</b> and <script>alert(3)</script> for a living. Open to work.",
                author="<i>Mallory</i>",
                author_url="javascript:alert(4)",
                url="javascript:alert(5)",
            ),
            Post(venue="bundled", external_id="plain-1", title="Django developer in Lisbon", text="Hello"),
        ],
    )
    hostile = Conversation.objects.get(external_id="hostile-1")
    plain = Conversation.objects.get(external_id="plain-1")
    watch = Watch(page)
    log_in_as(page, live_server.url, contributor_a.email)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Listening").click()
    expect(page.get_by_role("heading", name="Listening inbox", level=1)).to_be_visible()
    row = page.locator(f"#conversation-{hostile.pk}")
    # Shown as the text it is, with the match highlighted; nothing of it became markup.
    expect(row.get_by_role("link").first).to_contain_text("<script>alert('x')</script> Python developer <img")
    assert row.locator("script, img, b, i").count() == 0
    assert {m.lower() for m in row.locator("mark").all_inner_texts()} >= {"python", "developer"}
    shot(page, "8-contributor-inbox")
    page.set_viewport_size({"width": 390, "height": 844})
    assert_no_sideways_scroll(page, "contributor's inbox at 390 px")
    page.set_viewport_size({"width": 1280, "height": 900})

    row = page.locator(f"#conversation-{plain.pk}")
    row.get_by_role("button", name="Not relevant").click()
    expect(row.locator(".badge", has_text="Not relevant")).to_be_visible()
    plain.refresh_from_db()
    assert (plain.status, plain.triaged_by) == (Conversation.Status.NOT_RELEVANT, contributor_a)

    page.locator(f"#conversation-{hostile.pk}").get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("<script>alert('x')</script>")
    expect(page.locator(".conversation-text")).to_contain_text("<script>alert(3)</script>")
    assert page.locator("article script, article img, article b").count() == 0
    assert page.locator("a[href^='javascript:' i]").count() == 0
    page.get_by_role("button", name="Mark relevant").click()
    expect(page.locator(".page-header .badge")).to_have_text("Relevant")
    hostile.refresh_from_db()
    assert hostile.status == Conversation.Status.RELEVANT
    shot(page, "9-contributor-conversation")

    # Searches are readable, but writing one is the HR lead's job.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Listening").click()
    page.get_by_role("navigation", name="Listening").get_by_role("link", name="Searches").click()
    expect(page.get_by_role("link", name="Python people")).to_be_visible()
    expect(page.get_by_role("link", name="New search")).to_have_count(0)
    watch.expected_status.add(403)
    response = page.goto(live_server.url + "/listening/searches/new/")
    assert response is not None and response.status == 403
    response = page.goto(live_server.url + f"/listening/searches/{search.pk}/edit/")
    assert response is not None and response.status == 403

    watch.assert_clean()


def test_a_manager_gets_403_on_the_inbox_and_sees_no_listening_link(live_server, page, hr_lead, manager):
    demo_search(hr_lead)
    watch = Watch(page)
    log_in_as(page, live_server.url, manager.email)
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Listening")).to_have_count(0)

    watch.expected_status.add(403)
    for path in ("/listening/", "/listening/searches/"):
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 403, path
    watch.assert_clean()
