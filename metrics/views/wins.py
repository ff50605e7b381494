"""The wins feed, a win's page and "celebrate" (drafting a post for a venue within the pilot's
sharing policy). Everyone who may see a pilot sees its wins; HR leads and the pilot's members
celebrate them; managers read."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse

from accounts.web import AuthedRequest
from core.errors import DomainError, ForbiddenError
from core.web import add_domain_error, filter_by, paginate
from programs.access import can_log, can_manage_pilots, can_work_in
from programs.models import Venue
from programs.services import current_policy

from .. import services
from ..access import get_row_for_user, report_pilots, visible_rows
from ..forms.wins import CelebrateForm, WinFilterForm
from ..models import Win

FILTER_KEYS = ("pilot", "stage", "kind", "start", "end")


@login_required
def win_list(request: AuthedRequest) -> HttpResponse:
    filters = WinFilterForm(request.GET or None, pilots=report_pilots(request.user).order_by("stage", "name"))
    wins = visible_rows(request.user, Win).annotate(celebration_count=Count("celebrations")).order_by("-date", "-id")
    if filters.is_valid():
        lookups = {"pilot": "pilot", "stage": "stage", "kind": "kind", "start": "date__gte", "end": "date__lte"}
        wins = filter_by(wins, filters.cleaned_data, lookups)
    page_obj, query_string = paginate(request, wins)
    return render(
        request,
        "metrics/win_list.html",
        {
            "filters": filters,
            "filtered": any(request.GET.get(key) for key in FILTER_KEYS),
            "page_obj": page_obj,
            "wins": page_obj.object_list,
            "query_string": query_string,
            "big_assist_points": settings.METRICS_BIG_ASSIST_POINTS,
            "can_log": can_log(request.user),
        },
    )


@login_required
def win_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    win = get_row_for_user(request.user, Win, pk)
    return render(
        request,
        "metrics/win_detail.html",
        {
            "win": win,
            "celebrations": win.celebrations.select_related("venue", "created_by"),
            "policy": current_policy(win.pilot),
            "may_celebrate": can_work_in(request.user, win.pilot),
        },
    )


@login_required
def celebrate(request: AuthedRequest, pk: int) -> HttpResponse:
    win = get_row_for_user(request.user, Win, pk)
    if not can_work_in(request.user, win.pilot):
        raise PermissionDenied(services.MSG_CELEBRATE_FORBIDDEN)
    form = CelebrateForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                celebration = services.celebration_draft(actor=request.user, win=win, venue=form.cleaned_data["venue"])
            except ForbiddenError as exc:
                raise PermissionDenied(exc.message) from exc
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(
                    request,
                    f"Draft ready for {celebration.venue.name}: check it against the sharing policy, "
                    "edit it and copy it into the venue.",
                )
                return redirect(f"{reverse('metrics:win_detail', args=[win.pk])}#celebration-{celebration.pk}")
        status = 400
    return render(
        request,
        "metrics/celebrate.html",
        {
            "win": win,
            "form": form,
            "policy": current_policy(win.pilot),
            "has_venues": Venue.objects.exists(),
            "can_add_venue": can_manage_pilots(request.user),
            "no_policy_message": services.MSG_CELEBRATE_NO_POLICY.format(pilot=win.pilot.name),
        },
        status=status,
    )


urlpatterns: list[URLPattern] = [
    path("wins/", win_list, name="win_list"),
    path("wins/<int:pk>/", win_detail, name="win_detail"),
    path("wins/<int:pk>/celebrate/", celebrate, name="celebrate"),
]
