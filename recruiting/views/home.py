"""Recruiting pages: the Stage 1 page and "My recruiting".

- ``index``, the Stage 1 page: its numbers first (openings by status, candidates per step, leads
  this month per profile, thanks owed, hires and travel avoided this quarter), then the openings
  and quick links. Everyone who sees a Stage 1 pilot's figures reads it (``figure_pilots``:
  managers their sponsors' pilots, as counts only); names and links to pages that name people are
  for who works in the pilot (``can_work``, ``work_pilots``), the thank-you to-do list for HR leads.
- ``mine``, "My recruiting": a contributor's (or HR lead's) referrals and what became of them, their
  feedback, their shared posts, and the openings asking for suggestions. A 404 for who cannot work
  in any pilot (managers, contributors of no pilot), as every page naming candidates.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.web import AuthedRequest
from core.web import paginate
from programs.models import Pilot

from ..access import can_manage, can_work, figure_pilots, require_work, work_pilots
from ..models import JobOpening
from ..selectors import stage
from .common import crumbs

MY_PAGE_SIZE = 10


def stage_pilots(pilots: QuerySet[Pilot]) -> QuerySet[Pilot]:
    """Of ``pilots``, those recruiting: in Stage 1, or with openings (kept after moving on)."""
    has_openings = Exists(JobOpening.objects.filter(pilot=OuterRef("pk")))
    return pilots.filter(Q(stage=1) | Q(has_openings)).order_by("name")


class PilotFilterForm(forms.Form):
    pilot = forms.ModelChoiceField(queryset=Pilot.objects.none(), required=False, empty_label="All pilots")

    def __init__(self, *args: Any, pilots: QuerySet[Pilot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]


@login_required
@require_safe
def index(request: AuthedRequest) -> HttpResponse:
    user = request.user
    pilots = stage_pilots(figure_pilots(user))
    has_pilots = pilots.exists()
    filters = PilotFilterForm(request.GET or None, pilots=pilots)
    chosen = filters.cleaned_data["pilot"] if filters.is_valid() else None
    if chosen is not None:
        pilots = pilots.filter(pk=chosen.pk)
    names = can_work(user)
    named = work_pilots(user).filter(pk__in=pilots.values("pk")) if names else Pilot.objects.none()
    openings_page, query_string = paginate(request, stage.openings_table(pilots))
    manage = can_manage(user)
    return render(
        request,
        "recruiting/index.html",
        {
            "filters": filters,
            "filtered": chosen is not None,
            "counts": stage.stage_counts(pilots, today=timezone.localdate()),
            "page_obj": openings_page,
            "openings": openings_page.object_list,
            "query_string": query_string,
            "can_name": names,
            "currency": settings.PROGRAM_CURRENCY,
            "can_manage": manage,
            "referrals_todo": stage.referrals_to_thank(named) if manage else [],
            "feedback_todo": stage.feedback_to_thank(named) if manage else [],
            "has_pilots": has_pilots,
            "breadcrumbs": [],
        },
    )


@dataclass(frozen=True)
class Section:
    """One list of "My recruiting" with its own page (``?<name>=2``), so the lists page on their own."""

    name: str
    page: Page[Any]
    previous_query: str
    next_query: str


def _section(request: AuthedRequest, qs: QuerySet[Any], name: str) -> Section:
    page = Paginator(qs, MY_PAGE_SIZE).get_page(request.GET.get(name))

    def query(number: int) -> str:
        params = request.GET.copy()
        params[name] = str(number)
        return params.urlencode()

    return Section(
        name=name,
        page=page,
        previous_query=query(page.previous_page_number()) if page.has_previous() else "",
        next_query=query(page.next_page_number()) if page.has_next() else "",
    )


@login_required
@require_safe
def mine(request: AuthedRequest) -> HttpResponse:
    user = request.user
    require_work(user)
    pilots = work_pilots(user)
    return render(
        request,
        "recruiting/mine.html",
        {
            "referrals": _section(request, stage.my_referrals(user, pilots), "referrals"),
            "feedback": _section(request, stage.my_feedback(user, pilots), "feedback"),
            "posts": _section(request, stage.my_posts(user, pilots), "posts"),
            "asking": _section(request, stage.openings_asking(pilots), "asking"),
            "breadcrumbs": crumbs(),
        },
    )


urlpatterns: list[URLPattern] = [
    path("", index, name="index"),
    path("mine/", mine, name="mine"),
]
