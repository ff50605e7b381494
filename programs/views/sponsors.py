"""Sponsor organizations (HR leads)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from accounts.access import hr_lead_required
from accounts.models import User
from accounts.web import AuthedRequest
from core.web import delete_page, form_status, paginate, submit

from .. import services
from ..forms import SponsorForm
from ..models import SponsorOrganization
from .common import form_page


@hr_lead_required
def sponsor_list(request: AuthedRequest) -> HttpResponse:
    sponsors = (
        SponsorOrganization.objects.annotate(pilot_count=Count("pilots", distinct=True))
        .order_by("name")
        .prefetch_related(Prefetch("managers", queryset=User.objects.order_by("full_name", "email")))
    )
    q = request.GET.get("q", "").strip()
    if q:
        sponsors = sponsors.filter(name__icontains=q)
    page_obj, query_string = paginate(request, sponsors)
    return render(
        request,
        "programs/sponsor_list.html",
        {"page_obj": page_obj, "sponsors": page_obj.object_list, "query_string": query_string, "q": q},
    )


def _sponsor_values(data: dict[str, Any]) -> dict[str, Any]:
    """The services' keyword arguments from SponsorForm's cleaned data."""
    return {"name": data["name"], "description": data["description"], "managers": list(data["managers"])}


@hr_lead_required
def sponsor_create(request: AuthedRequest) -> HttpResponse:
    form = SponsorForm(request.POST or None)
    sponsor = submit(request, form, lambda data: services.sponsor_create(actor=request.user, **_sponsor_values(data)))
    if sponsor is not None:
        messages.success(request, f"Sponsor organization “{sponsor.name}” created.")
        next_url = request.POST.get("next") or request.GET.get("next")
        if next_url == "pilot_create":
            return redirect(f"{reverse('programs:pilot_create')}?sponsor={sponsor.pk}")
        return redirect("programs:sponsor_list")
    return form_page(
        request, form, title="New sponsor organization", submit="Create sponsor",
        intro="The department or group a pilot serves, and the managers who read its reports.",
        cancel_url=reverse("programs:sponsor_list"),
        breadcrumbs=[("Sponsor organizations", reverse("programs:sponsor_list"))],
        status=form_status(form),
        extra={"next": request.GET.get("next") or request.POST.get("next", "")},
    )  # fmt: skip


@hr_lead_required
def sponsor_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    sponsor = get_object_or_404(SponsorOrganization, pk=pk)
    initial = {"name": sponsor.name, "description": sponsor.description, "managers": list(sponsor.managers.all())}
    form = SponsorForm(request.POST or None, initial=initial)
    saved = submit(
        request,
        form,
        lambda data: services.sponsor_update(actor=request.user, sponsor=sponsor, **_sponsor_values(data)),
    )
    if saved is not None:
        messages.success(request, f"Sponsor organization “{sponsor.name}” saved.")
        return redirect("programs:sponsor_list")
    return form_page(
        request, form, title=f"Edit “{sponsor.name}”", submit="Save sponsor",
        cancel_url=reverse("programs:sponsor_list"),
        breadcrumbs=[("Sponsor organizations", reverse("programs:sponsor_list"))],
        status=form_status(form),
    )  # fmt: skip


@hr_lead_required
def sponsor_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    """GET: ask to confirm. POST: delete (refused while the sponsor still has pilots)."""
    sponsor = get_object_or_404(SponsorOrganization, pk=pk)
    return delete_page(
        request,
        thing=sponsor,
        kind="sponsor organization",
        delete=lambda: services.sponsor_delete(actor=request.user, sponsor=sponsor),
        done=f"Sponsor organization “{sponsor.name}” deleted.",
        list_url=reverse("programs:sponsor_list"),
        list_label="Sponsor organizations",
    )
