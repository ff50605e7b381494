"""Who works in a pilot: add, change role, remove (HR leads)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.web import AuthedRequest
from core.web import submit

from .. import services
from ..access import get_pilot_for_user
from ..forms import MemberAddForm, MemberRoleForm
from ..models import Membership
from .common import detail_url, form_page, pilot_crumbs


def _membership_for_user(user: User, pk: int) -> Membership:
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk)
    membership.pilot = get_pilot_for_user(user, membership.pilot_id, write=True)
    return membership


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
