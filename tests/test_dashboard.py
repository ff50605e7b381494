"""The dashboard: your pilots, next playbook steps, policies to acknowledge, per role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from accounts.models import Role
from programs import services
from programs.models import Pilot, PolicyAcknowledgement
from tests.accounts.factories import UserFactory


def dashboard(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def approved_policy_b(pilot_b, hr_lead):
    draft = services.policy_draft_save(actor=hr_lead, pilot=pilot_b, may_share="Team life.", may_not_share="Prices.")
    return services.policy_approve(actor=hr_lead, policy=draft)


def test_anonymous_is_sent_to_login(client_for):
    response = client_for(None).get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_hr_lead_without_pilots_is_invited_to_create_one(client_for, db):
    hr = UserFactory(role=Role.HR_LEAD)
    body = dashboard(client_for(hr))
    assert "Create your first pilot" in body
    assert reverse("programs:pilot_create") in body


def test_contributor_without_pilot_is_told_to_ask_hr(client_for, outsider, pilot_a):
    body = dashboard(client_for(outsider))
    assert "Ask your HR lead to add you to a pilot" in body
    assert pilot_a.name not in body


def test_manager_without_managed_pilots_sees_the_manager_empty_state(client_for, pilot_a):
    lonely_manager = UserFactory(role=Role.MANAGER)
    body = dashboard(client_for(lonely_manager))
    assert "No pilots for your organizations yet" in body
    assert pilot_a.name not in body


def test_contributor_sees_own_pilot_with_progress_and_next_steps(client_for, contributor_a, pilot_a, pilot_b, hr_lead):
    step = pilot_a.steps.select_related("step").order_by("step__kind", "step__order").first()
    services.pilot_step_update(
        actor=hr_lead, pilot_step=step, owner=contributor_a, due_date=dt.date(2025, 1, 15), done=False
    )
    body = dashboard(client_for(contributor_a))
    assert pilot_a.name in body and pilot_b.name not in body
    assert f"0/{pilot_a.steps.count()} steps" in body
    assert "Next playbook steps" in body
    assert f"#step-{step.pk}" in body and step.step.title in body
    assert "yours" in body


def test_manager_sees_managed_pilot(client_for, manager, pilot_a, pilot_b):
    body = dashboard(client_for(manager))
    assert pilot_a.name in body and pilot_b.name not in body


def test_closed_pilots_leave_the_dashboard(client_for, contributor_a, pilot_a):
    Pilot.objects.filter(pk=pilot_a.pk).update(status=Pilot.Status.CLOSED)
    assert pilot_a.name not in dashboard(client_for(contributor_a))


def test_policy_reminder_links_to_the_policy_and_goes_away_once_accepted(client_for, contributor_b, approved_policy_b):
    client = client_for(contributor_b)
    body = dashboard(client)
    assert "Policies to acknowledge" in body
    assert reverse("programs:policy_detail", args=[approved_policy_b.pk]) in body

    client.post(reverse("programs:policy_acknowledge", args=[approved_policy_b.pk]))
    assert PolicyAcknowledgement.objects.filter(user=contributor_b, policy=approved_policy_b).exists()
    assert "Policies to acknowledge" not in dashboard(client)


def test_a_new_policy_version_asks_again(client_for, hr_lead, contributor_b, pilot_b, approved_policy_b):
    services.policy_acknowledge(user=contributor_b, policy=approved_policy_b)
    draft = services.policy_draft_save(actor=hr_lead, pilot=pilot_b, may_share="Less.", may_not_share="More.")
    services.policy_approve(actor=hr_lead, policy=draft)
    body = dashboard(client_for(contributor_b))
    assert reverse("programs:policy_detail", args=[draft.pk]) in body


def test_other_pilots_policies_are_not_shown(client_for, contributor_a, approved_policy_b):
    assert "Policies to acknowledge" not in dashboard(client_for(contributor_a))
