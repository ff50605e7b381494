"""Who may see and change what in Stage 3: each rule written once, used by the pages, the API,
the CSV downloads and the services alike.

- HR leads run Stage 3: they see every pilot's opportunities and requests, keep the guardrail's
  list of sensitive terms, the list of prospects' competitors and the assist value scale.
- Contributors work in their pilots (``work_pilots``): they own opportunities, ask alumni for help,
  enter alumni's asks, answer them, log assists and reference conversations. They see the alumni
  their requests involve because they act on them.
- Managers see figures for the sponsors they manage (velocity, give/get balances by team, the ROI
  report), never an alumnus's name, a request's text or a deal's details.
Anything a user may not see is a 404.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from alumni.models import AlumniSegment, Alumnus
from programs.access import visible_pilots, workable_pilots
from programs.models import Pilot, Stage

from .models import HelpRequest, Opportunity, ReferenceConversation


def can_manage(user: User) -> bool:
    """May keep the guardrail terms and the competitor list: HR leads."""
    return bool(user.is_authenticated and user.is_active and user.is_hr_lead)


def work_pilots(user: User) -> QuerySet[Pilot]:
    """Pilots whose Stage 3 records the user may see and act on: every pilot for HR leads, a
    contributor's own pilots, none for managers."""
    return workable_pilots(user)


def stage_pilots(user: User) -> QuerySet[Pilot]:
    """The Stage 3 pilots the user works in: what the forms offer."""
    return work_pilots(user).filter(stage=Stage.BIZDEV)


def can_work(user: User) -> bool:
    """May use the Stage 3 pages that name deals, requests and alumni: HR leads and contributors
    in at least one pilot."""
    if not (user.is_authenticated and user.is_active):
        return False
    return bool(user.is_hr_lead or (user.is_contributor and work_pilots(user).exists()))


def require_work(user: User) -> None:
    """Pages that name deals, requests or alumni exist only for ``can_work``: a 404 for anyone
    else, managers included."""
    if not can_work(user):
        raise Http404


def figure_pilots(user: User) -> QuerySet[Pilot]:
    """Pilots whose Stage 3 figures the user may read (no personal data): HR leads all,
    contributors theirs, managers their sponsors'."""
    return visible_pilots(user)


def can_read_figures(user: User) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return bool(user.is_hr_lead or figure_pilots(user).exists())


def pilot_alumni(pilot: Pilot) -> QuerySet[Alumnus]:
    """The alumni a Stage 3 pilot works with: its sponsor's (the directory a sponsor's Stage 2 pilot
    holds, and any alumni filed under the Stage 3 pilot itself). Stage 3 builds on Stage 2's
    network; it does not keep a directory of its own."""
    return Alumnus.objects.filter(pilot__sponsor_id=pilot.sponsor_id)


def pilot_segments(pilot: Pilot) -> QuerySet[AlumniSegment]:
    """The alumni segments a Stage 3 pilot may address: its sponsor's."""
    return AlumniSegment.objects.filter(pilot__sponsor_id=pilot.sponsor_id)


def reachable_alumni(user: User) -> QuerySet[Alumnus]:
    """The alumni a user may name in Stage 3: HR leads all; a contributor the alumni of the sponsors
    of the pilots they work in (a Stage 3 contributor acts on the sponsor's alumni they ask for
    help and answer). Managers none."""
    qs = Alumnus.objects.select_related("person", "person__company", "pilot", "segment")
    if user.is_authenticated and user.is_active and user.is_hr_lead:
        return qs
    return qs.filter(pilot__sponsor_id__in=work_pilots(user).values("sponsor_id"))


def reachable_segments(user: User) -> QuerySet[AlumniSegment]:
    """The segments a user may address in Stage 3 (as ``reachable_alumni``)."""
    qs = AlumniSegment.objects.select_related("pilot")
    if user.is_authenticated and user.is_active and user.is_hr_lead:
        return qs
    return qs.filter(pilot__sponsor_id__in=work_pilots(user).values("sponsor_id"))


def visible_opportunities(user: User) -> QuerySet[Opportunity]:
    return Opportunity.objects.filter(pilot__in=work_pilots(user)).select_related("pilot", "company", "owner")


def get_opportunity(user: User, pk: int) -> Opportunity:
    try:
        return visible_opportunities(user).get(pk=pk)
    except Opportunity.DoesNotExist as exc:
        raise Http404 from exc


def can_change_opportunity(user: User, opportunity: Opportunity) -> bool:
    """The owner and HR leads change a deal; other contributors of the pilot read it."""
    return bool(user.is_hr_lead or opportunity.owner_id == user.pk)


def visible_requests(user: User) -> QuerySet[HelpRequest]:
    return HelpRequest.objects.filter(pilot__in=work_pilots(user)).select_related(
        "pilot", "segment", "venue", "alumnus", "alumnus__person", "opportunity", "asked_by"
    )


def get_request(user: User, pk: int) -> HelpRequest:
    try:
        return visible_requests(user).get(pk=pk)
    except HelpRequest.DoesNotExist as exc:
        raise Http404 from exc


def visible_references(user: User) -> QuerySet[ReferenceConversation]:
    return ReferenceConversation.objects.filter(pilot__in=work_pilots(user)).select_related("pilot", "created_by")


def get_reference(user: User, pk: int) -> ReferenceConversation:
    try:
        return visible_references(user).get(pk=pk)
    except ReferenceConversation.DoesNotExist as exc:
        raise Http404 from exc
