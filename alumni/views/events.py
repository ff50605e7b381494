"""Networking event pages (list, create, edit, delete, detail with the introductions exchanged
there) and the alumni density page ("to decide where to meet").

Who: events name alumni, so they are for HR leads and contributors (alumni.access.require_work;
a manager or another pilot's contributor gets a 404). The density page has no names: managers
read it too, for their sponsors' pilots (selectors.events.density_pilots). Rules are in
alumni.services.events.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.models import User
from accounts.web import AuthedRequest
from core.errors import DomainError
from core.web import add_domain_error, delete_page, form_status, paginate, raise_if_forbidden, submit
from metrics.exports import csv_response
from metrics.forms.ledger import PICKERS
from people.countries import country_code
from programs.models import Stage

from ..access import require_work, stage_pilots, visible_alumni
from ..forms.events import EventFilterForm, EventForm, EventIntroductionForm, LinkForm, PilotFilterForm
from ..models import Alumnus, NetworkingEvent
from ..selectors.events import (
    alumni_density,
    can_read_density,
    density_pilots,
    event_introductions,
    get_event,
    linkable_introductions,
    visible_events,
)
from ..services import events as services
from .introductions import crumbs

EVENT_FIELDS = ("pilot", "name", "city", "country", "starts_on", "url", "notes", "recommended_by", "attendees")


def _event_crumbs(event: NetworkingEvent | None = None) -> list[tuple[str, str]]:
    pairs = [("Networking events", reverse("alumni:event_list"))]
    if event is not None:
        pairs.append((event.name, reverse("alumni:event_detail", args=[event.pk])))
    return crumbs(*pairs)


@login_required
@require_safe
def event_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    require_work(user)
    filters = EventFilterForm(request.GET or None, pilots=stage_pilots(user).order_by("name"))
    events = visible_events(user)
    if filters.is_valid():
        data = filters.cleaned_data
        if data["city"]:
            events = events.filter(city__iexact=" ".join(data["city"].split()))
        if data["country"]:
            events = events.filter(country=country_code(data["country"]) or "??")
        if data["pilot"]:
            events = events.filter(pilot=data["pilot"])
        today = timezone.localdate()
        if data["when"] == "upcoming":
            events = events.filter(starts_on__gte=today).order_by("starts_on", "id")
        elif data["when"] == "past":
            events = events.filter(starts_on__lt=today)
    page_obj, query_string = paginate(request, events)
    return render(
        request,
        "alumni/events/list.html",
        {
            "filters": filters,
            "filtered": any(request.GET.get(name) for name in filters.fields),
            "page_obj": page_obj,
            "events": page_obj.object_list,
            "query_string": query_string,
            "can_create": stage_pilots(user).exists(),
            "breadcrumbs": crumbs(),
        },
    )


def _form(request: AuthedRequest, event: NetworkingEvent | None, initial: dict[str, Any]) -> EventForm:
    user = request.user
    pilots = stage_pilots(user).order_by("name")
    alumni: QuerySet[Alumnus] = visible_alumni(user).filter(pilot__stage=Stage.ALUMNI)
    members = User.objects.filter(memberships__pilot__in=pilots).distinct().order_by("full_name", "email")
    if event is not None:
        alumni = alumni.filter(pilot=event.pilot_id)
        members = members.filter(memberships__pilot=event.pilot_id)
    return EventForm(
        request.POST or None,
        pilots=pilots,
        alumni=alumni.order_by("person__last_name", "person__first_name", "id"),
        members=members,
        initial=initial,
    )


def _form_page(request: AuthedRequest, form: EventForm, *, event: NetworkingEvent | None) -> HttpResponse:
    title = f"Edit “{event.name}”" if event else "Record a networking event"
    cancel = reverse("alumni:event_detail", args=[event.pk]) if event else reverse("alumni:event_list")
    return render(
        request,
        "alumni/events/form.html",
        {"form": form, "title": title, "event": event, "cancel_url": cancel, "breadcrumbs": _event_crumbs(event)},
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: AuthedRequest) -> HttpResponse:
    require_work(request.user)
    pilots = list(stage_pilots(request.user)[:2])
    if not pilots:
        raise Http404
    initial: dict[str, Any] = {"pilot": pilots[0].pk} if len(pilots) == 1 else {}
    form = _form(request, None, initial)
    event = submit(request, form, lambda data: services.event_create(actor=request.user, **data))
    if event is not None:
        messages.success(request, f"“{event.name}” recorded. Link the introductions exchanged there below.")
        return redirect("alumni:event_detail", pk=event.pk)
    return _form_page(request, form, event=None)


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    require_work(request.user)
    event = get_event(request.user, pk)
    form = _form(request, event, EventForm.initial_for(event))
    changed = submit(request, form, lambda data: services.event_update(actor=request.user, event=event, **data))
    if changed is not None:
        messages.success(request, "Event saved." if changed else "Nothing changed.")
        return redirect("alumni:event_detail", pk=event.pk)
    return _form_page(request, form, event=event)


@login_required
@require_http_methods(["GET", "POST"])
def event_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    require_work(request.user)
    event = get_event(request.user, pk)
    return delete_page(
        request,
        thing=event,
        delete=lambda: services.event_delete(actor=request.user, event=event),
        done=f"“{event.name}” deleted; its introductions stay in the ledger.",
        list_url=reverse("alumni:event_list"),
        list_label="Networking events",
        refused_url=reverse("alumni:event_detail", args=[event.pk]),
        cancel_url=reverse("alumni:event_detail", args=[event.pk]),
    )


@login_required
@require_safe
def event_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require_work(request.user)
    event = get_event(request.user, pk)
    return render(
        request,
        "alumni/events/detail.html",
        {
            "event": event,
            "recommenders": event.recommended_by.select_related("person").order_by("person__last_name"),
            "attendees": event.attendees.order_by("full_name", "email"),
            "introductions": event_introductions(event),
            "link_form": LinkForm(introductions=linkable_introductions(event)),
            "can_delete": request.user.is_hr_lead or event.created_by_id == request.user.pk,
            "breadcrumbs": _event_crumbs(),
        },
    )


@login_required
@require_POST
def event_link(request: AuthedRequest, pk: int) -> HttpResponse:
    require_work(request.user)
    event = get_event(request.user, pk)
    form = LinkForm(request.POST, introductions=linkable_introductions(event))
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        try:
            services.event_link_introduction(
                actor=request.user, event=event, introduction=form.cleaned_data["introduction"]
            )
        except DomainError as e:
            raise_if_forbidden(e)
            messages.error(request, e.message)
        else:
            messages.success(request, "Introduction linked to the event.")
    return redirect("alumni:event_detail", pk=event.pk)


@login_required
@require_POST
def event_unlink(request: AuthedRequest, pk: int, intro_pk: int) -> HttpResponse:
    require_work(request.user)
    event = get_event(request.user, pk)
    intro = event_introductions(event).filter(pk=intro_pk).first()
    if intro is None:
        raise Http404
    try:
        services.event_unlink_introduction(actor=request.user, event=event, introduction=intro)
    except DomainError as e:
        raise_if_forbidden(e)
        messages.error(request, e.message)
    else:
        messages.success(request, "Introduction unlinked; it stays in the ledger.")
    return redirect("alumni:event_detail", pk=event.pk)


@login_required
@require_http_methods(["GET", "POST"])
def event_introduction_create(request: AuthedRequest, pk: int) -> HttpResponse:
    """ "Log an introduction made here": the ledger's form, in the event's pilot, linked on save."""
    require_work(request.user)
    event = get_event(request.user, pk)
    status = 200
    if request.method != "POST":
        form = EventIntroductionForm(user=request.user, event=event, initial={"pilot": event.pilot_id})
    elif "_lookup" in request.POST:  # the no-JavaScript "Find" button: show matches, save nothing
        searches = {name: str(request.POST.get(f"{name}_search", ""))[:200] for name in PICKERS}
        form = EventIntroductionForm(user=request.user, event=event, initial=request.POST.dict(), searches=searches)
    else:
        form = EventIntroductionForm(request.POST, user=request.user, event=event)
        status = 400
        if form.is_valid():
            try:
                services.event_introduction_record(actor=request.user, event=event, **form.values())
            except DomainError as e:
                raise_if_forbidden(e)
                add_domain_error(form, e)
            else:
                messages.success(request, f"Introduction logged and linked to “{event.name}”.")
                return redirect("alumni:event_detail", pk=event.pk)
    detail = reverse("alumni:event_detail", args=[event.pk])
    return render(
        request,
        "alumni/events/introduction_form.html",
        {
            "form": form,
            "pickers": form.pickers(),
            "event": event,
            "next_url": "",
            "cancel_url": detail,
            "breadcrumbs": _event_crumbs(event),
        },
        status=status,
    )


@login_required
@require_safe
def density(request: AuthedRequest) -> HttpResponseBase:
    user = request.user
    if not can_read_density(user):
        raise Http404
    pilots = density_pilots(user)
    form = PilotFilterForm(request.GET or None, pilots=pilots.order_by("name"))
    if form.is_valid() and form.cleaned_data["pilot"] is not None:
        pilots = pilots.filter(pk=form.cleaned_data["pilot"].pk)
    table = alumni_density(pilots)
    if request.GET.get("format") == "csv":
        rows = [
            [level, r.country, r.country_name, r.city, r.alumni, r.events, r.introductions]
            for level, part in (("country", table.countries), ("city", table.cities))
            for r in part
        ]
        header = ["level", "country", "country_name", "city", "alumni", "events", "introductions_exchanged"]
        return csv_response(f"alumni-density-{timezone.localdate().isoformat()}.csv", header, rows)
    return render(
        request,
        "alumni/events/density.html",
        {
            "form": form,
            "filtered": bool(request.GET.get("pilot")),
            "density": table,
            "csv_query": request.GET.urlencode(),
            "breadcrumbs": crumbs(),
        },
    )


urlpatterns: list[URLPattern] = [
    path("events/", event_list, name="event_list"),
    path("events/new/", event_create, name="event_create"),
    path("events/<int:pk>/", event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", event_edit, name="event_edit"),
    path("events/<int:pk>/delete/", event_delete, name="event_delete"),
    path("events/<int:pk>/link/", event_link, name="event_link"),
    path("events/<int:pk>/introductions/<int:intro_pk>/unlink/", event_unlink, name="event_unlink"),
    path("events/<int:pk>/introductions/new/", event_introduction_create, name="event_introduction_create"),
    path("density/", density, name="density"),
]
