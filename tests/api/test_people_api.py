"""/api/v1/people/ and /api/v1/companies/: the directory, its access rules and duplicate detection."""

from __future__ import annotations

import pytest

from accounts.models import AuditEvent
from people.models import Company, Person, PersonEmail, SocialHandle, Tag
from tests.people.factories import CompanyFactory, PersonEmailFactory, PersonFactory

pytestmark = pytest.mark.django_db


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


NEW_PERSON = {
    "first_name": "Grace",
    "last_name": "Hopper",
    "title": "Staff engineer",
    "country": "us",
    "city": "Arlington",
    "emails": ["Grace@Navy.example", "grace@home.example"],
    "handles": [{"venue_kind": "mastodon", "handle": "@grace@hachyderm.example"}],
    "tags": ["COBOL", "compilers"],
    "consent_to_contact": True,
}


# --- Who may use the directory ----------------------------------------------------------------


@pytest.mark.parametrize("url", ["/api/v1/people/", "/api/v1/companies/"])
def test_anonymous_gets_401(api_client_for, url):
    assert api_client_for(None).get(url).status_code == 401


@pytest.mark.parametrize("persona", ["manager", "outsider"])
@pytest.mark.parametrize("url", ["/api/v1/people/", "/api/v1/companies/"])
def test_managers_and_contributors_without_a_pilot_get_403(api_client_for, request, persona, url):
    client = api_client_for(request.getfixturevalue(persona))
    person, company = PersonFactory(), CompanyFactory()

    assert client.get(url).status_code == 403
    assert client.get(f"/api/v1/people/{person.pk}/").status_code == 403
    assert client.get(f"/api/v1/companies/{company.pk}/").status_code == 403
    assert client.post("/api/v1/people/", NEW_PERSON, format="json").status_code == 403
    assert client.post("/api/v1/companies/", {"name": "Acme"}, format="json").status_code == 403
    assert Person.objects.count() == 1
    assert Company.objects.count() == 1


@pytest.mark.parametrize("persona", ["hr_lead", "contributor_a", "contributor_b"])
def test_hr_and_pilot_contributors_read_the_directory(api_client_for, request, persona):
    person = PersonFactory(company=CompanyFactory(name="Acme"))
    PersonEmailFactory(person=person, email="p@acme.example")

    response = api_client_for(request.getfixturevalue(persona)).get(f"/api/v1/people/{person.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert body["company_name"] == "Acme"
    assert body["emails"] == ["p@acme.example"]


# --- Create -----------------------------------------------------------------------------------


def test_contributor_adds_a_person_with_emails_handles_and_tags(api_client_for, contributor_a):
    company = CompanyFactory(name="Navy")

    response = api_client_for(contributor_a).post(
        "/api/v1/people/", {**NEW_PERSON, "company": company.pk}, format="json"
    )

    assert response.status_code == 201
    person = Person.objects.get(pk=response.json()["id"])
    assert (person.created_by, person.company, person.country) == (contributor_a, company, "US")
    assert person.consent_date is not None
    assert sorted(person.emails.values_list("email", flat=True)) == ["grace@home.example", "grace@navy.example"]
    assert list(person.handles.values_list("venue_kind", "handle")) == [("mastodon", "@grace@hachyderm.example")]
    assert sorted(person.tags.values_list("name", flat=True)) == ["cobol", "compilers"]
    body = response.json()
    assert body["handles"] == [{"venue_kind": "mastodon", "handle": "@grace@hachyderm.example", "profile_url": ""}]
    assert sorted(body["tags"]) == ["cobol", "compilers"]
    assert AuditEvent.objects.filter(verb="person.created", target_id=str(person.pk)).exists()


def test_a_duplicate_email_is_a_409_with_the_matches_and_nothing_is_written(api_client_for, contributor_a):
    existing = PersonFactory(first_name="G.", last_name="Hopper")
    PersonEmailFactory(person=existing, email="grace@navy.example")
    counts = (Person.objects.count(), PersonEmail.objects.count(), SocialHandle.objects.count(), Tag.objects.count())

    response = api_client_for(contributor_a).post("/api/v1/people/", NEW_PERSON, format="json")

    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "duplicate"
    assert error["fields"]["matches"] == [existing.pk]
    assert "grace@navy.example" in error["message"]
    assert (
        Person.objects.count(),
        PersonEmail.objects.count(),
        SocialHandle.objects.count(),
        Tag.objects.count(),
    ) == counts


def test_a_same_name_needs_confirmation(api_client_for, contributor_a):
    namesake = PersonFactory(first_name="Grace", last_name="Hopper")
    client = api_client_for(contributor_a)

    refused = client.post("/api/v1/people/", NEW_PERSON, format="json")
    assert refused.status_code == 409
    assert refused.json()["error"]["fields"]["matches"] == [namesake.pk]
    assert Person.objects.count() == 1

    confirmed = client.post("/api/v1/people/", {**NEW_PERSON, "confirm_duplicate_name": True}, format="json")
    assert confirmed.status_code == 201
    assert Person.objects.filter(first_name="Grace", last_name="Hopper").count() == 2


def test_invalid_nested_input_is_a_400_per_field(api_client_for, contributor_a):
    response = api_client_for(contributor_a).post(
        "/api/v1/people/",
        {"first_name": "X", "emails": ["not-an-email"], "handles": [{"venue_kind": "myspace", "handle": "x"}]},
        format="json",
    )

    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"emails", "handles"}
    assert not Person.objects.exists()


def test_a_bad_country_code_from_the_service_is_a_400_on_country(api_client_for, contributor_a):
    response = api_client_for(contributor_a).post(
        "/api/v1/people/", {"first_name": "X", "country": "1A"}, format="json"
    )

    assert response.status_code == 400
    assert "country" in response.json()["error"]["fields"]
    assert not Person.objects.exists()


# --- Update and delete ------------------------------------------------------------------------


def test_contributor_edits_a_person_they_added_and_partial_update_keeps_the_rest(api_client_for, contributor_a):
    client = api_client_for(contributor_a)
    person_id = client.post("/api/v1/people/", NEW_PERSON, format="json").json()["id"]

    response = client.patch(f"/api/v1/people/{person_id}/", {"city": "New York", "tags": ["navy"]}, format="json")

    assert response.status_code == 200
    person = Person.objects.get(pk=person_id)
    assert (person.city, person.title) == ("New York", "Staff engineer")
    assert list(person.tags.values_list("name", flat=True)) == ["navy"]
    assert person.emails.count() == 2
    assert person.handles.count() == 1


def test_contributor_cannot_edit_someone_elses_person(api_client_for, contributor_a, hr_lead):
    person = PersonFactory(created_by=hr_lead, city="Berlin")

    response = api_client_for(contributor_a).patch(f"/api/v1/people/{person.pk}/", {"city": "Paris"}, format="json")

    assert response.status_code == 403
    person.refresh_from_db()
    assert person.city == "Berlin"


def test_hr_lead_replaces_a_person_with_put(api_client_for, hr_lead, contributor_a):
    person = PersonFactory(created_by=contributor_a, title="Engineer")
    PersonEmailFactory(person=person, email="old@mail.example")

    response = api_client_for(hr_lead).put(
        f"/api/v1/people/{person.pk}/", {"first_name": "Ada", "emails": ["ada@mail.example"]}, format="json"
    )

    assert response.status_code == 200
    person.refresh_from_db()
    assert (person.first_name, person.title, person.city) == ("Ada", "", "")
    assert list(person.emails.values_list("email", flat=True)) == ["ada@mail.example"]


def test_updating_to_anothers_email_is_a_409_with_matches(api_client_for, hr_lead):
    owner = PersonFactory()
    PersonEmailFactory(person=owner, email="taken@mail.example")
    person = PersonFactory()

    response = api_client_for(hr_lead).patch(
        f"/api/v1/people/{person.pk}/", {"emails": ["taken@mail.example"]}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["error"]["fields"]["matches"] == [owner.pk]
    assert not person.emails.exists()


def test_updating_a_missing_person_is_404(api_client_for, hr_lead):
    assert api_client_for(hr_lead).patch("/api/v1/people/999999/", {"city": "x"}, format="json").status_code == 404


def test_only_hr_leads_delete_people(api_client_for, contributor_a, hr_lead):
    person = PersonFactory(created_by=contributor_a)

    assert api_client_for(contributor_a).delete(f"/api/v1/people/{person.pk}/").status_code == 403
    assert Person.objects.filter(pk=person.pk).exists()

    assert api_client_for(hr_lead).delete(f"/api/v1/people/{person.pk}/").status_code == 204
    assert not Person.objects.filter(pk=person.pk).exists()
    assert AuditEvent.objects.filter(verb="person.deleted", target_id=str(person.pk)).exists()


# --- Filters and search -----------------------------------------------------------------------


def test_people_filters_and_search(api_client_for, hr_lead):
    acme = CompanyFactory(name="Acme")
    berlin = PersonFactory(first_name="Lena", country="DE", city="Berlin", company=acme, source="import")
    paris = PersonFactory(
        first_name="Marc", country="FR", city="Paris", consent_to_contact=True, consent_date="2025-01-01"
    )
    berlin.tags.add(Tag.objects.create(name="python"))
    PersonEmailFactory(person=paris, email="marc@bistro.example")
    client = api_client_for(hr_lead)

    assert ids(client.get("/api/v1/people/", {"country": "de"})) == {berlin.pk}
    assert ids(client.get("/api/v1/people/", {"city": "Paris"})) == {paris.pk}
    assert ids(client.get("/api/v1/people/", {"company": acme.pk})) == {berlin.pk}
    assert ids(client.get("/api/v1/people/", {"tag": "Python"})) == {berlin.pk}
    assert ids(client.get("/api/v1/people/", {"source": "import"})) == {berlin.pk}
    assert ids(client.get("/api/v1/people/", {"consent_to_contact": "true"})) == {paris.pk}
    assert ids(client.get("/api/v1/people/", {"search": "bistro"})) == {paris.pk}
    assert ids(client.get("/api/v1/people/", {"search": "acme"})) == {berlin.pk}


# --- Companies --------------------------------------------------------------------------------


def test_contributor_creates_and_updates_a_company(api_client_for, contributor_a):
    client = api_client_for(contributor_a)

    created = client.post(
        "/api/v1/companies/",
        {"name": "Acme", "domain": "https://www.Acme.example/about", "relationship": "prospect"},
        format="json",
    )
    assert created.status_code == 201
    company = Company.objects.get(pk=created.json()["id"])
    assert (company.domain, company.relationship) == ("acme.example", "prospect")

    patched = client.patch(f"/api/v1/companies/{company.pk}/", {"relationship": "customer"}, format="json")
    assert patched.status_code == 200
    company.refresh_from_db()
    assert (company.name, company.relationship) == ("Acme", "customer")


def test_a_company_domain_taken_is_a_409(api_client_for, contributor_a):
    CompanyFactory(name="Acme", domain="acme.example")

    response = api_client_for(contributor_a).post(
        "/api/v1/companies/", {"name": "Acme 2", "domain": "ACME.example"}, format="json"
    )

    assert response.status_code == 409
    assert "domain" in response.json()["error"]["fields"]
    assert Company.objects.count() == 1


def test_companies_list_counts_people_and_filters_by_relationship(api_client_for, contributor_a):
    acme = CompanyFactory(name="Acme", relationship="customer")
    CompanyFactory(name="Rival", relationship="competitor")
    PersonFactory(company=acme)
    PersonFactory(company=acme)

    response = api_client_for(contributor_a).get("/api/v1/companies/", {"relationship": "customer"})

    assert [(c["id"], c["people_count"]) for c in response.json()["results"]] == [(acme.pk, 2)]


def test_only_hr_leads_delete_companies(api_client_for, contributor_a, hr_lead):
    company = CompanyFactory()

    assert api_client_for(contributor_a).delete(f"/api/v1/companies/{company.pk}/").status_code == 403
    assert Company.objects.filter(pk=company.pk).exists()
    assert api_client_for(hr_lead).delete(f"/api/v1/companies/{company.pk}/").status_code == 204
    assert not Company.objects.filter(pk=company.pk).exists()
