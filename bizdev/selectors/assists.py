"""Reads of the ledger's assists linked to Stage 3 deals and requests.

An assist is linked through the ledger's reference fields: ``reference_kind`` "opportunity" with
the deal's id, or "help_request" with the request's id. A deal is touched by its own assists and
by those of the help requests linked to it (``HelpRequest.opportunity``). A deal is **assisted**
when at least one *received* assist touches it; its assist types are those assists' types.
"""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.db.models.fields import BooleanField
from django.db.models.functions import Cast

from accounts.models import User
from metrics.models import Assist, AssistDirection
from programs.models import Stage

from ..access import work_pilots
from ..models import REF_OPPORTUNITY, REF_REQUEST, HelpRequest, Opportunity

LINKED_KINDS = (REF_OPPORTUNITY, REF_REQUEST)


def _request_ids(opportunity: Opportunity | OuterRef) -> QuerySet[Any]:
    """The ids, as text (the ledger's reference_id), of the help requests linked to a deal."""
    return (
        HelpRequest.objects.filter(opportunity=opportunity)
        .annotate(ref=Cast("pk", output_field=CharField()))
        .values("ref")
    )


def touching_q(opportunity: Opportunity) -> Q:
    """Assists touching ``opportunity``: its own and its help requests'."""
    return Q(reference_kind=REF_OPPORTUNITY, reference_id=str(opportunity.pk)) | Q(
        reference_kind=REF_REQUEST, reference_id__in=_request_ids(opportunity)
    )


def assists_for_opportunity(opportunity: Opportunity) -> list[Assist]:
    """Every assist touching the deal (given and received; directly and through its help
    requests), latest first, with type, person and employee loaded: one query."""
    return list(
        Assist.objects.filter(touching_q(opportunity))
        .select_related("assist_type", "person", "employee")
        .order_by("-date", "-id")
    )


def count_assists_for_opportunity(opportunity: Opportunity) -> int:
    return Assist.objects.filter(touching_q(opportunity)).count()


def assists_for_request(request: HelpRequest) -> list[Assist]:
    """The assists logged on a help request, latest first, with type, person and employee loaded."""
    return list(
        Assist.objects.filter(reference_kind=REF_REQUEST, reference_id=str(request.pk))
        .select_related("assist_type", "person", "employee")
        .order_by("-date", "-id")
    )


def assisted_expression() -> ExpressionWrapper:
    """An annotation for Opportunity querysets: True when a *received* assist touches the deal
    (directly, or through one of its help requests). Use as ``qs.annotate(assisted=...)``."""
    ref = Cast(OuterRef("pk"), output_field=CharField())
    direct = Assist.objects.filter(direction=AssistDirection.RECEIVED, reference_kind=REF_OPPORTUNITY, reference_id=ref)
    via_requests = Assist.objects.filter(
        direction=AssistDirection.RECEIVED,
        reference_kind=REF_REQUEST,
        reference_id__in=_request_ids(OuterRef(OuterRef("pk"))),
    )
    return ExpressionWrapper(Q(Exists(direct)) | Q(Exists(via_requests)), output_field=BooleanField())


def with_assisted(qs: QuerySet[Opportunity]) -> QuerySet[Opportunity]:
    """``qs`` with ``assisted`` (bool) on each deal, in the same query."""
    return qs.annotate(assisted=assisted_expression())


def visible_linked_assists(user: User) -> QuerySet[Assist]:
    """The Stage 3 assists linked to a deal or request, of the pilots the user works in, latest
    first, with what a list shows loaded."""
    return (
        Assist.objects.filter(stage=Stage.BIZDEV, reference_kind__in=LINKED_KINDS, pilot__in=work_pilots(user))
        .select_related("assist_type", "person", "employee", "pilot")
        .order_by("-date", "-id")
    )


def reference_ids(assist: Assist) -> tuple[int | None, int | None]:
    """(opportunity id, request id) an assist is linked to; None for the other (and for a
    reference id that is not a number)."""
    text = assist.reference_id
    pk = int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None
    if assist.reference_kind == REF_OPPORTUNITY:
        return pk, None
    if assist.reference_kind == REF_REQUEST:
        return None, pk
    return None, None
