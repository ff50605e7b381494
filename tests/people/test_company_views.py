"""Company pages of the people directory: access, writes through company_save/company_delete, lists."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from people.models import Company, Person
from tests.people.factories import CompanyFactory, PersonFactory

pytestmark = pytest.mark.django_db

LIST = reverse("people:company_list")
CREATE = reverse("people:company_create")


def company_post(**overrides: str) -> dict[str, str]:
    return {
        "name": "Initech",
        "domain": "",
        "industry": "Software",
        "relationship": "prospect",
        "notes": "",
    } | overrides


def company_urls(company: Company) -> list[str]:
    return [
        LIST,
        CREATE,
        reverse("people:company_detail", args=[company.pk]),
        reverse("people:company_edit", args=[company.pk]),
        reverse("people:company_delete", args=[company.pk]),
    ]


def test_anonymous_is_sent_to_login_from_company_pages(client_for):
    company = CompanyFactory()
    client = client_for(None)
    for url in company_urls(company):
        response = client.get(url)
        assert response.status_code == 302 and reverse("account_login") in response["Location"], url


@pytest.mark.parametrize("persona", ["manager", "outsider"])
def test_managers_and_contributors_without_pilot_get_403_on_companies(request, client_for, persona):
    company = CompanyFactory(name="Keep")
    client = client_for(request.getfixturevalue(persona))
    for url in company_urls(company):
        assert client.get(url).status_code == 403, url
    assert client.post(CREATE, company_post()).status_code == 403
    assert client.post(reverse("people:company_edit", args=[company.pk]), company_post(name="X")).status_code == 403
    assert client.post(reverse("people:company_delete", args=[company.pk])).status_code == 403
    assert list(Company.objects.values_list("name", flat=True)) == ["Keep"]


def test_contributor_creates_and_edits_companies_but_cannot_delete(client_for, contributor_a):
    client = client_for(contributor_a)
    response = client.post(CREATE, company_post(domain="https://www.Initech.example/about"))
    company = Company.objects.get(name="Initech")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:company_detail", args=[company.pk])
    assert company.domain == "initech.example"
    assert AuditEvent.objects.filter(verb="company.created", target_id=str(company.pk), actor=contributor_a).exists()

    response = client.post(reverse("people:company_edit", args=[company.pk]), company_post(relationship="customer"))
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.relationship == "customer"

    detail = client.get(reverse("people:company_detail", args=[company.pk])).content.decode()
    assert reverse("people:company_delete", args=[company.pk]) not in detail
    assert client.get(reverse("people:company_delete", args=[company.pk])).status_code == 403
    assert client.post(reverse("people:company_delete", args=[company.pk])).status_code == 403
    assert Company.objects.filter(pk=company.pk).exists()


def test_hr_lead_deletes_a_company_after_confirming_and_its_people_stay(client_for, hr_lead):
    company = CompanyFactory(name="Gone Inc")
    person = PersonFactory(company=company)
    client = client_for(hr_lead)
    confirm = client.get(reverse("people:company_delete", args=[company.pk]))
    assert confirm.status_code == 200
    assert "1 person works here" in confirm.content.decode()
    assert Company.objects.filter(pk=company.pk).exists()

    response = client.post(reverse("people:company_delete", args=[company.pk]))
    assert response.status_code == 302
    assert response["Location"] == LIST
    assert not Company.objects.filter(pk=company.pk).exists()
    person.refresh_from_db()
    assert person.company is None
    assert AuditEvent.objects.filter(verb="company.deleted", target_id=str(company.pk)).exists()


def test_taken_domain_is_a_field_error_and_nothing_written(client_for, hr_lead):
    CompanyFactory(name="First", domain="taken.example")
    response = client_for(hr_lead).post(CREATE, company_post(domain="TAKEN.example"))
    assert response.status_code == 400
    assert "taken.example is already the domain of First" in response.context["form"].errors["domain"][0]
    assert Company.objects.count() == 1


def test_blank_name_is_a_field_error(client_for, hr_lead):
    response = client_for(hr_lead).post(CREATE, company_post(name="   "))
    assert response.status_code == 400
    assert "name" in response.context["form"].errors
    assert not Company.objects.exists()


def test_company_list_searches_filters_and_counts_people(client_for, hr_lead):
    acme = CompanyFactory(name="Acme", relationship="customer", domain="acme.example")
    CompanyFactory(name="Rival", relationship="competitor", industry="Widgets")
    PersonFactory(company=acme)
    PersonFactory(company=acme)
    client = client_for(hr_lead)

    def names(**params: str) -> list[str]:
        return [c.name for c in client.get(LIST, params).context["companies"]]

    assert names() == ["Acme", "Rival"]
    assert names(q="widg") == ["Rival"]
    assert names(q="acme.example") == ["Acme"]
    assert names(relationship="competitor") == ["Rival"]
    assert [c.people_count for c in client.get(LIST).context["companies"]] == [2, 0]


def test_company_list_empty_states(client_for, hr_lead):
    client = client_for(hr_lead)
    assert "No companies yet" in client.get(LIST).content.decode()
    CompanyFactory(name="Acme")
    html = client.get(LIST, {"q": "zzz"}).content.decode()
    assert "No company matches these filters" in html


def test_company_detail_lists_its_people_escaped(client_for, contributor_a):
    company = CompanyFactory(name="<i>Evil</i> Corp")
    PersonFactory(first_name="Works", last_name="Here", company=company)
    PersonFactory(first_name="Works", last_name="Elsewhere")
    html = client_for(contributor_a).get(reverse("people:company_detail", args=[company.pk])).content.decode()
    assert "Works Here" in html
    assert "Works Elsewhere" not in html
    assert "<i>Evil</i>" not in html
    assert "&lt;i&gt;Evil&lt;/i&gt; Corp" in html


def test_add_person_here_preselects_the_company(client_for, contributor_a):
    company = CompanyFactory(name="Preselected")
    response = client_for(contributor_a).get(reverse("people:person_create"), {"company": company.pk})
    assert f'<option value="{company.pk}" selected>Preselected</option>' in response.content.decode()
    assert not Person.objects.exists()
