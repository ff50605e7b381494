"""Who may see and change which ledger rows, costs, baselines and reports.

- The ledger, costs, wins and the ROI report of a pilot are visible to whoever may see the pilot
  (programs.access.visible_pilots): HR leads all, managers their sponsors' pilots, contributors
  their own pilots.
- Contributors log introductions, assists and hires for the pilots they belong to and correct
  only what they logged; HR leads log and correct everything (metrics.services enforces it).
- Program costs, baselines and the assist scale are changed by HR leads only.
- Baselines (a sponsor's legacy cost per hire, time to hire, sales cycle, point value) and every
  figure read straight from them are seen by HR leads and by the managers of that sponsor, never
  by contributors: ``can_see_baselines`` is the one rule, for pages, API, CSV, charts and the report.
Anything else is a 404, so other pilots' rows are not revealed.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

from accounts.models import Role, User
from programs.access import can_work_in, visible_pilots, visible_sponsors
from programs.models import Membership, Pilot, SponsorOrganization

from .models import Assist, Hire, Introduction, LegacyCostBaseline, ProgramCost, Win

M = TypeVar("M", bound=Model)

RELATED = {
    Introduction: ("pilot", "pilot__sponsor", "made_by", "on_behalf_of", "to_person", "to_company", "confirmed_by"),
    Assist: ("pilot", "pilot__sponsor", "employee", "person", "assist_type"),
    Hire: ("pilot", "pilot__sponsor", "sponsor", "person"),
    ProgramCost: ("pilot", "pilot__sponsor"),
    Win: ("pilot", "pilot__sponsor"),
}


def report_pilots(user: User) -> QuerySet[Pilot]:
    """The pilots whose figures the user may read."""
    return visible_pilots(user)


def visible_rows(user: User, model: type[M]) -> QuerySet[M]:
    """Ledger rows (or costs, wins) of the pilots the user may see, with their relations loaded."""
    related = RELATED.get(model)
    if related is None:
        # A bare select_related() would join every non-null foreign key: name them instead.
        raise TypeError(f"{model.__name__} is not a metrics row with a pilot")
    qs = model._default_manager.select_related(*related)
    return qs.filter(pilot__in=visible_pilots(user).values("pk"))


def get_row_for_user(user: User, model: type[M], pk: int) -> M:
    try:
        return visible_rows(user, model).get(pk=pk)
    except model.DoesNotExist as exc:  # type: ignore[attr-defined]
        raise Http404 from exc


def can_edit_row(user: User, row: Introduction | Assist | Hire) -> bool:
    """May ``user`` correct or delete this ledger row? HR leads always; a contributor only what
    they logged, in a pilot they still work in. The services enforce the same rule."""
    if user.is_hr_lead:
        return True
    return bool(user.is_contributor and row.created_by_id == user.pk and can_work_in(user, row.pilot))


def can_confirm_introduction(user: User, row: Introduction) -> bool:
    """May ``user`` confirm an introduction as meaningful? HR leads and the pilot's champions."""
    if user.is_hr_lead:
        return True
    return bool(
        user.is_contributor
        and Membership.objects.filter(pilot=row.pilot_id, user=user, role=Membership.Role.CHAMPION).exists()
    )


def can_manage_costs(user: User) -> bool:
    """May ``user`` write program costs, baselines and the assist scale? HR leads only (the
    services enforce the same rule)."""
    return bool(user.is_authenticated and user.is_active and user.role == Role.HR_LEAD)


def baseline_sponsors(user: User) -> QuerySet[SponsorOrganization]:
    """The sponsors whose baselines ``user`` may see: every sponsor for HR leads, the sponsors they
    manage for managers, none for contributors (even of their own pilots' sponsors)."""
    if getattr(user, "role", None) not in (Role.HR_LEAD, Role.MANAGER):
        return SponsorOrganization.objects.none()
    return visible_sponsors(user)


def can_see_baselines(user: User, sponsor: SponsorOrganization | int | None = None) -> bool:
    """THE baseline rule. ``sponsor=None``: may ``user`` see baselines at all (HR leads, managers);
    with a sponsor (or its id): may they see that sponsor's baselines and the figures read from
    them (legacy cost per hire, savings against it, value of a point)."""
    if not (user.is_authenticated and user.is_active) or user.role not in (Role.HR_LEAD, Role.MANAGER):
        return False
    if sponsor is None or user.role == Role.HR_LEAD:
        return True
    sponsor_id = sponsor if isinstance(sponsor, int) else sponsor.pk
    return baseline_sponsors(user).filter(pk=sponsor_id).exists()


def visible_baselines(user: User) -> QuerySet[LegacyCostBaseline]:
    """The baselines ``user`` may see (``can_see_baselines``), sponsor loaded."""
    qs = LegacyCostBaseline.objects.select_related("sponsor")
    if not (user.is_authenticated and user.is_active):
        return qs.none()
    if user.role == Role.HR_LEAD:
        return qs
    return qs.filter(sponsor__in=baseline_sponsors(user).values("pk"))


def get_baseline_for_user(user: User, pk: int) -> LegacyCostBaseline:
    try:
        return visible_baselines(user).get(pk=pk)
    except LegacyCostBaseline.DoesNotExist as exc:
        raise Http404 from exc
