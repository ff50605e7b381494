"""Writes with a rule for the program spine: sponsors, pilots, members, goals, policies,
playbook checklists and venues. Each function is one transaction and records an audit event."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max, ProtectedError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from accounts.services import audit_record
from core.changes import changed_fields
from core.errors import ConflictError, DomainError, ForbiddenError

from .models import (
    Membership,
    Pilot,
    PilotGoal,
    PilotStep,
    PlaybookStep,
    PolicyAcknowledgement,
    PolicyReminder,
    SharingPolicy,
    SponsorOrganization,
    Stage,
    Venue,
)
from .playbook import PLAYBOOK


class ProgramError(DomainError):
    pass


MSG_NOT_HR = "Only an HR lead can change pilot settings."
MSG_BAD_TRANSITION = "A pilot cannot go from {old} to {new}."
MSG_STAGE2_NEEDS_POLICY = (
    "A Stage 2 pilot cannot become active without an approved sharing policy. Write the policy and approve it first."
)
MSG_STATUS_CHANGED = "Someone else changed this pilot's status meanwhile; reload and try again."
MSG_ENDED = "This pilot's end date ({end}) has passed: set its dates before making it active."
MSG_DATES = "The end date cannot be before the start date."
MSG_DUPLICATE_PILOT = "{sponsor} already has a pilot called {name!r}."
MSG_SCALE_SAME_SPONSOR = "Scale a pilot to another sponsor organization, not the one it already serves."
MSG_ALREADY_MEMBER = "{user} is already in this pilot."
MSG_MEMBER_ROLE = "Only contributors and HR leads can work in a pilot; {user} is a {role}."
MSG_POLICY_NOT_DRAFT = "Only a draft policy can be edited or approved."
MSG_POLICY_NOT_CURRENT = "Only the current approved policy can be acknowledged."
MSG_NOT_MEMBER = "Only members of this pilot can acknowledge its policy."
MSG_POLICY_EMPTY = "Say both what may and what may not be shared."
MSG_OWNER_NOT_MEMBER = "{user} is not in this pilot; a step's owner must be a member or an HR lead."
MSG_STEP_FORBIDDEN = "Only members of this pilot and HR leads can update its checklist."
MSG_NEGATIVE_TARGET = "A goal's target cannot be negative."
MSG_VENUE_URL = "A venue's address must be a web page (https://…)."
MSG_VENUE_EXISTS = "A venue called {name!r} already exists."
MSG_SPONSOR_EXISTS = "A sponsor organization called {name!r} already exists."
MSG_SPONSOR_IN_USE = "This sponsor organization still has pilots; close or move them first."


def _require_hr(actor: User) -> None:
    if not actor.is_hr_lead:
        raise ForbiddenError(MSG_NOT_HR)


def _check_dates(start: dt.date | None, end: dt.date | None) -> None:
    if start and end and end < start:
        raise ProgramError(MSG_DATES, fields={"end_date": [MSG_DATES]})


# --- Playbook ---------------------------------------------------------------------------------


def playbook_sync() -> int:
    """Load programs.playbook into PlaybookStep rows (insert or update by stage + key)."""
    count = 0
    for stage, steps in PLAYBOOK.items():
        for order, data in enumerate(steps, start=1):
            PlaybookStep.objects.update_or_create(
                stage=stage,
                key=data["key"],
                defaults={"order": order, "title": data["title"], "guidance": data["guidance"], "kind": data["kind"]},
            )
            count += 1
    return count


def _create_checklist(pilot: Pilot) -> None:
    steps = PlaybookStep.objects.filter(stage=pilot.stage)
    if not steps.exists():
        playbook_sync()
    PilotStep.objects.bulk_create(
        [PilotStep(pilot=pilot, step=step) for step in PlaybookStep.objects.filter(stage=pilot.stage)],
        ignore_conflicts=True,
    )


# --- Sponsors ---------------------------------------------------------------------------------


def sponsor_create(
    *, actor: User, name: str, description: str = "", managers: list[User] | None = None
) -> SponsorOrganization:
    _require_hr(actor)
    name = name.strip()
    if SponsorOrganization.objects.filter(name__iexact=name).exists():
        raise ConflictError(
            MSG_SPONSOR_EXISTS.format(name=name), fields={"name": [MSG_SPONSOR_EXISTS.format(name=name)]}
        )
    with transaction.atomic():
        sponsor = SponsorOrganization.objects.create(name=name, description=description)
        if managers:
            sponsor.managers.set(managers)
        audit_record(actor=actor, verb="sponsor.created", target=sponsor)
    return sponsor


def sponsor_update(
    *, actor: User, sponsor: SponsorOrganization, name: str, description: str = "", managers: list[User] | None = None
) -> SponsorOrganization:
    _require_hr(actor)
    name = name.strip()
    if SponsorOrganization.objects.filter(name__iexact=name).exclude(pk=sponsor.pk).exists():
        raise ConflictError(
            MSG_SPONSOR_EXISTS.format(name=name), fields={"name": [MSG_SPONSOR_EXISTS.format(name=name)]}
        )
    with transaction.atomic():
        changes = changed_fields(sponsor, {"name": name, "description": description})
        if changes:
            sponsor.save(update_fields=list(changes))
        if managers is not None:
            before = sorted(sponsor.managers.values_list("pk", flat=True))
            sponsor.managers.set(managers)
            after = sorted(u.pk for u in managers)
            if before != after:
                changes["managers"] = [before, after]
        if changes:
            audit_record(actor=actor, verb="sponsor.updated", target=sponsor, data={"changes": changes})
    return sponsor


def sponsor_delete(*, actor: User, sponsor: SponsorOrganization) -> None:
    _require_hr(actor)
    if sponsor.pilots.exists():
        raise ConflictError(MSG_SPONSOR_IN_USE)
    with transaction.atomic():
        audit_record(actor=actor, verb="sponsor.deleted", target=sponsor)
        sponsor.delete()


# --- Pilots -----------------------------------------------------------------------------------


def pilot_create(
    *,
    actor: User,
    name: str,
    stage: int,
    sponsor: SponsorOrganization,
    description: str = "",
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Pilot:
    """Create a pilot in planning, with its stage's playbook as a checklist."""
    _require_hr(actor)
    if stage not in Stage.values:
        raise ProgramError("Choose stage 1, 2 or 3.", fields={"stage": ["Choose stage 1, 2 or 3."]})
    _check_dates(start_date, end_date)
    name = name.strip()
    if Pilot.objects.filter(sponsor=sponsor, name__iexact=name).exists():
        msg = MSG_DUPLICATE_PILOT.format(sponsor=sponsor, name=name)
        raise ConflictError(msg, fields={"name": [msg]})
    with transaction.atomic():
        pilot = Pilot.objects.create(
            name=name,
            stage=stage,
            sponsor=sponsor,
            description=description,
            start_date=start_date,
            end_date=end_date,
            created_by=actor,
            created_at=now or timezone.now(),
        )
        _create_checklist(pilot)
        audit_record(
            actor=actor, verb="pilot.created", target=pilot, data={"stage": stage, "sponsor": sponsor.pk}, now=now
        )
    return pilot


def pilot_update(
    *,
    actor: User,
    pilot: Pilot,
    name: str,
    description: str = "",
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
) -> Pilot:
    """Edit a pilot's name, description and dates. Stage and sponsor are fixed once created
    (scale the pilot to serve another sponsor)."""
    _require_hr(actor)
    _check_dates(start_date, end_date)
    name = name.strip()
    if Pilot.objects.filter(sponsor=pilot.sponsor, name__iexact=name).exclude(pk=pilot.pk).exists():
        msg = MSG_DUPLICATE_PILOT.format(sponsor=pilot.sponsor, name=name)
        raise ConflictError(msg, fields={"name": [msg]})
    with transaction.atomic():
        changes = changed_fields(
            pilot, {"name": name, "description": description, "start_date": start_date, "end_date": end_date}
        )
        if changes:
            pilot.save(update_fields=list(changes))
            audit_record(actor=actor, verb="pilot.updated", target=pilot, data={"changes": changes})
    return pilot


def pilot_transition(*, actor: User, pilot: Pilot, status: str, now: dt.datetime | None = None) -> Pilot:
    """Move a pilot along planning → active → review → scaled/closed.

    A Stage 2 pilot needs an approved sharing policy before it may become active.
    """
    _require_hr(actor)
    old = pilot.status
    if status not in pilot.allowed_transitions():
        raise ProgramError(
            MSG_BAD_TRANSITION.format(
                old=Pilot.Status(old).label, new=Pilot.Status(status).label if status in Pilot.Status.values else status
            ),
            code="bad_transition",
        )
    if status == Pilot.Status.ACTIVE and pilot.stage == Stage.ALUMNI and current_policy(pilot) is None:
        raise ProgramError(MSG_STAGE2_NEEDS_POLICY, code="policy_required")
    with transaction.atomic():
        values: dict[str, Any] = {"status": status}
        if status == Pilot.Status.ACTIVE and pilot.start_date is None:
            today = (now or timezone.now()).date()
            if pilot.end_date and pilot.end_date < today:
                msg = MSG_ENDED.format(end=pilot.end_date.isoformat())
                raise ProgramError(msg, code="dates", fields={"end_date": [msg]})
            values["start_date"] = today
        updated = Pilot.objects.filter(pk=pilot.pk, status=old).update(**values)
        if not updated:
            raise ConflictError(MSG_STATUS_CHANGED)
        for key, value in values.items():
            setattr(pilot, key, value)
        audit_record(actor=actor, verb="pilot.status_changed", target=pilot, data={"from": old, "to": status}, now=now)
    return pilot


def pilot_scale(
    *, actor: User, pilot: Pilot, sponsor: SponsorOrganization, name: str, now: dt.datetime | None = None
) -> Pilot:
    """Start a new pilot for another sponsor with the same setup: stage, description, goals,
    checklist owners cleared, and the current policy text as a new draft. A source pilot in
    review is marked scaled."""
    _require_hr(actor)
    if sponsor.pk == pilot.sponsor_id:
        raise ProgramError(MSG_SCALE_SAME_SPONSOR, fields={"sponsor": [MSG_SCALE_SAME_SPONSOR]})
    with transaction.atomic():
        new = pilot_create(
            actor=actor, name=name, stage=pilot.stage, sponsor=sponsor, description=pilot.description, now=now
        )
        new.scaled_from = pilot
        new.save(update_fields=["scaled_from"])
        PilotGoal.objects.bulk_create(
            [PilotGoal(pilot=new, name=g.name, target=g.target, unit=g.unit) for g in pilot.goals.all()]
        )
        policy = current_policy(pilot)
        if policy is not None:
            draft = SharingPolicy.objects.create(
                pilot=new,
                version=1,
                may_share=policy.may_share,
                may_not_share=policy.may_not_share,
                created_by=actor,
                created_at=now or timezone.now(),
            )
            audit_record(actor=actor, verb="policy.drafted", target=draft, data={"copied_from": policy.pk}, now=now)
        if Pilot.objects.filter(pk=pilot.pk, status=Pilot.Status.REVIEW).update(status=Pilot.Status.SCALED):
            pilot.status = Pilot.Status.SCALED
            audit_record(
                actor=actor, verb="pilot.status_changed", target=pilot, data={"from": "review", "to": "scaled"}, now=now
            )
        audit_record(
            actor=actor, verb="pilot.scaled", target=pilot, data={"new_pilot": new.pk, "sponsor": sponsor.pk}, now=now
        )
    return new


# --- Members ----------------------------------------------------------------------------------


def membership_add(*, actor: User, pilot: Pilot, user: User, role: str = Membership.Role.CONTRIBUTOR) -> Membership:
    _require_hr(actor)
    if user.role == Role.MANAGER:
        msg = MSG_MEMBER_ROLE.format(user=user, role=user.get_role_display())
        raise ProgramError(msg, fields={"user": [msg]})
    if role not in Membership.Role.values:
        raise ProgramError("Unknown pilot role.", fields={"role": ["Unknown pilot role."]})
    try:
        with transaction.atomic():
            membership = Membership.objects.create(pilot=pilot, user=user, role=role)
            audit_record(actor=actor, verb="pilot.member_added", target=pilot, data={"user": user.pk, "role": role})
    except IntegrityError as exc:
        msg = MSG_ALREADY_MEMBER.format(user=user)
        raise ConflictError(msg, fields={"user": [msg]}) from exc
    return membership


def membership_change_role(*, actor: User, membership: Membership, role: str) -> Membership:
    _require_hr(actor)
    if role not in Membership.Role.values:
        raise ProgramError("Unknown pilot role.", fields={"role": ["Unknown pilot role."]})
    with transaction.atomic():
        changes = changed_fields(membership, {"role": role})
        if changes:
            membership.save(update_fields=["role"])
            audit_record(
                actor=actor,
                verb="pilot.member_role_changed",
                target=membership.pilot,
                data={"user": membership.user_id, "changes": changes},
            )
    return membership


def membership_remove(*, actor: User, membership: Membership) -> None:
    _require_hr(actor)
    with transaction.atomic():
        audit_record(
            actor=actor,
            verb="pilot.member_removed",
            target=membership.pilot,
            data={"user": membership.user_id, "role": membership.role},
        )
        membership.delete()


# --- Goals ------------------------------------------------------------------------------------


def goal_save(
    *,
    actor: User,
    pilot: Pilot,
    name: str,
    target: Any,
    unit: str = "",
    due_date: dt.date | None = None,
    goal: PilotGoal | None = None,
) -> PilotGoal:
    """Create a goal, or update ``goal`` when given."""
    _require_hr(actor)
    if target is None or target < 0:
        raise ProgramError(MSG_NEGATIVE_TARGET, fields={"target": [MSG_NEGATIVE_TARGET]})
    with transaction.atomic():
        if goal is None:
            goal = PilotGoal.objects.create(
                pilot=pilot, name=name.strip(), target=target, unit=unit.strip(), due_date=due_date
            )
            audit_record(actor=actor, verb="pilot.goal_added", target=pilot, data={"goal": goal.pk, "name": goal.name})
        else:
            changes = changed_fields(
                goal, {"name": name.strip(), "target": target, "unit": unit.strip(), "due_date": due_date}
            )
            if changes:
                goal.save(update_fields=list(changes))
                audit_record(
                    actor=actor, verb="pilot.goal_updated", target=pilot, data={"goal": goal.pk, "changes": changes}
                )
    return goal


def goal_delete(*, actor: User, goal: PilotGoal) -> None:
    _require_hr(actor)
    with transaction.atomic():
        audit_record(
            actor=actor, verb="pilot.goal_removed", target=goal.pilot, data={"goal": goal.pk, "name": goal.name}
        )
        goal.delete()


# --- Sharing policies -------------------------------------------------------------------------


def _lock_pilot(pilot_id: int) -> None:
    """Serialise policy writes per pilot (inside the caller's transaction)."""
    Pilot.objects.select_for_update().filter(pk=pilot_id).first()


def current_policy(pilot: Pilot) -> SharingPolicy | None:
    return pilot.policies.filter(status=SharingPolicy.Status.APPROVED).first()


def policy_draft_save(
    *,
    actor: User,
    pilot: Pilot,
    may_share: str,
    may_not_share: str,
    policy: SharingPolicy | None = None,
    now: dt.datetime | None = None,
) -> SharingPolicy:
    """Write a new draft version (or edit the given draft)."""
    _require_hr(actor)
    if not may_share.strip() or not may_not_share.strip():
        raise ProgramError(MSG_POLICY_EMPTY)
    with transaction.atomic():
        if policy is None:
            _lock_pilot(pilot.pk)  # two drafts can't take the same version number
            version = (pilot.policies.aggregate(v=Max("version"))["v"] or 0) + 1
            policy = SharingPolicy.objects.create(
                pilot=pilot,
                version=version,
                may_share=may_share.strip(),
                may_not_share=may_not_share.strip(),
                created_by=actor,
                created_at=now or timezone.now(),
            )
            audit_record(actor=actor, verb="policy.drafted", target=policy, now=now)
        else:
            _lock_pilot(policy.pilot_id)
            if not SharingPolicy.objects.filter(pk=policy.pk, status=SharingPolicy.Status.DRAFT).exists():
                raise ProgramError(MSG_POLICY_NOT_DRAFT)
            changes = changed_fields(policy, {"may_share": may_share.strip(), "may_not_share": may_not_share.strip()})
            if changes:
                policy.save(update_fields=list(changes))
                audit_record(actor=actor, verb="policy.edited", target=policy, now=now)
    return policy


def policy_approve(*, actor: User, policy: SharingPolicy, now: dt.datetime | None = None) -> SharingPolicy:
    """Make a draft the current policy; the previous one is superseded and everyone must
    acknowledge the new version."""
    _require_hr(actor)
    now = now or timezone.now()
    with transaction.atomic():
        _lock_pilot(policy.pilot_id)  # one approved version at a time
        if not SharingPolicy.objects.filter(pk=policy.pk, status=SharingPolicy.Status.DRAFT).exists():
            raise ProgramError(MSG_POLICY_NOT_DRAFT)
        SharingPolicy.objects.filter(pilot_id=policy.pilot_id, status=SharingPolicy.Status.APPROVED).update(
            status=SharingPolicy.Status.SUPERSEDED
        )
        SharingPolicy.objects.filter(pk=policy.pk, status=SharingPolicy.Status.DRAFT).update(
            status=SharingPolicy.Status.APPROVED, approved_by=actor, approved_at=now
        )
        policy.status, policy.approved_by, policy.approved_at = SharingPolicy.Status.APPROVED, actor, now
        audit_record(actor=actor, verb="policy.approved", target=policy, now=now)
    return policy


def policy_acknowledge(*, user: User, policy: SharingPolicy, now: dt.datetime | None = None) -> PolicyAcknowledgement:
    """Record that a pilot member has read the current policy. Acknowledging twice is harmless."""
    if policy.status != SharingPolicy.Status.APPROVED:
        raise ProgramError(MSG_POLICY_NOT_CURRENT)
    if not Membership.objects.filter(pilot_id=policy.pilot_id, user=user).exists():
        raise ForbiddenError(MSG_NOT_MEMBER)
    with transaction.atomic():
        ack, created = PolicyAcknowledgement.objects.get_or_create(
            policy=policy, user=user, defaults={"acknowledged_at": now or timezone.now()}
        )
        if created:
            audit_record(actor=user, verb="policy.acknowledged", target=policy, now=now)
    return ack


REMINDER_INTERVAL = dt.timedelta(days=6)


def _send_reminder(email: str, body: str) -> None:
    send_mail(
        subject="Please read and acknowledge your pilot's sharing policy",
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[email],
    )


def policy_send_reminders(*, now: dt.datetime | None = None) -> int:
    """Email each pilot member who has not acknowledged their pilot's current policy.

    One email per person listing every policy they still owe; nobody is reminded about the same
    version twice within REMINDER_INTERVAL, so running the task twice sends nothing twice.
    Returns the number of emails sent.
    """
    now = now or timezone.now()
    policies_by_pilot = {
        p.pilot_id: p.pk
        for p in SharingPolicy.objects.filter(
            status=SharingPolicy.Status.APPROVED,
            pilot__status__in=[Pilot.Status.PLANNING, Pilot.Status.ACTIVE, Pilot.Status.REVIEW],
        )
    }
    done = set(
        PolicyAcknowledgement.objects.filter(policy_id__in=policies_by_pilot.values()).values_list(
            "policy_id", "user_id"
        )
    )
    done |= set(
        PolicyReminder.objects.filter(
            policy_id__in=policies_by_pilot.values(), sent_at__gt=now - REMINDER_INTERVAL
        ).values_list("policy_id", "user_id")
    )
    owed: dict[int, list[int]] = {}
    members = Membership.objects.filter(
        pilot_id__in=policies_by_pilot, user__is_active=True, user__role__in=[Role.CONTRIBUTOR, Role.HR_LEAD]
    )
    for pilot_id, user_id in members.values_list("pilot_id", "user_id"):
        policy_id = policies_by_pilot[pilot_id]
        if (policy_id, user_id) not in done:
            owed.setdefault(user_id, []).append(policy_id)
    users = User.objects.in_bulk(list(owed))
    policies_by_id = SharingPolicy.objects.select_related("pilot").in_bulk(list(policies_by_pilot.values()))
    sent = 0
    for user_id, policy_ids in owed.items():
        user = users[user_id]
        with transaction.atomic():
            claimed = []
            for policy_id in policy_ids:
                reminder, created = PolicyReminder.objects.select_for_update().get_or_create(
                    policy_id=policy_id, user=user, defaults={"sent_at": now}
                )
                if not created:
                    if reminder.sent_at > now - REMINDER_INTERVAL:
                        continue  # another run got here first: it sends this one
                    reminder.sent_at, reminder.count = now, reminder.count + 1
                    reminder.save(update_fields=["sent_at", "count"])
                claimed.append(policies_by_id[policy_id])
            if not claimed:
                continue
            links = [(p, settings.SITE_URL + reverse("programs:pilot_detail", args=[p.pilot_id])) for p in claimed]
            body = render_to_string("programs/email/policy_reminder.txt", {"user": user, "links": links})
            transaction.on_commit(partial(_send_reminder, user.email, body))
        sent += 1
    return sent


# --- Checklist --------------------------------------------------------------------------------


def pilot_step_update(
    *,
    actor: User,
    pilot_step: PilotStep,
    owner: User | None,
    due_date: dt.date | None,
    done: bool,
    note: str = "",
    now: dt.datetime | None = None,
) -> PilotStep:
    """Update one checklist step. HR leads and the pilot's contributors may do this; the owner
    must be an HR lead or a member of the pilot."""
    if not actor.is_hr_lead and not (
        actor.is_contributor and Membership.objects.filter(pilot_id=pilot_step.pilot_id, user=actor).exists()
    ):
        raise ForbiddenError(MSG_STEP_FORBIDDEN)
    if owner is not None and owner.pk != getattr(pilot_step.owner, "pk", None):
        eligible = owner.is_active and (
            owner.role == Role.HR_LEAD
            or (
                owner.role == Role.CONTRIBUTOR
                and Membership.objects.filter(pilot_id=pilot_step.pilot_id, user=owner).exists()
            )
        )
        if not eligible:
            msg = MSG_OWNER_NOT_MEMBER.format(user=owner)
            raise ProgramError(msg, fields={"owner": [msg]})
    now = now or timezone.now()
    values: dict[str, Any] = {"owner": owner, "due_date": due_date, "note": note.strip()}
    if done and pilot_step.done_at is None:
        values.update(done_at=now, done_by=actor)
    elif not done and pilot_step.done_at is not None:
        values.update(done_at=None, done_by=None)
    with transaction.atomic():
        changes = changed_fields(pilot_step, values)
        if changes:
            pilot_step.save(update_fields=list(changes))
            audit_record(
                actor=actor,
                verb="pilot.step_updated",
                target=pilot_step.pilot,
                data={"step": pilot_step.step.key, "changes": changes},
                now=now,
            )
    return pilot_step


# --- Venues -----------------------------------------------------------------------------------


def venue_save(
    *,
    actor: User,
    name: str,
    kind: str,
    visibility: str = Venue.Visibility.PUBLIC,
    url: str = "",
    description: str = "",
    venue: Venue | None = None,
) -> Venue:
    _require_hr(actor)
    name = name.strip()
    clash = Venue.objects.filter(name__iexact=name)
    if venue is not None:
        clash = clash.exclude(pk=venue.pk)
    if clash.exists():
        msg = MSG_VENUE_EXISTS.format(name=name)
        raise ConflictError(msg, fields={"name": [msg]})
    if kind not in Venue.Kind.values:
        raise ProgramError("Unknown venue kind.", fields={"kind": ["Unknown venue kind."]})
    if visibility not in Venue.Visibility.values:
        raise ProgramError("Unknown visibility.", fields={"visibility": ["Unknown visibility."]})
    url = url.strip()
    if url and not url.lower().startswith(("https://", "http://")):
        raise ProgramError(MSG_VENUE_URL, fields={"url": [MSG_VENUE_URL]})
    values = {"name": name, "kind": kind, "visibility": visibility, "url": url, "description": description}
    with transaction.atomic():
        if venue is None:
            venue = Venue.objects.create(**values)
            audit_record(actor=actor, verb="venue.created", target=venue)
        else:
            changes = changed_fields(venue, values)
            if changes:
                venue.save(update_fields=list(changes))
                audit_record(actor=actor, verb="venue.updated", target=venue, data={"changes": changes})
    return venue


MSG_VENUE_IN_USE = "{name} is still used elsewhere in the program; edit it instead of deleting it."


def venue_delete(*, actor: User, venue: Venue) -> None:
    _require_hr(actor)
    try:
        with transaction.atomic():
            audit_record(actor=actor, verb="venue.deleted", target=venue)
            venue.delete()
    except ProtectedError as exc:
        raise ConflictError(MSG_VENUE_IN_USE.format(name=venue.name)) from exc
