"""Introductions on behalf of alumni: the Stage 2 list with its counts (per pilot, contributor and
segment, meaningful vs not), "Ask <alumnus> to confirm", and the alumnus's public answer page
reached from the e-mailed signed link (no account).

Who: the list and the ask are for HR leads and contributors (alumni.access.require_work; managers
get a 404); asking is for the introduction's maker, HR leads and the pilot's champions. The
answer page is public: the signed link is the credential.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.models import User
from accounts.web import AuthedRequest
from core.errors import DomainError
from core.links import LinkRefused, link_refused_page
from core.web import as_pk, filter_by, form_status, paginate, raise_if_forbidden, safe_next
from programs.models import Stage

from ..access import get_alumnus, require_work, stage_pilots, visible_segments, work_pilots
from ..forms.introductions import AnswerForm, IntroductionFilterForm
from ..selectors.introductions import (
    alumni_introductions,
    champion_pilot_ids,
    filter_by_status,
    get_alumni_introduction,
    introduction_counts,
    may_ask,
    status_of,
)
from ..services.introductions import (
    ask_refusal,
    introduction_answer,
    introduction_ask_confirmation,
    introduction_of_link,
)

FILTERS = {"pilot": "pilot", "contributor": "made_by", "segment": "on_behalf_of__alumnus__segment"}
PERIOD = {"date_from": "date__gte", "date_to": "date__lte"}


def crumbs(*pairs: tuple[str, str]) -> list[tuple[str, str]]:
    """Breadcrumbs under "Stage 2" (the alumni home page, once it exists)."""
    try:
        home = [("Stage 2", reverse("alumni:index"))]
    except NoReverseMatch:
        home = []
    return [*home, *pairs]


def _log_url(request: HttpRequest, alumnus_person: int | None) -> str:
    params: dict[str, Any] = {"next": request.get_full_path()}
    if alumnus_person is not None:
        params["on_behalf_of"] = alumnus_person
    return f"{reverse('metrics:introduction_create')}?{urlencode(params)}"


@login_required
@require_safe
def introduction_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    require_work(user)
    filters = IntroductionFilterForm(
        request.GET or None,
        pilots=work_pilots(user).filter(stage=Stage.ALUMNI).order_by("name"),
        contributors=User.objects.filter(pilots__in=work_pilots(user)).distinct().order_by("full_name", "email"),
        segments=visible_segments(user).order_by("pilot__name", "rank", "name"),
    )
    rows = alumni_introductions(user).prefetch_related("on_behalf_of__emails")
    if filters.is_valid():
        rows = filter_by(rows, filters.cleaned_data, {**FILTERS, **PERIOD})
        rows = filter_by_status(rows, filters.cleaned_data["status"])
    alumnus = None
    if (alumnus_id := as_pk(request.GET.get("alumnus"))) is not None:  # from an alumnus's page
        alumnus = get_alumnus(user, alumnus_id)
        rows = rows.filter(on_behalf_of=alumnus.person_id)
    page_obj, query_string = paginate(request, rows)
    champions = champion_pilot_ids(user)
    items = []
    for intro in page_obj.object_list:
        can = may_ask(user, intro, champions)
        items.append(
            {
                "intro": intro,
                "alumnus": getattr(intro.on_behalf_of, "alumnus", None),
                "status": status_of(intro),
                "can_ask": can,
                "refusal": ask_refusal(intro, asked_at=intro.asked_at) if can else "",
            }
        )
    return render(
        request,
        "alumni/introductions/list.html",
        {
            "filters": filters,
            "filtered": any(request.GET.get(name) for name in [*filters.fields, "alumnus"]),
            "page_obj": page_obj,
            "items": items,
            "query_string": query_string,
            "counts": introduction_counts(rows),
            "alumnus": alumnus,
            "log_url": _log_url(request, alumnus.person_id if alumnus else None),
            "can_log": stage_pilots(user).exists(),
            "breadcrumbs": crumbs(),
        },
    )


@login_required
@require_POST
def introduction_ask(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    require_work(user)
    intro = get_alumni_introduction(user, pk)
    if intro is None:
        raise Http404
    back = safe_next(request) or reverse("alumni:introduction_list")
    try:
        introduction_ask_confirmation(actor=user, introduction=intro)
    except DomainError as e:
        raise_if_forbidden(e)
        messages.error(request, e.message)
        return redirect(back)
    messages.success(
        request, f"{intro.on_behalf_of.full_name} will get an e-mail asking whether this introduction was useful."
    )
    return redirect(back)


@require_http_methods(["GET", "POST"])
def intro_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The alumnus's answer page (public). GET shows the question; POST records it, once."""
    try:
        intro = introduction_of_link(token)
    except LinkRefused as refused:
        return link_refused_page(request, refused)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        useful = form.cleaned_data["answer"] == "yes"
        try:
            introduction_answer(token=token, useful=useful, outcome=form.cleaned_data["outcome"])
        except LinkRefused as refused:
            return link_refused_page(request, refused)
        except DomainError as e:
            form.add_error("outcome", e.message)
        else:
            return render(request, "alumni/introductions/confirm_done.html", {"useful": useful, "intro": intro})
    return render(
        request,
        "alumni/introductions/confirm.html",
        {"form": form, "intro": intro, "target": intro.target_label},
        status=form_status(form) if request.method == "POST" else 200,
    )


urlpatterns: list[URLPattern] = [
    path("introductions/", introduction_list, name="introduction_list"),
    path("introductions/<int:pk>/ask/", introduction_ask, name="introduction_ask"),
    path("confirm/<str:token>/", intro_confirm, name="intro_confirm"),
]
