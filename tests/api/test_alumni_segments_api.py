"""Alumni segments in the API: /api/v1/alumni/segments/ (CRUD, move, assign) and who may do what."""

from __future__ import annotations

import pytest

from alumni.models import AlumniSegment, Alumnus, Goodwill
from tests.alumni.factories import AlumnusFactory, SegmentFactory
from tests.people.factories import PersonFactory
from tests.programs.factories import PilotFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/alumni/segments/"


@pytest.fixture
def ranked(pilot_b):
    """pilot_b: "Fans" (rank 1: loves us) and "Germany" (rank 2: DE); Dora (DE, loves us), Emil (DE)."""
    fans = SegmentFactory(pilot=pilot_b, name="Fans", rank=1, definition={"goodwill_levels": ["loves"]})
    germany = SegmentFactory(pilot=pilot_b, name="Germany", rank=2, definition={"countries": ["DE"]})
    dora = AlumnusFactory(pilot=pilot_b, person=PersonFactory(country="DE"), goodwill=Goodwill.LOVES, segment=fans)
    emil = AlumnusFactory(pilot=pilot_b, person=PersonFactory(country="DE"), goodwill=Goodwill.NEUTRAL, segment=germany)
    return fans, germany, dora, emil


def test_list_and_read_with_sizes(api_client_for, contributor_b, ranked, django_assert_max_num_queries):
    _fans, germany, _, _ = ranked
    SegmentFactory(pilot=PilotFactory(stage=2), name="Hidden")
    client = api_client_for(contributor_b)
    with django_assert_max_num_queries(8):
        response = client.get(URL)
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(r["name"], r["rank"], r["size"]) for r in rows] == [("Fans", 1, 1), ("Germany", 2, 1)]
    one = client.get(f"{URL}{germany.pk}/").json()
    assert one["definition"] == {"countries": ["DE"]} and one["definition_text"] == ["Country: DE"]
    assert client.get(URL, {"pilot": "99999999999999999999999"}).status_code == 400


def test_hr_lead_creates_updates_and_deletes(api_client_for, hr_lead, pilot_b, ranked):
    fans, germany, dora, emil = ranked
    client = api_client_for(hr_lead)
    created = client.post(
        URL,
        {"pilot": pilot_b.pk, "name": "Neutral Germans", "rank": 1, "definition": {"goodwill_levels": ["neutral"]}},
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["rank"], body["size"]) == (1, 1)
    emil.refresh_from_db()
    assert emil.segment_id == body["id"]
    changed = client.patch(f"{URL}{body['id']}/", {"definition": {"countries": ["FR"]}}, format="json")
    assert changed.status_code == 200 and changed.json()["size"] == 0
    emil.refresh_from_db()
    assert emil.segment_id == germany.pk
    assert client.delete(f"{URL}{fans.pk}/").status_code == 204
    dora.refresh_from_db()
    assert dora.segment_id == germany.pk
    assert list(AlumniSegment.objects.filter(pilot=pilot_b).values_list("name", "rank")) == [
        ("Neutral Germans", 1),
        ("Germany", 2),
    ]


def test_a_bad_definition_is_a_400_naming_the_filter(api_client_for, hr_lead, pilot_b):
    response = api_client_for(hr_lead).post(
        URL, {"pilot": pilot_b.pk, "name": "Bad", "definition": {"exit_types": ["fired"], "size": 3}}, format="json"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "segment_definition"
    assert "Exit type (exit_types): “fired” is not one of" in error["fields"]["exit_types"][0]
    assert error["fields"]["definition"][0].startswith("“size” is not a filter")
    assert not AlumniSegment.objects.exists()


def test_move_and_assign(api_client_for, hr_lead, pilot_b, ranked):
    fans, germany, dora, _ = ranked
    client = api_client_for(hr_lead)
    moved = client.post(f"{URL}{germany.pk}/move/", {"direction": "up"}, format="json")
    assert moved.status_code == 200 and moved.json()["rank"] == 1
    dora.refresh_from_db()
    assert dora.segment_id == germany.pk
    edge = client.post(f"{URL}{germany.pk}/move/", {"direction": "up"}, format="json")
    assert edge.status_code == 400 and edge.json()["error"]["code"] == "segment_edge"
    assert client.post(f"{URL}{germany.pk}/move/", {"direction": "left"}, format="json").status_code == 400
    Alumnus.objects.update(segment=None)
    assigned = client.post(f"{URL}assign/", {"pilot": pilot_b.pk}, format="json")
    assert assigned.status_code == 200
    assert assigned.json() == {"per_segment": {str(germany.pk): 2, str(fans.pk): 0}, "unassigned": 0, "total": 2}
    assert client.post(f"{URL}assign/", {"pilot": 0}, format="json").status_code == 400


def test_contributor_reads_but_may_not_write(api_client_for, contributor_b, pilot_b, ranked):
    fans, _, _, _ = ranked
    client = api_client_for(contributor_b)
    assert client.post(URL, {"pilot": pilot_b.pk, "name": "Mine"}, format="json").status_code == 403
    assert client.patch(f"{URL}{fans.pk}/", {"name": "Renamed"}, format="json").status_code == 403
    assert client.delete(f"{URL}{fans.pk}/").status_code == 403
    assert client.post(f"{URL}{fans.pk}/move/", {"direction": "down"}, format="json").status_code == 403
    assert client.post(f"{URL}assign/", {"pilot": pilot_b.pk}, format="json").status_code == 403
    assert AlumniSegment.objects.get(pk=fans.pk).name == "Fans"


def test_managers_outsiders_and_other_pilots(api_client_for, manager, outsider, contributor_a, sponsor_b, ranked):
    fans, _, _, _ = ranked
    sponsor_b.managers.add(manager)
    for user in (manager, outsider):
        assert api_client_for(user).get(URL).status_code == 403
    client = api_client_for(contributor_a)
    assert client.get(URL).json()["results"] == []
    assert client.get(f"{URL}{fans.pk}/").status_code == 404
    assert api_client_for(None).get(URL).status_code in (401, 403)
