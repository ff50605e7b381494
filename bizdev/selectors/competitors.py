"""Reads of the competitor lists: the companies marked competitor of the firm
(people.Company.relationship) and the prospect ↔ competitor pairs HR leads keep."""

from __future__ import annotations

from django.db.models import QuerySet

from people.models import Company

from ..models import ProspectCompetitor


def firm_competitors() -> QuerySet[Company]:
    return Company.objects.filter(relationship=Company.Relationship.COMPETITOR).order_by("name", "id")


def competitor_pairs() -> QuerySet[ProspectCompetitor]:
    return ProspectCompetitor.objects.select_related("prospect", "competitor", "created_by").order_by(
        "prospect__name", "competitor__name", "id"
    )
