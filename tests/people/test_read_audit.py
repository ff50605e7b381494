"""Reads of personal data are audited: who opened which person (page and API) and who called the
people list API, one event per request (not per row), naming the person when it is one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_opening_a_person_page_is_recorded_once(client_for, contributor_a):
    person = PersonFactory()

    assert client_for(contributor_a).get(reverse("people:person_detail", args=[person.pk])).status_code == 200

    event = AuditEvent.objects.get(verb="person.viewed")
    assert (event.actor, event.person_id, event.data) == (contributor_a, person.pk, {"via": "page"})


def test_a_refused_page_records_nothing(client_for, manager):
    person = PersonFactory()
    assert client_for(manager).get(reverse("people:person_detail", args=[person.pk])).status_code == 403
    assert not AuditEvent.objects.filter(verb="person.viewed").exists()


def test_the_people_list_api_records_one_event_per_request(api_client_for, hr_lead):
    PersonFactory.create_batch(3, city="Lyon")
    PersonFactory(city="Oslo")

    response = api_client_for(hr_lead).get("/api/v1/people/", {"city": "Lyon"})

    assert response.status_code == 200 and response.json()["count"] == 3
    event = AuditEvent.objects.get()
    assert (event.verb, event.actor, event.person_id) == ("people.api_listed", hr_lead, None)
    assert event.data == {"rows": 3, "filters": {"city": "Lyon"}}


def test_the_person_api_records_who_read_whom(api_client_for, contributor_a):
    person = PersonFactory()

    assert api_client_for(contributor_a).get(f"/api/v1/people/{person.pk}/").status_code == 200
    assert api_client_for(contributor_a).get("/api/v1/people/999999/").status_code == 404

    event = AuditEvent.objects.get()
    assert (event.verb, event.actor, event.person_id, event.data) == (
        "person.viewed",
        contributor_a,
        person.pk,
        {"via": "api"},
    )
