"""The admin flags follow the role: an HR lead who is demoted or deactivated (on Team → Users or
through the API) loses is_staff and is_superuser, so they no longer reach the admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import AuditEvent, Role
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def super_hr_lead(db):
    return UserFactory(email="root@firm.example", role=Role.HR_LEAD, is_staff=True, is_superuser=True)


def _update_url(user) -> str:
    return reverse("accounts:user_update", args=[user.pk])


@pytest.mark.parametrize(
    "posted",
    [{"role": Role.CONTRIBUTOR, "is_active": "on"}, {"role": Role.MANAGER, "is_active": "on"}, {"role": Role.HR_LEAD}],
    ids=["demoted-to-contributor", "demoted-to-manager", "deactivated"],
)
def test_team_page_demotion_or_deactivation_drops_the_admin_flags(hr_lead, super_hr_lead, client_for, posted):
    response = client_for(hr_lead).post(_update_url(super_hr_lead), posted)

    assert response.status_code == 302
    super_hr_lead.refresh_from_db()
    assert (super_hr_lead.is_staff, super_hr_lead.is_superuser) == (False, False)
    changes = AuditEvent.objects.get(verb="user.updated").data["changes"]
    assert changes["is_staff"] == [True, False]
    assert changes["is_superuser"] == [True, False]


def test_demoted_superuser_no_longer_reaches_the_admin(hr_lead, super_hr_lead, client_for):
    client = client_for(super_hr_lead)
    assert client.get("/admin/").status_code == 200

    client_for(hr_lead).post(_update_url(super_hr_lead), {"role": Role.MANAGER, "is_active": "on"})

    assert client.get("/admin/").status_code in (302, 403)
    assert client.get("/admin/accounts/auditevent/").status_code in (302, 403)


def test_api_demotion_drops_the_admin_flags(hr_lead, super_hr_lead, api_client_for):
    response = api_client_for(hr_lead).patch(
        f"/api/v1/users/{super_hr_lead.pk}/", {"role": Role.CONTRIBUTOR}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["is_staff"] is False
    super_hr_lead.refresh_from_db()
    assert (super_hr_lead.role, super_hr_lead.is_staff, super_hr_lead.is_superuser) == (Role.CONTRIBUTOR, False, False)


def test_api_deactivation_drops_the_admin_flags(hr_lead, super_hr_lead, api_client_for):
    response = api_client_for(hr_lead).patch(f"/api/v1/users/{super_hr_lead.pk}/", {"is_active": False}, format="json")

    assert response.status_code == 200
    super_hr_lead.refresh_from_db()
    assert (super_hr_lead.is_active, super_hr_lead.is_staff, super_hr_lead.is_superuser) == (False, False, False)


def test_a_change_that_keeps_an_active_hr_lead_keeps_the_flags(hr_lead, super_hr_lead, api_client_for):
    response = api_client_for(hr_lead).patch(f"/api/v1/users/{super_hr_lead.pk}/", {"is_active": True}, format="json")

    assert response.status_code == 200
    super_hr_lead.refresh_from_db()
    assert (super_hr_lead.is_staff, super_hr_lead.is_superuser) == (True, True)


def test_admin_refuses_admin_flags_for_a_contributor(super_hr_lead, contributor_a, client_for):
    client = client_for(super_hr_lead)
    url = reverse("admin:accounts_user_change", args=[contributor_a.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("groups", "user_permissions")}
    data.update(is_staff="on", is_superuser="on")

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Only an active HR lead may have access to the admin site." in response.content.decode()
    contributor_a.refresh_from_db()
    assert (contributor_a.is_staff, contributor_a.is_superuser) == (False, False)


# --- The users API: HR leads only, and ids read the same whether they exist or not ------------------


def test_hr_lead_lists_users_with_filters(hr_lead, contributor_a, manager, api_client_for):
    client = api_client_for(hr_lead)

    everyone = client.get("/api/v1/users/").json()["results"]
    managers = client.get("/api/v1/users/", {"role": Role.MANAGER}).json()["results"]

    assert {u["email"] for u in everyone} >= {hr_lead.email, contributor_a.email, manager.email}
    assert [u["email"] for u in managers] == [manager.email]


def test_last_hr_lead_cannot_demote_themselves_through_the_api(hr_lead, api_client_for):
    response = api_client_for(hr_lead).patch(f"/api/v1/users/{hr_lead.pk}/", {"role": Role.MANAGER}, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["message"] == "The program needs at least one active HR lead."
    hr_lead.refresh_from_db()
    assert hr_lead.role == Role.HR_LEAD


def test_unknown_role_is_a_400_in_the_error_format(hr_lead, contributor_a, api_client_for):
    response = api_client_for(hr_lead).patch(f"/api/v1/users/{contributor_a.pk}/", {"role": "emperor"}, format="json")

    assert response.status_code == 400
    assert "role" in response.json()["error"]["fields"]


@pytest.mark.parametrize("persona", ["contributor_a", "manager"])
def test_others_get_the_same_answer_for_an_existing_and_a_missing_user(request, persona, hr_lead, api_client_for):
    client = api_client_for(request.getfixturevalue(persona))

    existing = client.patch(f"/api/v1/users/{hr_lead.pk}/", {"role": Role.CONTRIBUTOR}, format="json")
    missing = client.patch("/api/v1/users/999999/", {"role": Role.CONTRIBUTOR}, format="json")

    assert existing.status_code == missing.status_code == 403
    assert existing.json() == missing.json()
    hr_lead.refresh_from_db()
    assert hr_lead.role == Role.HR_LEAD
