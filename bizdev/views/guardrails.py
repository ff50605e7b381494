"""The guardrail page (HR leads): the list of sensitive terms to add, correct, deactivate and
delete, and the latest checks that found something, with who confirmed. Everyone else gets a 404.
Rules are in bizdev.services.guardrails."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from accounts.web import AuthedRequest
from core.errors import DomainError
from core.web import delete_page, form_status, raise_if_forbidden, submit

from ..access import can_manage
from ..forms.guardrails import GuardrailTermForm
from ..models import GuardrailCheck, GuardrailTerm
from ..navigation import crumbs
from ..services import guardrails as services

RECENT_CHECKS = 20


def _require_manage(user: User) -> None:
    if not can_manage(user):
        raise Http404


def _crumbs() -> list[tuple[str, str]]:
    return crumbs(("Guardrail", reverse("bizdev:guardrail_list")))


@login_required
@require_http_methods(["GET", "POST"])
def guardrail_list(request: AuthedRequest) -> HttpResponse:
    """The terms, the form to add one (POST here), and the latest checks with hits."""
    user = request.user
    _require_manage(user)
    form = GuardrailTermForm(request.POST or None)
    created = submit(request, form, lambda data: services.guardrail_term_create(actor=user, **data))
    if created is not None:
        messages.success(request, f"“{created.term}” added: requests that use it now ask for a confirmation.")
        return redirect("bizdev:guardrail_list")
    checks = (
        GuardrailCheck.objects.exclude(hits=[])
        .select_related("checked_by", "request", "request__pilot")
        .order_by("-checked_at", "-id")[:RECENT_CHECKS]
    )
    return render(
        request,
        "bizdev/guardrails/list.html",
        {
            "terms": GuardrailTerm.objects.select_related("created_by").order_by("-is_active", "term"),
            "form": form,
            "checks": checks,
            "breadcrumbs": crumbs(),
        },
        status=form_status(form) if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def guardrail_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    _require_manage(user)
    row = get_object_or_404(GuardrailTerm, pk=pk)
    form = GuardrailTermForm(
        request.POST or None, initial={"term": row.term, "note": row.note, "is_active": row.is_active}
    )
    changed = submit(request, form, lambda data: services.guardrail_term_update(actor=user, term_row=row, **data))
    if changed is not None:
        messages.success(request, "Term saved." if changed else "Nothing changed.")
        return redirect("bizdev:guardrail_list")
    return render(
        request,
        "bizdev/guardrails/form.html",
        {"form": form, "row": row, "breadcrumbs": _crumbs()},
        status=form_status(form),
    )


@login_required
@require_POST
def guardrail_toggle(request: AuthedRequest, pk: int) -> HttpResponse:
    """Deactivate an active term, or check it again."""
    user = request.user
    _require_manage(user)
    row = get_object_or_404(GuardrailTerm, pk=pk)
    try:
        services.guardrail_term_update(actor=user, term_row=row, is_active=not row.is_active)
    except DomainError as e:
        raise_if_forbidden(e)
        messages.error(request, e.message)
    else:
        state = "checked in requests again" if row.is_active else "no longer checked"
        messages.success(request, f"“{row.term}” is {state}.")
    return redirect("bizdev:guardrail_list")


@login_required
@require_http_methods(["GET", "POST"])
def guardrail_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    _require_manage(user)
    row = get_object_or_404(GuardrailTerm, pk=pk)
    return delete_page(
        request,
        thing=row,
        delete=lambda: services.guardrail_term_delete(actor=user, term_row=row),
        done=f"“{row.term}” deleted; past checks that found it keep it.",
        list_url=reverse("bizdev:guardrail_list"),
        list_label="Guardrail",
        cancel_url=reverse("bizdev:guardrail_list"),
        kind="guardrail term",
    )


urlpatterns: list[URLPattern] = [
    path("guardrail/", guardrail_list, name="guardrail_list"),
    path("guardrail/<int:pk>/edit/", guardrail_edit, name="guardrail_edit"),
    path("guardrail/<int:pk>/toggle/", guardrail_toggle, name="guardrail_toggle"),
    path("guardrail/<int:pk>/delete/", guardrail_delete, name="guardrail_delete"),
]
