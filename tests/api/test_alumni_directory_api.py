"""The alumni directory API: /api/v1/alumni/alumni/, goodwill-changes/ and group-memberships/."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.models import AuditEvent
from alumni.models import Alumnus, GoodwillChange, GroupMembership
from people.models import Person
from tests.alumni.factories import AlumnusFactory, SegmentFactory
from tests.people.factories import PersonFactory
from tests.programs.factories import PilotFactory, VenueFactory

URL = "/api/v1/alumni/alumni/"
GOODWILL = "/api/v1/alumni/goodwill-changes/"
MEMBERSHIPS = "/api/v1/alumni/group-memberships/"


@pytest.fixture
def other_pilot(db):
    return PilotFactory(name="Elsewhere", stage=2)


@pytest.fixture
def jose(pilot_b):
    return AlumnusFactory(person=PersonFactory(first_name="José", last_name="García"), pilot=pilot_b)


@pytest.fixture
def foreign(other_pilot):
    return AlumnusFactory(person=PersonFactory(first_name="Fritz", last_name="Fremd"), pilot=other_pilot)


def test_managers_and_outsiders_get_403(api_client_for, manager, outsider, sponsor_b, jose):
    sponsor_b.managers.add(manager)
    for user in (manager, outsider):
        client = api_client_for(user)
        for url in (URL, f"{URL}{jose.pk}/", GOODWILL, MEMBERSHIPS):
            assert client.get(url).status_code == 403, (user, url)
    assert api_client_for(None).get(URL).status_code in (401, 403)


def test_list_searches_filters_and_is_audited_once(api_client_for, hr_lead, contributor_b, jose, foreign):
    response = api_client_for(contributor_b).get(URL, {"q": "JOSE garcia"})
    assert response.status_code == 200
    assert [row["person_name"] for row in response.json()["results"]] == ["José García"]
    event = AuditEvent.objects.get(verb="alumni.listed")
    assert event.data["rows"] == 1 and event.data["filters"] == {"q": "JOSE garcia"}
    everyone = api_client_for(hr_lead).get(URL).json()
    assert everyone["count"] == 2
    only = api_client_for(hr_lead).get(URL, {"pilot": foreign.pilot_id, "exit_type": "voluntary"}).json()
    assert [r["id"] for r in only["results"]] == [foreign.pk]


@pytest.mark.parametrize(
    "params", [{"q": " ".join(["x"] * 20)}, {"exit_type": "fired"}, {"left_from": "yesterday"}, {"pilot": "99999999"}]
)
def test_bad_filters_are_a_400(api_client_for, hr_lead, params):
    response = api_client_for(hr_lead).get(URL, params)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


def test_other_pilots_alumnus_is_a_404_and_reading_is_audited(api_client_for, contributor_b, jose, foreign):
    client = api_client_for(contributor_b)
    assert client.get(f"{URL}{foreign.pk}/").status_code == 404
    assert client.patch(f"{URL}{foreign.pk}/", {"former_role": "x"}, format="json").status_code == 404
    response = client.get(f"{URL}{jose.pk}/")
    assert response.status_code == 200 and response.json()["person_name"] == "José García"
    assert AuditEvent.objects.get(verb="alumnus.viewed").person_id == jose.person_id


def test_create_from_a_person_and_a_duplicate_is_a_409_naming_the_record(api_client_for, contributor_b, pilot_b, jose):
    ada = PersonFactory(first_name="Ada")
    client = api_client_for(contributor_b)
    response = client.post(
        URL, {"person": ada.pk, "pilot": pilot_b.pk, "left_on": "2024-01-31", "exit_type": "eliminated"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["exit_type"] == "eliminated"
    again = client.post(URL, {"person": jose.person_id, "pilot": pilot_b.pk}, format="json")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "duplicate_alumnus"
    assert again.json()["error"]["fields"]["alumnus"] == jose.pk


def test_create_a_new_person_and_refuse_bad_dates(api_client_for, hr_lead, pilot_b):
    client = api_client_for(hr_lead)
    response = client.post(
        URL, {"new_person": {"first_name": "Grace", "email": "grace@navy.example"}, "pilot": pilot_b.pk}, format="json"
    )
    assert response.status_code == 201
    assert Person.objects.get(first_name="Grace").alumnus.pk == response.json()["id"]
    bad = client.post(
        URL,
        {"new_person": {"first_name": "Kay"}, "pilot": pilot_b.pk, "started_on": "2020-01-01", "left_on": "2019-01-01"},
        format="json",
    )
    assert bad.status_code == 400
    assert "left_on" in bad.json()["error"]["fields"]
    assert not Person.objects.filter(first_name="Kay").exists()


def test_partial_update_and_segment_of_another_pilot_refused(api_client_for, contributor_b, pilot_b, jose):
    seg = SegmentFactory(pilot=pilot_b)
    client = api_client_for(contributor_b)
    response = client.patch(f"{URL}{jose.pk}/", {"segment": seg.pk, "rehire_eligible": True}, format="json")
    assert response.status_code == 200
    assert (response.json()["segment"], response.json()["rehire_eligible"]) == (seg.pk, True)
    other_segment = SegmentFactory(pilot=PilotFactory(stage=2))
    assert client.patch(f"{URL}{jose.pk}/", {"segment": other_segment.pk}, format="json").status_code == 400


def test_only_hr_leads_delete(api_client_for, hr_lead, contributor_b, jose):
    assert api_client_for(contributor_b).delete(f"{URL}{jose.pk}/").status_code == 403
    assert api_client_for(hr_lead).delete(f"{URL}{jose.pk}/").status_code == 204
    assert not Alumnus.objects.exists() and Person.objects.filter(pk=jose.person_id).exists()


def test_goodwill_changes_list_and_create(api_client_for, contributor_b, jose, foreign):
    client = api_client_for(contributor_b)
    response = client.post(GOODWILL, {"alumnus": jose.pk, "level": "loves", "on": "2024-02-02"}, format="json")
    assert response.status_code == 201 and response.json()["to_level"] == "loves"
    jose.refresh_from_db()
    assert (jose.goodwill, jose.goodwill_on) == ("loves", dt.date(2024, 2, 2))
    assert (
        client.post(GOODWILL, {"alumnus": foreign.pk, "level": "loves", "on": "2024-02-02"}, format="json").status_code
        == 400
    )
    assert (
        client.post(GOODWILL, {"alumnus": jose.pk, "level": "loves", "on": "2999-01-01"}, format="json").status_code
        == 400
    )
    GoodwillChange.objects.create(alumnus=foreign, from_level="unknown", to_level="hostile", on=dt.date(2024, 1, 1))
    listed = client.get(GOODWILL, {"alumnus": jose.pk}).json()
    assert [r["alumnus"] for r in listed["results"]] == [jose.pk]
    assert client.get(GOODWILL).json()["count"] == 1  # never another pilot's history
    assert AuditEvent.objects.filter(verb="goodwill_changes.api_listed").count() == 2


def test_group_memberships_create_update_and_other_pilots_404(api_client_for, contributor_b, jose, foreign):
    venue = VenueFactory()
    client = api_client_for(contributor_b)
    response = client.post(MEMBERSHIPS, {"alumnus": jose.pk, "venue": venue.pk, "status": "invited"}, format="json")
    assert response.status_code == 201
    pk = response.json()["id"]
    response = client.patch(f"{MEMBERSHIPS}{pk}/", {"status": "joined", "on": "2024-03-03"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "joined"
    assert GroupMembership.objects.get().changed_on == dt.date(2024, 3, 3)
    theirs = GroupMembership.objects.create(alumnus=foreign, venue=venue, status="invited")
    assert client.patch(f"{MEMBERSHIPS}{theirs.pk}/", {"status": "left"}, format="json").status_code == 404
    assert [r["id"] for r in client.get(MEMBERSHIPS).json()["results"]] == [pk]
