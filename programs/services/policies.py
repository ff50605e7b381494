"""Sharing policies: versioned drafts, approval, and each member's acknowledgement."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from core.changes import changed_fields
from core.errors import ForbiddenError

from ..models import Membership, Pilot, PolicyAcknowledgement, SharingPolicy
from .common import ProgramError, require_hr

MSG_POLICY_NOT_DRAFT = "Only a draft policy can be edited or approved."
MSG_POLICY_NOT_CURRENT = "Only the current approved policy can be acknowledged."
MSG_NOT_MEMBER = "Only members of this pilot can acknowledge its policy."
MSG_POLICY_EMPTY = "Say both what may and what may not be shared."


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
    require_hr(actor)
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
    require_hr(actor)
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
