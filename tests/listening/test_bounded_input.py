"""Unbounded input to listening: a search parameter of thousands of words or kilobytes, in the
inbox, the API lists and a search's query text, is refused with a clear message (400 in the API's
error format, a form error on the page), never a 500 or a query with thousands of clauses, and
nothing is written."""

from __future__ import annotations

import pytest
from django.urls import reverse

from listening import services
from listening.connectors import make_post
from listening.models import Search
from listening.query import MAX_QUERY_LENGTH
from listening.validators import MAX_SEARCH_WORDS

pytestmark = pytest.mark.django_db

THOUSANDS_OF_WORDS = " ".join(f"w{i}" for i in range(5_000))  # about 30 KB
FEW_WORDS_MANY_KB = "x" * 20_000


@pytest.fixture
def source(hr_lead):
    return services.source_save(actor=hr_lead, name="Demo feed", kind="bundled", config={"feed": "talent-and-alumni"})


@pytest.fixture
def search(hr_lead, source):
    search = services.search_save(actor=hr_lead, name="Python people", query="python", sources=[source])
    services.posts_store(source=source, posts=[make_post(venue="bundled", external_id="1", text="python developer")])
    return search


def _error(response) -> dict:
    assert response.status_code == 400, response.content[:300]
    return response.json()["error"]


# --- the API ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [THOUSANDS_OF_WORDS, FEW_WORDS_MANY_KB], ids=["words", "kilobytes"])
def test_the_conversations_text_filter_refuses_a_huge_text(api_client_for, hr_lead, search, text):
    error = _error(api_client_for(hr_lead).get("/api/v1/conversations/", {"q": text}))
    assert error["code"] == "invalid" and "q" in error["fields"]


def test_the_conversations_text_filter_takes_a_few_words(api_client_for, hr_lead, search):
    words = " ".join(["python"] * MAX_SEARCH_WORDS)
    response = api_client_for(hr_lead).get("/api/v1/conversations/", {"q": words})
    assert response.status_code == 200 and response.json()["count"] == 1
    error = _error(api_client_for(hr_lead).get("/api/v1/conversations/", {"q": f"{words} python"}))
    assert error["fields"]["q"] == [f"Use at most {MAX_SEARCH_WORDS} words."]


@pytest.mark.parametrize("url", ["/api/v1/keyword-families/", "/api/v1/searches/", "/api/v1/sources/"])
@pytest.mark.parametrize("text", [THOUSANDS_OF_WORDS, FEW_WORDS_MANY_KB], ids=["words", "kilobytes"])
def test_the_api_search_parameter_refuses_a_huge_text(api_client_for, hr_lead, search, url, text):
    error = _error(api_client_for(hr_lead).get(url, {"search": text}))
    assert error["code"] == "invalid" and "search" in error["fields"]


def test_the_api_search_parameter_still_searches(api_client_for, hr_lead, search):
    response = api_client_for(hr_lead).get("/api/v1/searches/", {"search": "python people"})
    assert response.status_code == 200 and [row["id"] for row in response.json()["results"]] == [search.pk]


def test_a_search_query_of_kilobytes_is_a_400_on_the_query_and_nothing_is_saved(api_client_for, hr_lead, source):
    body = {"name": "Huge", "query": THOUSANDS_OF_WORDS, "sources": [source.pk]}
    error = _error(api_client_for(hr_lead).post("/api/v1/searches/", body, format="json"))
    assert "query" in error["fields"]
    assert not Search.objects.filter(name="Huge").exists()


# --- the pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [THOUSANDS_OF_WORDS, FEW_WORDS_MANY_KB], ids=["words", "kilobytes"])
def test_the_inbox_text_filter_shows_a_form_error_for_a_huge_text(client_for, hr_lead, search, text):
    response = client_for(hr_lead).get(reverse("listening:index"), {"q": text, "status": "all"})
    assert response.status_code == 200
    assert response.context["form"].errors["q"]
    assert response.context["filters"].q == ""


def test_the_inbox_text_filter_shows_the_word_limit(client_for, hr_lead, search):
    words = " ".join(["python"] * (MAX_SEARCH_WORDS + 1))
    response = client_for(hr_lead).get(reverse("listening:index"), {"q": words, "status": "all"})
    assert f"Use at most {MAX_SEARCH_WORDS} words." in response.content.decode()


@pytest.mark.parametrize(
    "url", ["listening:search_list", "listening:family_list", "listening:source_list"], ids=lambda u: u
)
def test_the_setup_lists_show_a_form_error_for_a_huge_text(client_for, hr_lead, search, url):
    response = client_for(hr_lead).get(reverse(url), {"q": FEW_WORDS_MANY_KB})
    assert response.status_code == 200
    assert "Ensure this value has at most" in response.content.decode()


def test_a_search_query_of_kilobytes_is_a_form_error_and_nothing_is_saved(client_for, hr_lead, source):
    data = {"name": "Huge", "purpose": "profile", "query": THOUSANDS_OF_WORDS, "sources": [source.pk]}
    response = client_for(hr_lead).post(reverse("listening:search_create"), data)
    assert response.status_code == 400
    assert f"at most {MAX_QUERY_LENGTH}" in str(response.context["form"].errors["query"])
    assert not Search.objects.filter(name="Huge").exists()
