"""The Django admin pages for people and companies load, with search and inlines."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.people.factories import CompanyFactory, PersonEmailFactory, PersonFactory, SocialHandleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client_for):
    user = UserFactory(email="root@firm.example", role="hr_lead", is_staff=True, is_superuser=True)
    return client_for(user)


def test_person_admin_lists_searches_and_shows_email_and_handle_inlines(superuser_client):
    person = PersonFactory(first_name="Admin", last_name="Visible", company=CompanyFactory(name="Acme"))
    PersonEmailFactory(person=person, email="admin.visible@mail.example")
    SocialHandleFactory(person=person, handle="adminvisible")
    PersonFactory(first_name="Someone", last_name="Else")

    changelist = superuser_client.get(reverse("admin:people_person_changelist"), {"q": "admin.visible@mail"})
    assert changelist.status_code == 200
    assert "Admin Visible" in changelist.content.decode()
    assert "Someone Else" not in changelist.content.decode()

    change = superuser_client.get(reverse("admin:people_person_change", args=[person.pk]))
    html = change.content.decode()
    assert change.status_code == 200
    assert "admin.visible@mail.example" in html
    assert "adminvisible" in html


@pytest.mark.parametrize("name", ["people_company_changelist", "people_tag_changelist", "people_person_add"])
def test_other_admin_pages_load(superuser_client, name):
    CompanyFactory()
    assert superuser_client.get(reverse(f"admin:{name}")).status_code == 200


def test_admin_refuses_non_staff(client_for, hr_lead):
    response = client_for(hr_lead).get(reverse("admin:people_person_changelist"))
    assert response.status_code == 302
