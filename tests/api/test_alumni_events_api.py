"""/api/v1/alumni/events/ (CRUD + linking introductions) and /api/v1/alumni/density/."""

from __future__ import annotations

import pytest
from django.utils import timezone

from accounts.models import AuditEvent
from alumni.api.events import AUDIT_LISTED
from alumni.models import NetworkingEvent
from metrics import services as ledger
from tests.alumni.factories import AlumnusFactory
from tests.people.factories import PersonFactory
from tests.programs.factories import PilotFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/alumni/events/"
DENSITY = "/api/v1/alumni/density/"
TODAY = timezone.localdate().isoformat()


@pytest.fixture
def alumnus(pilot_b):
    return AlumnusFactory(pilot=pilot_b, person=PersonFactory(country="DE", city="Berlin"))


@pytest.fixture
def created(api_client_for, contributor_b, pilot_b, alumnus):
    response = api_client_for(contributor_b).post(
        URL,
        {
            "pilot": pilot_b.pk,
            "name": "Berlin Breakfast",
            "city": "Berlin",
            "country": "de",
            "starts_on": TODAY,
            "recommended_by": [alumnus.pk],
            "attendees": [contributor_b.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.data
    return response.data


def test_create_read_update_delete(created, api_client_for, contributor_b, alumnus):
    client = api_client_for(contributor_b)
    assert created["country"] == "DE"
    assert created["recommended_by"] == [alumnus.pk]
    listed = client.get(URL)
    assert listed.data["count"] == 1
    assert AuditEvent.objects.filter(verb=AUDIT_LISTED).count() == 1
    patched = client.patch(f"{URL}{created['id']}/", {"city": "Potsdam"}, format="json")
    assert patched.status_code == 200
    assert patched.data["city"] == "Potsdam"
    assert patched.data["recommended_by"] == [alumnus.pk]
    assert client.delete(f"{URL}{created['id']}/").status_code == 204
    assert not NetworkingEvent.objects.exists()


def test_bad_input_is_a_400_naming_the_field(api_client_for, contributor_b, pilot_b, contributor_a):
    client = api_client_for(contributor_b)
    base = {"pilot": pilot_b.pk, "name": "X", "city": "Oslo", "country": "NO", "starts_on": TODAY}
    bad_country = client.post(URL, {**base, "country": "Narnia"}, format="json")
    assert bad_country.status_code == 400
    assert "country" in bad_country.data["error"]["fields"]
    stranger = client.post(URL, {**base, "attendees": [contributor_a.pk]}, format="json")
    assert stranger.status_code == 400
    assert "attendees" in stranger.data["error"]["fields"]
    other_alumnus = AlumnusFactory(pilot=PilotFactory(stage=2))
    invisible = client.post(URL, {**base, "recommended_by": [other_alumnus.pk]}, format="json")
    assert invisible.status_code == 400
    assert client.post(URL, {**base, "pilot": 10**30}, format="json").status_code == 400
    assert not NetworkingEvent.objects.exists()


def test_link_an_introduction(created, api_client_for, contributor_b, pilot_b, hr_lead, pilot_a):
    client = api_client_for(contributor_b)
    intro = ledger.introduction_record(
        actor=contributor_b, pilot=pilot_b, on_behalf_of=PersonFactory(), to_person=PersonFactory()
    )
    url = f"{URL}{created['id']}/introductions/"
    linked = client.post(url, {"introduction": intro.pk}, format="json")
    assert linked.status_code == 200
    assert linked.data["introductions"] == [intro.pk]
    assert client.post(url, {"introduction": intro.pk}, format="json").status_code == 409
    foreign = ledger.introduction_record(
        actor=hr_lead, pilot=pilot_a, on_behalf_of=PersonFactory(), to_person=PersonFactory()
    )
    assert client.post(url, {"introduction": foreign.pk}, format="json").status_code == 400


def test_event_access(created, api_client_for, contributor_a, manager, outsider, sponsor_b):
    sponsor_b.managers.add(manager)
    assert api_client_for(manager).get(URL).status_code == 403
    assert api_client_for(outsider).get(URL).status_code == 403
    assert api_client_for(contributor_a).get(URL).data["count"] == 0
    assert api_client_for(contributor_a).get(f"{URL}{created['id']}/").status_code == 404
    assert api_client_for(contributor_a).delete(f"{URL}{created['id']}/").status_code == 404


def test_density(created, api_client_for, contributor_b, manager, sponsor_b, outsider, pilot_b):
    rows = api_client_for(contributor_b).get(DENSITY).data
    assert {
        "level": "country",
        "country": "DE",
        "country_name": "Germany",
        "city": "",
        "alumni": 1,
        "events": 1,
        "introductions": 0,
    } in rows
    sponsor_b.managers.add(manager)
    manager_rows = api_client_for(manager).get(f"{DENSITY}?pilot={pilot_b.pk}").data
    assert [r["alumni"] for r in manager_rows if r["level"] == "country"] == [1]
    assert api_client_for(manager).get(f"{DENSITY}?pilot=abc").status_code == 400
    assert api_client_for(outsider).get(DENSITY).status_code == 403
