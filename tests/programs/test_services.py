"""programs.services: the rules behind the pilot pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from accounts.models import AuditEvent, Role
from core.errors import ConflictError, DomainError
from programs import services
from programs.models import Membership, Pilot, PilotStep, PolicyAcknowledgement, SharingPolicy
from tests.accounts.factories import UserFactory
from tests.programs.factories import GoalFactory, SponsorFactory

NOW = dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC)


def events(verb: str, target) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(verb=verb, target_type=target._meta.label_lower, target_id=str(target.pk)))


def approve_policy(hr_lead, pilot) -> SharingPolicy:
    draft = services.policy_draft_save(actor=hr_lead, pilot=pilot, may_share="Jobs.", may_not_share="Prices.")
    return services.policy_approve(actor=hr_lead, policy=draft)


# --- pilots -----------------------------------------------------------------------------------


def test_pilot_create_records_an_audit_event_and_checklist(hr_lead, sponsor_a):
    pilot = services.pilot_create(actor=hr_lead, name="  Data people  ", stage=1, sponsor=sponsor_a, now=NOW)
    assert pilot.name == "Data people"
    assert pilot.steps.exists()
    [event] = events("pilot.created", pilot)
    assert (event.actor, event.data, event.created_at) == (hr_lead, {"stage": 1, "sponsor": sponsor_a.pk}, NOW)


def test_duplicate_pilot_name_per_sponsor_is_a_conflict_case_insensitively(hr_lead, pilot_a, sponsor_a, sponsor_b):
    with pytest.raises(ConflictError) as exc:
        services.pilot_create(actor=hr_lead, name="ENGINEERS ON MASTODON", stage=1, sponsor=sponsor_a)
    assert "name" in exc.value.fields
    # The same name for another sponsor is fine.
    assert services.pilot_create(actor=hr_lead, name=pilot_a.name, stage=1, sponsor=sponsor_b).pk


def test_renaming_onto_another_pilot_of_the_same_sponsor_is_a_conflict(hr_lead, pilot_a, sponsor_a):
    other = services.pilot_create(actor=hr_lead, name="Second", stage=1, sponsor=sponsor_a)
    with pytest.raises(ConflictError):
        services.pilot_update(actor=hr_lead, pilot=other, name=pilot_a.name)
    other.refresh_from_db()
    assert other.name == "Second"


def test_dates_out_of_order_are_refused_on_create_and_update(hr_lead, pilot_a, sponsor_a):
    start, end = dt.date(2025, 5, 1), dt.date(2025, 4, 1)
    with pytest.raises(DomainError) as exc:
        services.pilot_create(actor=hr_lead, name="Late", stage=1, sponsor=sponsor_a, start_date=start, end_date=end)
    assert exc.value.fields == {"end_date": [services.MSG_DATES]}
    with pytest.raises(DomainError):
        services.pilot_update(actor=hr_lead, pilot=pilot_a, name=pilot_a.name, start_date=start, end_date=end)
    pilot_a.refresh_from_db()
    assert pilot_a.start_date is None
    assert not Pilot.objects.filter(name="Late").exists()


def test_pilot_update_audits_only_real_changes(hr_lead, pilot_a):
    services.pilot_update(actor=hr_lead, pilot=pilot_a, name=pilot_a.name)
    assert events("pilot.updated", pilot_a) == []
    services.pilot_update(actor=hr_lead, pilot=pilot_a, name=pilot_a.name, description="New")
    [event] = events("pilot.updated", pilot_a)
    assert "description" in event.data["changes"]


@pytest.mark.parametrize("persona", ["contributor_a", "manager"])
def test_only_hr_leads_change_pilot_settings(request, persona, pilot_a, sponsor_a):
    user = request.getfixturevalue(persona)
    with pytest.raises(DomainError) as exc:
        services.pilot_create(actor=user, name="Mine", stage=1, sponsor=sponsor_a)
    assert exc.value.code == "forbidden"
    with pytest.raises(DomainError):
        services.pilot_transition(actor=user, pilot=pilot_a, status=Pilot.Status.ACTIVE)
    pilot_a.refresh_from_db()
    assert pilot_a.status == Pilot.Status.PLANNING


# --- transitions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start,target",
    [
        ("planning", "review"),
        ("planning", "scaled"),
        ("active", "planning"),
        ("scaled", "active"),
        ("closed", "active"),
    ],
)
def test_bad_transitions_are_refused(hr_lead, pilot_a, start, target):
    Pilot.objects.filter(pk=pilot_a.pk).update(status=start)
    pilot_a.refresh_from_db()
    with pytest.raises(DomainError) as exc:
        services.pilot_transition(actor=hr_lead, pilot=pilot_a, status=target)
    assert exc.value.code == "bad_transition"
    pilot_a.refresh_from_db()
    assert pilot_a.status == start
    assert events("pilot.status_changed", pilot_a) == []


def test_unknown_status_is_refused_without_a_crash(hr_lead, pilot_a):
    with pytest.raises(DomainError):
        services.pilot_transition(actor=hr_lead, pilot=pilot_a, status="flying")


def test_transition_to_active_sets_the_start_date_and_audits(hr_lead, pilot_a):
    services.pilot_transition(actor=hr_lead, pilot=pilot_a, status=Pilot.Status.ACTIVE, now=NOW)
    pilot_a.refresh_from_db()
    assert (pilot_a.status, pilot_a.start_date) == (Pilot.Status.ACTIVE, NOW.date())
    [event] = events("pilot.status_changed", pilot_a)
    assert event.data == {"from": "planning", "to": "active"}


def test_transition_from_a_stale_status_is_a_conflict(hr_lead, pilot_a):
    stale = Pilot.objects.get(pk=pilot_a.pk)
    services.pilot_transition(actor=hr_lead, pilot=pilot_a, status=Pilot.Status.CLOSED)
    with pytest.raises(ConflictError):
        services.pilot_transition(actor=hr_lead, pilot=stale, status=Pilot.Status.ACTIVE)
    pilot_a.refresh_from_db()
    assert pilot_a.status == Pilot.Status.CLOSED


def test_stage2_needs_an_approved_policy_to_go_active(hr_lead, pilot_b):
    services.policy_draft_save(actor=hr_lead, pilot=pilot_b, may_share="Jobs.", may_not_share="Prices.")
    with pytest.raises(DomainError) as exc:
        services.pilot_transition(actor=hr_lead, pilot=pilot_b, status=Pilot.Status.ACTIVE)
    assert (exc.value.code, exc.value.message) == ("policy_required", services.MSG_STAGE2_NEEDS_POLICY)
    approve_policy(hr_lead, pilot_b)
    services.pilot_transition(actor=hr_lead, pilot=pilot_b, status=Pilot.Status.ACTIVE)
    pilot_b.refresh_from_db()
    assert pilot_b.status == Pilot.Status.ACTIVE


def test_stage1_goes_active_without_a_policy(hr_lead, pilot_a):
    services.pilot_transition(actor=hr_lead, pilot=pilot_a, status=Pilot.Status.ACTIVE)
    assert Pilot.objects.get(pk=pilot_a.pk).status == Pilot.Status.ACTIVE


# --- scaling ----------------------------------------------------------------------------------


def test_scale_copies_goals_and_policy_as_draft_and_marks_a_reviewed_pilot_scaled(hr_lead, pilot_b, sponsor_a):
    GoalFactory(pilot=pilot_b, name="Introductions", target=Decimal("20"), unit="introductions")
    policy = approve_policy(hr_lead, pilot_b)
    Pilot.objects.filter(pk=pilot_b.pk).update(status=Pilot.Status.REVIEW)
    pilot_b.refresh_from_db()

    new = services.pilot_scale(actor=hr_lead, pilot=pilot_b, sponsor=sponsor_a, name="Engineering alumni", now=NOW)

    assert (new.stage, new.sponsor, new.scaled_from) == (2, sponsor_a, pilot_b)
    assert list(new.goals.values_list("name", "target", "unit")) == [("Introductions", Decimal("20"), "introductions")]
    copied = new.policies.get()
    assert (copied.status, copied.may_share, copied.may_not_share) == ("draft", policy.may_share, policy.may_not_share)
    assert new.steps.count() == pilot_b.steps.count()
    assert Pilot.objects.get(pk=pilot_b.pk).status == Pilot.Status.SCALED
    [event] = events("pilot.scaled", pilot_b)
    assert event.data == {"new_pilot": new.pk, "sponsor": sponsor_a.pk}


def test_scale_to_the_same_sponsor_is_refused(hr_lead, pilot_a, sponsor_a):
    with pytest.raises(DomainError):
        services.pilot_scale(actor=hr_lead, pilot=pilot_a, sponsor=sponsor_a, name="Copy")
    assert not Pilot.objects.filter(name="Copy").exists()


def test_scale_with_a_taken_name_leaves_nothing_behind(hr_lead, pilot_a, sponsor_b, pilot_b):
    with pytest.raises(ConflictError):
        services.pilot_scale(actor=hr_lead, pilot=pilot_a, sponsor=sponsor_b, name=pilot_b.name)
    assert Pilot.objects.count() == 2


# --- members, goals, policies -----------------------------------------------------------------


def test_members_cannot_be_added_twice_and_managers_not_at_all(hr_lead, contributor_a, manager, pilot_a):
    with pytest.raises(ConflictError):
        services.membership_add(actor=hr_lead, pilot=pilot_a, user=contributor_a)
    with pytest.raises(DomainError):
        services.membership_add(actor=hr_lead, pilot=pilot_a, user=manager)
    assert Membership.objects.filter(pilot=pilot_a).count() == 1


def test_goal_target_cannot_be_negative(hr_lead, pilot_a):
    with pytest.raises(DomainError) as exc:
        services.goal_save(actor=hr_lead, pilot=pilot_a, name="Hires", target=Decimal("-1"))
    assert "target" in exc.value.fields
    assert not pilot_a.goals.exists()


def test_approving_a_new_version_supersedes_the_old_one(hr_lead, pilot_b):
    first = approve_policy(hr_lead, pilot_b)
    second = approve_policy(hr_lead, pilot_b)
    first.refresh_from_db()
    assert (first.status, second.status, second.version) == ("superseded", "approved", 2)
    assert services.current_policy(pilot_b) == second
    with pytest.raises(DomainError):
        services.policy_approve(actor=hr_lead, policy=second)
    assert len(events("policy.approved", first)) == 1


def test_only_members_acknowledge_and_only_the_current_version(hr_lead, contributor_a, contributor_b, pilot_b):
    draft = services.policy_draft_save(actor=hr_lead, pilot=pilot_b, may_share="Jobs.", may_not_share="Prices.")
    with pytest.raises(DomainError):
        services.policy_acknowledge(user=contributor_b, policy=draft)
    policy = services.policy_approve(actor=hr_lead, policy=draft)
    with pytest.raises(DomainError) as exc:
        services.policy_acknowledge(user=contributor_a, policy=policy)
    assert exc.value.code == "forbidden"
    services.policy_acknowledge(user=contributor_b, policy=policy, now=NOW)
    services.policy_acknowledge(user=contributor_b, policy=policy)  # twice is harmless
    assert PolicyAcknowledgement.objects.filter(policy=policy).count() == 1
    assert len(events("policy.acknowledged", policy)) == 1


# --- checklist --------------------------------------------------------------------------------


def test_step_update_marks_done_and_undone_with_who_and_when(contributor_a, pilot_a):
    step = PilotStep.objects.filter(pilot=pilot_a).first()
    services.pilot_step_update(
        actor=contributor_a, pilot_step=step, owner=contributor_a, due_date=None, done=True, now=NOW
    )
    step.refresh_from_db()
    assert (step.done_at, step.done_by, step.owner) == (NOW, contributor_a, contributor_a)
    services.pilot_step_update(actor=contributor_a, pilot_step=step, owner=None, due_date=None, done=False)
    step.refresh_from_db()
    assert (step.done_at, step.done_by) == (None, None)
    assert len(events("pilot.step_updated", pilot_a)) == 2


@pytest.mark.parametrize("persona", ["manager", "contributor_b", "outsider"])
def test_non_members_cannot_update_steps(request, persona, pilot_a):
    user = request.getfixturevalue(persona)
    step = PilotStep.objects.filter(pilot=pilot_a).first()
    with pytest.raises(DomainError) as exc:
        services.pilot_step_update(actor=user, pilot_step=step, owner=None, due_date=None, done=True)
    assert exc.value.code == "forbidden"
    step.refresh_from_db()
    assert not step.done


# --- sponsors and venues ----------------------------------------------------------------------


def test_sponsor_names_are_unique_case_insensitively(hr_lead, sponsor_a):
    with pytest.raises(ConflictError):
        services.sponsor_create(actor=hr_lead, name="engineering")
    other = SponsorFactory(name="Sales")
    with pytest.raises(ConflictError):
        services.sponsor_update(actor=hr_lead, sponsor=other, name="ENGINEERING")


def test_sponsor_update_audits_manager_changes(hr_lead, sponsor_a):
    mgr = UserFactory(role=Role.MANAGER)
    services.sponsor_update(actor=hr_lead, sponsor=sponsor_a, name=sponsor_a.name, managers=[mgr])
    [event] = events("sponsor.updated", sponsor_a)
    assert event.data["changes"]["managers"] == [[], [mgr.pk]]


def test_venue_names_are_unique_and_kinds_checked(hr_lead):
    services.venue_save(actor=hr_lead, name="Fosstodon", kind="mastodon")
    with pytest.raises(ConflictError):
        services.venue_save(actor=hr_lead, name="fosstodon", kind="mastodon")
    with pytest.raises(DomainError):
        services.venue_save(actor=hr_lead, name="Myspace", kind="myspace")
