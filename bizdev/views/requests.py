"""Help request pages: the list (both ways, with the preset "alumni asks still open, oldest
first"), the form (ours, with the guardrail's guidance beside the text, the hits to confirm and
the conflicts to disclose; or an alumnus's ask), the request page (the disclosure first, status,
time to answer, responses and the answer form, the assists linked to it, the post for the private
group), and the edit page.

Who: requests name alumni and deals, so they are for HR leads and contributors
(bizdev.access.require_work; a manager or another pilot's contributor gets a 404). Rules are in
bizdev.services.requests.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.web import AuthedRequest
from alumni.models import AlumniSegment, Alumnus
from core.errors import DomainError
from core.web import add_domain_error, as_pk, paginate, raise_if_forbidden
from programs.models import Pilot, Venue, VenueVisibility
from programs.services import current_policy

from ..access import (
    can_manage,
    reachable_alumni,
    reachable_segments,
    require_work,
    stage_pilots,
    visible_opportunities,
    visible_references,
    work_pilots,
)
from ..forms.requests import PRESET_ALUMNI_OPEN, RequestFilterForm, RequestForm, ResponseForm
from ..models import HelpRequest, Opportunity, RequestAudience, RequestDirection, RequestStatus
from ..navigation import crumbs
from ..rules import Conflict, GuardrailHit, active_terms, hits_from_json
from ..selectors.assists import assists_for_request
from ..selectors.requests import (
    age_days,
    alumni_asks_open,
    can_change_request,
    group_post_text,
    request_for_detail,
    request_rows,
    time_to_answer,
)
from ..services import request_answers
from ..services import requests as services

GUIDANCE = [
    "Ask for general insight, introductions and opinions: what alumni may freely share.",
    "Never ask for privileged information: prices, contracts, bids and tenders, internal figures, "
    "anything confidential or under a non-disclosure agreement.",
    "If an alumnus you ask works for a competitor, say so up front, matter of fact.",
]


def _request_crumbs(help_request: HelpRequest | None = None) -> list[tuple[str, str]]:
    pairs = [("Help requests", reverse("bizdev:request_list"))]
    if help_request is not None:
        pairs.append((help_request.title, reverse("bizdev:request_detail", args=[help_request.pk])))
    return crumbs(*pairs)


def _choices(user: Any, pilot_ids: list[int]) -> dict[str, QuerySet[Any]]:
    """What the form offers, within the given Stage 3 pilots."""
    sponsors = Pilot.objects.filter(pk__in=pilot_ids).values("sponsor_id")
    alumni: QuerySet[Alumnus] = reachable_alumni(user).filter(pilot__sponsor_id__in=sponsors)
    segments: QuerySet[AlumniSegment] = reachable_segments(user).filter(pilot__sponsor_id__in=sponsors)
    venues = Venue.objects.filter(
        visibility=VenueVisibility.PRIVATE, alumni_memberships__alumnus__pilot__sponsor_id__in=sponsors
    ).distinct()
    opportunities: QuerySet[Opportunity] = visible_opportunities(user).filter(pilot_id__in=pilot_ids)
    return {
        "segments": segments.order_by("pilot__name", "rank", "name"),
        "alumni": alumni.order_by("person__last_name", "person__first_name", "id"),
        # An alumnus's ask comes from one of the pilot's sponsor's alumni (as the service checks).
        "askers": alumni.order_by("person__last_name", "person__first_name", "id"),
        "venues": venues.order_by("name"),
        "opportunities": opportunities.order_by("name", "id"),
        "references": visible_references(user).filter(pilot_id__in=pilot_ids).order_by("title"),
    }


def _found(error: DomainError | None) -> tuple[list[GuardrailHit], list[Conflict]]:
    """The hits and conflicts a refusal carries, for the page to show."""
    if error is None:
        return [], []
    return hits_from_json(error.fields.get("hits", [])), conflicts_from(error.fields.get("conflicts", []))


def conflicts_from(rows: Any) -> list[Conflict]:
    """Conflicts as a refusal or HelpRequest.conflicts holds them (tolerant of odd rows)."""
    return [
        Conflict(
            alumnus_id=int(c.get("alumnus_id") or 0),
            alumnus_name=str(c.get("alumnus_name", "")),
            company=str(c.get("company", "")),
            reason=str(c.get("reason", "")),
        )
        for c in (rows if isinstance(rows, list) else [])
        if isinstance(c, dict)
    ]


def _save(form: RequestForm, save: Any) -> tuple[Any, DomainError | None]:
    """Call ``save(cleaned_data)`` on a valid POST; a refusal goes onto the form and is returned."""
    if not form.is_bound or not form.is_valid():
        return None, None
    try:
        return save(form.cleaned_data), None
    except DomainError as e:
        raise_if_forbidden(e)
        add_domain_error(form, e)
        return None, e


def _form_page(
    request: AuthedRequest,
    form: RequestForm,
    *,
    help_request: HelpRequest | None,
    error: DomainError | None,
    toggle: list[dict[str, Any]] | None = None,
) -> HttpResponse:
    hits, conflicts = _found(error)
    if help_request is not None and not conflicts:
        conflicts = conflicts_from(help_request.conflicts)
    ours = form.direction == RequestDirection.OURS
    show_disclosure = ours and bool(conflicts or (form["disclosure"].value() if "disclosure" in form.fields else ""))
    if help_request is not None:
        title = f"Edit “{help_request.title}”"
        cancel = reverse("bizdev:request_detail", args=[help_request.pk])
    else:
        title = "Ask alumni for help" if ours else "Enter an alumnus's ask"
        cancel = reverse("bizdev:request_list")
    return render(
        request,
        "bizdev/requests/form.html",
        {
            "form": form,
            "title": title,
            "help_request": help_request,
            "ours": ours,
            "direction": form.direction,
            "toggle": toggle or [],
            "guidance": GUIDANCE,
            "terms": [term for term, _ in active_terms()] if ours else [],
            "hits": hits,
            "conflicts": conflicts,
            "show_confirm": ours and bool(hits),
            "show_disclosure": show_disclosure,
            "cancel_url": cancel,
            "breadcrumbs": _request_crumbs(help_request),
        },
        status=400 if form.is_bound else 200,
    )


def _days(delta: Any) -> float | None:
    """A duration in days, one decimal (None stays None)."""
    return None if delta is None else round(delta.total_seconds() / 86400, 1)


# --- list -------------------------------------------------------------------------------------


@login_required
@require_safe
def request_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    require_work(user)
    pilots = work_pilots(user).order_by("name")
    filters = RequestFilterForm(
        request.GET or None,
        pilots=pilots,
        opportunities=visible_opportunities(user).order_by("name", "id"),
    )
    rows = request_rows(user)
    preset = ""
    if filters.is_valid():
        data = filters.cleaned_data
        preset = data["preset"]
        if preset == PRESET_ALUMNI_OPEN:
            rows = alumni_asks_open(user)
        for name in ("direction", "status", "kind"):
            if data[name]:
                rows = rows.filter(**{name: data[name]})
        if data["pilot"]:
            rows = rows.filter(pilot=data["pilot"])
        if data["opportunity"]:
            rows = rows.filter(opportunity=data["opportunity"])
    page_obj, query_string = paginate(request, rows)
    now = timezone.now()
    items = [{"req": r, "age": age_days(r, now=now), "waited": _days(time_to_answer(r))} for r in page_obj.object_list]
    services.help_requests_listed(
        actor=user,
        data={
            "filters": {k: str(v)[:200] for k, v in list(request.GET.items())[:20]},
            "rows": page_obj.paginator.count,
        },
    )
    can_ask = stage_pilots(user).exists()
    return render(
        request,
        "bizdev/requests/list.html",
        {
            "filters": filters,
            "filtered": any(request.GET.get(name) for name in filters.fields),
            "preset": preset,
            "alumni_open_url": f"{reverse('bizdev:request_list')}?{urlencode({'preset': PRESET_ALUMNI_OPEN})}",
            "page_obj": page_obj,
            "items": items,
            "query_string": query_string,
            "can_ask": can_ask,
            "can_manage": can_manage(user),
            "breadcrumbs": crumbs(),
        },
    )


# --- create and edit ------------------------------------------------------------------------------


def _direction(value: str | None) -> str:
    return RequestDirection.ALUMNI if value == RequestDirection.ALUMNI else RequestDirection.OURS


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    require_work(user)
    pilots = stage_pilots(user).order_by("name")
    pilot_ids = list(pilots.values_list("pk", flat=True))
    if not pilot_ids:
        raise Http404
    direction = _direction(request.POST.get("direction") or request.GET.get("direction"))
    initial: dict[str, Any] = {"pilot": pilot_ids[0]} if len(pilot_ids) == 1 else {}
    if (opp_pk := as_pk(request.GET.get("opportunity"))) is not None:
        opportunity = visible_opportunities(user).filter(pk=opp_pk, pilot_id__in=pilot_ids).first()
        if opportunity is not None:
            initial.update({"opportunity": opportunity.pk, "pilot": opportunity.pilot_id})
    if (alumnus_pk := as_pk(request.GET.get("alumnus"))) is not None:
        initial["alumnus"] = alumnus_pk
    form = RequestForm(
        request.POST or None, direction=direction, pilots=pilots, initial=initial, **_choices(user, pilot_ids)
    )

    def save(data: dict[str, Any]) -> HelpRequest:
        values: dict[str, Any] = {name: data.get(name) for name in form.fields}
        values["chosen_alumni"] = values.get("chosen_alumni") or []
        values["references"] = values.get("references") or []
        values["audience"] = values.get("audience") or ""
        values["disclosure"] = values.get("disclosure") or ""
        values["confirm_guardrail"] = bool(values.get("confirm_guardrail"))
        return services.help_request_create(actor=user, direction=direction, **values)

    created, error = _save(form, save)
    if created is not None:
        if direction == RequestDirection.OURS:
            messages.success(
                request,
                "Request sent." if created.audience != "group" else "Request saved: copy the post into the group.",
            )
        else:
            messages.success(request, "The alumnus's ask is recorded. Make sure it is met.")
        return redirect("bizdev:request_detail", pk=created.pk)
    base = reverse("bizdev:request_create")
    keep: dict[str, str] = {k: str(v)[:20] for k, v in request.GET.items() if k in ("opportunity", "alumnus")}
    toggle = [
        {
            "label": label,
            "url": f"{base}?{urlencode({**keep, 'direction': value})}",
            "current": value == direction,
        }
        for value, label in RequestDirection.choices
    ]
    return _form_page(request, form, help_request=None, error=error, toggle=toggle)


@login_required
@require_http_methods(["GET", "POST"])
def request_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    require_work(user)
    help_request = request_for_detail(user, pk)
    if help_request is None:
        raise Http404
    if not can_change_request(user, help_request):
        raise PermissionDenied(services.MSG_FORBIDDEN)
    form = RequestForm(
        request.POST or None,
        direction=help_request.direction,
        pilots=None,
        initial=RequestForm.initial_for(help_request),
        **_choices(user, [help_request.pilot_id]),
    )

    def save(data: dict[str, Any]) -> list[str]:
        values = {name: data.get(name) for name in form.fields}
        values["chosen_alumni"] = values.get("chosen_alumni") or []
        values["references"] = values.get("references") or []
        if "audience" in values:
            values["audience"] = values["audience"] or ""
        if "disclosure" in values:
            values["disclosure"] = values["disclosure"] or ""
        return services.help_request_update(actor=user, request=help_request, **values)

    changed, error = _save(form, save)
    if changed is not None:
        messages.success(request, "Request saved." if changed else "Nothing changed.")
        return redirect("bizdev:request_detail", pk=help_request.pk)
    return _form_page(request, form, help_request=help_request, error=error)


# --- the request page and its actions -------------------------------------------------------------


def _assist_url(help_request: HelpRequest) -> str:
    return f"{reverse('bizdev:assist_create')}?{urlencode({'request': help_request.pk})}"


@login_required
@require_safe
def request_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    require_work(user)
    help_request = request_for_detail(user, pk)
    if help_request is None:
        raise Http404
    services.help_request_viewed(actor=user, request=help_request)
    return _detail_page(request, help_request, ResponseForm(alumni=_response_alumni(user, help_request)))


def _response_alumni(user: Any, help_request: HelpRequest) -> QuerySet[Alumnus]:
    """Whom an answer may be logged for: the request's sponsor's alumni the user may name."""
    return (
        reachable_alumni(user)
        .filter(pilot__sponsor_id=help_request.pilot.sponsor_id)
        .order_by("person__last_name", "person__first_name", "id")
    )


def _detail_page(
    request: AuthedRequest, help_request: HelpRequest, response_form: ResponseForm, status: int = 200
) -> HttpResponse:
    user = request.user
    group = help_request.audience == RequestAudience.GROUP
    policy = current_policy(help_request.pilot) if group else None
    waited = time_to_answer(help_request)
    return render(
        request,
        "bizdev/requests/detail.html",
        {
            "req": help_request,
            "ours": help_request.direction == RequestDirection.OURS,
            "hits": hits_from_json(help_request.guardrail_hits),
            "conflicts": conflicts_from(help_request.conflicts),
            "checks": help_request.guardrail_checks.select_related("checked_by")[:5],
            "responses": help_request.responses.all(),
            "chosen": help_request.chosen_alumni.all(),
            "references": help_request.references.all(),
            "assists": assists_for_request(help_request),
            "assist_url": _assist_url(help_request),
            "post": group_post_text(help_request) if group else "",
            "policy": policy,
            "waited_days": _days(waited),
            "age": age_days(help_request),
            "response_form": response_form,
            "can_change": can_change_request(user, help_request),
            "can_answer": help_request.status != RequestStatus.CLOSED,
            "breadcrumbs": _request_crumbs(),
        },
        status=status,
    )


@login_required
@require_POST
def request_response_add(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    require_work(user)
    help_request = request_for_detail(user, pk)
    if help_request is None:
        raise Http404
    form = ResponseForm(request.POST, alumni=_response_alumni(user, help_request))
    if form.is_valid():
        try:
            request_answers.help_response_add(actor=user, request=help_request, **form.cleaned_data)
        except DomainError as e:
            raise_if_forbidden(e)
            add_domain_error(form, e)
        else:
            messages.success(request, "Answer added.")
            return redirect("bizdev:request_detail", pk=help_request.pk)
    return _detail_page(request, help_request, form, status=400)


def _action(request: AuthedRequest, pk: int, service: Any, done: str) -> HttpResponse:
    user = request.user
    require_work(user)
    help_request = request_for_detail(user, pk)
    if help_request is None:
        raise Http404
    try:
        service(actor=user, request=help_request)
    except DomainError as e:
        raise_if_forbidden(e)
        messages.error(request, e.message)
    else:
        messages.success(request, done)
    return redirect("bizdev:request_detail", pk=help_request.pk)


@login_required
@require_POST
def request_answered(request: AuthedRequest, pk: int) -> HttpResponse:
    return _action(request, pk, request_answers.help_request_mark_answered, "Marked answered.")


@login_required
@require_POST
def request_close(request: AuthedRequest, pk: int) -> HttpResponse:
    return _action(request, pk, request_answers.help_request_close, "Request closed.")


@login_required
@require_POST
def request_reopen(request: AuthedRequest, pk: int) -> HttpResponse:
    return _action(request, pk, request_answers.help_request_reopen, "Request reopened.")


urlpatterns: list[URLPattern] = [
    path("requests/", request_list, name="request_list"),
    path("requests/new/", request_create, name="request_create"),
    path("requests/<int:pk>/", request_detail, name="request_detail"),
    path("requests/<int:pk>/edit/", request_edit, name="request_edit"),
    path("requests/<int:pk>/responses/", request_response_add, name="request_response_add"),
    path("requests/<int:pk>/answered/", request_answered, name="request_answered"),
    path("requests/<int:pk>/close/", request_close, name="request_close"),
    path("requests/<int:pk>/reopen/", request_reopen, name="request_reopen"),
]
