"""Outplacement reads: who may see which case, the counts by status, and the alumni at a case's
target companies ("by actively helping them to find opportunities, you are sending a powerful
message that you care about them").

Who may see a case (one rule, used by the pages and the API alike): an employee whose job is
eliminated is sensitive, so HR leads see every case, a contributor only the cases they own in a
pilot they still work in, and anyone else none (managers included: a 404, never a name).
"""

from __future__ import annotations

from django.db.models import Case, Count, F, IntegerField, QuerySet, Value, When
from django.http import Http404

from accounts.models import User
from metrics.access import visible_rows
from metrics.models import Introduction

from ..access import can_manage, visible_alumni, work_pilots
from ..models import Alumnus, Goodwill, OutplacementCase, OutplacementStatus

# Warmest first. "Not known yet" comes after neutral: someone we know nothing about is a better
# first call than someone we know to be cold.
GOODWILL_ORDER: tuple[str, ...] = (
    Goodwill.LOVES,
    Goodwill.POSITIVE,
    Goodwill.NEUTRAL,
    Goodwill.UNKNOWN,
    Goodwill.NEGATIVE,
    Goodwill.HOSTILE,
)
CLOSED_STATUSES = (OutplacementStatus.PLACED, OutplacementStatus.STAYED, OutplacementStatus.CLOSED)


def visible_cases(user: User) -> QuerySet[OutplacementCase]:
    """The outplacement cases ``user`` may open: HR leads all; a contributor those they own in a
    pilot they work in (``work_pilots``); nobody else any."""
    qs = OutplacementCase.objects.select_related("person", "person__company", "pilot", "owner")
    if not (user.is_authenticated and user.is_active):
        return qs.none()
    if can_manage(user):
        return qs
    if not user.is_contributor:
        return qs.none()
    return qs.filter(owner=user, pilot__in=work_pilots(user).values("pk"))


def can_see_outplacement(user: User) -> bool:
    """May open the outplacement list: HR leads, and contributors who own a case in their pilots.
    Managers and other contributors get a 404 (the list would only ever be empty for them, and
    its existence says that someone's job is being eliminated)."""
    return can_manage(user) or visible_cases(user).exists()


def get_case(user: User, pk: int) -> OutplacementCase:
    try:
        return visible_cases(user).get(pk=pk)
    except OutplacementCase.DoesNotExist as exc:
        raise Http404 from exc


def can_edit_case(user: User, case: OutplacementCase) -> bool:
    """May change the case's details, close or reopen it: HR leads, and its owner (who sees it)."""
    return can_manage(user) or bool(case.owner_id is not None and case.owner_id == user.pk)


def status_counts(cases: QuerySet[OutplacementCase]) -> list[tuple[str, str, int]]:
    """(status, label, count) for every status, in the order of the choices: one query."""
    found = dict(cases.order_by().values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return [(value, str(label), int(found.get(value, 0))) for value, label in OutplacementStatus.choices]


def _goodwill_rank() -> Case:
    return Case(
        *[When(goodwill=level, then=Value(i)) for i, level in enumerate(GOODWILL_ORDER)],
        default=Value(len(GOODWILL_ORDER)),
        output_field=IntegerField(),
    )


def alumni_at_targets(user: User, case: OutplacementCase) -> QuerySet[Alumnus]:
    """The alumni ``user`` may see (their pilots' alumni; HR leads all) who now work at one of the
    case's target companies (their Person's company), the employee themself and erased people
    left out; warmest goodwill first, then the best-ranked segment (none last), then by name.
    One query."""
    targets = case.target_companies.through.objects.filter(outplacementcase_id=case.pk).values("company_id")
    return (
        visible_alumni(user)
        .filter(person__company__in=targets, person__erased_at__isnull=True)
        .exclude(person_id=case.person_id)
        .annotate(goodwill_rank=_goodwill_rank())
        .order_by(
            "goodwill_rank",
            F("segment__rank").asc(nulls_last=True),
            "person__last_name",
            "person__first_name",
            "id",
        )
    )


def case_introductions(user: User, case: OutplacementCase) -> QuerySet[Introduction]:
    """The ledger's introductions made on behalf of the case's employee that ``user`` may see."""
    return visible_rows(user, Introduction).filter(on_behalf_of_id=case.person_id).order_by("-date", "-id")
