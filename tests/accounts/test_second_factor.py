"""The second factor cannot be skipped: not through the Django admin's login, and a session that
has not passed it is anonymous to pages, the API and the token page alike."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.urls import reverse

from accounts.models import ApiToken, Role
from tests.accounts.conftest import current_code, log_in_with_totp
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_hr_lead(private_cache, enrol_totp):
    """A superuser HR lead with TOTP enrolled; returns (user, secret)."""
    user = UserFactory(email="root@firm.example", role=Role.HR_LEAD, is_staff=True, is_superuser=True)
    return user, enrol_totp(user)


def test_admin_login_with_the_password_alone_signs_nobody_in(client, staff_hr_lead):
    user, _ = staff_hr_lead

    response = client.post("/admin/login/", {"username": user.email, "password": PASSWORD, "next": "/admin/"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    assert client.get("/api/v1/me/").status_code in (401, 403)


def test_admin_login_page_sends_people_to_allauths_login(client):
    response = client.get("/admin/login/?next=/admin/accounts/user/")

    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=%2Fadmin%2Faccounts%2Fuser%2F"


def test_a_session_that_skipped_the_second_factor_is_anonymous_everywhere(client, staff_hr_lead):
    # However a session got signed in without the code (here: Django's login() directly), it is
    # ended before pages, the API or the token page see it.
    user, _ = staff_hr_lead
    client.force_login(user)

    assert client.get(reverse("dashboard")).status_code == 302
    assert client.get("/admin/").status_code == 302
    assert client.get("/api/v1/me/").status_code in (401, 403)
    assert client.post("/api/v1/tokens/", {"name": "stolen"}).status_code in (401, 403)
    assert client.post(reverse("accounts:token_create"), {"name": "stolen"}).status_code == 302
    assert not ApiToken.objects.filter(user=user).exists()
    assert "_auth_user_id" not in client.session


def test_password_and_totp_code_reach_the_admin_and_the_api(client, staff_hr_lead):
    user, secret = staff_hr_lead

    done = log_in_with_totp(client, user.email, secret, next_url="/admin/")

    assert done.status_code == 302
    assert done.url == "/admin/"
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/admin/").status_code == 200
    assert client.get("/api/v1/me/").json()["email"] == user.email


def test_a_user_without_an_authenticator_is_signed_in_by_password(client, private_cache, contributor_a):
    client.post(reverse("account_login"), {"login": contributor_a.email, "password": PASSWORD})

    assert client.get(reverse("accounts:profile")).status_code == 200


def _log_in_by_password(client, user) -> None:
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response
    assert client.get(reverse("accounts:profile")).status_code == 200


# Real commits: allauth announces the new authenticator (authenticator_added) when the activation's
# transaction commits, inside the request, as it does in production.
@pytest.mark.django_db(transaction=True)
def test_enrolling_totp_keeps_the_session_it_was_enrolled_in(client, private_cache, contributor_a):
    _log_in_by_password(client, contributor_a)

    to_reauth = client.get(reverse("mfa_activate_totp"))  # activation asks for the password again
    client.post(to_reauth.url, {"password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    activated = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})

    assert activated.status_code == 302, activated
    assert Authenticator.objects.filter(user=contributor_a, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert client.get("/api/v1/me/").json()["email"] == contributor_a.email
    assert client.session["_auth_user_id"] == str(contributor_a.pk)


def test_a_password_only_session_ends_once_totp_is_enrolled_elsewhere(client, private_cache, contributor_a, enrol_totp):
    # Signed in by password while the account had no authenticator; then TOTP is enrolled from
    # another browser. The old session has not passed the second factor the account now has.
    _log_in_by_password(client, contributor_a)

    enrol_totp(contributor_a)

    assert client.get(reverse("accounts:profile")).status_code == 302
    assert client.get("/api/v1/me/").status_code in (401, 403)
    assert client.post("/api/v1/tokens/", {"name": "kept"}).status_code in (401, 403)
    assert not ApiToken.objects.filter(user=contributor_a).exists()
    assert "_auth_user_id" not in client.session


def test_a_session_older_than_the_enrolment_passes_with_the_code(client, private_cache, contributor_a, enrol_totp):
    _log_in_by_password(client, contributor_a)
    secret = enrol_totp(contributor_a)
    assert client.get(reverse("accounts:profile")).status_code == 302

    done = log_in_with_totp(client, contributor_a.email, secret)

    assert done.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_a_contributor_gets_403_not_the_admin(client_for, contributor_a):
    assert client_for(contributor_a).get("/admin/").status_code in (302, 403)
    assert client_for(contributor_a).get("/admin/login/").status_code == 403


def test_admin_is_off_in_production_unless_enabled(tmp_path):
    from tests.test_settings import production_env, run

    probe = "import django; django.setup(); from django.urls import resolve, Resolver404\n"
    probe += "try:\n    resolve('/admin/'); print('admin on')\nexcept Resolver404:\n    print('admin off')"
    off = run(["-c", probe], production_env(tmp_path))
    on = run(["-c", probe], production_env(tmp_path, ADMIN_ENABLED="true"))

    assert off.stdout.strip() == "admin off", off.stderr
    assert on.stdout.strip() == "admin on", on.stderr
