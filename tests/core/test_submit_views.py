"""The form pages moved onto core.web.submit: a service's refusal stays a form error (400, the
same words, what the user typed kept), and a ForbiddenError from the service is the 403 page on
every one of them, never a form error."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from accounts.models import Role
from core.errors import ConflictError, ForbiddenError
from programs.models import SponsorOrganization
from tests.accounts.factories import UserFactory
from tests.people.factories import CompanyFactory, PersonFactory
from tests.people.test_person_views import person_post

pytestmark = pytest.mark.django_db

COMPANY = {"name": "Initech", "domain": "", "industry": "Software", "relationship": "prospect", "notes": ""}
SPONSOR = {"name": "Legal", "description": ""}


def _pages(hr_lead) -> dict[str, tuple[str, Callable[[], str], dict[str, Any]]]:
    """page -> (the service the view calls, its URL, a valid POST)."""
    company = CompanyFactory(name="Globex")
    person = PersonFactory(first_name="Ada", last_name="Lovelace")
    sponsor = SponsorOrganization.objects.create(name="Finance")
    user = UserFactory(role=Role.CONTRIBUTOR)
    return {
        "sponsor_create": ("programs.services.sponsor_create", lambda: reverse("programs:sponsor_create"), SPONSOR),
        "sponsor_edit": (
            "programs.services.sponsor_update",
            lambda: reverse("programs:sponsor_edit", args=[sponsor.pk]),
            SPONSOR,
        ),
        "company_create": ("people.services.company_save", lambda: reverse("people:company_create"), COMPANY),
        "company_edit": (
            "people.services.company_save",
            lambda: reverse("people:company_edit", args=[company.pk]),
            COMPANY,
        ),
        "person_create": ("people.services.person_create", lambda: reverse("people:person_create"), person_post()),
        "person_edit": (
            "people.services.person_update",
            lambda: reverse("people:person_edit", args=[person.pk]),
            person_post(),
        ),
        "user_update": (
            "accounts.services.user_update_role",
            lambda: reverse("accounts:user_update", args=[user.pk]),
            {"role": Role.MANAGER, "is_active": "on"},
        ),
        "invitation_create": (
            "accounts.services.invitation_create",
            lambda: reverse("accounts:invitation_list"),
            {"email": "new.person@firm.example", "full_name": "New Person", "role": Role.CONTRIBUTOR},
        ),
    }


PAGES = [
    "sponsor_create",
    "sponsor_edit",
    "company_create",
    "company_edit",
    "person_create",
    "person_edit",
    "user_update",
    "invitation_create",
]


def _raising(error: Exception) -> Callable[..., Any]:
    def service(**kwargs: Any) -> Any:
        raise error

    return service


@pytest.mark.parametrize("page", PAGES)
def test_a_forbidden_error_from_the_service_is_the_403_page(client_for, hr_lead, monkeypatch, page):
    target, url, data = _pages(hr_lead)[page]
    monkeypatch.setattr(target, _raising(ForbiddenError("Not yours to change.")))
    assert client_for(hr_lead).post(url(), data).status_code == 403


@pytest.mark.parametrize("page", PAGES)
def test_a_refusal_from_the_service_is_a_form_error_with_its_words(client_for, hr_lead, monkeypatch, page):
    target, url, data = _pages(hr_lead)[page]
    monkeypatch.setattr(target, _raising(ConflictError("Someone changed it meanwhile; reload.")))
    response = client_for(hr_lead).post(url(), data)
    assert response.status_code == 400
    assert "Someone changed it meanwhile; reload." in response.content.decode()


def test_a_duplicate_sponsor_name_is_shown_on_the_name_field(client_for, hr_lead):
    SponsorOrganization.objects.create(name="Legal")
    response = client_for(hr_lead).post(reverse("programs:sponsor_create"), SPONSOR)
    assert response.status_code == 400
    assert response.context["form"].errors["name"] == ["A sponsor organization called 'Legal' already exists."]
    assert SponsorOrganization.objects.filter(name__iexact="legal").count() == 1


def test_a_duplicate_person_lists_the_matches_and_offers_create_anyway(client_for, hr_lead):
    namesake = PersonFactory(first_name="Grace", last_name="Hopper")
    response = client_for(hr_lead).post(reverse("people:person_create"), person_post())
    assert response.status_code == 400
    assert [p.pk for p in response.context["matches"]] == [namesake.pk]
    assert response.context["show_confirm"] is True
