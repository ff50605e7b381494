"""Who may see and change what in Stage 2: each rule written once, used by the pages, the API,
the CSV downloads and the services alike.

- HR leads run Stage 2: they import alumni, define and rank segments, merge doubtful matches,
  send surveys, and see every pilot's alumni.
- Contributors see the alumni of their pilots (``work_pilots``) and what they logged there: they
  log introductions and events, share openings, record recommendations, coach and are coached.
  They see an alumnus's contact details because they act on them.
- Managers see counts and figures for the sponsors they manage (the Stage 2 page's counts, the
  density table, survey results, the ROI report), never an alumnus's name or contact details.
Anything a user may not see is a 404.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from programs.access import visible_pilots, workable_pilots
from programs.models import Pilot, Stage

from .models import AlumniSegment, Alumnus


def can_manage(user: User) -> bool:
    """May import alumni, define and rank segments, resolve merges and send surveys: HR leads."""
    return bool(user.is_authenticated and user.is_active and user.is_hr_lead)


def work_pilots(user: User) -> QuerySet[Pilot]:
    """Pilots whose alumni and Stage 2 records the user may see and act on: every pilot for HR
    leads, a contributor's own pilots, none for managers. (Any stage: a Stage 3 pilot works with
    alumni too; Stage 2 pages offer ``stage_pilots`` in their choices.)"""
    return workable_pilots(user)


def stage_pilots(user: User) -> QuerySet[Pilot]:
    """The Stage 2 pilots the user works in: what the forms offer."""
    return work_pilots(user).filter(stage=Stage.ALUMNI)


def can_work(user: User) -> bool:
    """May use the Stage 2 pages that name alumni: HR leads and contributors in at least one pilot."""
    if not (user.is_authenticated and user.is_active):
        return False
    return bool(user.is_hr_lead or (user.is_contributor and work_pilots(user).exists()))


def require_work(user: User) -> None:
    """Pages that name alumni exist only for ``can_work``: a 404 for anyone else, managers included."""
    if not can_work(user):
        raise Http404


def figure_pilots(user: User) -> QuerySet[Pilot]:
    """Pilots whose Stage 2 counts and figures the user may read (no personal data): HR leads all,
    contributors theirs, managers their sponsors'."""
    return visible_pilots(user)


def can_read_figures(user: User) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return bool(user.is_hr_lead or figure_pilots(user).exists())


def visible_alumni(user: User) -> QuerySet[Alumnus]:
    return Alumnus.objects.filter(pilot__in=work_pilots(user)).select_related(
        "person", "person__company", "pilot", "segment"
    )


def get_alumnus(user: User, pk: int) -> Alumnus:
    try:
        return visible_alumni(user).get(pk=pk)
    except Alumnus.DoesNotExist as exc:
        raise Http404 from exc


def visible_segments(user: User) -> QuerySet[AlumniSegment]:
    return AlumniSegment.objects.filter(pilot__in=work_pilots(user)).select_related("pilot")


def get_segment(user: User, pk: int) -> AlumniSegment:
    try:
        return visible_segments(user).get(pk=pk)
    except AlumniSegment.DoesNotExist as exc:
        raise Http404 from exc
