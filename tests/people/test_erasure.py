"""Erasure of a person (HR leads, from the person page and the API): anonymized everywhere, audit
snapshots included, the ledger's rows kept, who erased whom recorded without the erased data."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from accounts.services import audit_record
from metrics.models import Introduction
from people import registry, services
from people.models import ConsentEvent, Person, PersonEmail, SocialHandle, Tag
from people.registry import PersonalDataSection
from tests.people.factories import CompanyFactory

pytestmark = pytest.mark.django_db

EMAIL = "grace.hopper@navy.example"
HANDLE = "amazing_grace"


@pytest.fixture
def fake_section(monkeypatch):
    """A registered personal-data section, as listening or metrics register theirs."""
    calls: list[tuple[int, int, str]] = []

    def erase(person, actor):
        calls.append((person.pk, actor.pk, person.first_name))
        return 2

    section = PersonalDataSection(
        key="tests.notes", label="Test notes", export=lambda p: [{"note": f"about {p.pk}"}], erase=erase
    )
    monkeypatch.setattr(registry, "_SECTIONS", {**registry._SECTIONS, section.key: section})
    return calls


@pytest.fixture
def grace(contributor_a):
    """A person with everything that identifies her, an audit trail, and a ledger row."""
    person = services.person_create(
        actor=contributor_a,
        data=services.PersonData(
            first_name="Grace",
            last_name="Hopper",
            title="Rear admiral",
            company=CompanyFactory(name="Navy"),
            city="Arlington",
            emails=[EMAIL],
            handles=[services.HandleData(venue_kind="mastodon", handle=HANDLE, profile_url="https://m.example/@g")],
            tags=["cobol"],
            source_detail="Met at the COBOL meetup",
            consent_to_contact=True,
            consent_date=dt.date(2024, 1, 2),
            consent_source="Signed the meetup form",
            notes="Prefers phone calls",
        ),
    )
    services.person_update(
        actor=contributor_a,
        person=person,
        data=services.PersonData(
            first_name="Grace",
            last_name="Hopper",
            emails=[EMAIL],
            handles=[services.HandleData(venue_kind="mastodon", handle=HANDLE)],
            title="Admiral",
        ),
    )
    return person


def test_hr_lead_erases_a_person_from_the_page(client_for, hr_lead, contributor_a, pilot_a, grace, fake_section):
    # Another event (not about her) that copied her email and handle, e.g. a conversation's author.
    other = audit_record(
        actor=hr_lead,
        verb="conversation.linked",
        target_type="listening.conversation",
        target_id="9",
        data={"author": f"{EMAIL} / @{HANDLE}", "text": "annual amazing_graceful report"},
    )
    intro = Introduction.objects.create(
        made_by=contributor_a, on_behalf_of=grace, to_company=CompanyFactory(), pilot=pilot_a, stage=1
    )
    client = client_for(hr_lead)
    url = reverse("people:person_erase", args=[grace.pk])

    confirm = client.get(url)
    assert confirm.status_code == 200 and "cannot be undone" in confirm.content.decode()
    response = client.post(url)

    assert response.status_code == 302
    grace.refresh_from_db()
    assert (grace.first_name, grace.last_name, grace.full_name) == ("Erased person", "", "Erased person")
    assert (grace.title, grace.city, grace.company, grace.source_detail, grace.notes) == ("", "", None, "", "")
    assert grace.erased_at is not None and grace.do_not_contact is True and grace.consent_to_contact is False
    assert not PersonEmail.objects.filter(person=grace).exists()
    assert not SocialHandle.objects.filter(person=grace).exists()
    assert not grace.tags.exists() and Tag.objects.filter(name="cobol").exists()
    assert set(ConsentEvent.objects.filter(person=grace).values_list("source", "note")) == {("", "")}
    # The ledger keeps its row (counts and money still add up).
    assert Introduction.objects.filter(pk=intro.pk, on_behalf_of=grace).exists()
    # Audit snapshots about her no longer hold her data.
    for event in AuditEvent.objects.filter(person_id=grace.pk).exclude(verb="person.erased"):
        text = json.dumps(event.data) + event.target_repr
        for secret in (EMAIL, HANDLE, "Grace", "Hopper", "Admiral", "COBOL meetup", "phone calls", "cobol"):
            assert secret.lower() not in text.lower(), (event.verb, secret)
    other.refresh_from_db()
    assert EMAIL not in json.dumps(other.data) and f"@{HANDLE}" not in json.dumps(other.data)
    assert other.data["text"] == "annual amazing_graceful report"  # other words are left alone
    # Every registered section erased what it holds, after the person row was anonymized.
    assert fake_section == [(grace.pk, hr_lead.pk, "Erased person")]
    erased = AuditEvent.objects.get(verb="person.erased")
    assert (erased.actor, erased.person_id) == (hr_lead, grace.pk)
    assert erased.data["sections"]["tests.notes"] == 2
    assert not any(
        s in json.dumps(erased.data).lower() + erased.target_repr.lower() for s in ("grace", "hopper", EMAIL)
    )
    # Her page says so; she leaves the directory and lookups; she cannot be edited.
    page = client.get(reverse("people:person_detail", args=[grace.pk])).content.decode()
    assert "data was erased" in page and "Erase their data" not in page and "Grace" not in page
    assert "Erased person" not in client.get(reverse("people:person_list")).content.decode()
    assert client.get(reverse("people:person_edit", args=[grace.pk])).status_code == 403


def test_a_person_cannot_be_erased_twice(client_for, api_client_for, hr_lead, grace):
    client = client_for(hr_lead)
    url = reverse("people:person_erase", args=[grace.pk])
    client.post(url)

    again = client.post(url, follow=True)

    assert "already erased" in again.content.decode()
    api = api_client_for(hr_lead).post(f"/api/v1/people/{grace.pk}/erase/", {"confirm": True}, format="json")
    assert api.status_code == 409
    assert api.json()["error"]["code"] == "already_erased"
    assert AuditEvent.objects.filter(verb="person.erased").count() == 1


@pytest.mark.parametrize("persona", ["contributor_a", "manager", "outsider"])
def test_only_hr_leads_erase(request, client_for, api_client_for, persona, grace):
    user = request.getfixturevalue(persona)

    assert client_for(user).post(reverse("people:person_erase", args=[grace.pk])).status_code == 403
    assert (
        api_client_for(user).post(f"/api/v1/people/{grace.pk}/erase/", {"confirm": True}, format="json").status_code
        == 403
    )
    grace.refresh_from_db()
    assert grace.erased_at is None and grace.first_name == "Grace"
    assert not AuditEvent.objects.filter(verb="person.erased").exists()


def test_hr_lead_erases_through_the_api(api_client_for, hr_lead, grace, fake_section):
    response = api_client_for(hr_lead).post(f"/api/v1/people/{grace.pk}/erase/", {"confirm": True}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["full_name"] == "Erased person" and body["emails"] == [] and body["erased_at"]
    assert Person.objects.get(pk=grace.pk).erased_at is not None
    assert grace.pk not in {p["id"] for p in api_client_for(hr_lead).get("/api/v1/people/").json()["results"]}
    patch = api_client_for(hr_lead).patch(f"/api/v1/people/{grace.pk}/", {"title": "Back"}, format="json")
    assert patch.status_code == 403
    assert Person.objects.get(pk=grace.pk).title == ""


def test_the_api_erases_only_when_confirmed(api_client_for, hr_lead, grace):
    for body in ({}, {"confirm": False}):
        response = api_client_for(hr_lead).post(f"/api/v1/people/{grace.pk}/erase/", body, format="json")
        assert response.status_code == 400
        assert "cannot be undone" in response.json()["error"]["message"] or "confirm" in str(response.json())
    grace.refresh_from_db()
    assert grace.erased_at is None and grace.first_name == "Grace"
