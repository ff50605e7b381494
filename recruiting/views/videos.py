"""Recruiting video pages: the list per pilot (with how many candidates were pointed to each and
their reactions, who was pointed to one, and the video interviews coming up), adding, changing
and deleting a video, and pointing a candidate to a video (?candidate=&video=) with their reaction.

Who: HR leads manage videos; the pilot's contributors read them and point candidates (a video
they may not change is a 403). Managers and contributors in no pilot have no video pages (403);
a video, candidate or pointer of a pilot the user does not work in is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_http_methods, require_safe

from accounts.models import User
from accounts.web import AuthedRequest
from core.web import as_pk, delete_page, form_status, link_url, paginate, safe_next, submit

from .. import services
from ..access import can_manage, get_candidate, require_work, visible_candidates, work_pilots
from ..forms.interviews import PointerForm, VideoFilterForm, VideoForm
from ..models import RecruitingVideo, VideoPointer
from ..selectors.interviews import (
    interviews_awaiting_outcome,
    upcoming_interviews,
    video_pointers,
    video_rows,
    visible_videos,
)
from ..services.videos import MSG_HR_ONLY
from .common import candidate_crumbs, candidate_url, crumbs

POINTERS_SHOWN = 50


@dataclass(frozen=True)
class VideoRow:
    video: RecruitingVideo
    length: str
    link: str


def _video_for_user(user: User, pk: int, *, manage: bool = False) -> RecruitingVideo:
    """A video of the user's pilots (else 404); ``manage``: the user must be an HR lead (else 403)."""
    try:
        video = visible_videos(user).get(pk=pk)
    except RecruitingVideo.DoesNotExist as exc:
        raise Http404 from exc
    if manage and not can_manage(user):
        raise PermissionDenied(MSG_HR_ONLY)
    return video


def _pointer_for_user(user: User, pk: int) -> VideoPointer:
    try:
        return (
            VideoPointer.objects.filter(candidate__in=visible_candidates(user).values("pk"))
            .select_related("video", "candidate__person", "candidate__opening__pilot")
            .get(pk=pk)
        )
    except VideoPointer.DoesNotExist as exc:
        raise Http404 from exc


def _list_url(pilot_id: int | None = None) -> str:
    url = reverse("recruiting:video_list")
    return f"{url}?pilot={pilot_id}" if pilot_id else url


def _chosen_video(request: AuthedRequest, videos: QuerySet[RecruitingVideo]) -> RecruitingVideo | None:
    pk = as_pk(request.GET.get("video"))
    return videos.filter(pk=pk).first() if pk is not None else None


@login_required
@require_safe
def video_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    require_work(user)
    pilots = work_pilots(user).order_by("name")
    filters = VideoFilterForm(request.GET or None, pilots=pilots)
    videos = visible_videos(user)
    chosen_pilot = filters.cleaned_data.get("pilot") if filters.is_valid() else None
    if chosen_pilot is not None:
        videos = videos.filter(pilot=chosen_pilot)
    page_obj, query_string = paginate(request, video_rows(videos))
    rows = [VideoRow(v, services.length_text(v.length_seconds), link_url(v.url)) for v in page_obj.object_list]
    chosen = _chosen_video(request, visible_videos(user))
    pointers = list(video_pointers(chosen)[: POINTERS_SHOWN + 1]) if chosen is not None else []
    return render(
        request,
        "recruiting/video_list.html",
        {
            "filters": filters,
            "filtered": chosen_pilot is not None,
            "page_obj": page_obj,
            "rows": rows,
            "query_string": query_string,
            "chosen": chosen,
            "pointers": pointers[:POINTERS_SHOWN],
            "more_pointers": len(pointers) > POINTERS_SHOWN,
            "upcoming": upcoming_interviews(user),
            "awaiting": interviews_awaiting_outcome(user),
            "can_manage": can_manage(user),
            "create_url": reverse("recruiting:video_create")
            + (f"?pilot={chosen_pilot.pk}" if chosen_pilot is not None else ""),
            "recommended": services.RECOMMENDED_VIDEOS,
            "next_url": request.get_full_path(),
            "breadcrumbs": crumbs(),
        },
    )


def _video_form_page(request: AuthedRequest, context: dict[str, Any], form: VideoForm) -> HttpResponse:
    return render(
        request,
        "recruiting/video_form.html",
        {"form": form, "breadcrumbs": crumbs(("Recruiting videos", reverse("recruiting:video_list"))), **context},
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def video_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    require_work(user)
    if not can_manage(user):
        raise PermissionDenied(MSG_HR_ONLY)
    pilots = work_pilots(user).order_by("name")
    initial: dict[str, Any] = {}
    wanted = as_pk(request.GET.get("pilot"))
    if wanted is not None and pilots.filter(pk=wanted).exists():
        initial["pilot"] = wanted
    form = VideoForm(request.POST or None, initial=initial, pilots=pilots)
    video = submit(request, form, lambda _: services.video_record(actor=user, **form.values()))
    if video is not None:
        messages.success(request, f"Recruiting video “{video.topic}” added.")
        notice = services.many_videos_notice(video.pilot)
        if notice:
            messages.warning(request, notice)
        return redirect(_list_url(video.pilot_id))
    return _video_form_page(
        request, {"video": None, "title": "Add a recruiting video", "cancel_url": _list_url()}, form
    )


@login_required
@require_http_methods(["GET", "POST"])
def video_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    video = _video_for_user(user, pk, manage=True)
    form = VideoForm(request.POST or None, initial=VideoForm.initial_for(video))
    if submit(request, form, lambda _: services.video_update(actor=user, video=video, **form.values())):
        messages.success(request, f"Recruiting video “{video.topic}” saved.")
        return redirect(_list_url(video.pilot_id))
    title = f"Edit the video “{video.topic}”"
    return _video_form_page(request, {"video": video, "title": title, "cancel_url": _list_url(video.pilot_id)}, form)


@login_required
@require_http_methods(["GET", "POST"])
def video_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    video = _video_for_user(request.user, pk, manage=True)
    return delete_page(
        request,
        thing=video,
        delete=lambda: services.video_delete(actor=request.user, video=video),
        done=f"The recruiting video “{video.topic}” was deleted.",
        list_url=_list_url(video.pilot_id),
        list_label="Recruiting videos",
        template="recruiting/video_confirm_delete.html",
        pointed=video.pointers.count(),
    )


# --- pointing a candidate to a video ---------------------------------------------------------------


def _back(request: AuthedRequest, pointer_or_candidate: Any) -> str:
    candidate = getattr(pointer_or_candidate, "candidate", pointer_or_candidate)
    return safe_next(request) or candidate_url(candidate)


@login_required
@require_http_methods(["GET", "POST"])
def pointer_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    require_work(user)
    raw = request.GET.get("candidate")
    if not raw:
        context = {"candidate_list_url": reverse("recruiting:candidate_list"), "breadcrumbs": crumbs()}
        return render(request, "recruiting/pointer_pick.html", context)
    pk = as_pk(raw)
    if pk is None:
        raise Http404
    candidate = get_candidate(user, pk)
    pilot = candidate.opening.pilot
    videos = RecruitingVideo.objects.filter(pilot=pilot).order_by("topic", "id")
    initial: dict[str, Any] = {}
    wanted = as_pk(request.GET.get("video"))
    if wanted is not None:
        initial["video"] = wanted
    form = PointerForm(request.POST or None, initial=initial, videos=videos)
    pointer = submit(request, form, lambda data: services.pointer_record(actor=user, candidate=candidate, **data))
    if pointer is not None:
        messages.success(request, f"{candidate.person} pointed to “{pointer.video.topic}”.")
        return redirect(_back(request, candidate))
    existing = None
    posted = as_pk(request.POST.get("video")) if form.is_bound and form.errors else None
    chosen = videos.filter(pk=posted).first() if posted is not None else None
    if chosen is not None:  # a refused duplicate links to the pointer already there
        existing = services.existing_pointer(candidate, chosen)
    return render(
        request,
        "recruiting/pointer_form.html",
        {
            "form": form,
            "candidate": candidate,
            "pointer": None,
            "existing": existing,
            "has_videos": videos.exists(),
            "can_manage": can_manage(user),
            "title": f"Point {candidate.person} to a recruiting video",
            "cancel_url": _back(request, candidate),
            "next": safe_next(request),
            "breadcrumbs": candidate_crumbs(candidate),
        },
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def pointer_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    pointer = _pointer_for_user(user, pk)
    initial = {"reaction": pointer.reaction, "reaction_note": pointer.reaction_note}
    form = PointerForm(request.POST or None, initial=initial)
    if submit(request, form, lambda data: services.pointer_update(actor=user, pointer=pointer, **data)):
        messages.success(request, f"Reaction of {pointer.candidate.person} to “{pointer.video.topic}” saved.")
        return redirect(_back(request, pointer))
    return render(
        request,
        "recruiting/pointer_form.html",
        {
            "form": form,
            "candidate": pointer.candidate,
            "pointer": pointer,
            "existing": None,
            "has_videos": True,
            "title": f"{pointer.candidate.person}'s reaction to “{pointer.video.topic}”",
            "cancel_url": _back(request, pointer),
            "next": safe_next(request),
            "breadcrumbs": candidate_crumbs(pointer.candidate),
        },
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def pointer_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    pointer = _pointer_for_user(request.user, pk)
    back = _back(request, pointer)
    return delete_page(
        request,
        thing=pointer,
        delete=lambda: services.pointer_delete(actor=request.user, pointer=pointer),
        done=f"{pointer.candidate.person} is no longer recorded as pointed to “{pointer.video.topic}”.",
        list_url=back,
        list_label=str(pointer.candidate.person),
        template="recruiting/pointer_confirm_delete.html",
        cancel_url=back,
    )


urlpatterns: list[URLPattern] = [
    path("videos/", video_list, name="video_list"),
    path("videos/new/", video_create, name="video_create"),
    path("videos/<int:pk>/edit/", video_edit, name="video_edit"),
    path("videos/<int:pk>/delete/", video_delete, name="video_delete"),
    path("videos/point/", pointer_create, name="pointer_create"),
    path("videos/pointers/<int:pk>/", pointer_edit, name="pointer_edit"),
    path("videos/pointers/<int:pk>/delete/", pointer_delete, name="pointer_delete"),
]
