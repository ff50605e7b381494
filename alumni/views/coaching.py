"""Coaching pages: the sessions of the user's pilots (their own open follow-ups first, filters by
pilot, topic and follow-up state) with the team table (who has coached others, who was coached,
on what: does the team scale?), logging, correcting and deleting a session, and marking its
follow-up done.

Who (alumni.selectors.coaching): HR leads and the pilots' members see the sessions; managers and
contributors without a pilot get a 404. Whoever logged a session and HR leads correct or delete
it; the coach, the coachee and HR leads mark the follow-up done (403 for other members).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.web import AuthedRequest
from core.errors import DomainError
from core.web import as_pk, delete_page, form_status, paginate, raise_if_forbidden, safe_next, submit

from ..access import require_work, stage_pilots, work_pilots
from ..forms.coaching import CoachingFilterForm, CoachingForm
from ..forms.outplacement import pilot_members
from ..models import CoachingSession
from ..selectors.coaching import (
    can_edit_session,
    can_mark_follow_up,
    follow_up_q,
    get_session,
    my_follow_ups,
    team_rows,
    visible_sessions,
)
from ..services import coaching as services


def _crumbs(*pairs: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Stage 2", reverse("alumni:index")), *pairs]


def _list_crumbs() -> list[tuple[str, str]]:
    return _crumbs(("Coaching", reverse("alumni:coaching_list")))


@login_required
@require_safe
def coaching_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    require_work(user)
    pilots = work_pilots(user).order_by("name")
    filters = CoachingFilterForm(request.GET or None, pilots=pilots)
    sessions = visible_sessions(user)
    team_pilots = stage_pilots(user)
    if filters.is_valid():
        data = filters.cleaned_data
        if data["pilot"]:
            sessions = sessions.filter(pilot=data["pilot"])
            team_pilots = work_pilots(user).filter(pk=data["pilot"].pk)
        if data["topic"]:
            sessions = sessions.filter(topic=data["topic"])
        if data["follow_up"]:
            sessions = sessions.filter(follow_up_q(data["follow_up"], timezone.localdate()))
    page_obj, query_string = paginate(request, sessions)
    page_obj.object_list = list(page_obj.object_list)
    mine = list(my_follow_ups(user, visible_sessions(user))[:20])
    for session in [*page_obj.object_list, *mine]:  # what each row offers: answers, not role checks
        session.can_edit = can_edit_session(user, session)
        session.can_mark = can_mark_follow_up(user, session)
    team = team_rows(team_pilots)
    return render(
        request,
        "alumni/coaching/list.html",
        {
            "filters": filters,
            "filtered": any(request.GET.get(name) for name in ("pilot", "topic", "follow_up")),
            "mine": mine,
            "page_obj": page_obj,
            "sessions": page_obj.object_list,
            "query_string": query_string,
            "team": team,
            "coaches": sum(1 for row in team if row.given),
            "can_log": bool(stage_pilots(user).exists()),
            "breadcrumbs": _crumbs(),
        },
    )


def _form_page(
    request: AuthedRequest, form: CoachingForm, *, title: str, session: CoachingSession | None
) -> HttpResponse:
    return render(
        request,
        "alumni/coaching/form.html",
        {
            "form": form,
            "title": title,
            "session": session,
            "cancel_url": safe_next(request) or reverse("alumni:coaching_list"),
            "breadcrumbs": _list_crumbs(),
        },
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def coaching_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    require_work(user)
    pilots = stage_pilots(user).order_by("name")
    initial: dict[str, Any] = {"held_on": timezone.localdate(), "coach": user.pk}
    if (pilot_pk := as_pk(request.GET.get("pilot"))) is not None:
        initial["pilot"] = pilot_pk
    elif len(only := list(pilots[:2])) == 1:
        initial["pilot"] = only[0].pk
    form = CoachingForm(request.POST or None, initial=initial, pilots=pilots, members=pilot_members(pilots))
    session = submit(request, form, lambda data: services.coaching_create(actor=user, **data))
    if session is not None:
        messages.success(request, f"Session logged: {session}.")
        return redirect(safe_next(request) or reverse("alumni:coaching_list"))
    return _form_page(request, form, title="Log a coaching session", session=None)


def _editable(request: AuthedRequest, pk: int) -> CoachingSession:
    session = get_session(request.user, pk)
    if not can_edit_session(request.user, session):
        raise PermissionDenied(services.MSG_EDIT)
    return session


@login_required
@require_http_methods(["GET", "POST"])
def coaching_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    session = _editable(request, pk)
    initial = {
        name: getattr(session, name) for name in ("coach", "coachee", "topic", "held_on", "notes", "follow_up_on")
    }
    members = pilot_members(work_pilots(user).filter(pk=session.pilot_id))
    form = CoachingForm(request.POST or None, initial=initial, pilots=None, members=members)
    changes = submit(request, form, lambda data: services.coaching_update(actor=user, session=session, **data))
    if changes is not None:
        messages.success(request, "Session saved." if changes else "Nothing changed.")
        return redirect(safe_next(request) or reverse("alumni:coaching_list"))
    return _form_page(request, form, title=f"Correct the session of {session.held_on:%d %b %Y}", session=session)


@login_required
@require_http_methods(["GET", "POST"])
def coaching_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    session = _editable(request, pk)
    return delete_page(
        request,
        thing=session,
        delete=lambda: services.coaching_delete(actor=user, session=session),
        done="Coaching session deleted.",
        list_url=reverse("alumni:coaching_list"),
        list_label="Coaching",
    )


@login_required
@require_POST
def coaching_follow_up_done(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    session = get_session(user, pk)
    if not can_mark_follow_up(user, session):
        raise PermissionDenied(services.MSG_FOLLOW_UP_WHO)
    try:
        services.coaching_follow_up_done(actor=user, session=session)
    except DomainError as e:
        raise_if_forbidden(e)
        messages.error(request, e.message)
    else:
        messages.success(request, "Follow-up marked done.")
    return redirect(safe_next(request) or reverse("alumni:coaching_list"))


urlpatterns: list[URLPattern] = [
    path("coaching/", coaching_list, name="coaching_list"),
    path("coaching/new/", coaching_create, name="coaching_create"),
    path("coaching/<int:pk>/edit/", coaching_edit, name="coaching_edit"),
    path("coaching/<int:pk>/delete/", coaching_delete, name="coaching_delete"),
    path("coaching/<int:pk>/follow-up-done/", coaching_follow_up_done, name="coaching_follow_up_done"),
]
