"""Who works in a pilot: add, change role, remove (HR leads); invite someone by email straight
into the pilot, and resend or withdraw that pending member's invitation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from accounts import services as account_services
from accounts.models import User
from accounts.web import AuthedRequest
from core.errors import DomainError
from core.web import raise_if_forbidden, submit

from .. import services
from ..access import get_pilot_for_user
from ..forms import MemberAddForm, MemberInviteForm, MemberRoleForm
from ..models import Membership, Pilot, PilotInvitation
from .common import detail_url, form_page, pilot_crumbs


def members_section(pilot: Pilot) -> dict[str, Any]:
    """What the pilot page's members section shows an HR lead besides the members: the invite
    form and the pending members (invited by email, not accepted yet, not withdrawn or expired)."""
    pending = PilotInvitation.objects.pending().filter(pilot=pilot).select_related("invitation", "invited_by")
    return {"invite_form": MemberInviteForm(auto_id="id_invite_%s"), "pending_invitations": list(pending)}


def _membership_for_user(user: User, pk: int) -> Membership:
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk)
    membership.pilot = get_pilot_for_user(user, membership.pilot_id, write=True)
    return membership


def _pending_for_user(user: User, pk: int) -> PilotInvitation:
    """A pending member of a pilot the user may change (HR leads); anything else 403/404."""
    pending = get_object_or_404(PilotInvitation.objects.select_related("invitation"), pk=pk)
    pending.pilot = get_pilot_for_user(user, pending.pilot_id, write=True)
    return pending


@login_required
def member_add(request: AuthedRequest, pk: int) -> HttpResponse:
    pilot = get_pilot_for_user(request.user, pk, write=True)
    form = MemberAddForm(request.POST or None, pilot=pilot)
    membership = submit(request, form, lambda data: services.membership_add(actor=request.user, pilot=pilot, **data))
    if membership is not None:
        messages.success(request, f"{membership.user} joined as {membership.get_role_display().lower()}.")
        return redirect(detail_url(pilot.pk, "members"))
    return form_page(
        request, form, title=f"Add a member to “{pilot.name}”", submit="Add member",
        intro="Contributors and HR leads can work in a pilot; managers read its reports instead.",
        cancel_url=detail_url(pilot.pk, "members"), breadcrumbs=pilot_crumbs(pilot),
        status=400 if form.is_bound else 200,
    )  # fmt: skip


@login_required
@require_POST
def member_role(request: AuthedRequest, pk: int) -> HttpResponse:
    membership = _membership_for_user(request.user, pk)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose champion or contributor.")
    else:
        services.membership_change_role(actor=request.user, membership=membership, role=form.cleaned_data["role"])
        messages.success(request, f"{membership.user} is now a {membership.get_role_display().lower()}.")
    return redirect(detail_url(membership.pilot.pk, "members"))


@login_required
@require_POST
def member_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    membership = _membership_for_user(request.user, pk)
    services.membership_remove(actor=request.user, membership=membership)
    messages.success(request, f"{membership.user} was removed from the pilot.")
    return redirect(detail_url(membership.pilot.pk, "members"))


@login_required
def member_invite(request: AuthedRequest, pk: int) -> HttpResponse:
    """Invite someone by email into the pilot with a role; they join when they accept."""
    pilot = get_pilot_for_user(request.user, pk, write=True)
    form = MemberInviteForm(request.POST or None)
    pending = submit(
        request, form, lambda data: services.pilot_invitation_create(actor=request.user, pilot=pilot, **data)
    )
    if pending is not None:
        joins = f"they join “{pilot.name}” as {pending.get_role_display().lower()} when they accept it."
        # A new invitation is made in the same instant as its pilot place; an older pending one
        # (someone already invited) just gains this pilot, and its link stays the one they have.
        if pending.invitation.created_at == pending.created_at:
            messages.success(request, f"Invitation sent to {pending.invitation.email}: {joins}")
        else:
            messages.success(request, f"{pending.invitation.email} already has an invitation: {joins}")
        return redirect(detail_url(pilot.pk, "members"))
    return form_page(
        request, form, title=f"Invite someone into “{pilot.name}”", submit="Send invitation",
        intro="For someone without an account yet: they get an email with a link, and join this pilot "
        "with the role you choose as soon as they accept.",
        cancel_url=detail_url(pilot.pk, "members"), breadcrumbs=pilot_crumbs(pilot),
        status=400 if form.is_bound else 200,
    )  # fmt: skip


@login_required
@require_POST
def member_invitation_resend(request: AuthedRequest, pk: int) -> HttpResponse:
    pending = _pending_for_user(request.user, pk)
    try:
        account_services.invitation_resend(actor=request.user, invitation=pending.invitation)
    except DomainError as exc:
        raise_if_forbidden(exc)
        messages.error(request, exc.message)
    else:
        messages.success(request, f"A new link was sent to {pending.invitation.email}; the old one no longer works.")
    return redirect(detail_url(pending.pilot.pk, "members"))


@login_required
@require_POST
def member_invitation_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    pending = _pending_for_user(request.user, pk)
    try:
        revoked = services.pilot_invitation_withdraw(actor=request.user, pending=pending)
    except DomainError as exc:
        raise_if_forbidden(exc)
        messages.error(request, exc.message)
    else:
        email = pending.invitation.email
        if revoked:
            messages.success(request, f"The invitation for {email} was withdrawn; its link no longer works.")
        else:
            messages.success(
                request, f"{email} will not join “{pending.pilot.name}”; their invitation to other pilots stands."
            )
    return redirect(detail_url(pending.pilot.pk, "members"))
