"""Inviting someone by email straight into a pilot with a role (a pending member).

Layers (DESIGN.md): accounts sits below programs, so accounts cannot create a Membership. The
invitation itself (its token, email, expiry, resend and withdrawal) stays accounts' own
(accounts.services); programs keeps which pilot and role it brings (PilotInvitation) and registers
an InvitationPlacement with accounts.registry in ProgramsConfig.ready():

- Team → Invitations offers an optional pilot and role; accounts hands them to
  ``pilot_invitation_attach`` inside its own transaction;
- when the invitee accepts, accounts runs the registered "after accept" step,
  ``pilot_invitations_fulfil``, inside the acceptance's transaction: each pending pilot becomes a
  Membership through programs' membership service (audited as "pilot.member_joined").

Registered by programs itself rather than wired in alumni_program: the rule "an accepted pilot
invitation is a membership" is programs' own, and programs may import accounts; the project
package only wires apps that may not know each other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Invitation, Role, User
from accounts.registry import InvitationPlacement
from accounts.services import audit_record, invitation_create, invitation_revoke
from core.errors import ConflictError
from core.web import as_pk

from ..models import Membership, Pilot, PilotInvitation
from .common import ProgramError, require_hr
from .members import membership_join

MSG_ALREADY_INVITED = "{email} is already invited to this pilot; resend the invitation instead."
MSG_HAS_ACCOUNT = "{email} already has an account: add them with “Add a member” instead."
MSG_MANAGER_INVITED = (
    "{email} is invited as a manager, and managers read reports instead of working in a pilot. "
    "Withdraw that invitation on Team → Invitations to invite them as a contributor."
)
MSG_MANAGER_PILOT = "Managers read reports instead of working in a pilot: choose no pilot, or another role."
MSG_PILOT_ROLE = "Choose champion or contributor."
MSG_PILOT_UNKNOWN = "Choose one of the open pilots."
MSG_PILOT_CLOSED = "This pilot is closed or scaled: nobody new can join it."
MSG_NOT_PENDING = "This invitation can no longer be accepted, so there is nothing to withdraw."


def _check_role(role: str, field: str = "role") -> None:
    if role not in Membership.Role.values:
        raise ProgramError(MSG_PILOT_ROLE, fields={field: [MSG_PILOT_ROLE]})


def _check_open(pilot: Pilot, field: str | None = "pilot") -> None:
    if pilot.status in (Pilot.Status.SCALED, Pilot.Status.CLOSED):
        raise ProgramError(MSG_PILOT_CLOSED, fields={field: [MSG_PILOT_CLOSED]} if field else None)


def _attach(*, actor: User, invitation: Invitation, pilot: Pilot, role: str, now: dt.datetime) -> PilotInvitation:
    try:
        with transaction.atomic():
            pending = PilotInvitation.objects.create(
                pilot=pilot, invitation=invitation, role=role, invited_by=actor, created_at=now
            )
    except IntegrityError as exc:
        msg = MSG_ALREADY_INVITED.format(email=invitation.email)
        raise ConflictError(msg, fields={"email": [msg]}) from exc
    audit_record(
        actor=actor,
        verb="pilot.member_invited",
        target=pilot,
        data={"invitation": invitation.pk, "email": invitation.email, "role": role},
        now=now,
    )
    return pending


def pilot_invitation_create(
    *, actor: User, pilot: Pilot, email: str, role: str, full_name: str = "", now: dt.datetime | None = None
) -> PilotInvitation:
    """Invite ``email`` into ``pilot`` with ``role`` (champion or contributor), from the pilot page.

    Someone without an account gets a new contributor invitation; someone who already has a
    pending invitation joins this pilot too when they accept it (no second email account is
    possible). Refused: an existing account (add them as a member), a pending invitee of this
    pilot (resend instead), a pending manager invitation, a closed or scaled pilot."""
    require_hr(actor)
    _check_role(role)
    _check_open(pilot, field=None)
    now = now or timezone.now()
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        msg = MSG_HAS_ACCOUNT.format(email=email)
        raise ConflictError(msg, fields={"email": [msg]})
    with transaction.atomic():
        invitation = Invitation.objects.pending(now=now).filter(email__iexact=email).first()
        if invitation is None:
            invitation, _token = invitation_create(
                actor=actor, email=email, role=Role.CONTRIBUTOR, full_name=full_name, now=now
            )
        elif invitation.role == Role.MANAGER:
            msg = MSG_MANAGER_INVITED.format(email=email)
            raise ProgramError(msg, fields={"email": [msg]})
        return _attach(actor=actor, invitation=invitation, pilot=pilot, role=role, now=now)


def pilot_invitation_attach(
    *, actor: User, invitation: Invitation, value: str, role: str, now: dt.datetime | None = None
) -> PilotInvitation:
    """The placement's ``attach``: Team → Invitations chose pilot ``value`` with ``role`` for a new
    invitation (called inside accounts.services.invitation_create's transaction)."""
    require_hr(actor)
    now = now or timezone.now()
    pk = as_pk(value)
    pilot = Pilot.objects.filter(pk=pk).first() if pk is not None else None
    if pilot is None:
        raise ProgramError(MSG_PILOT_UNKNOWN, fields={"pilot": [MSG_PILOT_UNKNOWN]})
    _check_open(pilot)
    _check_role(role, field="pilot_role")
    if invitation.role == Role.MANAGER:
        raise ProgramError(MSG_MANAGER_PILOT, fields={"pilot": [MSG_MANAGER_PILOT]})
    return _attach(actor=actor, invitation=invitation, pilot=pilot, role=role, now=now)


def pilot_invitation_withdraw(*, actor: User, pending: PilotInvitation, now: dt.datetime | None = None) -> bool:
    """Take a pending member off ``pending.pilot``. When the invitation brought them into no other
    pilot, the invitation itself is withdrawn too (its link stops working): it was sent for this
    pilot. Returns whether the invitation was withdrawn."""
    require_hr(actor)
    now = now or timezone.now()
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=pending.invitation_id)
        if invitation.status(now=now) != "pending":
            raise ProgramError(MSG_NOT_PENDING)
        deleted, _ = PilotInvitation.objects.filter(pk=pending.pk).delete()
        if not deleted:
            raise ProgramError(MSG_NOT_PENDING)
        audit_record(
            actor=actor,
            verb="pilot.invitation_withdrawn",
            target=pending.pilot,
            data={"invitation": invitation.pk, "email": invitation.email, "role": pending.role},
            now=now,
        )
        if PilotInvitation.objects.filter(invitation=invitation).exists():
            return False
        invitation_revoke(actor=actor, invitation=invitation, now=now)
        return True


def pilot_invitations_fulfil(*, invitation: Invitation, user: User, now: dt.datetime) -> list[Membership]:
    """The placement's "after accept" step: each pilot the invitation named becomes a membership
    of the new ``user`` with the invited role (inside accounts' acceptance transaction)."""
    pending = PilotInvitation.objects.filter(invitation=invitation).select_related("pilot")
    return [
        membership_join(pilot=p.pilot, user=user, role=p.role, invitation_id=invitation.pk, now=now) for p in pending
    ]


def pilot_invitation_options(actor: User) -> list[tuple[str, str]]:
    """The pilots Team → Invitations offers: the open ones (an HR lead sees every pilot)."""
    if not actor.is_hr_lead:
        return []
    pilots = Pilot.objects.open().select_related("sponsor").order_by("name", "pk")
    return [(str(p.pk), f"{p.name} ({p.sponsor.name})") for p in pilots]


def pilot_invitation_phrases(invitation_ids: Sequence[int]) -> Mapping[int, list[str]]:
    """What each invitation brings along, in one query: "Engineers on Mastodon as champion"."""
    phrases: dict[int, list[str]] = {}
    rows = PilotInvitation.objects.filter(invitation_id__in=list(invitation_ids)).select_related("pilot")
    for row in rows.order_by("pilot__name", "pk"):
        phrases.setdefault(row.invitation_id, []).append(f"{row.pilot.name} as {row.get_role_display().lower()}")
    return phrases


PILOT_PLACEMENT = InvitationPlacement(
    key="pilot",
    label="Pilot (optional)",
    role_label="Role in the pilot",
    role_choices=Membership.Role.choices,
    options=pilot_invitation_options,
    attach=pilot_invitation_attach,
    describe=pilot_invitation_phrases,
    accept=pilot_invitations_fulfil,
    help_text="They join this pilot with this role as soon as they accept.",
)
