"""Sharing policy pages: drafts, approval and each member's acknowledgement."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.web import AuthedRequest
from core.errors import DomainError
from core.web import raise_if_forbidden, submit

from .. import services
from ..access import can_manage_pilots, get_pilot_for_user, get_policy_for_user
from ..forms import PolicyForm
from ..models import Membership, SharingPolicy
from .common import detail_url, form_page, pilot_crumbs


def _draft_for_user(user: User, pk: int) -> SharingPolicy:
    policy = get_policy_for_user(user, pk)
    policy.pilot = get_pilot_for_user(user, policy.pilot_id, write=True)
    return policy


@login_required
def policy_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    policy = get_policy_for_user(request.user, pk)
    user = request.user
    is_member = Membership.objects.filter(pilot_id=policy.pilot_id, user=user).exists()
    acknowledged = policy.acknowledgements.filter(user=user).first()
    return render(
        request,
        "programs/policy_detail.html",
        {
            "policy": policy,
            "pilot": policy.pilot,
            "can_manage": can_manage_pilots(user),
            "acknowledgement": acknowledged,
            "needs_ack": policy.status == SharingPolicy.Status.APPROVED and is_member and acknowledged is None,
        },
    )


@login_required
def policy_create(request: AuthedRequest, pk: int) -> HttpResponse:
    pilot = get_pilot_for_user(request.user, pk, write=True)
    current = services.current_policy(pilot)
    initial = {"may_share": current.may_share, "may_not_share": current.may_not_share} if current else {}
    form = PolicyForm(request.POST or None, initial=initial)
    policy = submit(request, form, lambda data: services.policy_draft_save(actor=request.user, pilot=pilot, **data))
    if policy is not None:
        messages.success(request, f"Draft version {policy.version} saved. Approve it to make it the current policy.")
        return redirect(detail_url(pilot.pk, "policy"))
    return form_page(
        request, form, title=f"New sharing policy draft for “{pilot.name}”", submit="Save draft",
        intro="A draft is not in force until an HR lead approves it; then every member is asked to acknowledge it.",
        cancel_url=detail_url(pilot.pk, "policy"), breadcrumbs=pilot_crumbs(pilot),
        status=400 if form.is_bound else 200,
    )  # fmt: skip


@login_required
def policy_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    policy = _draft_for_user(request.user, pk)
    if policy.status != SharingPolicy.Status.DRAFT:
        messages.error(request, services.MSG_POLICY_NOT_DRAFT)
        return redirect("programs:policy_detail", pk=policy.pk)
    form = PolicyForm(
        request.POST or None, initial={"may_share": policy.may_share, "may_not_share": policy.may_not_share}
    )
    if (
        submit(
            request,
            form,
            lambda data: services.policy_draft_save(actor=request.user, pilot=policy.pilot, policy=policy, **data),
        )
        is not None
    ):
        messages.success(request, f"Draft version {policy.version} saved.")
        return redirect(detail_url(policy.pilot.pk, "policy"))
    return form_page(
        request, form, title=f"Edit draft version {policy.version}", submit="Save draft",
        cancel_url=detail_url(policy.pilot.pk, "policy"), breadcrumbs=pilot_crumbs(policy.pilot),
        status=400 if form.is_bound else 200,
    )  # fmt: skip


@login_required
@require_POST
def policy_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    policy = _draft_for_user(request.user, pk)
    try:
        services.policy_approve(actor=request.user, policy=policy)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(
            request, f"Version {policy.version} is now the current policy; members will be asked to acknowledge it."
        )
    return redirect(detail_url(policy.pilot.pk, "policy"))


@login_required
@require_POST
def policy_acknowledge(request: AuthedRequest, pk: int) -> HttpResponse:
    policy = get_policy_for_user(request.user, pk)
    try:
        services.policy_acknowledge(user=request.user, policy=policy)
    except DomainError as e:
        raise_if_forbidden(e)
        messages.error(request, e.message)
    else:
        messages.success(request, f"Thank you: you accepted the sharing policy of “{policy.pilot.name}”.")
    return redirect(detail_url(policy.pilot_id, "policy"))
