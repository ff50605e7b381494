"""Listening pages as a phone and a reader see them: a run's per-source table becomes cards (each
value labelled by its column), the searches list says truthfully how a search never run on its own
got its conversations, and the inbox links a linked person only for who may open people's pages."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django.urls import reverse

from listening import services
from listening.models import Conversation
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

DEMO_FEED = {"feed": "talent-and-alumni"}
RUN_COLUMNS = [
    "Status",
    "Posts read",
    "Not in the inbox before",
    "Matched this search",
    "Added to the inbox",
    "Attempts",
    "Duration",
    "Error or note",
]


@pytest.fixture
def demo_source(hr_lead):
    return services.source_save(actor=hr_lead, name="Demo feed", kind="bundled", config=DEMO_FEED)


@pytest.fixture
def python_search(hr_lead, demo_source):
    return services.search_save(actor=hr_lead, name="Python people", query="python", sources=[demo_source])


@pytest.fixture
def alumni_search(hr_lead, demo_source):
    """Reads the same source as python_search; never run on its own in these tests."""
    return services.search_save(actor=hr_lead, name="Alumni talk", query="alumni", sources=[demo_source])


@pytest.fixture
def finished_run(hr_lead, python_search, alumni_search):
    run = services.run_start(search=python_search, actor=hr_lead)
    services.run_fetch_source(result_id=run.results.get().pk)
    return run


def text_of(response) -> str:
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_run_page_lists_each_source_as_a_card_on_a_phone_with_every_value_labelled(client_for, hr_lead, finished_run):
    body = client_for(hr_lead).get(reverse("listening:run_detail", args=[finished_run.pk])).content.decode()
    table = body[body.index('<section id="run-status"') : body.index("</table>")]
    assert '<table class="table table--cards">' in table
    result = finished_run.results.get()
    labels = re.findall(r'<td data-label="([^"]+)">', table)
    assert labels == RUN_COLUMNS
    # The source's name is the card's heading (no label); the counts keep their columns' words.
    assert '<th scope="row">Demo feed</th>' in table
    counts = (result.fetched, result.new, result.matched, result.stored)
    cells = [f'<td data-label="{label}">{n}</td>' for label, n in zip(RUN_COLUMNS[1:5], counts, strict=True)]
    assert "".join(cells) in table.replace("\n", "").replace("        ", "")
    # Every column heading is a label, so the cards say what the table's head says.
    heads = re.findall(r'<th scope="col">([^<]+)</th>', table)
    assert heads == ["Source", *RUN_COLUMNS]


def test_search_list_says_a_search_not_run_on_its_own_found_conversations_through_other_runs(
    client_for, hr_lead, finished_run, python_search, alumni_search
):
    found = Conversation.objects.filter(matches__search=alumni_search).count()
    assert found > 0  # the python search's run matched posts against every search of the source
    response = client_for(hr_lead).get(reverse("listening:search_list"))
    page = text_of(response)
    row = page[page.index("Alumni talk") : page.index("Python people")]
    assert "Never run" not in row
    assert f"Not run on its own · {found} found by other runs, latest " in row
    # A search that ran says how its last run went, as before.
    assert "Never run" not in page[page.index("Python people") :]
    # The list is cards on a phone: every cell but the search's name is labelled.
    body = response.content.decode()
    assert '<table class="table table--cards">' in body
    assert re.findall(r'<td data-label="([^"]+)"', body)[:6] == [
        "Purpose",
        "Pilot",
        "Sources",
        "Schedule",
        "Last run",
        "Conversations",
    ]


def test_a_search_that_never_ran_and_found_nothing_says_never_run(client_for, hr_lead, python_search):
    page = text_of(client_for(hr_lead).get(reverse("listening:search_list")))
    assert "Never run" in page and "found by other runs" not in page


def test_search_page_of_a_search_not_run_on_its_own_says_where_its_conversations_came_from(
    client_for, hr_lead, finished_run, alumni_search
):
    found = Conversation.objects.filter(matches__search=alumni_search).count()
    page = text_of(client_for(hr_lead).get(reverse("listening:search_detail", args=[alumni_search.pk])))
    assert "Not run on its own yet" in page
    assert "found by runs of other searches that read the same sources" in page
    assert f"The {found} conversation" in page


def test_inbox_links_a_linked_person_only_for_who_may_open_peoples_pages(
    client_for, hr_lead, contributor_a, outsider, finished_run, python_search
):
    conversation = Conversation.objects.filter(matches__search=python_search).first()
    assert conversation is not None
    person = PersonFactory(first_name="Ada", last_name="Okafor")
    services.conversation_link_person(actor=hr_lead, conversation=conversation, person=person)
    person_url = reverse("people:person_detail", args=[person.pk])
    inbox = reverse("listening:index")

    # A contributor in no pilot triages the program's conversations but has no people directory.
    client = client_for(outsider)
    body = client.get(inbox).content.decode()
    assert f'id="conversation-{conversation.pk}"' in body
    assert "Linked to Ada Okafor" in body and person_url not in body
    assert client.get(person_url).status_code == 403
    # The row re-rendered after an in-place action follows the same rule.
    row = client.post(
        reverse("listening:conversation_triage"),
        {"ids": [conversation.pk], "status": "relevant", "next": inbox},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "Linked to Ada Okafor" in row and person_url not in row

    for user in (hr_lead, contributor_a):
        body = client_for(user).get(inbox, {"status": "all"}).content.decode()
        assert f'Linked to <a href="{person_url}">Ada Okafor</a>' in body
