"""Pages of the accounts app: profile and API tokens, invitations, users, audit log."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import DomainError
from core.web import add_domain_error, paginate, submit, target_label

from . import selectors, services
from .access import hr_lead_required
from .audit import KIND_LABELS, describe, kind_of
from .audit_details import details_for_page
from .forms import (
    ApiTokenForm,
    AuditFilterForm,
    InvitationAcceptForm,
    InvitationFilterForm,
    InvitationForm,
    ProfileForm,
    UserFilterForm,
    UserRoleForm,
)
from .models import ApiToken, AuditEvent, Invitation, User
from .registry import describe_invitations

# Invitation links that cannot be used: which status the error page answers with.
TOKEN_ERROR_STATUS = {"not_found": 404, "used": 410, "revoked": 410, "expired": 410}


# --- Profile and API tokens -------------------------------------------------------------------


def _render_profile(
    request: HttpRequest,
    *,
    profile_form: ProfileForm | None = None,
    token_form: ApiTokenForm | None = None,
    new_token: ApiToken | None = None,
    new_key: str = "",
    status: int = 200,
) -> HttpResponse:
    from allauth.mfa.models import Authenticator

    user = cast(User, request.user)
    now = timezone.now()
    tokens = list(ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at"))
    for token in tokens:
        token.current_status = token.status(now=now)  # type: ignore[attr-defined]
    context = {
        "profile_form": profile_form or ProfileForm(user=user),
        "token_form": token_form or ApiTokenForm(),
        "tokens": tokens,
        "new_token": new_token,
        "new_key": new_key,
        "has_totp": Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists(),
    }
    return render(request, "accounts/profile.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ProfileForm(request.POST, user=request.user)  # type: ignore[arg-type]
        if form.is_valid():
            user = cast(User, request.user)
            before = (user.full_name, user.title)
            services.user_update_profile(user=user, **form.cleaned_data)
            if (user.full_name, user.title) != before:
                messages.success(request, "Your profile was updated.")
            else:
                messages.info(request, "Nothing changed.")
            return redirect("accounts:profile")
        return _render_profile(request, profile_form=form, status=400)
    return _render_profile(request)


@never_cache  # the page carries the raw key: no cache may keep it
@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _render_profile(request, token_form=form, status=400)
    days = form.cleaned_data["expires_in_days"]
    token, key = services.api_token_create(
        user=request.user,  # type: ignore[arg-type]
        name=form.cleaned_data["name"],
        expires_at=timezone.now() + dt.timedelta(days=days) if days else None,
        read_only=form.cleaned_data["read_only"],
    )
    # Rendered, not redirected: the raw key must never travel through the session or a URL.
    return _render_profile(request, new_token=token, new_key=key, status=201)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    if token.revoked_at:
        messages.info(request, f"The token “{token.name}” was already revoked.")
    else:
        services.api_token_revoke(user=request.user, token=token)  # type: ignore[arg-type]
        messages.success(request, f"The token “{token.name}” was revoked; it no longer works.")
    return redirect("accounts:profile")


# --- Invitations ------------------------------------------------------------------------------


def _invitations_filtered(form: InvitationFilterForm, *, now: dt.datetime) -> QuerySet[Invitation]:
    queryset = Invitation.objects.select_related("invited_by").order_by("-created_at")
    if not form.is_valid():
        return queryset
    status = form.cleaned_data.get("status")
    if status == "pending":
        queryset = queryset.pending(now=now)
    elif status == "accepted":
        queryset = queryset.filter(accepted_at__isnull=False)
    elif status == "revoked":
        queryset = queryset.filter(accepted_at__isnull=True, revoked_at__isnull=False)
    elif status == "expired":
        queryset = queryset.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__lte=now)
    q = (form.cleaned_data.get("q") or "").strip()
    if q:
        queryset = queryset.filter(Q(email__icontains=q) | Q(full_name__icontains=q))
    return queryset


def _render_invitations(
    request: HttpRequest, *, invite_form: InvitationForm | None = None, status: int = 200
) -> HttpResponse:
    now = timezone.now()
    filter_form = InvitationFilterForm(request.GET or None)
    page_obj, query_string = paginate(request, _invitations_filtered(filter_form, now=now))
    joins = describe_invitations([invitation.pk for invitation in page_obj.object_list])
    for invitation in page_obj.object_list:
        invitation.current_status = invitation.status(now=now)
        invitation.joins = joins.get(invitation.pk, [])
    context = {
        "invite_form": invite_form or InvitationForm(actor=request.user),  # type: ignore[arg-type]
        "filter_form": filter_form,
        "page_obj": page_obj,
        "query_string": query_string,
        "is_filtered": bool(request.GET.get("status") or request.GET.get("q")),
    }
    return render(request, "accounts/invitation_list.html", context, status=status)


@hr_lead_required
@require_http_methods(["GET", "POST"])
def invitation_list(request: HttpRequest) -> HttpResponse:
    """The invitations, and the form that sends a new one (POST here)."""
    if request.method == "POST":
        form = InvitationForm(request.POST, actor=request.user)  # type: ignore[arg-type]
        created = submit(
            request,
            form,
            lambda data: services.invitation_create(
                actor=request.user,  # type: ignore[arg-type]
                email=data["email"],
                role=data["role"],
                full_name=data["full_name"],
                placements=form.placement_choices(),
            ),
        )
        if created is not None:
            invitation, _token = created
            joins = describe_invitations([invitation.pk])[invitation.pk]
            also = f" They join {'; '.join(joins)} when they accept." if joins else ""
            messages.success(request, f"Invitation sent to {invitation.email}.{also}")
            return redirect("accounts:invitation_list")
        return _render_invitations(request, invite_form=form, status=400)
    return _render_invitations(request)


@hr_lead_required
@require_POST
def invitation_resend(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=pk)
    try:
        services.invitation_resend(actor=request.user, invitation=invitation)  # type: ignore[arg-type]
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"A new link was sent to {invitation.email}; the old one no longer works.")
    return redirect("accounts:invitation_list")


@hr_lead_required
@require_POST
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=pk)
    try:
        services.invitation_revoke(actor=request.user, invitation=invitation)  # type: ignore[arg-type]
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"The invitation for {invitation.email} was withdrawn.")
    return redirect("accounts:invitation_list")


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Public: the page an invitation email links to. The link works once."""
    try:
        invitation = services.invitation_for_token(token)
    except DomainError as exc:
        return _render_token_error(request, exc)
    if request.user.is_authenticated:
        return render(request, "accounts/invitation_logged_in.html", {"invitation": invitation}, status=409)
    joins = describe_invitations([invitation.pk])[invitation.pk]
    if request.method == "POST":
        form = InvitationAcceptForm(request.POST, invitation=invitation)
        if form.is_valid():
            try:
                user = services.invitation_accept(
                    token=token, password=form.cleaned_data["password1"], full_name=form.cleaned_data["full_name"]
                )
            except DomainError as exc:
                if exc.code in TOKEN_ERROR_STATUS:
                    return _render_token_error(request, exc)
                add_domain_error(form, exc)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, f"Welcome to the Alumni Program, {user.get_short_name()}!")
                return redirect("dashboard")
        context = {"form": form, "invitation": invitation, "joins": joins}
        return render(request, "accounts/invitation_accept.html", context, status=400)
    form = InvitationAcceptForm(invitation=invitation)
    return render(request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation, "joins": joins})


def _render_token_error(request: HttpRequest, error: DomainError) -> HttpResponse:
    status = TOKEN_ERROR_STATUS.get(error.code, 400)
    return render(request, "accounts/invitation_invalid.html", {"message": error.message}, status=status)


# --- Users ------------------------------------------------------------------------------------


def _render_users(
    request: HttpRequest, *, failed: User | None = None, failed_form: UserRoleForm | None = None, status: int = 200
) -> HttpResponse:
    filter_form = UserFilterForm(request.GET or None)
    queryset = User.objects.order_by("full_name", "email")
    if filter_form.is_valid():
        q = (filter_form.cleaned_data.get("q") or "").strip()
        if q:
            queryset = queryset.filter(Q(email__icontains=q) | Q(full_name__icontains=q))
        if filter_form.cleaned_data.get("role"):
            queryset = queryset.filter(role=filter_form.cleaned_data["role"])
        if filter_form.cleaned_data.get("active"):
            queryset = queryset.filter(is_active=filter_form.cleaned_data["active"] == "yes")
    page_obj, query_string = paginate(request, queryset)
    rows = []
    for person in page_obj.object_list:
        if failed is not None and failed_form is not None and person.pk == failed.pk:
            form = failed_form
        else:
            form = UserRoleForm(
                initial={"role": person.role, "is_active": person.is_active}, auto_id=f"id_user{person.pk}_%s"
            )
        rows.append({"user": person, "form": form})
    context = {
        "filter_form": filter_form,
        "page_obj": page_obj,
        "query_string": query_string,
        "rows": rows,
        "failed_user": failed,
        "failed_form": failed_form,
    }
    return render(request, "accounts/user_list.html", context, status=status)


@hr_lead_required
def user_list(request: HttpRequest) -> HttpResponse:
    return _render_users(request)


@hr_lead_required
@require_http_methods(["GET", "POST"])
def user_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Change someone's role or (de)activate them, through accounts.services.user_update_role.

    A refused change is shown on the users page at this URL; reloading it (a GET) goes back to
    the list rather than to a bare "method not allowed"."""
    person = get_object_or_404(User, pk=pk)
    if request.method == "GET":
        return redirect("accounts:user_list")
    form = UserRoleForm(request.POST, auto_id=f"id_user{person.pk}_%s")
    updated = submit(
        request,
        form,
        lambda data: services.user_update_role(
            actor=request.user,  # type: ignore[arg-type]
            user=person,
            role=data["role"],
            is_active=data["is_active"],
        ),
    )
    if updated is not None:
        messages.success(request, f"{person} was updated.")
        return redirect("accounts:user_list")
    # The service may have refused after comparing: show the stored values, not half-applied ones.
    person.refresh_from_db()
    return _render_users(request, failed=person, failed_form=form, status=400)


# --- Audit log --------------------------------------------------------------------------------


@hr_lead_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """Team → Audit log: each event as a sentence with its details in words, filtered by kind,
    actor, person, action code, target and dates (the same filters as /api/v1/audit-events/)."""
    target_types = list(AuditEvent.objects.order_by("target_type").values_list("target_type", flat=True).distinct())
    form = AuditFilterForm(request.GET or None, target_types=target_types)
    filters = form.filters()
    page_obj, query_string = paginate(request, selectors.audit_events(filters))
    details = details_for_page(page_obj.object_list)
    rows = [
        {
            "event": event,
            "sentence": describe(event),
            "kind": KIND_LABELS[kind_of(event.verb)],
            "target_label": target_label(event.target_type),
            "details": details[event.pk],
        }
        for event in page_obj.object_list
    ]
    context = {
        "filter_form": form,
        "page_obj": page_obj,
        "rows": rows,
        "query_string": query_string,
        "person_label": selectors.person_label(filters.person_id) if filters.person_id else "",
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "accounts/audit_log.html", context, status=status)
