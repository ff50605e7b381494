"""Video-first interview pages: schedule one for a candidate (?candidate=), its page (where it is
corrected and its outcome noted) and deleting it.

Who: the pilot's members and HR leads (recruiting.access.get_candidate: any other candidate is a
404, for managers too). The baseline amount a trip avoided records is shown to who may see the
sponsor's baselines (metrics.access.can_see_baselines); the others see that one is recorded.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.views.decorators.http import require_http_methods

from accounts.models import User
from accounts.web import AuthedRequest
from core.web import as_pk, delete_page, form_status, link_url, safe_next, submit
from metrics.access import can_manage_costs, can_see_baselines
from metrics.money import money_text
from programs.access import step_owner_candidates
from programs.models import SponsorOrganization

from .. import pipeline, services
from ..access import get_candidate, require_work
from ..forms.interviews import InterviewForm
from ..models import Candidate, Step, VideoInterview
from ..selectors.interviews import baseline_for, interview_baseline, interview_day, visible_interviews
from .common import candidate_crumbs, candidate_url, crumbs


def _candidate_from_query(request: AuthedRequest) -> Candidate | None:
    """The candidate named by ?candidate= (a 404 if the user may not see them), or None if none is named."""
    raw = request.GET.get("candidate") or request.POST.get("candidate")
    if raw in (None, ""):
        return None
    pk = as_pk(raw)
    if pk is None:
        raise Http404
    return get_candidate(request.user, pk)


def _interview_for_user(user: User, pk: int) -> VideoInterview:
    try:
        return visible_interviews(user).get(pk=pk)
    except VideoInterview.DoesNotExist as exc:
        raise Http404 from exc


def trip_help(user: User, sponsor: SponsorOrganization, day: dt.date) -> SafeString:
    """What ticking "replaced a trip" records, for the form's help text (escaped here: the form
    partial shows help text as HTML)."""
    baseline = baseline_for(sponsor.pk, day)
    if baseline is None:
        text = format_html(
            "{} has no legacy cost baseline covering {}: an interview that replaced a trip on that date is refused "
            "until an HR lead adds one.",
            sponsor.name,
            day.isoformat(),
        )
        if can_manage_costs(user):
            text = format_html('{} <a href="{}">Add a baseline</a>.', text, reverse("metrics:baseline_list"))
        return text
    if can_see_baselines(user, sponsor):
        return format_html(
            "Records the trip's cost avoided from the baseline valid on the interview's date: {} "
            "(travel per hire in the baseline of {} {} – {}).",
            money_text(baseline.travel_per_hire, settings.PROGRAM_CURRENCY),
            sponsor.name,
            baseline.valid_from.isoformat(),
            baseline.valid_to.isoformat(),
        )
    return format_html(
        "Records the trip's cost avoided: the travel per hire in {}'s baseline valid on the interview's date "
        "(HR leads and managers see the amount).",
        sponsor.name,
    )


def _posted_day(request: AuthedRequest, default: dt.date) -> dt.date:
    """The day typed on a posted form (for the help text to name the baseline it will use)."""
    try:
        when = parse_datetime(request.POST.get("scheduled_at", "") or "")
    except ValueError:  # well-formed but impossible (30 February, 25:00): the form says so
        return default
    if when is None:
        return default
    return interview_day(timezone.make_aware(when) if timezone.is_naive(when) else when)


def move_suggestion(candidate: Candidate) -> bool:
    """Suggest moving the candidate to "Video interview": they are on the path before it."""
    return 0 <= pipeline.rank(candidate.step) < pipeline.rank(Step.VIDEO_INTERVIEW)


def _form(request: AuthedRequest, candidate: Candidate, *, day: dt.date, **kwargs: Any) -> InterviewForm:
    pilot = candidate.opening.pilot
    return InterviewForm(
        request.POST or None,
        eligible=step_owner_candidates(pilot),
        trip_help=trip_help(request.user, pilot.sponsor, _posted_day(request, day)),
        tz_name=timezone.get_current_timezone_name(),
        **kwargs,
    )


def _candidate_context(user: User, candidate: Candidate) -> dict[str, Any]:
    return {
        "candidate": candidate,
        "candidate_url": reverse("recruiting:candidate_detail", args=[candidate.pk]),
        "suggest_move": move_suggestion(candidate),
        "step_label": pipeline.label(candidate.step),
        "video_step_label": pipeline.label(Step.VIDEO_INTERVIEW),
    }


def _saved_message(user: User, interview: VideoInterview, verb: str) -> str:
    when = timezone.localtime(interview.scheduled_at)
    text = f"Video interview with {interview.candidate.person} {verb} for {when:%Y-%m-%d %H:%M}."
    if interview.replaced_trip and can_see_baselines(user, interview.candidate.opening.pilot.sponsor_id):
        text += f" Travel avoided: {money_text(interview.travel_avoided, settings.PROGRAM_CURRENCY)}."
    return text


@login_required
@require_http_methods(["GET", "POST"])
def interview_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    require_work(user)
    candidate = _candidate_from_query(request)
    if candidate is None:
        pick = {"candidate_list_url": reverse("recruiting:candidate_list"), "breadcrumbs": crumbs()}
        return render(request, "recruiting/interview_pick.html", pick)
    form = _form(request, candidate, day=timezone.localdate(), with_outcome=False, initial={"interviewers": [user.pk]})
    interview = submit(request, form, lambda data: services.interview_schedule(actor=user, candidate=candidate, **data))
    if interview is not None:
        messages.success(request, _saved_message(user, interview, "scheduled"))
        return redirect(safe_next(request) or reverse("recruiting:interview_edit", args=[interview.pk]))
    context = {
        **_candidate_context(user, candidate),
        "form": form,
        "interview": None,
        "title": f"Schedule a video interview with {candidate.person}",
        "cancel_url": safe_next(request) or candidate_url(candidate),
        "next": safe_next(request),
        "breadcrumbs": candidate_crumbs(candidate),
    }
    return render(request, "recruiting/interview_form.html", context, status=form_status(form))


def _travel_context(user: User, interview: VideoInterview) -> dict[str, Any]:
    """What the interview's page says of the travel it avoided, the baseline looked up again."""
    sponsor_id = interview.candidate.opening.pilot.sponsor_id
    if not interview.replaced_trip or not can_see_baselines(user, sponsor_id):
        return {"show_amount": False, "baseline": None}
    return {"show_amount": True, "baseline": interview_baseline(interview)}


@login_required
@require_http_methods(["GET", "POST"])
def interview_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    interview = _interview_for_user(user, pk)
    candidate = interview.candidate
    initial = {
        "scheduled_at": interview.scheduled_at,
        "link": interview.link,
        "interviewers": list(interview.interviewers.values_list("pk", flat=True)),
        "replaced_trip": interview.replaced_trip,
        "outcome": interview.outcome,
        "notes": interview.notes,
    }
    form = _form(request, candidate, day=interview_day(interview.scheduled_at), with_outcome=True, initial=initial)
    if submit(request, form, lambda data: services.interview_update(actor=user, interview=interview, **data)):
        messages.success(request, _saved_message(user, interview, "saved"))
        return redirect(safe_next(request) or reverse("recruiting:interview_edit", args=[interview.pk]))
    context = {
        **_candidate_context(user, candidate),
        **_travel_context(user, interview),
        "form": form,
        "interview": interview,
        "link": link_url(interview.link),
        "interviewers": list(interview.interviewers.all()),
        "title": f"Video interview with {candidate.person}",
        "cancel_url": safe_next(request) or candidate_url(candidate),
        "next": safe_next(request),
        "breadcrumbs": candidate_crumbs(candidate),
    }
    return render(request, "recruiting/interview_form.html", context, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def interview_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    interview = _interview_for_user(request.user, pk)
    back = candidate_url(interview.candidate)
    page_url = reverse("recruiting:interview_edit", args=[interview.pk])
    return delete_page(
        request,
        thing=interview,
        delete=lambda: services.interview_delete(actor=request.user, interview=interview),
        done=f"The video interview with {interview.candidate.person} was deleted.",
        list_url=back,
        list_label=str(interview.candidate.person),
        template="recruiting/interview_confirm_delete.html",
        refused_url=page_url,
        cancel_url=page_url,
    )


urlpatterns: list[URLPattern] = [
    path("interviews/new/", interview_create, name="interview_create"),
    path("interviews/<int:pk>/", interview_edit, name="interview_edit"),
    path("interviews/<int:pk>/delete/", interview_delete, name="interview_delete"),
]
