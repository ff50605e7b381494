"""Social venues: HR leads and contributors read them, HR leads change them."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from accounts.access import hr_lead_required, role_required
from accounts.models import Role
from accounts.web import AuthedRequest
from core.web import delete_page, filter_by, paginate, submit

from .. import services
from ..access import can_manage_pilots
from ..forms import VenueFilterForm, VenueForm
from ..models import Venue
from .common import form_page


@role_required(Role.HR_LEAD, Role.CONTRIBUTOR)
def venue_list(request: AuthedRequest) -> HttpResponse:
    filters = VenueFilterForm(request.GET or None)
    venues = Venue.objects.all()
    if filters.is_valid():
        data = filters.cleaned_data
        if data["q"]:
            venues = venues.filter(Q(name__icontains=data["q"]) | Q(description__icontains=data["q"]))
        venues = filter_by(venues, data, {"kind": "kind", "visibility": "visibility"})
    page_obj, query_string = paginate(request, venues)
    return render(
        request,
        "programs/venue_list.html",
        {
            "filters": filters,
            "page_obj": page_obj,
            "venues": page_obj.object_list,
            "query_string": query_string,
            "filtered": any(request.GET.get(k) for k in ("q", "kind", "visibility")),
            "can_manage": can_manage_pilots(request.user),
        },
    )


def _venue_crumbs() -> list[tuple[str, str]]:
    return [("Venues", reverse("programs:venue_list"))]


@hr_lead_required
def venue_create(request: AuthedRequest) -> HttpResponse:
    form = VenueForm(request.POST or None)
    venue = submit(request, form, lambda data: services.venue_save(actor=request.user, **data))
    if venue is not None:
        messages.success(request, f"Venue “{venue.name}” added.")
        return redirect("programs:venue_list")
    return form_page(
        request, form, title="New venue", submit="Add venue", cancel_url=reverse("programs:venue_list"),
        breadcrumbs=_venue_crumbs(), status=400 if form.is_bound else 200,
    )  # fmt: skip


@hr_lead_required
def venue_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    venue = get_object_or_404(Venue, pk=pk)
    initial = {f: getattr(venue, f) for f in ("name", "kind", "visibility", "url", "description")}
    form = VenueForm(request.POST or None, initial=initial)
    if submit(request, form, lambda data: services.venue_save(actor=request.user, venue=venue, **data)) is not None:
        messages.success(request, f"Venue “{venue.name}” saved.")
        return redirect("programs:venue_list")
    return form_page(
        request, form, title=f"Edit venue “{venue.name}”", submit="Save venue",
        cancel_url=reverse("programs:venue_list"), breadcrumbs=_venue_crumbs(),
        status=400 if form.is_bound else 200,
    )  # fmt: skip


@hr_lead_required
def venue_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    """GET: ask to confirm (works without JavaScript). POST: delete."""
    venue = get_object_or_404(Venue, pk=pk)
    return delete_page(
        request,
        thing=venue,
        kind="venue",
        delete=lambda: services.venue_delete(actor=request.user, venue=venue),
        done=f"Venue “{venue.name}” deleted.",
        list_url=reverse("programs:venue_list"),
        list_label="Venues",
    )
