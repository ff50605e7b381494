"""/api/v1/alumni/outplacement/ — who may come in and see which case, opening, changing, closing,
reopening and deleting one, the alumni surfaced at its target companies, and the audit of reads."""

from __future__ import annotations

import datetime as dt

import pytest
from freezegun import freeze_time

from accounts.models import AuditEvent, Role
from alumni.models import Goodwill, OutplacementCase
from alumni.services import outplacement as services
from programs.models import Membership
from tests.accounts.factories import UserFactory
from tests.alumni.factories import AlumnusFactory, OutplacementCaseFactory, SegmentFactory
from tests.people.factories import CompanyFactory, PersonFactory
from tests.programs.factories import MembershipFactory, PilotFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_today")]
BASE = "/api/v1/alumni/outplacement"


@pytest.fixture
def _today():
    with freeze_time("2026-12-05 12:00:00"):
        yield


@pytest.fixture
def acme(db):
    return CompanyFactory(name="Acme")


@pytest.fixture
def case(pilot_b, contributor_b, acme):
    case = OutplacementCaseFactory(pilot=pilot_b, owner=contributor_b)
    case.target_companies.set([acme])
    return case


@pytest.fixture
def colleague_b(pilot_b):
    user = UserFactory(full_name="Cleo Colleague", role=Role.CONTRIBUTOR)
    MembershipFactory(pilot=pilot_b, user=user, role=Membership.Role.CONTRIBUTOR)
    return user


def test_managers_and_contributors_without_a_pilot_get_403(api_client_for, manager, sponsor_b, outsider, case):
    sponsor_b.managers.add(manager)
    for user in (manager, outsider):
        client = api_client_for(user)
        assert client.get(f"{BASE}/").status_code == 403
        assert client.get(f"{BASE}/{case.pk}/").status_code == 403
        assert client.get(f"{BASE}/{case.pk}/alumni/").status_code == 403


def test_hr_sees_all_the_owner_theirs_and_a_colleague_none(api_client_for, hr_lead, contributor_b, colleague_b, case):
    OutplacementCaseFactory(pilot=case.pilot, owner=colleague_b)
    assert api_client_for(hr_lead).get(f"{BASE}/").data["count"] == 2
    assert [row["id"] for row in api_client_for(contributor_b).get(f"{BASE}/").data["results"]] == [case.pk]
    client = api_client_for(colleague_b)
    assert [row["id"] for row in client.get(f"{BASE}/").data["results"]] != [case.pk]
    assert client.get(f"{BASE}/{case.pk}/").status_code == 404
    assert client.get(f"{BASE}/{case.pk}/alumni/").status_code == 404
    assert client.patch(f"{BASE}/{case.pk}/", {"target_roles": "x"}, format="json").status_code == 404


def test_reads_and_lists_are_audited_once_per_request(api_client_for, contributor_b, case):
    client = api_client_for(contributor_b)
    client.get(f"{BASE}/")
    client.get(f"{BASE}/{case.pk}/")
    client.get(f"{BASE}/{case.pk}/alumni/")
    assert AuditEvent.objects.filter(verb="outplacement.listed").count() == 1
    viewed = AuditEvent.objects.filter(verb="outplacement.viewed", person_id=case.person_id)
    assert sorted(e.data["via"] for e in viewed) == ["api", "api_alumni"]


def test_surfaced_alumni_are_the_visible_ones_at_the_targets_warmest_first(api_client_for, contributor_b, case, acme):
    segment = SegmentFactory(pilot=case.pilot, rank=1)
    cold = AlumnusFactory(pilot=case.pilot, person=PersonFactory(company=acme), goodwill=Goodwill.NEGATIVE)
    warm = AlumnusFactory(
        pilot=case.pilot, person=PersonFactory(company=acme), goodwill=Goodwill.LOVES, segment=segment
    )
    AlumnusFactory(pilot=PilotFactory(stage=2), person=PersonFactory(company=acme), goodwill=Goodwill.LOVES)
    AlumnusFactory(pilot=case.pilot, person=PersonFactory(company=CompanyFactory()), goodwill=Goodwill.LOVES)
    response = api_client_for(contributor_b).get(f"{BASE}/{case.pk}/alumni/")
    assert response.status_code == 200
    assert [row["id"] for row in response.data] == [warm.pk, cold.pk]
    assert response.data[0]["company_name"] == "Acme"
    assert (response.data[0]["segment_rank"], response.data[0]["goodwill"]) == (1, "loves")


def test_hr_opens_a_case_with_company_ids_and_names(api_client_for, hr_lead, pilot_b, contributor_b, acme):
    person = PersonFactory()
    body = {
        "pilot": pilot_b.pk,
        "person": person.pk,
        "eliminated_on": "2027-02-28",
        "target_roles": "Product manager",
        "target_companies": [acme.pk],
        "new_companies": ["Initech"],
        "owner": contributor_b.pk,
    }
    response = api_client_for(hr_lead).post(f"{BASE}/", body, format="json")
    assert response.status_code == 201, response.data
    assert sorted(c["name"] for c in response.data["target_companies"]) == ["Acme", "Initech"]
    assert (response.data["owner"], response.data["status"]) == (contributor_b.pk, "open")


def test_create_with_a_new_person(api_client_for, hr_lead, pilot_b):
    body = {
        "pilot": pilot_b.pk,
        "new_person": {"first_name": "Nina", "last_name": "New"},
        "eliminated_on": "2026-12-31",
        "target_roles": "Analyst",
    }
    response = api_client_for(hr_lead).post(f"{BASE}/", body, format="json")
    assert response.status_code == 201
    assert response.data["person_name"] == "Nina New"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"eliminated_on": "2028-01-01"}, "eliminated_on", services.MSG_ELIMINATED_FUTURE),
        ({"owner": "outsider"}, "owner", None),
    ],
)
def test_create_refusals_name_the_field(api_client_for, hr_lead, pilot_b, outsider, change, field, message):
    body = {"pilot": pilot_b.pk, "person": PersonFactory().pk, "eliminated_on": "2026-12-31", "target_roles": "PM"}
    body.update({k: (outsider.pk if v == "outsider" else v) for k, v in change.items()})
    response = api_client_for(hr_lead).post(f"{BASE}/", body, format="json")
    assert response.status_code == 400
    assert field in response.data["error"]["fields"]
    if message:
        assert response.data["error"]["fields"][field] == [message]
    assert not OutplacementCase.objects.exists()


def test_only_hr_opens_and_deletes(api_client_for, contributor_b, hr_lead, pilot_b, case):
    client = api_client_for(contributor_b)
    body = {"pilot": pilot_b.pk, "person": PersonFactory().pk, "eliminated_on": "2026-12-31", "target_roles": "PM"}
    assert client.post(f"{BASE}/", body, format="json").status_code == 403
    assert client.delete(f"{BASE}/{case.pk}/").status_code == 403
    assert api_client_for(hr_lead).delete(f"{BASE}/{case.pk}/").status_code == 204
    assert not OutplacementCase.objects.exists()


def test_owner_patches_keeps_the_rest_and_cannot_reassign(api_client_for, contributor_b, colleague_b, case, acme):
    client = api_client_for(contributor_b)
    response = client.patch(f"{BASE}/{case.pk}/", {"current_role": "Lead analyst"}, format="json")
    assert response.status_code == 200
    assert response.data["current_role"] == "Lead analyst"
    assert [c["id"] for c in response.data["target_companies"]] == [acme.pk]
    response = client.patch(f"{BASE}/{case.pk}/", {"owner": colleague_b.pk}, format="json")
    assert response.status_code == 400
    assert response.data["error"]["fields"] == {"owner": [services.MSG_REASSIGN]}


def test_close_and_reopen(api_client_for, contributor_b, case):
    client = api_client_for(contributor_b)
    response = client.post(f"{BASE}/{case.pk}/close/", {"status": "placed"}, format="json")
    assert response.status_code == 400
    assert response.data["error"]["fields"] == {"outcome": [services.MSG_OUTCOME_PLACED]}
    response = client.post(f"{BASE}/{case.pk}/close/", {"status": "stayed", "outcome": "Moved to sales"}, format="json")
    assert response.status_code == 200
    assert (response.data["status"], response.data["closed_on"]) == ("stayed", dt.date(2026, 12, 5).isoformat())
    response = client.post(f"{BASE}/{case.pk}/reopen/", {}, format="json")
    assert (response.status_code, response.data["status"], response.data["closed_on"]) == (200, "open", None)
    assert client.post(f"{BASE}/{case.pk}/reopen/").status_code == 409
