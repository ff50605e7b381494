"""The ledger API answers an id you may not use exactly as one that does not exist: the same status
and the same body, for the pilot and for the employee who made an introduction or assist, on create
and on correction (split from test_metrics_api.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import Role
from metrics import services
from metrics.models import Assist, Hire, Introduction
from tests.accounts.factories import UserFactory
from tests.programs.factories import MembershipFactory, PilotFactory

from .test_metrics_api import HIRE

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = dt.timedelta(days=1)


MISSING = 999_999
LEDGER_MODELS: dict[str, Any] = {
    "/api/v1/introductions/": Introduction,
    "/api/v1/assists/": Assist,
    "/api/v1/hires/": Hire,
}


def ledger_body(url: str, person, other) -> dict:
    """A body the ledger API at ``url`` accepts from contributor_a (HIRE is defined with the hires)."""
    if url == "/api/v1/introductions/":
        return {"on_behalf_of": person.pk, "to_person": other.pk}
    if url == "/api/v1/assists/":
        return {"person": person.pk, "assist_type": "introduction", "direction": "given"}
    return {**HIRE, "person": person.pk}


def same_answer(a, b) -> None:
    """The whole answer is the same: status and every byte of the JSON body."""
    assert (a.status_code, a.json()) == (b.status_code, b.json())


# Alone, next to another field's serializer error, and next to a service's error (a future date):
# whichever way the request is wrong otherwise, the id's answer does not tell whether it exists.
ALSO_WRONG = [{}, {"date": "not-a-date"}, {"date": (TODAY + DAY).isoformat()}]


@pytest.mark.parametrize("also", ALSO_WRONG, ids=["alone", "with-bad-date", "with-future-date"])
@pytest.mark.parametrize("url", list(LEDGER_MODELS))
def test_an_unknown_pilot_id_gets_the_same_answer_as_another_pilots(
    api_client_for, contributor_a, pilot_b, alumna, contact, url, also
):
    client = api_client_for(contributor_a)
    body = {**ledger_body(url, alumna, contact), **also}

    others = client.post(url, {**body, "pilot": pilot_b.pk}, format="json")
    unknown = client.post(url, {**body, "pilot": MISSING}, format="json")

    same_answer(others, unknown)
    assert others.status_code == 400
    assert others.json()["error"]["fields"]["pilot"] == [services.MSG_PILOT]
    assert not LEDGER_MODELS[url].objects.exists()


@pytest.mark.parametrize("url", list(LEDGER_MODELS))
def test_moving_a_row_to_an_unknown_pilot_reads_like_moving_it_to_another_pilots(
    api_client_for, contributor_a, pilot_a, pilot_b, alumna, contact, url
):
    client = api_client_for(contributor_a)
    created = client.post(url, ledger_body(url, alumna, contact), format="json")
    assert created.status_code == 201, created.json()
    row_url = f"{url}{created.json()['id']}/"

    others = client.patch(row_url, {"pilot": pilot_b.pk}, format="json")
    unknown = client.patch(row_url, {"pilot": MISSING}, format="json")

    same_answer(others, unknown)
    assert others.status_code == 400
    assert LEDGER_MODELS[url].objects.get().pilot == pilot_a


@pytest.fixture
def unusable_employee(request, contributor_a, contributor_b, pilot_a):
    """A user who exists but whom contributor_a may not name on a row of pilot_a."""
    if request.param == "other-pilots-contributor":
        return contributor_b
    if request.param == "colleague-in-my-other-pilot":
        other_pilot = PilotFactory()
        MembershipFactory(pilot=other_pilot, user=contributor_a)
        colleague = UserFactory(role=Role.CONTRIBUTOR)
        MembershipFactory(pilot=other_pilot, user=colleague)
        return colleague
    gone = UserFactory(role=Role.CONTRIBUTOR, is_active=False)  # a former member of pilot_a
    MembershipFactory(pilot=pilot_a, user=gone)
    return gone


EMPLOYEE_FIELDS = [("/api/v1/introductions/", "made_by"), ("/api/v1/assists/", "employee")]
UNUSABLE = ["other-pilots-contributor", "colleague-in-my-other-pilot", "former-member"]


@pytest.mark.parametrize("unusable_employee", UNUSABLE, indirect=True)
@pytest.mark.parametrize("also", ALSO_WRONG, ids=["alone", "with-bad-date", "with-future-date"])
@pytest.mark.parametrize(("url", "field"), EMPLOYEE_FIELDS)
def test_an_unknown_employee_id_gets_the_same_answer_as_one_you_may_not_name(
    api_client_for, contributor_a, pilot_a, alumna, contact, unusable_employee, url, field, also
):
    client = api_client_for(contributor_a)
    body = {**ledger_body(url, alumna, contact), "pilot": pilot_a.pk, **also}

    existing = client.post(url, {**body, field: unusable_employee.pk}, format="json")
    unknown = client.post(url, {**body, field: MISSING}, format="json")

    same_answer(existing, unknown)
    assert existing.status_code == 400
    if not also:
        assert existing.json()["error"]["fields"] == {field: [services.MSG_EMPLOYEE_NOT_MEMBER]}
    assert not LEDGER_MODELS[url].objects.exists()


@pytest.mark.parametrize(("url", "field"), EMPLOYEE_FIELDS)
def test_correcting_the_employee_to_an_unknown_id_reads_like_one_you_may_not_name(
    api_client_for, contributor_a, contributor_b, alumna, contact, url, field
):
    client = api_client_for(contributor_a)
    created = client.post(url, ledger_body(url, alumna, contact), format="json")
    assert created.status_code == 201, created.json()
    row_url = f"{url}{created.json()['id']}/"

    existing = client.patch(row_url, {field: contributor_b.pk}, format="json")
    unknown = client.patch(row_url, {field: MISSING}, format="json")

    same_answer(existing, unknown)
    assert existing.status_code == 400
    assert getattr(LEDGER_MODELS[url].objects.get(), f"{field}_id") == contributor_a.pk


@pytest.mark.parametrize(("url", "field"), EMPLOYEE_FIELDS)
def test_a_row_you_may_not_correct_is_a_403_whoever_you_name_as_its_employee(
    api_client_for, hr_lead, contributor_a, contributor_b, pilot_a, alumna, contact, url, field
):
    created = api_client_for(hr_lead).post(
        url, {**ledger_body(url, alumna, contact), "pilot": pilot_a.pk}, format="json"
    )
    assert created.status_code == 201, created.json()
    row_url = f"{url}{created.json()['id']}/"
    client = api_client_for(contributor_a)

    existing = client.patch(row_url, {field: contributor_b.pk}, format="json")
    unknown = client.patch(row_url, {field: MISSING}, format="json")

    same_answer(existing, unknown)
    assert existing.status_code == 403


@pytest.mark.parametrize(("url", "field"), EMPLOYEE_FIELDS)
def test_a_colleague_in_the_pilot_may_be_named_as_the_employee(
    api_client_for, contributor_a, pilot_a, alumna, contact, url, field
):
    colleague = UserFactory(role=Role.CONTRIBUTOR)
    MembershipFactory(pilot=pilot_a, user=colleague)

    response = api_client_for(contributor_a).post(
        url, {**ledger_body(url, alumna, contact), field: colleague.pk}, format="json"
    )

    assert response.status_code == 201, response.json()
    assert response.json()[field] == colleague.pk
