"""One search per kind of thing: people through people.selectors.person_lookup (the directory, the
pickers and the people API), companies through people.selectors.company_lookup (the directory,
the ledger's company picker and the companies API); and one rule for who uses the directory."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from accounts.models import Role
from people.access import can_use_directory
from people.models import Person
from people.selectors import company_lookup, person_lookup
from programs.access import can_log
from tests.accounts.factories import UserFactory
from tests.people.factories import CompanyFactory, PersonFactory

pytestmark = pytest.mark.django_db

PEOPLE_API = "/api/v1/people/"
COMPANIES_API = "/api/v1/companies/"


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


# --- people -------------------------------------------------------------------------------------


def test_the_people_api_search_is_the_directory_lookup_with_names_first(api_client_for, hr_lead):
    ann = PersonFactory(first_name="Ann", last_name="Zimmer", title="Engineer")
    planner = PersonFactory(first_name="Bea", last_name="Adams", title="Annual planner")
    client = api_client_for(hr_lead)
    # By name alone Adams would come first; the lookup puts the name starting with "ann" first.
    assert [p.pk for p in person_lookup("ann")] == [ann.pk, planner.pk]
    assert _ids(client.get(PEOPLE_API, {"search": "ann"})) == [ann.pk, planner.pk]
    assert _ids(client.get(PEOPLE_API, {"q": "ann"})) == [ann.pk, planner.pk]
    # An explicit order still wins over the lookup's.
    assert _ids(client.get(PEOPLE_API, {"search": "ann", "ordering": "last_name"})) == [planner.pk, ann.pk]


def test_the_people_api_search_keeps_the_other_filters_and_leaves_out_the_erased(api_client_for, hr_lead):
    berlin = PersonFactory(first_name="Ann", last_name="Berliner", city="Berlin")
    PersonFactory(first_name="Ann", last_name="Parisienne", city="Paris")
    erased = PersonFactory(first_name="Ann", last_name="Gone", city="Berlin")
    erased.erased_at = erased.created_at
    erased.save(update_fields=["erased_at"])
    client = api_client_for(hr_lead)
    assert _ids(client.get(PEOPLE_API, {"search": "ann", "city": "Berlin"})) == [berlin.pk]


def test_a_person_lookup_narrowed_to_a_queryset_searches_only_within_it(hr_lead):
    ann = PersonFactory(first_name="Ann", last_name="Kept")
    PersonFactory(first_name="Ann", last_name="Other")
    assert list(person_lookup("ann", people=Person.objects.filter(pk=ann.pk))) == [ann]


# --- companies ----------------------------------------------------------------------------------


@pytest.fixture
def companies(db):
    return {
        "acme": CompanyFactory(name="Acme Robotics", domain="acme.example"),
        "globex": CompanyFactory(name="Globex", domain="globex.example", industry="Robotics"),
        "initech": CompanyFactory(name="Initech", domain="initech.example"),
    }


def test_company_lookup_needs_every_word_in_the_name_or_domain_in_any_order(companies):
    acme = companies["acme"]
    assert list(company_lookup("robotics ACME")) == [acme]
    assert list(company_lookup("acme.example")) == [acme]
    assert list(company_lookup("acme initech")) == []
    assert [c.name for c in company_lookup("")] == ["Acme Robotics", "Globex", "Initech"]


def test_the_company_picker_the_api_and_the_directory_find_the_same_companies(
    client_for, api_client_for, hr_lead, contributor_a, companies
):
    acme, globex = companies["acme"], companies["globex"]
    picker = client_for(contributor_a).get(
        reverse("metrics:company_lookup"), {"q": "robotics acme", "field": "to_company"}
    )
    html = picker.content.decode()
    assert f'value="{acme.pk}"' in html and "Globex" not in html
    assert _ids(api_client_for(hr_lead).get(COMPANIES_API, {"search": "robotics acme"})) == [acme.pk]
    listed = client_for(hr_lead).get(reverse("people:company_list"), {"q": "robotics acme"})
    assert [c.pk for c in listed.context["companies"]] == [acme.pk]
    # The directory page alone also looks in the industry.
    listed = client_for(hr_lead).get(reverse("people:company_list"), {"q": "robotics"})
    assert [c.pk for c in listed.context["companies"]] == [acme.pk, globex.pk]
    assert _ids(api_client_for(hr_lead).get(COMPANIES_API, {"search": "robotics"})) == [acme.pk]


# --- who uses the directory -------------------------------------------------------------------------


def test_whoever_may_log_work_uses_the_directory(hr_lead, contributor_a, manager, outsider):
    inactive = UserFactory(role=Role.HR_LEAD, is_active=False)
    for user in (hr_lead, contributor_a, manager, outsider, inactive, AnonymousUser()):
        assert can_use_directory(user) == can_log(user)
    assert [can_use_directory(u) for u in (hr_lead, contributor_a, manager, outsider, inactive)] == [
        True,
        True,
        False,
        False,
        False,
    ]
