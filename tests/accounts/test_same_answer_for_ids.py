"""accounts' pages and API answer the same for an id that exists but is not yours (or not for your
role) and an id that does not exist: nobody learns which ids exist by trying them."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accounts import services
from accounts.models import ApiToken, Invitation, Role

pytestmark = pytest.mark.django_db

MISSING = 999_999


def _same(a, b) -> None:
    """Same status and same body, apart from the per-response CSRF token of HTML pages and the
    requested path itself (the header's "log" links come back to it)."""
    assert a.status_code == b.status_code

    def body(response) -> str:
        text = re.sub(r"[A-Za-z0-9]{64}", "<token>", response.content.decode())
        return re.sub(r"/\d+/", "/<id>/", text)

    assert body(a) == body(b)


def test_someone_elses_token_and_a_missing_one_read_the_same_in_the_api(api_client_for, contributor_a, contributor_b):
    theirs, _ = services.api_token_create(user=contributor_b, name="bob's")
    client = api_client_for(contributor_a)

    _same(client.delete(f"/api/v1/tokens/{theirs.pk}/"), client.delete(f"/api/v1/tokens/{MISSING}/"))
    assert ApiToken.objects.active().filter(pk=theirs.pk).exists()


def test_someone_elses_token_and_a_missing_one_read_the_same_on_the_page(client_for, contributor_a, contributor_b):
    theirs, _ = services.api_token_create(user=contributor_b, name="bob's")
    client = client_for(contributor_a)

    existing = client.post(reverse("accounts:token_revoke", args=[theirs.pk]))
    missing = client.post(reverse("accounts:token_revoke", args=[MISSING]))

    assert existing.status_code == missing.status_code == 404
    assert ApiToken.objects.active().filter(pk=theirs.pk).exists()


@pytest.mark.parametrize("action", ["invitation_resend", "invitation_revoke"])
def test_non_hr_leads_get_403_for_existing_and_missing_invitations(client_for, hr_lead, contributor_a, action):
    invitation, _ = services.invitation_create(actor=hr_lead, email="x@firm.example", role=Role.CONTRIBUTOR)
    client = client_for(contributor_a)

    _same(
        client.post(reverse(f"accounts:{action}", args=[invitation.pk])),
        client.post(reverse(f"accounts:{action}", args=[MISSING])),
    )
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    assert Invitation.objects.get(pk=invitation.pk).send_count == 1


@pytest.mark.parametrize("persona", ["contributor_a", "manager"])
def test_non_hr_leads_get_403_for_existing_and_missing_users_on_the_team_page(client_for, request, hr_lead, persona):
    client = client_for(request.getfixturevalue(persona))

    _same(
        client.post(reverse("accounts:user_update", args=[hr_lead.pk]), {"role": Role.CONTRIBUTOR}),
        client.post(reverse("accounts:user_update", args=[MISSING]), {"role": Role.CONTRIBUTOR}),
    )
    hr_lead.refresh_from_db()
    assert hr_lead.role == Role.HR_LEAD
