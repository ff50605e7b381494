"""Shared personas. Each says what it may see; access tests use them by name.

- hr_lead: runs the program; sees and changes everything.
- contributor_a: a pilot employee in pilot_a (Stage 1, sponsor_a); sees only pilot_a.
- contributor_b: a pilot employee in pilot_b (Stage 2, sponsor_b); sees only pilot_b.
- manager: manages sponsor_a; reads pilot_a, never writes; no people directory.
- outsider: a contributor who belongs to no pilot; sees no pilot and no people.
"""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import Role
from programs.models import Membership
from tests.accounts.factories import PASSWORD, UserFactory
from tests.programs.factories import MembershipFactory, PilotFactory, SponsorFactory


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def hr_lead(db):
    return UserFactory(email="hr@firm.example", full_name="Hanna Lead", role=Role.HR_LEAD)


@pytest.fixture
def sponsor_a(db):
    return SponsorFactory(name="Engineering")


@pytest.fixture
def sponsor_b(db):
    return SponsorFactory(name="Consulting")


@pytest.fixture
def pilot_a(sponsor_a):
    return PilotFactory(name="Engineers on Mastodon", stage=1, sponsor=sponsor_a)


@pytest.fixture
def pilot_b(sponsor_b):
    return PilotFactory(name="Consulting alumni", stage=2, sponsor=sponsor_b)


@pytest.fixture
def contributor_a(pilot_a):
    user = UserFactory(email="ann@firm.example", full_name="Ann Contributor", role=Role.CONTRIBUTOR)
    MembershipFactory(pilot=pilot_a, user=user, role=Membership.Role.CONTRIBUTOR)
    return user


@pytest.fixture
def contributor_b(pilot_b):
    user = UserFactory(email="bob@firm.example", full_name="Bob Contributor", role=Role.CONTRIBUTOR)
    MembershipFactory(pilot=pilot_b, user=user, role=Membership.Role.CONTRIBUTOR)
    return user


@pytest.fixture
def manager(sponsor_a):
    user = UserFactory(email="mia@firm.example", full_name="Mia Manager", role=Role.MANAGER)
    sponsor_a.managers.add(user)
    return user


@pytest.fixture
def outsider(db):
    return UserFactory(email="otto@firm.example", full_name="Otto Outsider", role=Role.CONTRIBUTOR)


@pytest.fixture
def client_for(db):
    """client_for(user) -> a Django test client logged in as that user (None: anonymous)."""

    def make(user) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def api_client_for(db):
    """api_client_for(user) -> a DRF APIClient authenticated as that user (None: anonymous)."""
    from rest_framework.test import APIClient

    def make(user) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request):
    """Transactional tests (live server, real worker) flush the database when they end, data
    migrations' rows included, so the tests after them would find no assist scale and no guardrail terms. Every test
    that uses the database starts by putting the reference data back when it is missing (one
    EXISTS query when it is there; inside the test's transaction for ordinary tests)."""
    marker = request.node.get_closest_marker("django_db")
    names = request.fixturenames
    transactional = "live_server" in names or "transactional_db" in names
    transactional = transactional or bool(marker and marker.kwargs.get("transaction"))
    if not (transactional or marker or "db" in names):
        return
    request.getfixturevalue("transactional_db" if transactional else "db")
    from bizdev.services.guardrails import guardrail_defaults_ensure
    from metrics.services import assist_scale_ensure_defaults

    assist_scale_ensure_defaults()
    guardrail_defaults_ensure()


@pytest.fixture(autouse=True)
def _plain_static_and_fast_passwords(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MFA_REQUIRED_FOR_HR_LEADS = False
