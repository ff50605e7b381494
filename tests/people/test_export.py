"""A copy of one person's data as JSON (HR leads, from the person page and the API): profile,
emails, handles, tags, consent history and every registered section under its key; audited.

Contributors may not export, even people they added: the export bundles what every app holds
about the person (ledger rows, conversations) across pilots the contributor cannot see."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from tests.people.test_erasure import EMAIL, HANDLE, fake_section, grace  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def check_export(data: dict, person) -> None:
    assert data["person"]["id"] == person.pk
    assert (data["person"]["first_name"], data["person"]["title"]) == ("Grace", "Admiral")
    assert data["emails"] == [{"email": EMAIL, "primary": True}]
    assert [h["handle"] for h in data["handles"]] == [HANDLE]
    # The fixture's edit left the consent box unticked: consent given, then withdrawn.
    assert [e["kind"] for e in data["consent_history"]] == ["given", "withdrawn"]
    assert data["consent_history"][0]["source"] == "Signed the meetup form"
    assert data["sections"]["tests.notes"] == {"label": "Test notes", "rows": [{"note": f"about {person.pk}"}]}


def test_hr_lead_downloads_a_persons_data_from_the_page(client_for, hr_lead, grace, fake_section):  # noqa: F811
    client = client_for(hr_lead)
    assert "Export their data" in client.get(reverse("people:person_detail", args=[grace.pk])).content.decode()

    response = client.get(reverse("people:person_export", args=[grace.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == f'attachment; filename="person-{grace.pk}.json"'
    check_export(response.json(), grace)
    event = AuditEvent.objects.get(verb="person.exported")
    assert (event.actor, event.person_id) == (hr_lead, grace.pk)


def test_hr_lead_exports_through_the_api(api_client_for, hr_lead, grace, fake_section):  # noqa: F811
    response = api_client_for(hr_lead).get(f"/api/v1/people/{grace.pk}/export/")

    assert response.status_code == 200
    check_export(response.json(), grace)
    assert AuditEvent.objects.filter(verb="person.exported", person_id=grace.pk, actor=hr_lead).count() == 1


@pytest.mark.parametrize("persona", ["contributor_a", "manager", "outsider"])
def test_only_hr_leads_export(request, client_for, api_client_for, persona, grace):  # noqa: F811
    user = request.getfixturevalue(persona)  # contributor_a added Grace and may edit her

    assert client_for(user).get(reverse("people:person_export", args=[grace.pk])).status_code == 403
    assert api_client_for(user).get(f"/api/v1/people/{grace.pk}/export/").status_code == 403
    assert not AuditEvent.objects.filter(verb="person.exported").exists()
    if persona == "contributor_a":
        page = client_for(user).get(reverse("people:person_detail", args=[grace.pk])).content.decode()
        assert "Export their data" not in page


def test_export_of_an_erased_person_holds_nothing_that_identifies_them(api_client_for, hr_lead, grace):  # noqa: F811
    api_client_for(hr_lead).post(f"/api/v1/people/{grace.pk}/erase/", {"confirm": True}, format="json")

    data = api_client_for(hr_lead).get(f"/api/v1/people/{grace.pk}/export/").json()

    assert data["person"]["first_name"] == "Erased person"
    assert data["emails"] == data["handles"] == data["tags"] == []
    assert "grace" not in str(data).lower()
