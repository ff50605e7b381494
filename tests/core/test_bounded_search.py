"""Every API list's ``?search=`` is bounded (core.filters.BoundedSearchFilter, the default search
backend): a text of thousands of words or kilobytes, or of hundreds of comma-separated terms, is a
400 in the API's error format naming ``search`` (it was a query of thousands of clauses: slow, or
a 500), and a search within the bounds still finds what it names."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from rest_framework.request import Request

from core.api import AUDIT_PARAM_CHARS, AUDIT_PARAMS, listing_audit_data
from core.filters import MAX_SEARCH_CHARS, MAX_SEARCH_WORDS, search_terms_count, search_text_errors
from tests.programs.factories import SponsorFactory, VenueFactory

pytestmark = pytest.mark.django_db

THOUSANDS_OF_WORDS = " ".join(f"w{i}" for i in range(5_000))
COMMA_TERMS = ",".join(["ab"] * 60)  # 179 characters, one "word" to str.split, 60 terms to DRF
HUGE_TEXTS = [THOUSANDS_OF_WORDS, "x" * 20_000, COMMA_TERMS]
HUGE_IDS = ["thousands-of-words", "kilobytes", "comma-separated-terms"]
PROGRAMS_LISTS = ["/api/v1/sponsors/", "/api/v1/pilots/", "/api/v1/venues/"]


@pytest.mark.parametrize("url", PROGRAMS_LISTS)
@pytest.mark.parametrize("text", HUGE_TEXTS, ids=HUGE_IDS)
def test_a_programs_list_refuses_a_huge_search_with_a_400_on_search(api_client_for, hr_lead, url, text):
    response = api_client_for(hr_lead).get(url, {"search": text})

    assert response.status_code == 400, response.content[:300]
    error = response.json()["error"]
    assert error["code"] == "invalid" and list(error["fields"]) == ["search"]
    assert error["message"].startswith("search: Use at most")


def test_the_refusal_says_which_bound_was_broken(api_client_for, hr_lead):
    client = api_client_for(hr_lead)
    words = " ".join(["engineering"] * (MAX_SEARCH_WORDS + 1))

    too_many = client.get("/api/v1/sponsors/", {"search": words}).json()["error"]["fields"]["search"]
    too_long = client.get("/api/v1/sponsors/", {"search": "x" * (MAX_SEARCH_CHARS + 1)}).json()["error"]

    assert too_many == [f"Use at most {MAX_SEARCH_WORDS} words."]
    assert too_long["fields"]["search"] == [f"Use at most {MAX_SEARCH_CHARS} characters."]


def test_a_search_within_the_bounds_still_finds_by_every_word(api_client_for, hr_lead):
    engineering = SponsorFactory(name="Platform engineering")
    SponsorFactory(name="Sales")
    VenueFactory(name="Mastodon (hachyderm.io)")
    client = api_client_for(hr_lead)

    sponsors = client.get("/api/v1/sponsors/", {"search": "engineering platform"})
    ten_words = client.get("/api/v1/sponsors/", {"search": " ".join(["engineering"] * MAX_SEARCH_WORDS)})
    venues = client.get("/api/v1/venues/", {"search": "hachyderm"})

    assert [row["id"] for row in sponsors.json()["results"]] == [engineering.pk]
    assert [row["id"] for row in ten_words.json()["results"]] == [engineering.pk]
    assert [row["name"] for row in venues.json()["results"]] == ["Mastodon (hachyderm.io)"]


def test_a_list_without_search_fields_ignores_search_as_before(api_client_for, manager):
    # The ledger lists search nothing: a huge ?search= is ignored there, not refused.
    response = api_client_for(manager).get("/api/v1/hires/", {"search": THOUSANDS_OF_WORDS})

    assert response.status_code == 200


def test_the_schema_documents_the_bounds_of_search(api_client_for, hr_lead):
    schema = api_client_for(hr_lead).get("/api/schema/", {"format": "json"}).json()
    parameters = schema["paths"]["/api/v1/sponsors/"]["get"]["parameters"]
    (search,) = [p for p in parameters if p["name"] == "search"]

    assert search["schema"]["maxLength"] == MAX_SEARCH_CHARS
    assert f"at most {MAX_SEARCH_WORDS} words" in search["description"]


@pytest.mark.parametrize(
    ("text", "terms"),
    [("", 0), ("   ", 0), ("a b", 2), ("a,b,,c", 3), ('"site reliability" sre', 2), ("a, b", 2)],
)
def test_terms_are_counted_as_the_search_makes_clauses(text, terms):
    assert search_terms_count(text) == terms


def test_a_text_of_megabytes_is_refused_on_its_length_alone():
    assert search_text_errors("a " * 1_000_000) == [f"Use at most {MAX_SEARCH_CHARS} characters."]


# --- what an audited list keeps of its request ----------------------------------------------------


def test_an_audited_list_keeps_a_bounded_copy_of_a_hostile_query_string():
    query = "&".join(f"{i}{'k' * 300}={'v' * 5000}" for i in range(50))
    request = Request(RequestFactory().get(f"/api/v1/hires/?a=1&{query}"))

    data = listing_audit_data(request, 7)

    assert data["rows"] == 7
    assert len(data["filters"]) == AUDIT_PARAMS and data["filters"]["a"] == "1"
    assert all(len(k) <= AUDIT_PARAM_CHARS and len(v) <= AUDIT_PARAM_CHARS for k, v in data["filters"].items())
