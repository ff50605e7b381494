"""Opportunity pages: the list (filters, totals, CSV), the pipeline board (a column per stage,
move in place), a deal's page (its assists and help requests), create, edit, move and delete.

Who: deals name companies, owners and (on a deal's page) the alumni who helped, so the pages are
for HR leads and contributors (bizdev.access.require_work; a manager or another pilot's
contributor gets a 404). The owner and HR leads change a deal; the pilot's other contributors
read it and get a 403 on a change. Rules are in bizdev.services.opportunities.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.web import AuthedRequest
from core.errors import DomainError
from core.web import add_domain_error, as_pk, delete_page, form_status, paginate, raise_if_forbidden, safe_next
from metrics.exports import csv_response
from people.models import Company

from ..access import can_change_opportunity, get_opportunity, require_work, stage_pilots
from ..forms.opportunities import MoveForm, OpportunityFilterForm, OpportunityForm, owner_candidates
from ..models import OPEN_STAGES, HelpRequest, Opportunity, OpportunityStage
from ..navigation import crumbs
from ..selectors.assists import assists_for_opportunity, with_assisted
from ..selectors.opportunities import board, opportunity_rows, owner_choices, parse_filters, totals
from ..services import opportunities as services

CSV_COLUMNS = [
    "id",
    "pilot",
    "name",
    "company",
    "value",
    "currency",
    "stage",
    "owner",
    "opened_on",
    "closed_on",
    "cycle_days",
    "assisted",
]


def _deal_crumbs(opportunity: Opportunity | None = None) -> list[tuple[str, str]]:
    pairs = [("Opportunities", reverse("bizdev:opportunity_list"))]
    if opportunity is not None:
        pairs.append((opportunity.name, reverse("bizdev:opportunity_detail", args=[opportunity.pk])))
    return crumbs(*pairs)


def _filter_form(request: AuthedRequest) -> OpportunityFilterForm:
    user = request.user
    return OpportunityFilterForm(
        request.GET or None, pilots=stage_pilots(user).order_by("name"), owners=owner_choices(user)
    )


# --- list, CSV and board ---------------------------------------------------------------------


@login_required
@require_safe
def opportunity_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    require_work(user)
    filters = _filter_form(request)
    rows = opportunity_rows(user, parse_filters(filters.values()))
    page_obj, query_string = paginate(request, rows)
    return render(
        request,
        "bizdev/opportunities/list.html",
        {
            "filters": filters,
            "filtered": any(request.GET.get(name) for name in OpportunityFilterForm.NAMES),
            "page_obj": page_obj,
            "opportunities": page_obj.object_list,
            "totals": totals(rows),
            "query_string": query_string,
            "csv_query": request.GET.urlencode(),
            "can_create": stage_pilots(user).exists(),
            "breadcrumbs": crumbs(),
        },
    )


@login_required
@require_safe
def opportunity_csv(request: AuthedRequest) -> StreamingHttpResponse:
    """The filtered list, every page of it, as CSV (money in two decimals); audited once."""
    user = request.user
    require_work(user)
    filters = _filter_form(request)
    values = filters.values()
    rows = opportunity_rows(user, parse_filters(values))
    services.opportunities_exported(
        actor=user,
        rows=rows.count(),
        filters={k: str(getattr(v, "pk", v))[:200] for k, v in values.items() if v not in (None, "")},
    )
    currency = settings.PROGRAM_CURRENCY
    lines = (
        [
            o.pk,
            o.pilot.name,
            o.name,
            o.company.name,
            o.value,
            currency,
            o.get_stage_display(),
            o.owner.full_name or o.owner.email,
            o.opened_on,
            o.closed_on,
            "" if o.cycle_days is None else o.cycle_days,
            getattr(o, "assisted", False),
        ]
        for o in rows.iterator(chunk_size=2000)
    )
    return csv_response(f"opportunities-{timezone.localdate().isoformat()}.csv", CSV_COLUMNS, lines)


def _board_context(request: AuthedRequest, query: QueryDict | None = None, **extra: Any) -> dict[str, Any]:
    """The board's columns for the filters in ``query`` (default: the page's query string), each
    card flagged ``can_move`` (bizdev.access.can_change_opportunity)."""
    user = request.user
    query = request.GET if query is None else query
    filters = OpportunityFilterForm(
        query or None, pilots=stage_pilots(user).order_by("name"), owners=owner_choices(user), board=True
    )
    columns = board(user, parse_filters(filters.values()), keep=extra.get("focus"))
    for column in columns:
        for card in column.cards:
            card.can_move = can_change_opportunity(user, card)  # type: ignore[attr-defined]
    encoded = query.urlencode()
    return {
        "filters": filters,
        "filtered": any(query.get(name) for name in OpportunityFilterForm.NAMES),
        "columns": columns,
        "stages": OpportunityStage.choices,
        "next_url": reverse("bizdev:opportunity_board") + (f"?{encoded}" if encoded else ""),
        "can_create": stage_pilots(user).exists(),
        **extra,
    }


@login_required
@require_safe
def opportunity_board(request: AuthedRequest) -> HttpResponse:
    require_work(request.user)
    context = _board_context(request)
    context["breadcrumbs"] = crumbs(("Opportunities", reverse("bizdev:opportunity_list")))
    return render(request, "bizdev/opportunities/board.html", context)


# --- a deal ----------------------------------------------------------------------------------


@login_required
@require_safe
def opportunity_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    require_work(user)
    try:
        opportunity = with_assisted(
            Opportunity.objects.filter(pk=get_opportunity(user, pk).pk).select_related("pilot", "company", "owner")
        ).get()
    except Opportunity.DoesNotExist as exc:  # deleted between the two reads
        raise Http404 from exc
    assists = assists_for_opportunity(opportunity)
    services.opportunity_viewed(actor=user, opportunity=opportunity, people=len({a.person_id for a in assists}))
    requests = list(
        HelpRequest.objects.filter(opportunity=opportunity).only(
            "id", "title", "status", "created_at", "opportunity_id"
        )
    )
    ask_url = reverse("bizdev:request_create")
    request_urls = {r.pk: reverse("bizdev:request_detail", args=[r.pk]) for r in requests}
    for r in requests:
        r.url = request_urls[r.pk]  # type: ignore[attr-defined]
    can_change = can_change_opportunity(user, opportunity)
    return render(
        request,
        "bizdev/opportunities/detail.html",
        {
            "opportunity": opportunity,
            "assists": assists,
            "help_requests": requests,
            "ask_url": f"{ask_url}?{urlencode({'opportunity': opportunity.pk})}" if ask_url else "",
            "log_url": f"{reverse('bizdev:assist_create')}?{urlencode({'opportunity': opportunity.pk})}",
            "can_change": can_change,
            "move_form": MoveForm(initial={"stage": opportunity.stage}),
            "is_open": opportunity.stage in OPEN_STAGES,
            "company_url": reverse("people:company_detail", args=[opportunity.company_id]),
            "breadcrumbs": _deal_crumbs(),
        },
    )


def _form(request: AuthedRequest, *, opportunity: Opportunity | None, initial: dict[str, Any]) -> OpportunityForm:
    pilots = stage_pilots(request.user).order_by("name")
    owner_pilots = pilots.filter(pk=opportunity.pilot_id) if opportunity else pilots
    return OpportunityForm(
        request.POST or None,
        pilots=pilots,
        owners=owner_candidates(owner_pilots),
        companies=Company.objects.order_by("name", "id").only("id", "name"),
        initial=initial,
        editing=opportunity is not None,
    )


def _form_page(request: AuthedRequest, form: OpportunityForm, *, opportunity: Opportunity | None) -> HttpResponse:
    title = f"Edit “{opportunity.name}”" if opportunity else "Record an opportunity"
    cancel = (
        reverse("bizdev:opportunity_detail", args=[opportunity.pk])
        if opportunity
        else reverse("bizdev:opportunity_list")
    )
    return render(
        request,
        "bizdev/opportunities/form.html",
        {
            "form": form,
            "title": title,
            "opportunity": opportunity,
            "cancel_url": cancel,
            "breadcrumbs": _deal_crumbs(opportunity),
        },
        status=form_status(form),
    )


def _save(request: AuthedRequest, form: OpportunityForm, save: Any) -> Any:
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(form.values())
    except DomainError as e:
        raise_if_forbidden(e)
        add_domain_error(form, e)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    require_work(user)
    pilots = list(stage_pilots(user).order_by("name")[:2])
    if not pilots:
        raise Http404
    initial: dict[str, Any] = {"stage": OpportunityStage.PROSPECTING, "opened_on": timezone.localdate()}
    if len(pilots) == 1:
        initial["pilot"] = pilots[0].pk
    elif (pilot_pk := as_pk(request.GET.get("pilot"))) is not None:
        initial["pilot"] = pilot_pk
    if (company_pk := as_pk(request.GET.get("company"))) is not None:
        initial["company"] = company_pk
    form = _form(request, opportunity=None, initial=initial)
    created = _save(request, form, lambda data: services.opportunity_create(actor=user, **data))
    if created is not None:
        messages.success(request, f"“{created.name}” recorded.")
        return redirect("bizdev:opportunity_detail", pk=created.pk)
    return _form_page(request, form, opportunity=None)


def _changeable(request: AuthedRequest, pk: int) -> Opportunity:
    require_work(request.user)
    opportunity = get_opportunity(request.user, pk)
    if not can_change_opportunity(request.user, opportunity):
        raise PermissionDenied(services.MSG_CHANGE)
    return opportunity


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    opportunity = _changeable(request, pk)
    form = _form(request, opportunity=opportunity, initial=OpportunityForm.initial_for(opportunity))
    changed = _save(
        request, form, lambda data: services.opportunity_update(actor=request.user, opportunity=opportunity, **data)
    )
    if changed is not None:
        messages.success(request, "Opportunity saved." if changed else "Nothing changed.")
        return redirect("bizdev:opportunity_detail", pk=opportunity.pk)
    return _form_page(request, form, opportunity=opportunity)


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    opportunity = _changeable(request, pk)
    detail = reverse("bizdev:opportunity_detail", args=[opportunity.pk])
    return delete_page(
        request,
        thing=opportunity,
        delete=lambda: services.opportunity_delete(actor=request.user, opportunity=opportunity),
        done=f"“{opportunity.name}” deleted; its help requests stay, unlinked.",
        list_url=reverse("bizdev:opportunity_list"),
        list_label="Opportunities",
        refused_url=detail,
        cancel_url=detail,
        kind="opportunity",
    )


@login_required
@require_POST
def opportunity_move(request: AuthedRequest, pk: int) -> HttpResponse:
    """Move a deal to another stage (the board's card or the deal's page). With htmx the board
    comes back with the card in its new column."""
    user = request.user
    require_work(user)
    opportunity = get_opportunity(user, pk)
    if not can_change_opportunity(user, opportunity):
        raise PermissionDenied(services.MSG_CHANGE)
    back = safe_next(request) or reverse("bizdev:opportunity_detail", args=[opportunity.pk])
    form = MoveForm(request.POST)
    error, done = "", ""
    if not form.is_valid():
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    else:
        try:
            row = services.opportunity_move(actor=user, opportunity=opportunity, **form.cleaned_data)
            done = f"“{row.name}” moved to “{row.get_stage_display()}”."
            if row.closed_on:
                done += f" Closed on {row.closed_on:%Y-%m-%d}: {row.cycle_days} days from opened."
        except DomainError as e:
            raise_if_forbidden(e)
            error = e.message
    board_url = reverse("bizdev:opportunity_board")
    if request.htmx and urlsplit(back).path == board_url:
        query = QueryDict(urlsplit(back).query)
        context = _board_context(request, query, done=done, error=error, focus=opportunity.pk)
        return render(request, "bizdev/opportunities/board_columns.html", context, status=400 if error else 200)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect(back)


urlpatterns: list[URLPattern] = [
    path("opportunities/", opportunity_list, name="opportunity_list"),
    path("opportunities.csv", opportunity_csv, name="opportunity_csv"),
    path("opportunities/board/", opportunity_board, name="opportunity_board"),
    path("opportunities/new/", opportunity_create, name="opportunity_create"),
    path("opportunities/<int:pk>/", opportunity_detail, name="opportunity_detail"),
    path("opportunities/<int:pk>/edit/", opportunity_edit, name="opportunity_edit"),
    path("opportunities/<int:pk>/delete/", opportunity_delete, name="opportunity_delete"),
    path("opportunities/<int:pk>/move/", opportunity_move, name="opportunity_move"),
]
