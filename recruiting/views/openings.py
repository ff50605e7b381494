"""Opening pages: the list (filters, pipeline counts), creating and editing an opening, its status,
its description's revisions and the diff between two, asking the pilot's contributors, and the
feedback on the description (given by the pilot's members, decided and thanked by HR leads).

Who: an opening is seen by HR leads and the members of its pilot (recruiting.access.get_opening);
anyone else gets a 404. Creating, editing, status, revising, asking and deciding are for HR leads
(403 for a member who can see the opening). recruiting.services holds the rules.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.web import AuthedRequest
from core.errors import DomainError
from core.web import as_pk, filter_by, form_status, paginate, raise_if_forbidden, submit

from .. import services
from ..access import can_manage, get_opening, require_work, visible_openings, work_pilots
from ..forms.openings import (
    DiffForm,
    FeedbackDecideForm,
    FeedbackForm,
    OpeningEditForm,
    OpeningFilterForm,
    OpeningForm,
    OpeningStatusForm,
    ReviseForm,
)
from ..models import CandidateProfile, JobOpening, OpeningFeedback, OpeningStatus
from ..selectors.openings import (
    diff_counts,
    line_diff,
    opening_asked,
    opening_feedback,
    opening_revisions,
    opening_rows,
)
from ..services.openings import LIVE, status_label
from .common import crumbs

FILTERS = ("pilot", "status", "profile")


def _profiles(request: AuthedRequest) -> Any:
    return (
        CandidateProfile.objects.filter(pilot__in=work_pilots(request.user))
        .select_related("pilot")
        .order_by("pilot__name", "priority", "name")
    )


def _managed_opening(request: AuthedRequest, pk: int) -> JobOpening:
    opening = get_opening(request.user, pk)
    if not can_manage(request.user):
        raise PermissionDenied(services.openings.MSG_MANAGE)
    return opening


def _opening_crumbs(opening: JobOpening | None = None) -> list[tuple[str, str]]:
    pairs = [("Openings", reverse("recruiting:opening_list"))]
    if opening is not None:
        pairs.append((opening.title, reverse("recruiting:opening_detail", args=[opening.pk])))
    return crumbs(*pairs)


@login_required
@require_safe
def opening_list(request: AuthedRequest) -> HttpResponse:
    require_work(request.user)
    user = request.user
    filters = OpeningFilterForm(
        request.GET or None, pilots=work_pilots(user).order_by("name"), profiles=_profiles(request)
    )
    openings = opening_rows(user)
    if filters.is_valid():
        openings = filter_by(openings, filters.cleaned_data, {name: name for name in FILTERS})
    page_obj, query_string = paginate(request, openings)
    return render(
        request,
        "recruiting/opening_list.html",
        {
            "filters": filters,
            "filtered": any(request.GET.get(name) for name in FILTERS),
            "page_obj": page_obj,
            "openings": page_obj.object_list,
            "query_string": query_string,
            "can_manage": can_manage(user),
            "breadcrumbs": crumbs(),
        },
    )


def _form_page(
    request: AuthedRequest, form: Any, *, title: str, opening: JobOpening | None, cancel_url: str, **extra: Any
) -> HttpResponse:
    return render(
        request,
        "recruiting/opening_form.html",
        {
            "form": form,
            "title": title,
            "opening": opening,
            "cancel_url": cancel_url,
            "breadcrumbs": _opening_crumbs(opening),
            **extra,
        },
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def opening_create(request: AuthedRequest) -> HttpResponse:
    require_work(request.user)
    user = request.user
    if not can_manage(user):
        raise PermissionDenied(services.openings.MSG_MANAGE)
    profiles = _profiles(request)
    initial: dict[str, Any] = {"status": OpeningStatus.EMERGING}
    profile = profiles.filter(pk=as_pk(request.GET.get("profile"))).first()
    if profile is not None:
        initial.update(profile=profile, pilot=profile.pilot)
    elif (pilot_pk := as_pk(request.GET.get("pilot"))) is not None:
        initial["pilot"] = pilot_pk
    form = OpeningForm(
        request.POST or None, initial=initial, pilots=work_pilots(user).order_by("name"), profiles=profiles
    )
    opening = submit(request, form, lambda data: services.opening_create(actor=user, **data))
    if opening is not None:
        asked = (
            " The pilot's contributors are being asked for suggestions." if opening.status == OpeningStatus.OPEN else ""
        )
        messages.success(request, f"Opening “{opening.title}” created with its description as revision 1.{asked}")
        return redirect("recruiting:opening_detail", pk=opening.pk)
    return _form_page(
        request, form, title="Create an opening", opening=None, cancel_url=reverse("recruiting:opening_list")
    )


@login_required
@require_http_methods(["GET", "POST"])
def opening_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    opening = _managed_opening(request, pk)
    initial = {"title": opening.title, "location": opening.location, "profile": opening.profile}
    profiles = _profiles(request).filter(pilot=opening.pilot)
    form = OpeningEditForm(request.POST or None, initial=initial, profiles=profiles)
    changes = submit(request, form, lambda data: services.opening_update(actor=request.user, opening=opening, **data))
    if changes is not None:
        messages.success(request, "Opening saved." if changes else "Nothing changed.")
        return redirect("recruiting:opening_detail", pk=opening.pk)
    detail_url = reverse("recruiting:opening_detail", args=[opening.pk])
    return _form_page(request, form, title=f"Edit “{opening.title}”", opening=opening, cancel_url=detail_url)


@login_required
@require_safe
def opening_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    opening = get_opening(request.user, pk)
    manage = can_manage(request.user)
    revisions = opening_revisions(opening)
    feedback = opening_feedback(opening)
    live = opening.status in LIVE
    return render(
        request,
        "recruiting/opening_detail.html",
        {
            "opening": opening,
            "current": revisions[0] if revisions else None,
            "revisions": revisions,
            "feedback_list": feedback,
            "feedback_form": FeedbackForm() if live else None,
            "asked": opening_asked(opening),
            "moves": [(s, status_label(s)) for s in services.allowed_statuses(opening.status)] if manage else [],
            "can_manage": manage,
            "can_ask": manage and live,
            "breadcrumbs": _opening_crumbs(),
        },
    )


@login_required
@require_POST
def opening_status(request: AuthedRequest, pk: int) -> HttpResponse:
    opening = _managed_opening(request, pk)
    form = OpeningStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the statuses offered.")
        return redirect("recruiting:opening_detail", pk=opening.pk)
    try:
        services.opening_set_status(actor=request.user, opening=opening, status=form.cleaned_data["status"])
    except DomainError as e:
        raise_if_forbidden(e)
        messages.error(request, e.message)
        return redirect("recruiting:opening_detail", pk=opening.pk)
    done = f"“{opening.title}” is now {status_label(opening.status)}."
    if opening.status == OpeningStatus.OPEN:
        done += " Contributors not asked before are being asked for suggestions and feedback."
    messages.success(request, done)
    return redirect("recruiting:opening_detail", pk=opening.pk)


@login_required
@require_http_methods(["GET", "POST"])
def opening_revise(request: AuthedRequest, pk: int) -> HttpResponse:
    opening = _managed_opening(request, pk)
    current = services.latest_revision(opening)
    form = ReviseForm(request.POST or None, initial={"text": current.text if current else ""})
    revision = submit(request, form, lambda data: services.opening_revise(actor=request.user, opening=opening, **data))
    if revision is not None:
        messages.success(request, f"Description saved as revision {revision.number}.")
        if revision.number > 1:
            diff_url = reverse("recruiting:opening_diff", args=[opening.pk])
            return redirect(f"{diff_url}?a={revision.number - 1}&b={revision.number}")
        return redirect("recruiting:opening_detail", pk=opening.pk)
    return render(
        request,
        "recruiting/opening_revise.html",
        {
            "form": form,
            "opening": opening,
            "current": current,
            "cancel_url": reverse("recruiting:opening_detail", args=[opening.pk]),
            "breadcrumbs": _opening_crumbs(opening),
        },
        status=form_status(form),
    )


@login_required
@require_safe
def opening_diff(request: AuthedRequest, pk: int) -> HttpResponse:
    opening = get_opening(request.user, pk)
    revisions = {r.number: r for r in opening_revisions(opening)}
    numbers = sorted(revisions)
    latest = numbers[-1] if numbers else 1
    default = {"a": max(latest - 1, 1), "b": latest}
    form = DiffForm(request.GET if "a" in request.GET or "b" in request.GET else default, numbers=numbers)
    old = new = None
    lines: list[Any] = []
    if form.is_valid():
        old, new = revisions[form.cleaned_data["a"]], revisions[form.cleaned_data["b"]]
        lines = line_diff(old.text, new.text)
    return render(
        request,
        "recruiting/opening_diff.html",
        {
            "opening": opening,
            "form": form,
            "old": old,
            "new": new,
            "lines": lines,
            "counts": diff_counts(lines),
            "numbers": numbers,
            "breadcrumbs": _opening_crumbs(opening),
        },
    )


@login_required
@require_POST
def opening_ask(request: AuthedRequest, pk: int) -> HttpResponse:
    opening = _managed_opening(request, pk)
    try:
        members = services.opening_ask(actor=request.user, opening=opening)
    except DomainError as e:
        raise_if_forbidden(e)
        messages.error(request, e.message)
    else:
        messages.success(
            request,
            f"Asking the {members} member{'s' if members != 1 else ''} of {opening.pilot.name} for suggestions and "
            "feedback; those asked before about this opening are not asked twice.",
        )
    return redirect("recruiting:opening_detail", pk=opening.pk)


@login_required
@require_http_methods(["GET", "POST"])
def feedback_create(request: AuthedRequest, pk: int) -> HttpResponse:
    opening = get_opening(request.user, pk)
    form = FeedbackForm(request.POST or None)
    feedback = submit(request, form, lambda data: services.feedback_create(actor=request.user, opening=opening, **data))
    if feedback is not None:
        messages.success(
            request, "Thank you: your feedback is with the HR lead, who will tell you whether it was used."
        )
        return redirect(f"{reverse('recruiting:opening_detail', args=[opening.pk])}#feedback")
    return render(
        request,
        "recruiting/feedback_form.html",
        {
            "form": form,
            "opening": opening,
            "current": services.latest_revision(opening),
            "live": opening.status in LIVE,
            "status_label": status_label(opening.status),
            "cancel_url": reverse("recruiting:opening_detail", args=[opening.pk]),
            "breadcrumbs": _opening_crumbs(opening),
        },
        status=form_status(form),
    )


@login_required
@require_POST
def feedback_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    feedback = OpeningFeedback.objects.filter(pk=pk, opening__in=visible_openings(request.user)).first()
    if feedback is None:
        raise Http404
    if not can_manage(request.user):
        raise PermissionDenied(services.feedback.MSG_DECIDE)
    back = f"{reverse('recruiting:opening_detail', args=[feedback.opening_id])}#feedback-{feedback.pk}"
    form = FeedbackDecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(back)
    used = form.cleaned_data["decision"] == "used"
    try:
        thanked = services.feedback_decide(
            actor=request.user, feedback=feedback, used=used, thank_note=form.cleaned_data["thank_note"]
        )
    except DomainError as e:
        raise_if_forbidden(e)
        messages.error(request, e.message)
        return redirect(back)
    who = feedback.author.get_short_name()
    decision = "used" if used else "not used"
    messages.success(
        request,
        f"Marked {decision}; {who} is being thanked by email."
        if thanked
        else f"Corrected to {decision}; {who} was thanked already, so no second email goes out.",
    )
    return redirect(back)


urlpatterns: list[URLPattern] = [
    path("openings/", opening_list, name="opening_list"),
    path("openings/new/", opening_create, name="opening_create"),
    path("openings/<int:pk>/", opening_detail, name="opening_detail"),
    path("openings/<int:pk>/edit/", opening_edit, name="opening_edit"),
    path("openings/<int:pk>/status/", opening_status, name="opening_status"),
    path("openings/<int:pk>/revise/", opening_revise, name="opening_revise"),
    path("openings/<int:pk>/diff/", opening_diff, name="opening_diff"),
    path("openings/<int:pk>/ask/", opening_ask, name="opening_ask"),
    path("openings/<int:pk>/feedback/", feedback_create, name="feedback_create"),
    path("feedback/<int:pk>/decide/", feedback_decide, name="feedback_decide"),
]
