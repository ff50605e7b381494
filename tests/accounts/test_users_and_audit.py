"""HR leads' pages: everyone's role and status, and the audit log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import AuditEvent, Role
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

USERS_URL = reverse("accounts:user_list")
AUDIT_URL = reverse("accounts:audit_log")


def _update_url(user) -> str:
    return reverse("accounts:user_update", args=[user.pk])


# --- Users ------------------------------------------------------------------------------------


def test_hr_lead_sees_everyone_with_role_and_last_login(hr_lead, contributor_a, manager, client_for):
    response = client_for(hr_lead).get(USERS_URL)
    body = response.content.decode()
    assert response.status_code == 200
    for user in (hr_lead, contributor_a, manager):
        assert user.email in body
    assert "Never" in body  # nobody here has logged in through the login page


def test_hr_lead_changes_a_role_and_it_is_audited(hr_lead, contributor_a, client_for):
    response = client_for(hr_lead).post(_update_url(contributor_a), {"role": Role.MANAGER, "is_active": "on"})

    assert response.status_code == 302
    contributor_a.refresh_from_db()
    assert contributor_a.role == Role.MANAGER
    assert contributor_a.is_active
    event = AuditEvent.objects.get(verb="user.updated")
    assert event.actor == hr_lead
    assert event.data["changes"] == {"role": ["contributor", "manager"]}


def test_hr_lead_deactivates_someone(hr_lead, contributor_a, client_for):
    response = client_for(hr_lead).post(_update_url(contributor_a), {"role": Role.CONTRIBUTOR})
    assert response.status_code == 302
    contributor_a.refresh_from_db()
    assert not contributor_a.is_active


def test_last_hr_lead_cannot_demote_or_deactivate_themselves(hr_lead, client_for):
    client = client_for(hr_lead)

    demote = client.post(_update_url(hr_lead), {"role": Role.CONTRIBUTOR, "is_active": "on"})
    deactivate = client.post(_update_url(hr_lead), {"role": Role.HR_LEAD})

    for response in (demote, deactivate):
        assert response.status_code == 400
        assert services.MSG_LAST_HR_LEAD in response.content.decode()
    hr_lead.refresh_from_db()
    assert hr_lead.role == Role.HR_LEAD
    assert hr_lead.is_active
    assert not AuditEvent.objects.filter(verb="user.updated").exists()


def test_an_hr_lead_can_be_demoted_when_another_remains(hr_lead, client_for):
    other = UserFactory(role=Role.HR_LEAD)
    response = client_for(hr_lead).post(_update_url(other), {"role": Role.CONTRIBUTOR, "is_active": "on"})
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.role == Role.CONTRIBUTOR


def test_unknown_role_is_a_form_error(hr_lead, contributor_a, client_for):
    response = client_for(hr_lead).post(_update_url(contributor_a), {"role": "emperor", "is_active": "on"})
    assert response.status_code == 400
    contributor_a.refresh_from_db()
    assert contributor_a.role == Role.CONTRIBUTOR


def test_user_list_filters_by_role_and_paginates(hr_lead, client_for):
    for i in range(26):
        UserFactory(email=f"c{i:02d}@firm.example", role=Role.CONTRIBUTOR)
    UserFactory(email="boss@firm.example", role=Role.MANAGER)
    client = client_for(hr_lead)

    managers = client.get(USERS_URL, {"role": Role.MANAGER}).content.decode()
    page_one = client.get(USERS_URL)
    page_two = client.get(USERS_URL, {"page": 2})

    assert "boss@firm.example" in managers
    assert "c00@firm.example" not in managers
    assert len(page_one.context["page_obj"].object_list) == 25
    assert len(page_two.context["page_obj"].object_list) == 3


def test_update_unknown_user_is_404(hr_lead, client_for):
    assert (
        client_for(hr_lead).post(reverse("accounts:user_update", args=[999999]), {"role": "manager"}).status_code == 404
    )


# --- Audit log --------------------------------------------------------------------------------


def test_audit_log_lists_newest_first_with_escaped_data(hr_lead, client_for):
    now = timezone.now()
    services.audit_record(
        actor=hr_lead,
        verb="pilot.created",
        target_type="programs.pilot",
        target_id="1",
        now=now - dt.timedelta(hours=2),
    )
    services.audit_record(
        actor=hr_lead,
        verb="person.updated",
        target_type="people.person",
        target_id="7",
        data={"name": "<b>Bold</b>", "changes": {"title": ["a", "b"]}},
        now=now,
    )

    response = client_for(hr_lead).get(AUDIT_URL)
    body = response.content.decode()

    assert response.status_code == 200
    assert body.index("person.updated") < body.index("pilot.created")
    assert "<b>Bold</b>" not in body
    assert "&lt;b&gt;Bold&lt;/b&gt;" in body
    assert "title" in body


def test_audit_log_filters_by_verb_prefix_actor_target_type_and_dates(hr_lead, contributor_a, client_for):
    now = timezone.now()
    services.audit_record(actor=hr_lead, verb="pilot.created", target_type="programs.pilot", target_id="1", now=now)
    services.audit_record(actor=hr_lead, verb="pilot.activated", target_type="programs.pilot", target_id="2", now=now)
    services.audit_record(
        actor=contributor_a, verb="person.created", target_type="people.person", target_id="3", now=now
    )
    services.audit_record(
        actor=hr_lead, verb="pilot.closed", target_type="programs.pilot", target_id="4", now=now - dt.timedelta(days=10)
    )
    client = client_for(hr_lead)

    def verbs(**params):
        response = client.get(AUDIT_URL, params)
        assert response.status_code == 200
        return sorted(event.verb for event in response.context["page_obj"].object_list)

    today = timezone.localdate(now).isoformat()
    assert verbs(verb="pilot.") == ["pilot.activated", "pilot.closed", "pilot.created"]
    assert verbs(actor=contributor_a.pk) == ["person.created"]
    assert verbs(target_type="people.person") == ["person.created"]
    assert verbs(verb="pilot.", date_from=today, date_to=today) == ["pilot.activated", "pilot.created"]
    old_day = timezone.localdate(now - dt.timedelta(days=10)).isoformat()
    assert verbs(date_to=old_day) == ["pilot.closed"]


def test_audit_log_bad_date_range_is_a_form_error(hr_lead, client_for):
    response = client_for(hr_lead).get(AUDIT_URL, {"date_from": "2025-05-10", "date_to": "2025-05-01"})
    assert response.status_code == 400
    assert response.context["filter_form"].errors["date_to"]


def test_audit_log_paginates_25_per_page(hr_lead, client_for):
    for i in range(30):
        services.audit_record(actor=hr_lead, verb="pilot.created", target_type="programs.pilot", target_id=str(i))
    page_two = client_for(hr_lead).get(AUDIT_URL, {"verb": "pilot.", "page": 2})
    assert len(page_two.context["page_obj"].object_list) == 5
    assert "verb=pilot." in page_two.context["query_string"]


# --- Who may ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["contributor_a", "contributor_b", "manager", "outsider"])
def test_only_hr_leads_may_see_users_and_audit_log(persona, request, hr_lead, client_for):
    user = request.getfixturevalue(persona)
    client = client_for(user)

    assert client.get(USERS_URL).status_code == 403
    assert client.get(AUDIT_URL).status_code == 403
    assert client.post(_update_url(user), {"role": Role.HR_LEAD, "is_active": "on"}).status_code == 403
    assert client.post(_update_url(hr_lead), {"role": Role.CONTRIBUTOR}).status_code == 403
    user.refresh_from_db()
    hr_lead.refresh_from_db()
    assert user.role != Role.HR_LEAD
    assert hr_lead.role == Role.HR_LEAD
    assert hr_lead.is_active


@pytest.mark.parametrize("url", [USERS_URL, AUDIT_URL])
def test_anonymous_is_sent_to_login_from_hr_pages(url, client):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_audit_log_accepts_the_last_day_of_the_calendar(client_for, hr_lead):
    from accounts.services import audit_record

    audit_record(actor=hr_lead, verb="pilot.created", target_type="programs.pilot", target_id="1")
    response = client_for(hr_lead).get(
        reverse("accounts:audit_log"), {"date_from": "2000-01-01", "date_to": "9999-12-31"}
    )
    assert response.status_code == 200
    assert "pilot.created" in response.content.decode()


def test_reloading_the_page_after_a_refused_role_change_goes_back_to_the_list(client_for, hr_lead):
    response = client_for(hr_lead).get(reverse("accounts:user_update", args=[hr_lead.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:user_list")


def test_audit_log_names_targets_in_words_not_model_labels(client_for, hr_lead):
    from accounts.services import audit_record

    audit_record(actor=hr_lead, verb="pilot.created", target_type="programs.pilot", target_id="7")
    page = client_for(hr_lead).get(reverse("accounts:audit_log")).content.decode()
    assert "Pilot #7" in page
    assert "programs.pilot #7" not in page
