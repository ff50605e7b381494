"""Alumni segment pages: per Stage 2 pilot, the segments ranked by importance to the sponsor's goals
("who's most important to your business goals?") with their sizes and the alumni in none; adding,
editing, moving up or down, deleting a segment, and reassigning the pilot's alumni.

Who: HR leads manage (alumni.access.can_manage); the pilot's contributors read. Anyone else
(managers, contributors in no pilot) gets a 404, as does a segment of a pilot the user does not
work in. A contributor trying to change a segment they can see gets a 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.web import AuthedRequest
from core.errors import DomainError
from core.web import as_pk, delete_page, form_status, paginate, raise_if_forbidden, submit
from programs.models import Pilot, Stage

from ..access import can_manage, get_segment, require_work, stage_pilots, work_pilots
from ..forms.segments import SegmentFilterForm, SegmentForm
from ..models import AlumniSegment, Alumnus
from ..segments import describe
from ..services import segments as services

PILOTS_PER_PAGE = 10


def crumbs(*pairs: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Stage 2", reverse("alumni:index")), *pairs]


def list_url(pilot_id: int | None = None) -> str:
    url = reverse("alumni:segment_list")
    return f"{url}?pilot={pilot_id}" if pilot_id else url


def segment_pilots(pilots: QuerySet[Pilot]) -> QuerySet[Pilot]:
    """Of ``pilots``, those with segments to show: in Stage 2, or with segments (kept after moving on)."""
    has_segments = Exists(AlumniSegment.objects.filter(pilot=OuterRef("pk")))
    return pilots.filter(Q(stage=Stage.ALUMNI) | Q(has_segments)).select_related("sponsor").order_by("name")


def _segment(request: AuthedRequest, pk: int, *, manage: bool = False) -> AlumniSegment:
    require_work(request.user)
    segment = get_segment(request.user, pk)
    if manage and not can_manage(request.user):
        raise PermissionDenied(services.MSG_MANAGE)
    return segment


def _require_manager(request: AuthedRequest) -> None:
    require_work(request.user)
    if not can_manage(request.user):
        raise PermissionDenied(services.MSG_MANAGE)


def _rows(pilots: list[Pilot]) -> list[dict[str, Any]]:
    """Each pilot with its ranked segments (sizes counted in SQL) and its alumni in no segment: two queries."""
    ids = [p.pk for p in pilots]
    segments = (
        AlumniSegment.objects.filter(pilot_id__in=ids).annotate(size=Count("alumni")).order_by("rank", "name", "id")
    )
    by_pilot: dict[int, list[AlumniSegment]] = {}
    for segment in segments:
        by_pilot.setdefault(segment.pilot_id, []).append(segment)
    unassigned = dict(
        Alumnus.objects.filter(pilot_id__in=ids, segment__isnull=True)
        .values_list("pilot_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    rows = []
    for pilot in pilots:
        ranked = by_pilot.get(pilot.pk, [])
        rows.append(
            {
                "pilot": pilot,
                "segments": [
                    {"segment": s, "first": i == 0, "last": i == len(ranked) - 1, "lines": describe(s.definition)}
                    for i, s in enumerate(ranked)
                ],
                "unassigned": unassigned.get(pilot.pk, 0),
                "alumni": sum(s.size for s in ranked) + unassigned.get(pilot.pk, 0),  # type: ignore[attr-defined]
            }
        )
    return rows


@login_required
@require_safe
def segment_list(request: AuthedRequest) -> HttpResponse:
    require_work(request.user)
    user = request.user
    pilots = segment_pilots(work_pilots(user))
    filters = SegmentFilterForm(request.GET or None, pilots=pilots)
    chosen = filters.cleaned_data.get("pilot") if filters.is_valid() else None
    shown = pilots.filter(pk=chosen.pk) if chosen is not None else pilots
    page_obj, query_string = paginate(request, shown, per_page=PILOTS_PER_PAGE)
    return render(
        request,
        "alumni/segments/segment_list.html",
        {
            "filters": filters,
            "filtered": chosen is not None,
            "page_obj": page_obj,
            "rows": _rows(list(page_obj.object_list)),
            "query_string": query_string,
            "can_manage": can_manage(user),
            "breadcrumbs": crumbs(),
        },
    )


@login_required
@require_safe
def segment_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    segment = _segment(request, pk)
    return render(
        request,
        "alumni/segments/segment_detail.html",
        {
            "segment": segment,
            "lines": describe(segment.definition),
            "size": segment.alumni.count(),
            "can_manage": can_manage(request.user),
            "breadcrumbs": crumbs(("Segments", list_url(segment.pilot_id))),
        },
    )


def _form_page(request: AuthedRequest, form: SegmentForm, **context: Any) -> HttpResponse:
    segment = context.get("segment")
    cancel = reverse("alumni:segment_detail", args=[segment.pk]) if segment else list_url()
    return render(
        request,
        "alumni/segments/segment_form.html",
        {"form": form, "cancel_url": cancel, "breadcrumbs": crumbs(("Segments", list_url())), **context},
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def segment_create(request: AuthedRequest) -> HttpResponse:
    _require_manager(request)
    user = request.user
    pilots = stage_pilots(user).order_by("name")
    pilot_pk = as_pk(request.GET.get("pilot"))
    chosen = pilots.filter(pk=pilot_pk).first() if pilot_pk is not None else None
    form = SegmentForm(request.POST or None, pilots=pilots, initial={"pilot": chosen})
    segment = submit(request, form, lambda _data: services.segment_create(actor=user, **form.service_values()))
    if segment is not None:
        size = segment.alumni.count()
        messages.success(
            request, f"Segment “{segment.name}” added at rank {segment.rank}: {size} alumn{'us' if size == 1 else 'i'}."
        )
        return redirect(list_url(segment.pilot_id))
    return _form_page(request, form, title="Add an alumni segment", segment=None)


@login_required
@require_http_methods(["GET", "POST"])
def segment_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    segment = _segment(request, pk, manage=True)
    form = SegmentForm(
        request.POST or None,
        pilots=work_pilots(request.user),
        initial=SegmentForm.initial_for(segment),
        fixed_pilot=True,
    )
    changes = submit(
        request,
        form,
        lambda _data: services.segment_update(actor=request.user, segment=segment, **form.service_values()),
    )
    if changes is not None:
        messages.success(request, f"Segment “{segment.name}” saved." if changes else "Nothing changed.")
        return redirect(list_url(segment.pilot_id))
    return _form_page(request, form, title=f"Edit the segment “{segment.name}”", segment=segment)


@login_required
@require_http_methods(["GET", "POST"])
def segment_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    segment = _segment(request, pk, manage=True)
    return delete_page(
        request,
        thing=segment,
        delete=lambda: services.segment_delete(actor=request.user, segment=segment),
        done=f"Segment “{segment.name}” deleted; its alumni were put in the other segments they match.",
        list_url=list_url(segment.pilot_id),
        list_label="Segments",
        template="alumni/segments/segment_confirm_delete.html",
        kind="segment",
        size=segment.alumni.count(),
    )


@login_required
@require_POST
def segment_move(request: AuthedRequest, pk: int) -> HttpResponse:
    segment = _segment(request, pk, manage=True)
    try:
        rank = services.segment_move(actor=request.user, segment=segment, direction=request.POST.get("direction", ""))
    except DomainError as e:
        raise_if_forbidden(e)
        messages.error(request, e.message)
    else:
        messages.success(request, f"“{segment.name}” is now rank {rank}; alumni reassigned.")
    return redirect(list_url(segment.pilot_id))


@login_required
@require_POST
def segments_assign(request: AuthedRequest) -> HttpResponse:
    _require_manager(request)
    pilot_pk = as_pk(request.POST.get("pilot"))
    pilot = work_pilots(request.user).filter(pk=pilot_pk).first() if pilot_pk is not None else None
    if pilot is None:
        raise Http404
    result = services.segments_assign(actor=request.user, pilot=pilot)
    assigned = result.total - result.unassigned
    messages.success(
        request,
        f"{pilot.name}: {assigned} of {result.total} alumni are in a segment, {result.unassigned} in none.",
    )
    return redirect(list_url(pilot.pk))


urlpatterns: list[URLPattern] = [
    path("segments/", segment_list, name="segment_list"),
    path("segments/new/", segment_create, name="segment_create"),
    path("segments/assign/", segments_assign, name="segments_assign"),
    path("segments/<int:pk>/", segment_detail, name="segment_detail"),
    path("segments/<int:pk>/edit/", segment_edit, name="segment_edit"),
    path("segments/<int:pk>/delete/", segment_delete, name="segment_delete"),
    path("segments/<int:pk>/move/", segment_move, name="segment_move"),
]
