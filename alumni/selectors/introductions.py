"""Introductions made on behalf of alumni (Stage 2's most important number), read from the ledger:
which rows a user may see, their confirmation status, the counts per pilot, contributor and
segment, and who may ask an alumnus to confirm.

Where "confirmation requested" lives: metrics' Introduction has no field for it (the ledger is
not Stage 2's to change), so each request is an audit event (``ASK_VERB``, target the
introduction) and the last one is read back with a subquery; the alumnus's "Not really" answer is
an audit event too (``NOT_USEFUL_VERB``). The e-mail each request sends is claimed once per
(introduction, request event) with core.jobs.claim_once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast

from accounts.models import AuditEvent, User
from metrics.models import Introduction
from programs.models import Membership, Stage

from ..access import visible_alumni, work_pilots

ASK_VERB = "alumni_introduction.confirmation_asked"
NOT_USEFUL_VERB = "alumni_introduction.not_useful"
ASK_AGAIN_AFTER = dt.timedelta(days=7)
INTRO_TARGET = "metrics.introduction"

# The confirmation statuses the list filters on and the API reports.
MEANINGFUL = "meaningful"
NOT_USEFUL = "not_useful"
ASKED = "asked"
UNCONFIRMED = "unconfirmed"
STATUS_CHOICES = [
    (MEANINGFUL, "Meaningful"),
    (NOT_USEFUL, "Not useful to them"),
    (ASKED, "Confirmation requested"),
    (UNCONFIRMED, "Not confirmed"),
]


def _events(verb: str) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        verb=verb, target_type=INTRO_TARGET, target_id=Cast(OuterRef("pk"), output_field=CharField())
    )


def alumni_introductions(user: User) -> QuerySet[Introduction]:
    """Stage 2 introductions on behalf of an alumnus the user may see (alumni.access.visible_alumni),
    logged in a pilot the user works in, newest first, with what the list shows joined and the
    last confirmation request (``asked_at``) and whether the alumnus said "Not really"
    (``not_useful``) annotated."""
    persons = visible_alumni(user).values("person_id")
    return (
        Introduction.objects.filter(stage=Stage.ALUMNI, pilot__in=work_pilots(user), on_behalf_of__in=persons)
        .select_related(
            "on_behalf_of__alumnus__segment", "to_person", "to_company", "pilot", "made_by", "networking_event_link"
        )
        .annotate(
            asked_at=Subquery(_events(ASK_VERB).order_by("-created_at", "-id").values("created_at")[:1]),
            not_useful=Exists(_events(NOT_USEFUL_VERB)),
        )
        .order_by("-date", "-id")
    )


def get_alumni_introduction(user: User, pk: int) -> Introduction | None:
    return alumni_introductions(user).filter(pk=pk).first()


def filter_by_status(qs: QuerySet[Introduction], status: str) -> QuerySet[Introduction]:
    """``qs`` (from alumni_introductions, whose annotations these read) narrowed to one status."""
    if status == MEANINGFUL:
        return qs.filter(meaningful=True)
    if status == NOT_USEFUL:
        return qs.filter(Q(meaningful=False), Q(not_useful=True))
    if status == ASKED:
        return qs.filter(Q(meaningful=False), Q(not_useful=False), Q(asked_at__isnull=False))
    if status == UNCONFIRMED:
        return qs.filter(Q(meaningful=False), Q(not_useful=False), Q(asked_at__isnull=True))
    return qs


def status_of(intro: Any) -> str:
    """One of the STATUS_CHOICES keys for a row of ``alumni_introductions``."""
    if intro.meaningful:
        return MEANINGFUL
    if getattr(intro, "not_useful", False):
        return NOT_USEFUL
    if getattr(intro, "asked_at", None) is not None:
        return ASKED
    return UNCONFIRMED


@dataclass(frozen=True)
class CountRow:
    label: str
    total: int
    meaningful: int

    @property
    def not_meaningful(self) -> int:
        return self.total - self.meaningful


def _counts(qs: QuerySet[Introduction], key: str, labels: tuple[str, ...], none_label: str) -> list[CountRow]:
    rows = (
        qs.order_by()
        .values(key, *labels)
        .annotate(total=Count("id"), meaningful_n=Count("id", filter=Q(meaningful=True)))
        .order_by("-total", *labels)
    )
    out = []
    for r in rows:
        label = next((str(r[name]) for name in labels if r[name]), none_label)
        out.append(CountRow(label, r["total"], r["meaningful_n"]))
    return out


def introduction_counts(qs: QuerySet[Introduction]) -> dict[str, list[CountRow]]:
    """Meaningful vs not per pilot, per contributor and per segment (three GROUP BY queries)."""
    base = qs.order_by().values("pk")
    plain = Introduction.objects.filter(pk__in=base)
    return {
        "pilot": _counts(plain, "pilot_id", ("pilot__name",), "—"),
        "contributor": _counts(plain, "made_by_id", ("made_by__full_name", "made_by__email"), "—"),
        "segment": _counts(
            plain, "on_behalf_of__alumnus__segment_id", ("on_behalf_of__alumnus__segment__name",), "No segment"
        ),
    }


def champion_pilot_ids(user: User) -> set[int]:
    return set(Membership.objects.filter(user=user, role=Membership.Role.CHAMPION).values_list("pilot_id", flat=True))


def may_ask(user: User, intro: Introduction, champion_pilots: set[int]) -> bool:
    """Who may ask an alumnus to confirm: whoever made the introduction, HR leads, the pilot's champions."""
    return bool(user.is_hr_lead or intro.made_by_id == user.pk or intro.pilot_id in champion_pilots)
