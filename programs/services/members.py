"""Who works in a pilot: champions and contributors."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Role, User
from accounts.services import audit_record
from core.changes import changed_fields
from core.errors import ConflictError

from ..models import Membership, Pilot
from .common import ProgramError, require_hr

MSG_ALREADY_MEMBER = "{user} is already in this pilot."
MSG_MEMBER_ROLE = "Only contributors and HR leads can work in a pilot; {user} is a {role}."


def membership_add(*, actor: User, pilot: Pilot, user: User, role: str = Membership.Role.CONTRIBUTOR) -> Membership:
    require_hr(actor)
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


def membership_join(
    *, pilot: Pilot, user: User, role: str, invitation_id: int, now: dt.datetime | None = None
) -> Membership:
    """An invitee who accepted an invitation into ``pilot`` becomes a member with the invited
    ``role`` (programs.services.invitations' "after accept" step; the actor is the new user, the
    HR lead decided when inviting). Already a member: the membership is kept as it is."""
    now = now or timezone.now()
    membership, created = Membership.objects.get_or_create(
        pilot=pilot, user=user, defaults={"role": role, "joined_at": now}
    )
    if created:
        audit_record(
            actor=user,
            verb="pilot.member_joined",
            target=pilot,
            data={"user": user.pk, "role": role, "invitation": invitation_id},
            now=now,
        )
    return membership


def membership_change_role(*, actor: User, membership: Membership, role: str) -> Membership:
    require_hr(actor)
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
    require_hr(actor)
    with transaction.atomic():
        audit_record(
            actor=actor,
            verb="pilot.member_removed",
            target=membership.pilot,
            data={"user": membership.user_id, "role": membership.role},
        )
        membership.delete()
