"""Searching people by typing, the one lookup (people.selectors.person_lookup) behind the
directory's search, the quick log's person picker and the people API: any case, any accent, in
every script; names, emails, company, title, city and handles; a constant number of queries
whatever the directory's size; erased people never found; the search text kept true by every
write that changes what it holds."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from people import services
from people.models import Person
from people.search import MSG_SEARCH_TOO_LONG, fold
from people.selectors import person_lookup
from tests.people.factories import CompanyFactory, PersonEmailFactory, PersonFactory, SocialHandleFactory

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("people:person_list")
PICKER = reverse("metrics:person_lookup")


def directory_names(client, q: str) -> list[str]:
    response = client.get(DIRECTORY, {"q": q})
    assert response.status_code == 200
    return [p.full_name for p in response.context["people"]]


def picker_ids(client, q: str) -> list[int]:
    response = client.get(PICKER, {"q": q, "field": "person"})
    assert response.status_code == 200
    return [o.pk for o in response.context["picker"].options]


# --- Any case, any accent, every script --------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "last", "typed"),
    [
        ("José", "García", "jose"),
        ("José", "García", "JOSE garcia"),
        ("Jose", "Garcia", "josé"),  # accents typed, none stored
        ("Anna", "Müller", "muller"),
        ("Łukasz", "Wójcik", "lukasz wojcik"),
        ("Søren", "Kierkegaard", "soren"),
        ("Ελένη", "Παπαδοπούλου", "ελενη"),  # Greek, case and tonos
        ("ΕΛΈΝΗ", "Οδυσσέως", "οδυσσεως"),  # final sigma
        ("Дмитрий", "Шостакович", "шостакович"),  # Cyrillic, case
        ("Straße", "Groß", "strasse gross"),
        ("Ｊｏｓｅ", "Fullwidth", "jose fullwidth"),
    ],
)
def test_a_search_finds_a_person_in_any_case_and_without_accents(client_for, hr_lead, first, last, typed):
    person = PersonFactory(first_name=first, last_name=last)
    PersonFactory(first_name="Someone", last_name="Else")

    assert directory_names(client_for(hr_lead), typed) == [person.full_name]
    assert [p.pk for p in person_lookup(typed)] == [person.pk]


def test_the_picker_and_the_api_find_the_same_people_as_the_directory(client_for, api_client_for, hr_lead):
    jose = PersonFactory(first_name="José", last_name="Núñez")
    PersonFactory(first_name="Joseph", last_name="Other")

    assert picker_ids(client_for(hr_lead), "jose nunez") == [jose.pk]
    rows = api_client_for(hr_lead).get("/api/v1/people/", {"search": "JOSÉ NUNEZ"}).json()["results"]
    assert [r["id"] for r in rows] == [jose.pk]


def test_scripts_without_accents_to_drop_keep_their_letters():
    # Devanagari's virama and kana's voicing marks are part of the letter, not an accent.
    assert fold("क्षत्रिय") == "क्षत्रिय"
    assert fold("ガイ") == "ガイ"
    assert fold("한국어") == "한국어"


@pytest.mark.parametrize(
    ("typed", "field"),
    [
        ("ada@lovelace", "email"),
        ("LOVELACE.EXAMPLE", "email"),
        ("analytical", "company"),
        ("engines ltd", "company"),
        ("countess", "title"),
        ("londön", "city"),
        ("adalove", "handle"),
    ],
)
def test_a_search_matches_emails_company_title_city_and_handles(client_for, hr_lead, typed, field):
    company = CompanyFactory(name="Analytical Engines Ltd")
    ada = PersonFactory(first_name="Ada", last_name="King", company=company, title="Countess", city="London")
    PersonEmailFactory(person=ada, email="ada@lovelace.example")
    SocialHandleFactory(person=ada, handle="@AdaLove")
    PersonFactory(first_name="Charles", last_name="Babbage", title="Engineer", city="Paris")

    assert directory_names(client_for(hr_lead), typed) == ["Ada King"], field


def test_every_word_must_match_somewhere(client_for, hr_lead):
    company = CompanyFactory(name="Globex")
    PersonFactory(first_name="Maria", last_name="Silva", company=company)
    PersonFactory(first_name="Maria", last_name="Costa")

    assert directory_names(client_for(hr_lead), "maria globex") == ["Maria Silva"]
    assert directory_names(client_for(hr_lead), "maria initech") == []


def test_names_that_start_with_the_words_come_first():
    mid_word = PersonFactory(first_name="Joanne", last_name="Abbot")
    by_email = PersonFactory(first_name="Zoe", last_name="Aaron")
    PersonEmailFactory(person=by_email, email="ann.z@mail.example")
    starts = PersonFactory(first_name="Ann", last_name="Zed")
    last_name_starts = PersonFactory(first_name="Bo", last_name="Annerl")

    ranked = [p.pk for p in person_lookup("ann")]

    assert ranked == [last_name_starts.pk, starts.pk, by_email.pk, mid_word.pk]


def test_a_word_of_two_letters_keeps_the_name_order():
    # Ranking would sort most of the directory for such a word: the name order stays.
    joanne = PersonFactory(first_name="Joanne", last_name="Abbot")
    ann = PersonFactory(first_name="Ann", last_name="Zed")

    assert [p.pk for p in person_lookup("an")] == [joanne.pk, ann.pk]


def test_percent_and_underscore_are_plain_characters_not_wildcards():
    PersonFactory(first_name="Ada", last_name="Percent")

    assert list(person_lookup("%")) == []
    assert list(person_lookup("_da")) == []


# --- Erased people and bounds -----------------------------------------------------------------


def test_erased_people_are_never_found_and_keep_no_search_text(client_for, hr_lead):
    gone = PersonFactory(first_name="Erika", last_name="Forgotten")
    PersonEmailFactory(person=gone, email="erika@forgotten.example")
    services.person_erase(actor=hr_lead, person=gone)

    assert directory_names(client_for(hr_lead), "forgotten") == []
    assert picker_ids(client_for(hr_lead), "erika") == []
    assert list(person_lookup("erased person")) == []
    gone.refresh_from_db()
    assert (gone.search_text, gone.search_name) == ("", "")


def test_a_search_over_the_bounds_is_still_refused(client_for, hr_lead):
    PersonFactory(first_name="Ada")

    response = client_for(hr_lead).get(DIRECTORY, {"q": "ada " * 9})

    assert response.status_code == 400
    assert MSG_SEARCH_TOO_LONG in response.content.decode()


# --- A constant number of queries -------------------------------------------------------------


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def _people(start: int, end: int) -> None:
    company = CompanyFactory(name=f"Initech {start}")
    for i in range(start, end):
        person = PersonFactory(first_name="Sam", last_name=f"Lumbergh{i}", company=company)
        if i % 3 == 0:
            PersonEmailFactory(person=person, email=f"sam{i}@initech.example")
            SocialHandleFactory(person=person, handle=f"sam{i}")


@pytest.mark.parametrize("query", ["sam initech", "sam@init"])
def test_the_lookup_directory_and_picker_cost_the_same_queries_for_10_or_200_people(client_for, hr_lead, query):
    client = client_for(hr_lead)
    _people(0, 10)
    small = (
        _queries(lambda: list(person_lookup(query)[:20])),
        _queries(lambda: client.get(DIRECTORY, {"q": query})),
        _queries(lambda: client.get(PICKER, {"q": query, "field": "person"})),
    )
    _people(10, 200)
    large = (
        _queries(lambda: list(person_lookup(query)[:20])),
        _queries(lambda: client.get(DIRECTORY, {"q": query})),
        _queries(lambda: client.get(PICKER, {"q": query, "field": "person"})),
    )

    assert small[0] == 1  # the people and their companies in one query
    assert large == small


def test_the_lookup_is_one_condition_per_word_on_one_column_without_joins():
    PersonFactory(first_name="Ada")
    with CaptureQueriesContext(connection) as captured:
        list(person_lookup("ada lovelace")[:20])
    sql = captured.captured_queries[0]["sql"].lower()
    where = sql.split(" where ", 1)[1]

    assert where.count("search_text") == 2
    assert "people_personemail" not in sql and "people_socialhandle" not in sql and "distinct" not in sql


# --- The search text stays true ---------------------------------------------------------------


def _person_data(**overrides) -> services.PersonData:
    values = {"first_name": "Grace", "last_name": "Hopper", "emails": ["grace@navy.example"]}
    values.update(overrides)
    return services.PersonData(**values)


def test_created_and_edited_people_are_found_by_what_they_hold_now(hr_lead):
    grace = services.person_create(actor=hr_lead, data=_person_data(city="Arlington", new_company="Navy Labs"))
    assert [p.pk for p in person_lookup("grace navy labs arlington")] == [grace.pk]

    services.person_update(
        actor=hr_lead,
        person=grace,
        data=_person_data(
            first_name="Gráce",
            emails=["hopper@cobol.example"],
            handles=[services.HandleData(venue_kind="mastodon", handle="@amazing_grace")],
        ),
    )

    assert [p.pk for p in person_lookup("cobol")] == [grace.pk]
    assert [p.pk for p in person_lookup("amazing_grace")] == [grace.pk]
    assert list(person_lookup("navy.example")) == []
    assert list(person_lookup("arlington")) == []


def test_renaming_or_deleting_a_company_updates_its_peoples_search_text(hr_lead):
    company = services.company_save(actor=hr_lead, name="Initrode")
    people = [
        services.person_create(actor=hr_lead, data=_person_data(first_name=f"P{i}", emails=[], company=company))
        for i in range(3)
    ]
    services.company_save(actor=hr_lead, company=company, name="Intertrode Müller")

    assert {p.pk for p in person_lookup("intertrode muller")} == {p.pk for p in people}
    assert list(person_lookup("initrode")) == []

    services.company_delete(actor=hr_lead, company=company)

    assert list(person_lookup("intertrode")) == []
    assert Person.objects.count() == 3


def test_the_migration_fills_the_search_text_of_people_already_in_the_directory():
    company = CompanyFactory(name="Hooli")
    old = PersonFactory(first_name="Gavin", last_name="Bélson", company=company)
    PersonEmailFactory(person=old, email="gavin@hooli.example")
    Person.objects.update(search_text="", search_name="")
    assert list(person_lookup("gavin")) == []

    migration = importlib.import_module("people.migrations.0007_person_search_text")
    migration.fill_search_text(apps, None)

    assert [p.pk for p in person_lookup("belson hooli gavin@hooli")] == [old.pk]
