"""The home page ("dashboard"): numbers first for the people who decide, then the work queue.

- HR leads and managers (who read the program's figures, baselines included) get the KPI tiles
  of metrics.kpis first: the whole program for HR leads, their sponsors' pilots for managers.
  Then the work queue: policies to acknowledge, pilots, next playbook steps, recent wins.
- Contributors keep their work queue first and get the tiles of their own pilots below it: the
  figures the report already shows them, so they see what their logging adds up to; the figures
  that rest on a baseline carry the reason instead (metrics.access.can_see_baselines).

The tiles' period is ?period=month|quarter|year (default: this quarter) and, for who sees more
than one sponsor with pilots, ?sponsor=<id>; a value that cannot be used is ignored with a notice,
never an error page. Links the reader could not follow are plain text (a person's page needs the
people directory: people.access.can_use_directory).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.models import User
from accounts.web import AuthedRequest
from core.web import as_pk
from metrics.access import can_manage_costs, can_see_baselines, visible_rows
from metrics.kpis import DEFAULT_KIND, PERIOD_KINDS, home_board
from metrics.models import Win
from people.access import can_use_directory
from people.models import Person
from programs import selectors as program_selectors
from programs.access import visible_sponsors
from programs.models import SponsorOrganization

RECENT_WINS = 5
PERIOD_LABELS = {"month": "Month", "quarter": "Quarter", "year": "Year"}


@dataclass
class Choice:
    """The tiles' filters as read from the query string, with a notice for what was ignored."""

    kind: str = DEFAULT_KIND
    sponsor: SponsorOrganization | None = None
    sponsors: list[SponsorOrganization] = field(default_factory=list)  # offered when more than one
    notices: list[str] = field(default_factory=list)

    def query(self, **changes: str) -> str:
        params = {"period": self.kind}
        if self.sponsor is not None:
            params["sponsor"] = str(self.sponsor.pk)
        params.update(changes)
        return urlencode({k: v for k, v in params.items() if v})


def read_choice(params: QueryDict, user: User) -> Choice:
    choice = Choice()
    kind = params.get("period") or DEFAULT_KIND
    if kind in PERIOD_KINDS:
        choice.kind = kind
    else:
        choice.notices.append(f"There is no period “{kind[:20]}”: showing this quarter.")
    choice.sponsors = list(visible_sponsors(user).filter(pilots__isnull=False).distinct())
    raw = params.get("sponsor")
    if raw:
        pk = as_pk(raw)
        # One message for a sponsor that does not exist and one the user may not see.
        choice.sponsor = next((s for s in choice.sponsors if s.pk == pk), None)
        if choice.sponsor is None:
            choice.notices.append("That sponsor is not one whose figures you can see: showing all of yours.")
    if len(choice.sponsors) < 2:
        choice.sponsors = []
    return choice


def win_person(win: Win) -> Person | None:
    """The person a win is about: who was hired, introduced or helped."""
    if win.hire_id is not None:
        return win.hire.person  # type: ignore[union-attr]
    if win.introduction_id is not None:
        return win.introduction.on_behalf_of  # type: ignore[union-attr]
    if win.assist_id is not None:
        return win.assist.person  # type: ignore[union-attr]
    return None


def recent_wins(user: User) -> list[dict[str, Any]]:
    """The latest wins the user may see, each with the person it is about. One query."""
    wins = (
        visible_rows(user, Win)
        .select_related("hire__person", "introduction__on_behalf_of", "assist__person")
        .order_by("-date", "-id")[:RECENT_WINS]
    )
    return [{"win": win, "person": win_person(win)} for win in wins]


@require_safe
@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    user = request.user
    choice = read_choice(request.GET, user)
    board = home_board(
        user=user,
        kind=choice.kind,
        today=timezone.localdate(),
        sponsor_id=choice.sponsor.pk if choice.sponsor is not None else None,
    )
    context = program_selectors.dashboard_for_user(user)
    context.update(
        board=board,
        choice=choice,
        period_links=[
            {"label": PERIOD_LABELS[kind], "query": choice.query(period=kind), "current": kind == choice.kind}
            for kind in PERIOD_KINDS
        ],
        # HR leads and managers read figures for a living: numbers before the work queue.
        numbers_first=can_see_baselines(user),
        can_add_baselines=can_manage_costs(user),
        can_open_people=can_use_directory(user),
        recent_wins=recent_wins(user),
    )
    return render(request, "dashboard.html", context)
