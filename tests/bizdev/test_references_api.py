"""/api/v1/bizdev/references/: list with ``q`` and filters, create, retrieve, partial update and
delete, with the same rules and access as the pages."""

from __future__ import annotations

import pytest

from accounts.models import AuditEvent, Role
from bizdev.models import ReferenceConversation
from programs.models import Membership
from tests.accounts.factories import UserFactory
from tests.bizdev.factories import HelpRequestFactory, SearchableReferenceFactory
from tests.programs.factories import MembershipFactory, PilotFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/bizdev/references/"
GOOD = {
    "url": "https://www.linkedin.com/groups/42/discussion/7",
    "title": "Sécurité des magasins",
    "summary": "How we cut shrinkage in malls.",
    "topic": "Shrinkage",
    "client_kind": "Retailers",
}


@pytest.fixture
def pilot_c(sponsor_b):
    return PilotFactory(name="Consulting deals", stage=3, sponsor=sponsor_b)


def _member(pilot, email):
    user = UserFactory(email=email, role=Role.CONTRIBUTOR)
    MembershipFactory(pilot=pilot, user=user, role=Membership.Role.CONTRIBUTOR)
    return user


@pytest.fixture
def carla(pilot_c):
    """Adds references in pilot_c."""
    return _member(pilot_c, "carla@firm.example")


@pytest.fixture
def dan(pilot_c):
    """Another contributor of pilot_c: reads Carla's references, may not change them."""
    return _member(pilot_c, "dan@firm.example")


@pytest.fixture
def created(api_client_for, carla, pilot_c):
    response = api_client_for(carla).post(URL, {"pilot": pilot_c.pk, **GOOD}, format="json")
    assert response.status_code == 201, response.data
    return response.data


def test_create_read_update_delete(created, api_client_for, carla, pilot_c):
    client = api_client_for(carla)
    assert created["host"] == "www.linkedin.com"
    assert created["pilot_name"] == "Consulting deals" and created["cited_by"] == []
    assert client.get(URL).data["count"] == 1
    assert client.get(f"{URL}{created['id']}/").data["title"] == GOOD["title"]
    patched = client.patch(f"{URL}{created['id']}/", {"topic": "Vol à l'étalage"}, format="json")
    assert patched.status_code == 200
    assert patched.data["topic"] == "Vol à l'étalage" and patched.data["summary"] == GOOD["summary"]
    assert client.get(URL, {"q": "VOL A L'ETALAGE"}).data["count"] == 1
    assert client.delete(f"{URL}{created['id']}/").status_code == 204
    assert not ReferenceConversation.objects.exists()
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {
        "reference_conversation.created",
        "reference_conversation.changed",
        "reference_conversation.deleted",
    } <= verbs


def test_q_needs_every_word_ignoring_accents_and_case(created, api_client_for, carla, pilot_c):
    SearchableReferenceFactory(pilot=pilot_c, title="Asia partnerships", topic="Partnerships")
    client = api_client_for(carla)

    def titles(**params):
        response = client.get(URL, params)
        assert response.status_code == 200, response.data
        return [row["title"] for row in response.data["results"]]

    assert titles(q="securite") == ["Sécurité des magasins"]
    assert titles(q="SÉCURITÉ malls") == ["Sécurité des magasins"]
    assert titles(q="securite asia") == []
    assert titles(topic="partnerships") == ["Asia partnerships"]
    assert titles(client_kind="RETAILERS") == ["Sécurité des magasins"]
    assert titles(pilot=pilot_c.pk) == ["Asia partnerships", "Sécurité des magasins"]
    too_many = client.get(URL, {"q": " ".join(["w"] * 12)})
    assert too_many.status_code == 400 and "q" in too_many.data["error"]["fields"]
    assert client.get(URL, {"q": "a\x00b"}).status_code == 400
    assert client.get(URL, {"pilot": "1e30"}).status_code == 400


def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(api_client_for, carla, pilot_c, contributor_b, pilot_b):
    client = api_client_for(carla)
    for bad, field in (
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "ftp://files.example/x"}, "url"),
        ({"title": ""}, "title"),
        ({"summary": "   "}, "summary"),
        ({"pilot": pilot_b.pk}, "pilot"),
        ({"pilot": 10**30}, "pilot"),
        ({"pilot": True}, "pilot"),
        ({"conversation": 999999}, "conversation"),
    ):
        response = client.post(URL, {"pilot": pilot_c.pk, **GOOD, **bad}, format="json")
        assert response.status_code == 400, (bad, response.data)
        assert field in response.data["error"]["fields"], bad
    assert client.post(URL, [1, 2], format="json").status_code == 400
    assert not ReferenceConversation.objects.exists()


def test_access(created, api_client_for, dan, manager, outsider, sponsor_b, hr_lead):
    sponsor_b.managers.add(manager)
    detail = f"{URL}{created['id']}/"
    assert api_client_for(manager).get(URL).status_code == 403
    assert api_client_for(outsider).get(URL).status_code == 403
    assert api_client_for(None).get(URL).status_code in (401, 403)
    eve = _member(PilotFactory(stage=3), "eve@firm.example")
    assert api_client_for(eve).get(URL).data["count"] == 0
    for method in ("get", "patch", "delete"):
        assert getattr(api_client_for(eve), method)(detail).status_code == 404
    # A colleague of the pilot reads it but may not change it.
    colleague = api_client_for(dan)
    assert colleague.get(detail).status_code == 200
    assert colleague.patch(detail, {"title": "Mine"}, format="json").status_code == 403
    assert colleague.delete(detail).status_code == 403
    assert ReferenceConversation.objects.get().title == GOOD["title"]
    assert api_client_for(hr_lead).patch(detail, {"title": "HR fix"}, format="json").status_code == 200


def test_cited_by_lists_the_requests_citing_it(created, api_client_for, carla, pilot_c):
    help_request = HelpRequestFactory(pilot=pilot_c)
    help_request.references.add(ReferenceConversation.objects.get())
    assert api_client_for(carla).get(f"{URL}{created['id']}/").data["cited_by"] == [help_request.pk]


def test_the_list_takes_a_bounded_number_of_queries(api_client_for, carla, pilot_c, django_assert_max_num_queries):
    for _ in range(20):
        reference = SearchableReferenceFactory(pilot=pilot_c, created_by=carla)
        HelpRequestFactory(pilot=pilot_c).references.add(reference)
    with django_assert_max_num_queries(10):
        response = api_client_for(carla).get(URL)
    assert response.data["count"] == 20
