"""The programs pages, through their URLs, for each persona (see tests/conftest.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent, Role
from programs import services
from programs.models import (
    Membership,
    Pilot,
    PilotGoal,
    PilotStep,
    PlaybookStep,
    PolicyAcknowledgement,
    SharingPolicy,
    SponsorOrganization,
    Venue,
)
from tests.accounts.factories import UserFactory
from tests.programs.factories import (
    GoalFactory,
    MembershipFactory,
    PolicyFactory,
    VenueFactory,
)

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, *args):
    return reverse(f"programs:{name}", args=args)


def first_step(pilot) -> PilotStep:
    return pilot.steps.select_related("step").order_by("step__kind", "step__order").first()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def approved_policy_b(pilot_b, hr_lead):
    draft = services.policy_draft_save(
        actor=hr_lead, pilot=pilot_b, may_share="Open roles and team life.", may_not_share="Client names."
    )
    return services.policy_approve(actor=hr_lead, policy=draft)


# --- anonymous ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,needs_pk",
    [
        ("pilot_list", False),
        ("pilot_create", False),
        ("pilot_detail", True),
        ("pilot_edit", True),
        ("step_edit", True),
        ("sponsor_list", False),
        ("venue_list", False),
    ],
)
def test_anonymous_is_sent_to_login(client_for, pilot_a, name, needs_pk):
    args = (first_step(pilot_a).pk if name == "step_edit" else pilot_a.pk,) if needs_pk else ()
    response = client_for(None).get(url(name, *args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_anonymous_cannot_post_a_transition(client_for, pilot_a):
    response = client_for(None).post(url("pilot_transition", pilot_a.pk), {"status": "active"})
    assert response.status_code == 302
    pilot_a.refresh_from_db()
    assert pilot_a.status == Pilot.Status.PLANNING


# --- pilot list --------------------------------------------------------------------------------


def test_pilot_list_shows_only_visible_pilots_to_a_contributor(client_for, contributor_a, pilot_a, pilot_b):
    response = client_for(contributor_a).get(url("pilot_list"))
    assert response.status_code == 200
    assert pilot_a.name in response.content.decode()
    assert pilot_b.name not in response.content.decode()
    assert "New pilot" not in response.content.decode()


def test_pilot_list_shows_every_pilot_and_new_button_to_hr(client_for, hr_lead, pilot_a, pilot_b):
    body = client_for(hr_lead).get(url("pilot_list")).content.decode()
    assert pilot_a.name in body and pilot_b.name in body
    assert url("pilot_create") in body


def test_pilot_list_filters_by_stage_status_sponsor_and_name(client_for, hr_lead, pilot_a, pilot_b, sponsor_b):
    client = client_for(hr_lead)
    body = client.get(url("pilot_list"), {"stage": 2}).content.decode()
    assert pilot_b.name in body and pilot_a.name not in body
    body = client.get(url("pilot_list"), {"sponsor": sponsor_b.pk}).content.decode()
    assert pilot_b.name in body and pilot_a.name not in body
    body = client.get(url("pilot_list"), {"q": "mastodon"}).content.decode()
    assert pilot_a.name in body and pilot_b.name not in body
    Pilot.objects.filter(pk=pilot_a.pk).update(status=Pilot.Status.ACTIVE)
    body = client.get(url("pilot_list"), {"status": "active"}).content.decode()
    assert pilot_a.name in body and pilot_b.name not in body
    body = client.get(url("pilot_list"), {"q": "no such pilot"}).content.decode()
    assert "No pilot matches these filters" in body


def test_pilot_list_shows_checklist_progress(client_for, hr_lead, pilot_a):
    step = first_step(pilot_a)
    services.pilot_step_update(actor=hr_lead, pilot_step=step, owner=None, due_date=None, done=True)
    total = pilot_a.steps.count()
    body = client_for(hr_lead).get(url("pilot_list")).content.decode()
    assert f"1/{total}" in body
    assert "<progress" in body


def test_pilot_list_paginates_by_25(client_for, hr_lead, sponsor_a):
    for i in range(30):
        Pilot.objects.create(name=f"Bulk pilot {i:02d}", stage=1, sponsor=sponsor_a)
    client = client_for(hr_lead)
    first = client.get(url("pilot_list"), {"q": "Bulk"})
    assert len(first.context["pilots"]) == 25
    assert "page=2" in first.content.decode()
    second = client.get(url("pilot_list"), {"q": "Bulk", "page": 2})
    assert len(second.context["pilots"]) == 5


def test_pilot_list_empty_state_tells_outsider_to_ask_hr(client_for, outsider, pilot_a):
    body = client_for(outsider).get(url("pilot_list")).content.decode()
    assert pilot_a.name not in body
    assert "Ask your HR lead to add you to a pilot" in body


# --- create and edit ---------------------------------------------------------------------------


def test_hr_creates_a_pilot_with_its_checklist(client_for, hr_lead, sponsor_a):
    response = client_for(hr_lead).post(
        url("pilot_create"),
        {"name": "Designers on Bluesky", "stage": 1, "sponsor": sponsor_a.pk, "start_date": "2025-03-01"},
    )
    pilot = Pilot.objects.get(name="Designers on Bluesky")
    assert response.status_code == 302
    assert response["Location"] == url("pilot_detail", pilot.pk)
    assert pilot.created_by == hr_lead
    assert pilot.start_date == dt.date(2025, 3, 1)
    assert pilot.steps.count() == PlaybookStep.objects.filter(stage=1).count() > 0
    assert AuditEvent.objects.filter(verb="pilot.created", target_id=str(pilot.pk)).exists()


def test_create_form_links_to_sponsor_creation(client_for, hr_lead, sponsor_a):
    body = client_for(hr_lead).get(url("pilot_create")).content.decode()
    assert url("sponsor_create") in body


def test_duplicate_pilot_name_is_a_form_error_not_a_500(client_for, hr_lead, pilot_a, sponsor_a):
    response = client_for(hr_lead).post(
        url("pilot_create"), {"name": pilot_a.name.upper(), "stage": 1, "sponsor": sponsor_a.pk, "description": "kept"}
    )
    assert response.status_code == 400
    assert "already has a pilot called" in response.content.decode()
    assert response.context["form"]["description"].value() == "kept"
    assert Pilot.objects.filter(sponsor=sponsor_a).count() == 1


def test_end_before_start_is_refused_on_create(client_for, hr_lead, sponsor_a):
    response = client_for(hr_lead).post(
        url("pilot_create"),
        {
            "name": "Backwards",
            "stage": 1,
            "sponsor": sponsor_a.pk,
            "start_date": "2025-05-01",
            "end_date": "2025-04-01",
        },
    )
    assert response.status_code == 400
    assert "end date cannot be before the start date" in response.content.decode()
    assert not Pilot.objects.filter(name="Backwards").exists()


@pytest.mark.parametrize("persona", ["contributor_a", "manager", "outsider"])
def test_only_hr_may_open_pilot_create(client_for, request, persona, sponsor_a):
    user = request.getfixturevalue(persona)
    response = client_for(user).post(url("pilot_create"), {"name": "Sneaky", "stage": 1, "sponsor": sponsor_a.pk})
    assert response.status_code == 403
    assert not Pilot.objects.filter(name="Sneaky").exists()


def test_hr_edits_a_pilot(client_for, hr_lead, pilot_a):
    response = client_for(hr_lead).post(
        url("pilot_edit", pilot_a.pk), {"name": "Engineers everywhere", "description": "Wider", "start_date": ""}
    )
    assert response.status_code == 302
    pilot_a.refresh_from_db()
    assert (pilot_a.name, pilot_a.description) == ("Engineers everywhere", "Wider")


# --- detail and access -------------------------------------------------------------------------


def test_contributor_sees_own_pilot_with_checklist_edit_links(client_for, contributor_a, pilot_a):
    response = client_for(contributor_a).get(url("pilot_detail", pilot_a.pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert pilot_a.name in body
    assert url("step_edit", first_step(pilot_a).pk) in body
    assert url("pilot_edit", pilot_a.pk) not in body
    assert url("pilot_transition", pilot_a.pk) not in body


def test_contributor_of_another_pilot_gets_404(client_for, contributor_b, pilot_a):
    assert client_for(contributor_b).get(url("pilot_detail", pilot_a.pk)).status_code == 404


def test_outsider_gets_404_on_every_pilot(client_for, outsider, pilot_a, pilot_b):
    client = client_for(outsider)
    assert client.get(url("pilot_detail", pilot_a.pk)).status_code == 404
    assert client.get(url("pilot_detail", pilot_b.pk)).status_code == 404
    assert client.post(url("pilot_transition", pilot_a.pk), {"status": "active"}).status_code == 404


def test_manager_reads_managed_pilot_without_edit_controls(client_for, manager, pilot_a, pilot_b):
    client = client_for(manager)
    response = client.get(url("pilot_detail", pilot_a.pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert pilot_a.name in body
    assert url("step_edit", first_step(pilot_a).pk) not in body
    assert url("pilot_edit", pilot_a.pk) not in body
    assert client.get(url("pilot_detail", pilot_b.pk)).status_code == 404


@pytest.mark.parametrize("persona", ["contributor_a", "manager"])
def test_non_hr_who_sees_the_pilot_gets_403_on_its_settings(client_for, request, persona, pilot_a, sponsor_b):
    client = client_for(request.getfixturevalue(persona))
    goal = GoalFactory(pilot=pilot_a)
    member = UserFactory(role=Role.CONTRIBUTOR)
    draft = PolicyFactory(pilot=pilot_a)
    colleague = MembershipFactory(pilot=pilot_a)
    attempts = [
        ("post", url("member_role", colleague.pk), {"role": "champion"}),
        ("post", url("member_remove", colleague.pk), {}),
        ("get", url("pilot_edit", pilot_a.pk), {}),
        ("post", url("pilot_edit", pilot_a.pk), {"name": "Renamed"}),
        ("post", url("pilot_transition", pilot_a.pk), {"status": "active"}),
        ("post", url("goal_add", pilot_a.pk), {"name": "More", "target": 3}),
        ("post", url("goal_edit", goal.pk), {"name": "Changed", "target": 1}),
        ("post", url("goal_delete", goal.pk), {}),
        ("post", url("member_add", pilot_a.pk), {"user": member.pk, "role": "contributor"}),
        ("post", url("policy_create", pilot_a.pk), {"may_share": "a", "may_not_share": "b"}),
        ("post", url("policy_edit", draft.pk), {"may_share": "a", "may_not_share": "b"}),
        ("post", url("policy_approve", draft.pk), {}),
        ("post", url("pilot_scale", pilot_a.pk), {"sponsor": sponsor_b.pk, "name": "Copy"}),
    ]
    for method, target, data in attempts:
        assert getattr(client, method)(target, data).status_code == 403, target
    pilot_a.refresh_from_db()
    goal.refresh_from_db()
    draft.refresh_from_db()
    assert (pilot_a.name, pilot_a.status) == ("Engineers on Mastodon", Pilot.Status.PLANNING)
    assert (goal.name, draft.status, draft.may_share) == (
        "Hires from social conversations",
        "draft",
        PolicyFactory.may_share,
    )
    assert pilot_a.goals.count() == 1
    assert not Membership.objects.filter(user=member).exists()
    assert Membership.objects.get(pk=colleague.pk).role == Membership.Role.CONTRIBUTOR
    assert not Pilot.objects.filter(name="Copy").exists()


def test_contributor_b_cannot_touch_pilot_a_settings_either(client_for, contributor_b, pilot_a):
    membership = MembershipFactory(pilot=pilot_a)
    client = client_for(contributor_b)
    assert client.post(url("member_remove", membership.pk)).status_code == 404
    assert client.post(url("pilot_transition", pilot_a.pk), {"status": "active"}).status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


# --- status transitions and the Stage 2 policy gate --------------------------------------------


def test_hr_moves_a_pilot_through_allowed_statuses(client_for, hr_lead, pilot_a):
    client = client_for(hr_lead)
    detail = client.get(url("pilot_detail", pilot_a.pk)).content.decode()
    assert 'value="active"' in detail and 'value="review"' not in detail
    response = client.post(url("pilot_transition", pilot_a.pk), {"status": "active"}, follow=True)
    pilot_a.refresh_from_db()
    assert pilot_a.status == Pilot.Status.ACTIVE
    assert pilot_a.start_date is not None
    assert any("now active" in m for m in messages_of(response))


def test_bad_transition_through_the_view_shows_an_error(client_for, hr_lead, pilot_a):
    response = client_for(hr_lead).post(url("pilot_transition", pilot_a.pk), {"status": "scaled"}, follow=True)
    assert response.status_code == 200
    assert "A pilot cannot go from Planning to Scaled." in messages_of(response)
    pilot_a.refresh_from_db()
    assert pilot_a.status == Pilot.Status.PLANNING


def test_stage2_pilot_cannot_go_active_without_approved_policy_until_one_is_approved(client_for, hr_lead, pilot_b):
    client = client_for(hr_lead)
    response = client.post(url("pilot_transition", pilot_b.pk), {"status": "active"}, follow=True)
    assert services.MSG_STAGE2_NEEDS_POLICY in messages_of(response)
    assert 'class="message message--error"' in response.content.decode()
    pilot_b.refresh_from_db()
    assert pilot_b.status == Pilot.Status.PLANNING

    client.post(
        url("policy_create", pilot_b.pk), {"may_share": "Team life.", "may_not_share": "Client names."}, follow=True
    )
    draft = SharingPolicy.objects.get(pilot=pilot_b)
    assert draft.status == SharingPolicy.Status.DRAFT
    # A draft is not enough.
    response = client.post(url("pilot_transition", pilot_b.pk), {"status": "active"}, follow=True)
    assert services.MSG_STAGE2_NEEDS_POLICY in messages_of(response)
    pilot_b.refresh_from_db()
    assert pilot_b.status == Pilot.Status.PLANNING

    client.post(url("policy_approve", draft.pk), follow=True)
    draft.refresh_from_db()
    assert draft.status == SharingPolicy.Status.APPROVED
    response = client.post(url("pilot_transition", pilot_b.pk), {"status": "active"}, follow=True)
    pilot_b.refresh_from_db()
    assert pilot_b.status == Pilot.Status.ACTIVE
    assert messages_of(response) == ["“Consulting alumni” is now active."]


# --- goals, members ----------------------------------------------------------------------------


def test_hr_adds_edits_and_removes_a_goal(client_for, hr_lead, pilot_a):
    client = client_for(hr_lead)
    response = client.post(url("goal_add", pilot_a.pk), {"name": "Hires", "target": "10", "unit": "hires"})
    assert response.status_code == 302
    goal = PilotGoal.objects.get(pilot=pilot_a)
    assert goal.target == 10
    client.post(url("goal_edit", goal.pk), {"name": "Hires", "target": "12", "unit": "hires"})
    goal.refresh_from_db()
    assert goal.target == 12
    client.post(url("goal_delete", goal.pk))
    assert not PilotGoal.objects.filter(pk=goal.pk).exists()


def test_negative_goal_target_is_a_form_error(client_for, hr_lead, pilot_a):
    response = client_for(hr_lead).post(url("goal_add", pilot_a.pk), {"name": "Hires", "target": "-1"})
    assert response.status_code == 400
    assert not pilot_a.goals.exists()


def test_hr_adds_a_member_changes_role_and_removes(client_for, hr_lead, pilot_a):
    newcomer = UserFactory(role=Role.CONTRIBUTOR, full_name="Nina Newcomer")
    client = client_for(hr_lead)
    form_body = client.get(url("pilot_detail", pilot_a.pk)).content.decode()
    assert "Nina Newcomer" in form_body
    client.post(url("member_add", pilot_a.pk), {"user": newcomer.pk, "role": "contributor"})
    membership = Membership.objects.get(pilot=pilot_a, user=newcomer)
    client.post(url("member_role", membership.pk), {"role": "champion"})
    membership.refresh_from_db()
    assert membership.role == Membership.Role.CHAMPION
    client.post(url("member_remove", membership.pk))
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_managers_cannot_be_chosen_as_members(client_for, hr_lead, manager, pilot_a):
    response = client_for(hr_lead).post(url("member_add", pilot_a.pk), {"user": manager.pk, "role": "contributor"})
    assert response.status_code == 400
    assert not Membership.objects.filter(user=manager).exists()


# --- sharing policy ----------------------------------------------------------------------------


def test_hr_writes_edits_and_approves_a_draft(client_for, hr_lead, pilot_a):
    client = client_for(hr_lead)
    client.post(url("policy_create", pilot_a.pk), {"may_share": "Projects", "may_not_share": "Prices"})
    draft = SharingPolicy.objects.get(pilot=pilot_a)
    client.post(url("policy_edit", draft.pk), {"may_share": "Projects and jobs", "may_not_share": "Prices"})
    draft.refresh_from_db()
    assert draft.may_share == "Projects and jobs"
    client.post(url("policy_approve", draft.pk))
    draft.refresh_from_db()
    assert (draft.status, draft.approved_by) == (SharingPolicy.Status.APPROVED, hr_lead)
    # An approved version is no longer editable.
    response = client.post(url("policy_edit", draft.pk), {"may_share": "x", "may_not_share": "y"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.may_share == "Projects and jobs"


def test_empty_policy_is_a_form_error(client_for, hr_lead, pilot_a):
    response = client_for(hr_lead).post(
        url("policy_create", pilot_a.pk), {"may_share": "Projects", "may_not_share": "  "}
    )
    assert response.status_code == 400
    assert not SharingPolicy.objects.filter(pilot=pilot_a).exists()


def test_member_acknowledges_the_policy_and_the_reminder_goes_away(
    client_for, contributor_b, pilot_b, approved_policy_b
):
    client = client_for(contributor_b)
    detail = client.get(url("pilot_detail", pilot_b.pk)).content.decode()
    assert "I have read and accept this policy" in detail
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Policies to acknowledge" in dashboard
    assert url("policy_detail", approved_policy_b.pk) in dashboard

    response = client.post(url("policy_acknowledge", approved_policy_b.pk))
    assert response.status_code == 302
    assert PolicyAcknowledgement.objects.filter(policy=approved_policy_b, user=contributor_b).count() == 1

    assert "I have read and accept this policy" not in client.get(url("pilot_detail", pilot_b.pk)).content.decode()
    assert "Policies to acknowledge" not in client.get(reverse("dashboard")).content.decode()


def test_policy_page_offers_acceptance_to_a_member_who_has_not_accepted(client_for, contributor_b, approved_policy_b):
    body = client_for(contributor_b).get(url("policy_detail", approved_policy_b.pk)).content.decode()
    assert "Client names." in body
    assert url("policy_acknowledge", approved_policy_b.pk) in body


def test_hr_sees_who_has_and_has_not_acknowledged(client_for, hr_lead, contributor_b, pilot_b, approved_policy_b):
    late = UserFactory(full_name="Larry Late", role=Role.CONTRIBUTOR)
    MembershipFactory(pilot=pilot_b, user=late)
    services.policy_acknowledge(user=contributor_b, policy=approved_policy_b)
    response = client_for(hr_lead).get(url("pilot_detail", pilot_b.pk))
    assert [m.user for m in response.context["acknowledged_members"]] == [contributor_b]
    assert [m.user for m in response.context["pending_members"]] == [late]


def test_outsiders_cannot_see_or_acknowledge_a_policy(client_for, outsider, contributor_a, approved_policy_b):
    for user in (outsider, contributor_a):
        client = client_for(user)
        assert client.get(url("policy_detail", approved_policy_b.pk)).status_code == 404
        assert client.post(url("policy_acknowledge", approved_policy_b.pk)).status_code == 404
    assert not PolicyAcknowledgement.objects.exists()


def test_hr_lead_who_is_not_a_member_cannot_acknowledge(client_for, hr_lead, approved_policy_b):
    assert client_for(hr_lead).post(url("policy_acknowledge", approved_policy_b.pk)).status_code == 403
    assert not PolicyAcknowledgement.objects.exists()


# --- checklist ---------------------------------------------------------------------------------


def test_contributor_updates_a_step_with_the_full_page_form(client_for, contributor_a, pilot_a):
    step = first_step(pilot_a)
    client = client_for(contributor_a)
    page = client.get(url("step_edit", step.pk))
    assert page.status_code == 200
    assert "<html" in page.content.decode()
    response = client.post(
        url("step_edit", step.pk),
        {"owner": contributor_a.pk, "due_date": "2025-06-30", "done": "on", "note": "Kick-off held"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{url('pilot_detail', pilot_a.pk)}#step-{step.pk}"
    step.refresh_from_db()
    assert step.owner == contributor_a
    assert step.due_date == dt.date(2025, 6, 30)
    assert step.done_by == contributor_a and step.done_at is not None
    assert step.note == "Kick-off held"
    assert AuditEvent.objects.filter(verb="pilot.step_updated", actor=contributor_a).exists()


def test_htmx_get_returns_the_form_fragment_and_post_returns_the_row(client_for, contributor_a, pilot_a):
    step = first_step(pilot_a)
    client = client_for(contributor_a)
    fragment = client.get(url("step_edit", step.pk), **HTMX).content.decode()
    assert "<html" not in fragment
    assert f'hx-post="{url("step_edit", step.pk)}"' in fragment
    assert f'id="step-{step.pk}"' in fragment

    row = client.post(url("step_edit", step.pk), {"done": "on", "note": "Done by htmx"}, **HTMX)
    body = row.content.decode()
    assert row.status_code == 200
    assert "<html" not in body
    assert f'id="step-{step.pk}"' in body and "Done by htmx" in body and "badge--done" in body
    # The pilot's progress bar comes along, swapped out of band, with the new count.
    total = pilot_a.steps.count()
    assert 'id="checklist-progress" hx-swap-oob="true"' in body
    assert f"1 of {total} done" in body
    step.refresh_from_db()
    assert step.done


def test_htmx_post_with_a_bad_date_returns_the_form_with_its_error(client_for, contributor_a, pilot_a):
    step = first_step(pilot_a)
    response = client_for(contributor_a).post(url("step_edit", step.pk), {"due_date": "soon", "note": "kept"}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 400
    assert "<html" not in body and "Enter a valid date." in body and "kept" in body
    step.refresh_from_db()
    assert step.note == ""


def test_htmx_cancel_returns_the_row_and_plain_request_redirects(client_for, contributor_a, pilot_a):
    step = first_step(pilot_a)
    client = client_for(contributor_a)
    row = client.get(url("step_row", step.pk), **HTMX)
    assert row.status_code == 200 and step.step.title in row.content.decode()
    assert client.get(url("step_row", step.pk)).status_code == 302


def test_step_owner_must_be_a_member_or_hr(client_for, contributor_a, pilot_a):
    stranger = UserFactory(role=Role.CONTRIBUTOR)
    step = first_step(pilot_a)
    response = client_for(contributor_a).post(url("step_edit", step.pk), {"owner": stranger.pk})
    assert response.status_code == 400
    step.refresh_from_db()
    assert step.owner is None


def test_manager_cannot_edit_steps(client_for, manager, pilot_a):
    step = first_step(pilot_a)
    client = client_for(manager)
    assert client.get(url("step_edit", step.pk)).status_code == 403
    assert client.post(url("step_edit", step.pk), {"done": "on"}).status_code == 403
    step.refresh_from_db()
    assert not step.done


def test_contributor_b_cannot_edit_pilot_a_steps(client_for, contributor_b, pilot_a):
    step = first_step(pilot_a)
    client = client_for(contributor_b)
    assert client.get(url("step_edit", step.pk)).status_code == 404
    assert client.post(url("step_edit", step.pk), {"done": "on"}, **HTMX).status_code == 404
    step.refresh_from_db()
    assert not step.done


def test_hr_edits_any_step(client_for, hr_lead, pilot_b):
    step = first_step(pilot_b)
    assert client_for(hr_lead).post(url("step_edit", step.pk), {"done": "on"}).status_code == 302
    step.refresh_from_db()
    assert step.done_by == hr_lead


# --- scaling -----------------------------------------------------------------------------------


def test_hr_scales_a_pilot_with_goals_and_a_draft_policy(client_for, hr_lead, pilot_b, approved_policy_b, sponsor_a):
    GoalFactory(pilot=pilot_b, name="Introductions", target=25, unit="introductions")
    response = client_for(hr_lead).post(
        url("pilot_scale", pilot_b.pk), {"sponsor": sponsor_a.pk, "name": "Engineering alumni"}
    )
    new = Pilot.objects.get(name="Engineering alumni")
    assert response.status_code == 302
    assert response["Location"] == url("pilot_detail", new.pk)
    assert (new.sponsor, new.stage, new.scaled_from, new.status) == (sponsor_a, 2, pilot_b, Pilot.Status.PLANNING)
    assert list(new.goals.values_list("name", "target")) == [("Introductions", 25)]
    policy = new.policies.get()
    assert (policy.status, policy.version, policy.may_not_share) == ("draft", 1, approved_policy_b.may_not_share)
    assert new.steps.count() == pilot_b.steps.count()
    # Each page links to the other.
    assert url("pilot_detail", pilot_b.pk) in client_for(hr_lead).get(url("pilot_detail", new.pk)).content.decode()
    assert url("pilot_detail", new.pk) in client_for(hr_lead).get(url("pilot_detail", pilot_b.pk)).content.decode()


def test_scaling_to_the_same_sponsor_is_refused(client_for, hr_lead, pilot_a, sponsor_a):
    response = client_for(hr_lead).post(url("pilot_scale", pilot_a.pk), {"sponsor": sponsor_a.pk, "name": "Again"})
    assert response.status_code == 400
    assert not Pilot.objects.filter(name="Again").exists()


# --- sponsors ----------------------------------------------------------------------------------


def test_hr_creates_and_edits_a_sponsor_with_managers(client_for, hr_lead, manager):
    client = client_for(hr_lead)
    assert manager.full_name in client.get(url("sponsor_create")).content.decode()
    response = client.post(url("sponsor_create"), {"name": "Sales", "description": "", "managers": [manager.pk]})
    assert response.status_code == 302
    sponsor = SponsorOrganization.objects.get(name="Sales")
    assert list(sponsor.managers.all()) == [manager]
    client.post(url("sponsor_edit", sponsor.pk), {"name": "Sales EMEA", "description": "Europe"})
    sponsor.refresh_from_db()
    assert sponsor.name == "Sales EMEA"
    assert not sponsor.managers.exists()
    assert "Sales EMEA" in client.get(url("sponsor_list")).content.decode()


def test_sponsor_created_from_pilot_form_returns_to_it(client_for, hr_lead):
    response = client_for(hr_lead).post(url("sponsor_create"), {"name": "Legal", "next": "pilot_create"})
    sponsor = SponsorOrganization.objects.get(name="Legal")
    assert response["Location"] == f"{url('pilot_create')}?sponsor={sponsor.pk}"


def test_only_managers_can_be_chosen_as_sponsor_managers(client_for, hr_lead, contributor_a):
    response = client_for(hr_lead).post(url("sponsor_create"), {"name": "Ops", "managers": [contributor_a.pk]})
    assert response.status_code == 400
    assert not SponsorOrganization.objects.filter(name="Ops").exists()


def test_duplicate_sponsor_name_is_a_form_error(client_for, hr_lead, sponsor_a):
    response = client_for(hr_lead).post(url("sponsor_create"), {"name": "engineering"})
    assert response.status_code == 400
    assert "already exists" in response.content.decode()


@pytest.mark.parametrize("persona", ["contributor_a", "manager", "outsider"])
def test_only_hr_manages_sponsors(client_for, request, persona, sponsor_a):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(url("sponsor_list")).status_code == 403
    assert client.post(url("sponsor_create"), {"name": "Mine"}).status_code == 403
    assert client.post(url("sponsor_edit", sponsor_a.pk), {"name": "Hijacked"}).status_code == 403
    sponsor_a.refresh_from_db()
    assert sponsor_a.name == "Engineering"
    assert not SponsorOrganization.objects.filter(name="Mine").exists()


# --- venues ------------------------------------------------------------------------------------


def test_hr_creates_edits_and_deletes_a_venue(client_for, hr_lead):
    client = client_for(hr_lead)
    client.post(
        url("venue_create"),
        {"name": "fosstodon.org", "kind": "mastodon", "visibility": "public", "url": "https://fosstodon.org"},
    )
    venue = Venue.objects.get(name="fosstodon.org")
    client.post(url("venue_edit", venue.pk), {"name": "Fosstodon", "kind": "mastodon", "visibility": "public"})
    venue.refresh_from_db()
    assert venue.name == "Fosstodon"
    assert client.get(url("venue_delete", venue.pk)).status_code == 200
    client.post(url("venue_delete", venue.pk))
    assert not Venue.objects.filter(pk=venue.pk).exists()


def test_duplicate_venue_is_a_form_error(client_for, hr_lead):
    VenueFactory(name="Reddit r/devops", kind="reddit")
    response = client_for(hr_lead).post(
        url("venue_create"), {"name": "reddit r/devops", "kind": "reddit", "visibility": "public"}
    )
    assert response.status_code == 400
    assert Venue.objects.count() == 1


def test_contributor_reads_venues_but_cannot_change_them(client_for, contributor_a):
    venue = VenueFactory(name="Hacker News", kind="hackernews")
    client = client_for(contributor_a)
    body = client.get(url("venue_list")).content.decode()
    assert "Hacker News" in body and url("venue_edit", venue.pk) not in body
    assert client.post(url("venue_create"), {"name": "X", "kind": "x"}).status_code == 403
    assert client.post(url("venue_edit", venue.pk), {"name": "HN", "kind": "hackernews"}).status_code == 403
    assert client.post(url("venue_delete", venue.pk)).status_code == 403
    venue.refresh_from_db()
    assert venue.name == "Hacker News"


def test_manager_has_no_venue_pages(client_for, manager):
    assert client_for(manager).get(url("venue_list")).status_code == 403


def test_venue_list_filters_by_kind(client_for, hr_lead):
    VenueFactory(name="LinkedIn", kind="linkedin")
    VenueFactory(name="Bluesky", kind="bluesky")
    response = client_for(hr_lead).get(url("venue_list"), {"kind": "bluesky"})
    assert [v.name for v in response.context["venues"]] == ["Bluesky"]
    assert "<td>Bluesky" in response.content.decode()


# --- output escaping and query counts ----------------------------------------------------------


def test_user_text_is_escaped_on_the_pilot_page(client_for, hr_lead, pilot_a):
    step = first_step(pilot_a)
    services.pilot_step_update(
        actor=hr_lead, pilot_step=step, owner=None, due_date=None, done=False, note="<script>x()</script>"
    )
    body = client_for(hr_lead).get(url("pilot_detail", pilot_a.pk)).content.decode()
    assert "<script>x()</script>" not in body
    assert "&lt;script&gt;x()&lt;/script&gt;" in body


def _grow(pilot, hr_lead, *, members: int, extra_steps: int, offset: int) -> None:
    for i in range(members):
        user = UserFactory(role=Role.CONTRIBUTOR)
        MembershipFactory(pilot=pilot, user=user, role="champion" if i % 3 == 0 else "contributor")
    for i in range(extra_steps):
        step = PlaybookStep.objects.create(
            stage=pilot.stage, key=f"extra-{offset + i}", order=100 + offset + i, title=f"Extra {i}", guidance="More"
        )
        PilotStep.objects.create(pilot=pilot, step=step, owner=hr_lead, done_by=hr_lead, note="n")
    GoalFactory(pilot=pilot, name=f"Goal {offset}")
    PolicyFactory(pilot=pilot, version=offset + 1)


@pytest.mark.parametrize("persona", ["hr_lead", "contributor_b"])
def test_pilot_detail_query_count_does_not_grow_with_steps_and_members(
    client_for, django_assert_max_num_queries, request, persona, hr_lead, pilot_b, approved_policy_b
):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    _grow(pilot_b, hr_lead, members=2, extra_steps=1, offset=10)
    client.get(url("pilot_detail", pilot_b.pk))  # warm up the session and content types
    with CaptureQueriesContext(connection) as small:
        assert client.get(url("pilot_detail", pilot_b.pk)).status_code == 200
    _grow(pilot_b, hr_lead, members=15, extra_steps=15, offset=20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url("pilot_detail", pilot_b.pk))
    assert len(response.context["memberships"]) >= 17


def test_admin_lists_every_programs_model_and_keeps_pilot_status_read_only(client_for, pilot_a, contributor_a):
    admin_user = UserFactory(role=Role.HR_LEAD, is_staff=True, is_superuser=True)
    client = client_for(admin_user)
    for model in (
        "sponsororganization",
        "pilot",
        "membership",
        "pilotgoal",
        "sharingpolicy",
        "policyacknowledgement",
        "playbookstep",
        "pilotstep",
        "venue",
    ):
        assert client.get(reverse(f"admin:programs_{model}_changelist"), {"q": "a"}).status_code == 200, model
    change = client.get(reverse("admin:programs_pilot_change", args=[pilot_a.pk])).content.decode()
    assert 'name="name"' in change and 'name="status"' not in change


def test_the_full_page_step_form_is_a_plain_form_that_returns_to_the_pilot(client_for, contributor_a, pilot_a):
    # On its own page (no htmx request) the form must not swap itself in place: there is no
    # checklist to update, and the user expects to land back on the pilot.
    step = first_step(pilot_a)
    page = client_for(contributor_a).get(url("step_edit", step.pk)).content.decode()
    assert "hx-post" not in page and "hx-get" not in page


def test_make_active_is_disabled_with_the_reason_until_a_stage2_policy_is_approved(client_for, hr_lead, pilot_b):
    page = client_for(hr_lead).get(url("pilot_detail", pilot_b.pk)).content.decode()
    assert 'disabled aria-describedby="policy-gate-hint"' in page
    assert 'name="status" value="active"' not in page
    draft = services.policy_draft_save(actor=hr_lead, pilot=pilot_b, may_share="Projects", may_not_share="Clients")
    services.policy_approve(actor=hr_lead, policy=draft)
    page = client_for(hr_lead).get(url("pilot_detail", pilot_b.pk)).content.decode()
    assert 'name="status" value="active"' in page and "policy-gate-hint" not in page


def test_hr_lead_can_filter_pilots_by_a_sponsor_that_has_none_yet(client_for, hr_lead, pilot_a):
    from tests.programs.factories import SponsorFactory

    empty = SponsorFactory(name="Finance")
    response = client_for(hr_lead).get(url("pilot_list"), {"sponsor": empty.pk})
    assert response.status_code == 200
    assert response.context["filters"].is_valid()
    assert list(response.context["pilots"]) == []
