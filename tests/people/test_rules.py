"""Rules the people services enforce whichever door the call comes through."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from core.errors import DomainError
from people import services
from people.models import Company, Person
from people.services import HandleData, PersonData
from tests.people.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def test_contributor_cannot_edit_a_company_someone_else_added(client_for, api_client_for, contributor_a, hr_lead):
    company = services.company_save(actor=hr_lead, name="Initech", domain="initech.example")
    edit = reverse("people:company_edit", args=[company.pk])
    assert client_for(contributor_a).get(edit).status_code == 403
    assert client_for(contributor_a).post(edit, {"name": "Hacked", "relationship": "other"}).status_code == 403
    response = api_client_for(contributor_a).patch(f"/api/v1/companies/{company.pk}/", {"notes": "x"}, format="json")
    assert response.status_code == 403
    company.refresh_from_db()
    assert (company.name, company.notes) == ("Initech", "")
    detail = client_for(contributor_a).get(reverse("people:company_detail", args=[company.pk])).content.decode()
    assert edit not in detail


def test_the_contributor_who_added_a_company_may_edit_it(api_client_for, contributor_a):
    company = services.company_save(actor=contributor_a, name="Initech")
    response = api_client_for(contributor_a).patch(
        f"/api/v1/companies/{company.pk}/", {"notes": "met at a meetup"}, format="json"
    )
    assert response.status_code == 200
    assert Company.objects.get(pk=company.pk).notes == "met at a meetup"


def test_services_refuse_what_the_actor_may_not_do(contributor_a, outsider, hr_lead):
    person = services.person_create(actor=hr_lead, data=PersonData(first_name="Ada", last_name="Lovelace"))
    company = CompanyFactory()
    with pytest.raises(DomainError) as err:
        services.person_update(actor=contributor_a, person=person, data=PersonData(first_name="Eve"))
    assert err.value.code == "forbidden"
    for call in (
        lambda: services.person_set_consent(actor=contributor_a, person=person, consent=True),
        lambda: services.person_delete(actor=contributor_a, person=person),
        lambda: services.company_delete(actor=contributor_a, company=company),
        lambda: services.company_save(actor=outsider, name="Nope"),
    ):
        with pytest.raises(DomainError):
            call()
    person.refresh_from_db()
    assert (person.first_name, person.consent_to_contact) == ("Ada", False)
    assert Company.objects.filter(pk=company.pk).exists()
    assert not Company.objects.filter(name="Nope").exists()


def test_the_same_handle_typed_twice_is_stored_once(api_client_for, hr_lead):
    body = {
        "first_name": "Grace",
        "last_name": "Hopper",
        "handles": [
            {"venue_kind": "linkedin", "handle": "ghopper"},
            {"venue_kind": "linkedin", "handle": "GHopper"},
            {"venue_kind": "mastodon", "profile_url": "https://hachyderm.example/@grace"},
            {"venue_kind": "mastodon", "profile_url": "https://Hachyderm.example/@grace"},
        ],
    }
    response = api_client_for(hr_lead).post("/api/v1/people/", body, format="json")
    assert response.status_code == 201, response.json()
    person = Person.objects.get(first_name="Grace")
    assert sorted(person.handles.values_list("venue_kind", flat=True)) == ["linkedin", "mastodon"]


def test_person_update_saves_only_its_fields_and_audits(hr_lead):
    person = services.person_create(
        actor=hr_lead,
        data=PersonData(first_name="Ada", emails=["ada@example.org"], handles=[HandleData("x", handle="ada")]),
    )
    services.person_update(
        actor=hr_lead, person=person, data=PersonData(first_name="Ada", title="Countess", emails=["ada@example.org"])
    )
    person.refresh_from_db()
    assert person.title == "Countess"
    assert list(person.handles.all()) == []
    event = AuditEvent.objects.get(verb="person.updated", target_id=str(person.pk))
    assert event.data["changes"]["title"] == ["", "Countess"]
    assert event.data["changes"]["handles"] == [["x:ada:"], []]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("https://www.LinkedIn.com/in/ada-l/", "https://linkedin.com/in/ada-l"),
        ("linkedin.com/in/ada-l#about", "https://linkedin.com/in/ada-l"),
        ("http://facebook.com/profile.php?id=42", "https://facebook.com/profile.php?id=42"),
    ],
)
def test_profile_urls_are_stored_in_one_spelling(hr_lead, typed, stored):
    person = services.person_create(
        actor=hr_lead, data=PersonData(first_name="Ada", handles=[HandleData("linkedin", profile_url=typed)])
    )
    assert person.handles.get().profile_url == stored


def test_the_same_profile_typed_another_way_is_a_duplicate(api_client_for, hr_lead):
    services.person_create(
        actor=hr_lead,
        data=PersonData(
            first_name="Ada", handles=[HandleData("linkedin", profile_url="https://www.linkedin.com/in/qa-dup/")]
        ),
    )
    body = {
        "first_name": "Eve",
        "handles": [{"venue_kind": "linkedin", "profile_url": "https://linkedin.com/in/QA-DUP"}],
    }
    response = api_client_for(hr_lead).post("/api/v1/people/", body, format="json")
    assert response.status_code == 409
    assert Person.objects.count() == 1


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://files.example.com/me", "https://exa mple.com:port/x"])
def test_a_profile_that_is_not_a_web_address_is_refused(hr_lead, url):
    with pytest.raises(DomainError) as err:
        services.person_create(
            actor=hr_lead, data=PersonData(first_name="Ada", handles=[HandleData("x", profile_url=url)])
        )
    assert "is not a web address" in err.value.message
    assert not Person.objects.exists()


def test_companies_are_unique_by_name_and_need_a_real_domain(client_for, hr_lead):
    services.company_save(actor=hr_lead, name="Tidewell Insurance")
    with pytest.raises(DomainError) as err:
        services.company_save(actor=hr_lead, name="tidewell insurance")
    assert "already in the directory" in err.value.message
    with pytest.raises(DomainError) as err:
        services.company_save(actor=hr_lead, name="Other", domain="not a domain!!")
    assert "is not a domain name" in err.value.message
    assert Company.objects.count() == 1
