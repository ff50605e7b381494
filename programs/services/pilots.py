"""Pilots: creation with their checklist, edits, the status machine and scaling to another sponsor."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from core.changes import changed_fields
from core.errors import ConflictError

from ..models import Pilot, PilotGoal, SharingPolicy, SponsorOrganization, Stage
from .common import ProgramError, check_dates, require_hr
from .playbook import pilot_checklist_create
from .policies import current_policy

MSG_BAD_TRANSITION = "A pilot cannot go from {old} to {new}."
MSG_STAGE2_NEEDS_POLICY = (
    "A Stage 2 pilot cannot become active without an approved sharing policy. Write the policy and approve it first."
)
MSG_STATUS_CHANGED = "Someone else changed this pilot's status meanwhile; reload and try again."
MSG_ENDED = "This pilot's end date ({end}) has passed: set its dates before making it active."
MSG_DUPLICATE_PILOT = "{sponsor} already has a pilot called {name!r}."
MSG_SCALE_SAME_SPONSOR = "Scale a pilot to another sponsor organization, not the one it already serves."


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
    require_hr(actor)
    if stage not in Stage.values:
        raise ProgramError("Choose stage 1, 2 or 3.", fields={"stage": ["Choose stage 1, 2 or 3."]})
    check_dates(start_date, end_date)
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
        pilot_checklist_create(pilot)
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
    require_hr(actor)
    check_dates(start_date, end_date)
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
    require_hr(actor)
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
    require_hr(actor)
    if sponsor.pk == pilot.sponsor_id:
        raise ProgramError(MSG_SCALE_SAME_SPONSOR, fields={"sponsor": [MSG_SCALE_SAME_SPONSOR]})
    with transaction.atomic():
        new = pilot_create(
            actor=actor, name=name, stage=pilot.stage, sponsor=sponsor, description=pilot.description, now=now
        )
        new.scaled_from = pilot
        new.save(update_fields=["scaled_from"])
        PilotGoal.objects.bulk_create(
            [
                PilotGoal(pilot=new, name=g.name, measure=g.measure, target=g.target, unit=g.unit)
                for g in pilot.goals.all()
            ]
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
