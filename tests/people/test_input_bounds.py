"""Unbounded input is refused with a clear message, never a 500 or an unbounded query: a person
with thousands of emails, handles or tags (form and API), and a search of thousands of words or
kilobytes (directory, people API, lookups)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent
from people.models import Person
from people.search import MAX_SEARCH_LENGTH, MAX_SEARCH_WORDS, MSG_SEARCH_TOO_LONG
from people.selectors import person_lookup
from people.services import MAX_EMAILS, MAX_HANDLES, MAX_TAGS, MSG_TOO_MANY
from tests.people.factories import PersonFactory
from tests.people.test_person_views import person_post

pytestmark = pytest.mark.django_db

HUGE_QUERY = " ".join(f"word{i}" for i in range(3000))


def too_many(what: str, limit: int) -> str:
    return MSG_TOO_MANY.format(limit=limit, what=what)


# --- A person's lists ---------------------------------------------------------------------------


def test_the_form_refuses_thousands_of_emails_with_a_clear_message(client_for, hr_lead):
    emails = "\n".join(f"p{i}@mail.example" for i in range(5000))

    response = client_for(hr_lead).post(reverse("people:person_create"), person_post(emails=emails))

    assert response.status_code == 400
    assert too_many("email addresses", MAX_EMAILS) in response.content.decode()
    assert not Person.objects.exists()


def test_the_form_refuses_too_many_tags(client_for, hr_lead):
    tags = ",".join(f"t{i}" for i in range(MAX_TAGS + 1))

    response = client_for(hr_lead).post(reverse("people:person_create"), person_post(tags=tags))

    assert response.status_code == 400
    assert too_many("tags", MAX_TAGS) in response.content.decode()
    assert not Person.objects.exists()


def test_the_form_refuses_more_handle_rows_than_the_cap(client_for, hr_lead):
    handles = [("mastodon", f"h{i}", "") for i in range(MAX_HANDLES + 1)]

    response = client_for(hr_lead).post(reverse("people:person_create"), person_post(handles=handles))

    assert response.status_code == 400
    assert not Person.objects.exists()


# (A list of thousands is refused earlier, by the API's JSON parser; these stay under its bound.)
@pytest.mark.parametrize(
    ("field", "value", "what", "limit"),
    [
        ("emails", [f"p{i}@mail.example" for i in range(500)], "email addresses", MAX_EMAILS),
        ("handles", [{"venue_kind": "x", "handle": f"h{i}"} for i in range(MAX_HANDLES + 1)], "handles", MAX_HANDLES),
        ("tags", [f"t{i}" for i in range(MAX_TAGS + 1)], "tags", MAX_TAGS),
    ],
)
def test_the_api_refuses_more_list_items_than_the_caps_with_400(api_client_for, hr_lead, field, value, what, limit):
    response = api_client_for(hr_lead).post("/api/v1/people/", {"first_name": "Ada", field: value}, format="json")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert too_many(what, limit) in error["message"]
    assert not Person.objects.exists()


def test_exactly_the_cap_is_accepted(api_client_for, hr_lead):
    emails = [f"p{i}@mail.example" for i in range(MAX_EMAILS)]

    response = api_client_for(hr_lead).post("/api/v1/people/", {"first_name": "Ada", "emails": emails}, format="json")

    assert response.status_code == 201
    assert len(response.json()["emails"]) == MAX_EMAILS


# --- Searches -----------------------------------------------------------------------------------


@pytest.mark.parametrize("param", ["search", "q"])
@pytest.mark.parametrize("query", [HUGE_QUERY, "x" * 20_000])
def test_the_people_api_answers_400_to_a_huge_search(api_client_for, hr_lead, param, query):
    PersonFactory()

    response = api_client_for(hr_lead).get("/api/v1/people/", {param: query})

    assert response.status_code == 400
    assert response.json()["error"]["message"].endswith(MSG_SEARCH_TOO_LONG)
    assert not AuditEvent.objects.filter(verb="people.api_listed").exists()


def test_the_people_api_searches_with_q_as_with_search(api_client_for, hr_lead):
    ada = PersonFactory(first_name="Ada", last_name="Lovelace")
    PersonFactory(first_name="Grace", last_name="Hopper")
    client = api_client_for(hr_lead)

    for param in ("search", "q"):
        rows = client.get("/api/v1/people/", {param: "ada love"}).json()["results"]
        assert [r["id"] for r in rows] == [ada.pk]


def test_the_directory_shows_a_form_error_for_a_huge_search(client_for, hr_lead):
    PersonFactory(first_name="Ada")

    response = client_for(hr_lead).get(reverse("people:person_list"), {"q": HUGE_QUERY})

    assert response.status_code == 400
    html = response.content.decode()
    assert MSG_SEARCH_TOO_LONG in html
    assert "Ada" not in html  # a refused search shows no result rather than everyone


def test_searches_at_the_limits_still_work(client_for, hr_lead):
    PersonFactory(first_name="Ada", last_name="Lovelace")
    words = " ".join(["ada"] * MAX_SEARCH_WORDS)

    response = client_for(hr_lead).get(reverse("people:person_list"), {"q": words})

    assert response.status_code == 200 and "Ada" in response.content.decode()
    assert len(words) <= MAX_SEARCH_LENGTH


def test_a_lookup_caller_that_forgets_to_validate_still_runs_a_bounded_query():
    PersonFactory(first_name="Ada")
    with CaptureQueriesContext(connection) as queries:
        assert list(person_lookup(HUGE_QUERY)[:10]) == []
    sql = queries.captured_queries[-1]["sql"]
    assert f"word{MAX_SEARCH_WORDS - 1}" in sql and f"word{MAX_SEARCH_WORDS}" not in sql


def test_the_service_refuses_a_flood_whoever_calls_it(hr_lead):
    from people import services

    data = services.PersonData(first_name="Ada", emails=[f"p{i}@mail.example" for i in range(MAX_EMAILS + 1)])
    with pytest.raises(services.PeopleError) as refused:
        services.person_create(actor=hr_lead, data=data)

    assert refused.value.fields == {"emails": [too_many("email addresses", MAX_EMAILS)]}
    assert not Person.objects.exists()
