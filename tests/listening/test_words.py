"""The words listening's pages and API use for a run's counts and a source's health: what each
number is, said the way a user would ("Read 12 posts: 1 matched this search; 7 were new and added
to the inbox"), and a source no run has read yet is "Not fetched yet", never "Working"."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from listening import services
from listening.models import Conversation, ConversationMatch, SearchRun
from listening.selectors import RunCounts, upload_summary
from listening.services.runs import MSG_PAUSED

pytestmark = pytest.mark.django_db

DEMO_FEED = {"feed": "talent-and-alumni"}


def text_of(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def demo_source(hr_lead):
    return services.source_save(actor=hr_lead, name="Demo feed", kind="bundled", config=DEMO_FEED)


@pytest.fixture
def two_searches(hr_lead, demo_source):
    """Two searches reading the same source: a run of either stores what both match."""
    python = services.search_save(actor=hr_lead, name="Python people", query="python", sources=[demo_source])
    alumni = services.search_save(actor=hr_lead, name="Alumni talk", query="northwind", sources=[demo_source])
    return python, alumni


def run_now(search, actor) -> SearchRun:
    run = services.run_start(search=search, actor=actor)
    for result in run.results.all():
        services.run_fetch_source(result_id=result.pk)
    run.refresh_from_db()
    return run


# --- the sentence, with numbers counted by hand ---------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "summary", "why"),
    [
        (
            RunCounts(fetched=12, new=12, matched=1, stored=7),
            "Read 12 posts: 1 matched this search; 7 were new and added to the inbox.",
            "A post is also added when it matches another active search that reads the same source "
            "(it shows under that search in the inbox).",
        ),
        (
            RunCounts(fetched=12, new=5, matched=4, stored=0),
            "Read 12 posts: 4 matched this search; nothing was added to the inbox.",
            "Posts already in the inbox are not added again.",
        ),
        (
            RunCounts(fetched=1, new=1, matched=1, stored=1),
            "Read 1 post: 1 matched this search; 1 was new and added to the inbox.",
            "",
        ),
        (RunCounts(fetched=3, new=3), "Read 3 posts: none matched this search; nothing was added to the inbox.", ""),
        (RunCounts(), "No posts were read.", ""),
    ],
)
def test_a_runs_counts_read_as_a_sentence(counts, summary, why):
    assert (counts.summary, counts.why_they_differ) == (summary, why)


def test_an_uploads_counts_say_how_many_were_already_in_the_inbox():
    assert upload_summary(rows=5, matched=3, stored=1, filename="x.csv") == (
        "Read 5 rows from x.csv: 3 matched an active search reading this source; "
        "1 was new and added to the inbox (2 were already there)."
    )
    assert upload_summary(rows=1, matched=0, stored=0, filename="x.csv") == (
        "Read 1 row from x.csv: none matched an active search reading this source, so nothing was added to the inbox."
    )


# --- the run page ----------------------------------------------------------------------------------


def test_the_run_page_says_what_matched_and_what_was_added_when_they_differ(client_for, hr_lead, two_searches):
    python, alumni = two_searches
    first = run_now(alumni, hr_lead)  # stores what either search matches
    second = run_now(python, hr_lead)  # finds its matches already in the inbox
    client = client_for(hr_lead)

    first_page = text_of(client.get(reverse("listening:run_detail", args=[first.pk])))
    second_page = text_of(client.get(reverse("listening:run_detail", args=[second.pk])))

    alumni_matches = ConversationMatch.objects.filter(search=alumni).count()
    python_matches = ConversationMatch.objects.filter(search=python).count()
    stored = Conversation.objects.count()
    assert 0 < alumni_matches < stored and python_matches > 0  # the demo feed has both kinds of post
    assert (
        f"Read 12 posts: {alumni_matches} matched this search; {stored} were new and added to the inbox." in first_page
    )
    assert "also added when it matches another active search" in first_page
    assert f"Read 12 posts: {python_matches} matched this search; nothing was added to the inbox." in second_page
    assert "Posts already in the inbox are not added again." in second_page
    for page in (first_page, second_page):
        assert "What the numbers mean" in page and "stored" not in page.lower()


def test_the_search_page_names_the_columns_as_the_run_page_does(client_for, hr_lead, two_searches):
    python, _ = two_searches
    run_now(python, hr_lead)

    page = text_of(client_for(hr_lead).get(reverse("listening:search_detail", args=[python.pk])))

    assert "Posts read" in page and "Matched this search" in page and "Added to the inbox" in page


def test_a_skipped_source_says_why_in_its_note(client_for, hr_lead, demo_source, two_searches):
    python, _ = two_searches
    paused = services.source_save(actor=hr_lead, name="Paused feed", kind="bundled", config=DEMO_FEED)
    paused.health = paused.Health.PAUSED
    paused.save(update_fields=["health"])
    services.search_save(actor=hr_lead, search=python, name=python.name, query="python", sources=[demo_source, paused])
    run = run_now(python, hr_lead)

    page = text_of(client_for(hr_lead).get(reverse("listening:run_detail", args=[run.pk])))

    assert run.results.get(source=paused).status == "skipped"
    assert ">Skipped<" in page and MSG_PAUSED in page
    assert "Done, some sources failed" not in page  # a skipped source is not a failure


# --- a source's health ------------------------------------------------------------------------------


def test_a_source_never_fetched_says_so_and_working_once_a_run_read_it(client_for, hr_lead, demo_source, two_searches):
    python, _ = two_searches
    client = client_for(hr_lead)

    before = text_of(client.get(reverse("listening:source_list")))
    search_page = text_of(client.get(reverse("listening:search_detail", args=[python.pk])))
    run_now(python, hr_lead)
    after = text_of(client.get(reverse("listening:source_list")))

    assert "Not fetched yet" in before and "Working" not in before
    assert "Not fetched yet" in search_page and "Working" not in search_page
    assert "Working" in after and "Not fetched yet" not in after


def test_an_upload_source_is_filled_by_uploads_not_working(client_for, hr_lead):
    services.source_save(actor=hr_lead, name="LinkedIn export", kind="upload", config={})

    page = text_of(client_for(hr_lead).get(reverse("listening:source_list")))

    assert "Filled by uploads" in page and "Uploads only" in page
    assert "Working" not in page and "Not fetched yet" not in page


# --- the API ----------------------------------------------------------------------------------------


def test_the_api_gives_a_sources_health_in_the_pages_words(api_client_for, hr_lead, demo_source, two_searches):
    python, _ = two_searches
    client = api_client_for(hr_lead)
    url = f"/api/v1/sources/{demo_source.pk}/"

    before = client.get(url).json()
    run_now(python, hr_lead)
    after = client.get(url).json()

    assert (before["health"], before["health_label"], before["last_fetched_at"]) == ("ok", "Not fetched yet", None)
    assert (after["health"], after["health_label"]) == ("ok", "Working")


def test_the_api_documents_what_each_run_count_is(api_client_for, hr_lead):
    schema = api_client_for(hr_lead).get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]
    counts = schema["RunSource"]["properties"]
    source = schema["Source"]["properties"]

    assert counts["fetched"]["description"].startswith("Posts read")
    assert "including those already in the inbox" in counts["matched"]["description"]
    assert counts["stored"]["description"].startswith("Conversations this run added to the inbox")
    assert "not in the inbox before" in counts["new"]["description"]
    assert "Not fetched yet" in source["health_label"]["description"]
    assert "not read yet" in source["health"]["description"]
